"""Register benchmark: record N findings; build the evaluation sheet of a P-person unit.

    uv run python bench/bench_register.py --findings 1000000 --people 10000 --backend both

Targets (issue 3): recording 1,000,000 findings < 60 s; the sheet of 10,000 people < 2 s.
PostgreSQL runs in a throw-away schema of the database at --pg-url; SQLite in a temporary file.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from congvu.register.evaluation import build_sheet
from congvu.register.recording import record
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale
from congvu.register.schema import evaluations, memberships, people, units, violations
from congvu.register.sheet_xlsx import write_sheet
from congvu.register.store import Store, create_engine, open_store

PER_DOCUMENT = 20
MONTH = "2014-06"


def scan_documents(findings: int) -> Iterator[dict[str, Any]]:
    """Scan-contract documents, 20 findings each; one document in five has a DOC-001 finding."""
    for n in range(findings // PER_DOCUMENT):
        rules = ["DOC-001" if n % 5 == 0 and k == 0 else "DOC-002" for k in range(PER_DOCUMENT)]
        yield {
            "path": f"luu-tru/2014/{n:06d}.pdf",
            "status": "ok",
            "sha256": hashlib.sha256(f"doc-{n}".encode()).hexdigest(),
            "metadata": {
                "issuer": "UBND PHƯỜNG HÒA MINH",
                "number": f"{n}/UBND-VP",
                "date": "2014-06-20",
                "signer": f"Cán Bộ {n % 997}",
            },
            "findings": [
                {
                    "address": f"hoso{n}.{k}@gmail.com",
                    "as_written": f"hoso{n}.{k}@gmail.com",
                    "class": "public",
                    "provider": "Gmail",
                    "contact_point": rule == "DOC-001",
                    "obfuscated": False,
                    "rule": rule,
                    "reason": "bench",
                    "page": 1,
                    "line": k + 1,
                    "excerpt": f"Email liên hệ: hoso{n}.{k}@gmail.com",
                }
                for k, rule in enumerate(rules)
            ],
        }


def seed_unit(store: Store, size: int) -> None:
    """A 10,000-person unit with proposals for everyone and a confirmed violation for one in ten."""
    now = datetime.now(UTC)
    with store.begin() as conn:
        unit_id = conn.execute(
            units.insert()
            .values(code="BIG", name="UBND thành phố (thử tải)", kind="other", aliases=[])
            .returning(units.c.id)
        ).scalar_one()
        conn.execute(
            people.insert(),
            [
                {
                    "person_id": f"P{i:05d}",
                    "full_name": f"Nguyễn Văn Thử {i}",
                    "name_key": f"nguyen van thu {i}",
                    "position": "Chuyên viên",
                    "unit_id": unit_id,
                    "is_head": i == 0,
                }
                for i in range(size)
            ],
        )
        conn.execute(
            memberships.insert(), [{"person_id": f"P{i:05d}", "unit_id": unit_id} for i in range(size)]
        )
        conn.execute(
            evaluations.insert(),
            [
                {
                    "person_id": f"P{i:05d}",
                    "month": MONTH,
                    "proposed": DEFAULT_LEVELS[i % 3],
                    "updated_at": now,
                    "updated_by": "bench",
                }
                for i in range(size)
            ],
        )
        conn.execute(
            violations.insert(),
            [
                {
                    "key": f"bench:{i}",
                    "person_id": f"P{i:05d}",
                    "unit_id": unit_id,
                    "month": MONTH,
                    "status": "confirmed",
                    "rule": "DOC-001",
                    "evidence": {},
                    "created_at": now,
                    "created_by": "bench",
                }
                for i in range(0, size, 10)
            ],
        )


def run(name: str, store: Store, findings: int, size: int, out: Path) -> None:
    started = time.perf_counter()
    report = record(store, scan_documents(findings), "bench", batch_size=1000)
    recorded = time.perf_counter() - started
    print(
        f"{name}: recorded {report.findings_new:,} findings, {report.documents_new:,} documents, "
        f"{report.violations_new:,} violations in {recorded:.1f} s ({report.findings_new / recorded:,.0f}/s)"
    )
    seed_unit(store, size)
    scale = LevelScale(DEFAULT_LEVELS, DEFAULT_CAP)
    started = time.perf_counter()
    with store.begin() as conn:
        sheet = build_sheet(conn, "BIG", MONTH, scale)
    built = time.perf_counter() - started
    started = time.perf_counter()
    write_sheet(sheet, out / f"sheet-{name}.xlsx")
    written = time.perf_counter() - started
    capped = sum(r.capped for r in sheet.rows)
    print(
        f"{name}: sheet of {len(sheet.rows):,} people ({capped:,} capped) built in {built:.2f} s; "
        f"XLSX written in {written:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--findings", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if args.backend in {"sqlite", "both"}:
            store = open_store(f"sqlite:///{out / 'bench.db'}")
            run("sqlite", store, args.findings, args.people, out)
            store.dispose()
        if args.backend in {"postgresql", "both"}:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg_url)
            with admin.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            try:
                store = open_store(args.pg_url, search_path=schema)
                run("postgresql", store, args.findings, args.people, out)
                store.dispose()
            finally:
                with admin.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()


if __name__ == "__main__":
    main()
