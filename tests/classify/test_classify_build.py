"""tools/build_public_domains.py: the curation rules, and that the committed list is its output."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "src" / "congvu" / "classify" / "data" / "public_domains.tsv"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_public_domains", REPO / "tools" / "build_public_domains.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_curation_rules(build: ModuleType) -> None:
    free = {
        "sa": {"hopthu-a.com", "facebook.com", "*.onmicrosoft.com", "mail2thu.com"},
        "sa-mailcom": set(),
        "rspamd": {"hopthu-a.com", "facebook.com", "nus.edu.sg", "chimotnguon.com", "kinhdoanh.vn"},
        "freemail": {"chimotnguon.com", "nus.edu.sg", "kinhdoanh.vn"},
        "kikobeats": {"facebook.com", "nus.edu.sg", "hotmail.fr", "kinhdoanh.vn", "thptlienchieu.edu.vn"},
    }
    disposable = {
        "rspamd-disp": {"rac-mot-lan.com", "mot-danh-sach.com", "thptlienchieu.edu.vn"},
        "freemail-disp": {"rac-mot-lan.com", "thptlienchieu.edu.vn"},
        "ded": set(),
    }
    rows, exceptions = build.curate(free, disposable)
    assert rows["hopthu-a.com"] == ("hopthu-a.com", "rspamd,sa")  # two independent votes
    assert "chimotnguon.com" not in rows  # rspamd + freemail are one lineage: one vote
    assert rows["hotmail.fr"][0].startswith("Microsoft")  # family, even with a single vote
    assert rows["rac-mot-lan.com"][0] == "Disposable mailbox"
    assert "mot-danh-sach.com" not in rows  # one disposable list is not enough
    assert rows["mail2*.com"][0] == "Mail.com"  # SpamAssassin wildcard kept
    assert rows["*.vnn.vn"][0] == "VNPT (vnn.vn)"  # family pattern always emitted
    for trap in ("facebook.com", "nus.edu.sg", "*.onmicrosoft.com", "thptlienchieu.edu.vn", "kinhdoanh.vn"):
        assert trap not in rows
        assert trap in exceptions


@pytest.mark.external
def test_committed_list_is_reproducible(build: ModuleType, external_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "public_domains.tsv"
    assert build.main(["--shared", str(external_data.parents[1]), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == BUNDLED.read_text(encoding="utf-8"), (
        "re-run tools/build_public_domains.py and commit the result"
    )
