"""Migrations and the schema are self-contained: a migration imports nothing from congvu, so a
revision keeps producing the schema it produced when it was written, whatever the live code
becomes; the tables import nothing but each other."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from importlib import resources
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType

from congvu.register import audit_chain

VERSIONS = Path(str(resources.files("congvu.register") / "migrations" / "versions"))


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            names.update(str(a.value) for a in node.args[:1] if isinstance(a, ast.Constant))
    return names


def _load(name: str) -> ModuleType:
    spec = spec_from_file_location(f"migration_{name}", VERSIONS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scan_sees_every_kind_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "0099_sample.py"
    sample.write_text(
        "import congvu.web\nfrom congvu.register import schema\nfrom . import x\n"
        "def f():\n    import congvu.notify.outbox\n    __import__('congvu.mailflow')\n",
        encoding="utf-8",
    )
    assert _imported_modules(sample) == {
        "congvu.web", "congvu.register", ".", "congvu.notify.outbox", "congvu.mailflow",
    }  # fmt: skip


def test_no_migration_imports_live_project_code() -> None:
    files = sorted(p for p in VERSIONS.glob("[0-9]*.py"))
    assert len(files) >= 10
    offenders = {
        p.name: sorted(m for m in _imported_modules(p) if m.split(".")[0] == "congvu" or m.startswith("."))
        for p in files
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_audit_chain_copied_into_0008_hashes_as_the_live_one_does() -> None:
    migration = _load("0008_audit_chain")
    assert migration.GENESIS == audit_chain.GENESIS

    def rows() -> list[dict[str, object]]:
        return [
            {
                "at": datetime(2026, 11, 3, 2, 15, 7, 120000, tzinfo=UTC),
                "who": "Lê Quốc Khánh",
                "action": "violation.confirm",
                "entity": "violation",
                "entity_id": "17",
                "before": {"status": "pending"},
                "after": {"status": "confirmed", "lý do": ("đã xác minh", 1)},
                "reason": "Thư công vụ gửi từ hộp thư công cộng nguyenvanan85@gmail.com",
            },
            {
                "at": datetime(2026, 11, 3, 9, 0, 0),
                "who": "Trần Thị Bích",
                "action": "evaluation.propose",
                "entity": "evaluation",
                "entity_id": "HM-09:2026-11",
                "before": None,
                "after": {"proposed": "Hoàn thành tốt nhiệm vụ"},
                "reason": None,
            },
        ]

    copied = migration.chain(rows(), 0, migration.GENESIS)
    live = audit_chain.chain(rows(), 0, audit_chain.GENESIS)
    assert [r["hash"] for r in copied] == [r["hash"] for r in live]
    assert [r["seq"] for r in copied] == [1, 2]


def test_the_schema_package_imports_only_itself_and_sqlalchemy() -> None:
    package = Path(str(resources.files("congvu.register") / "schema"))
    modules = {m for p in package.glob("*.py") for m in _imported_modules(p)}
    assert {m for m in modules if m.startswith("congvu")} <= {
        f"congvu.register.schema.{p.stem}" for p in package.glob("*.py")
    }
    assert "congvu.register.schema.base" in modules  # the scan did see the package's own imports
