"""What scopes by level cost the overview: the per-unit table and the trend for an inspector who sees
everything (no unit clause) and for a district inspector (the subtree's recursive CTE in the query).

    uv run python bench/bench_scopes.py --violations 1000000 --people 10000 [--backend postgresql]

Seeds a register as bench/bench_web.py does (the example directory, random people and violations),
then times `queries.per_unit` + `queries.trend` (the overview's SQL, uncached) per principal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from bench_web import PG_URL, seed

from congvu.register.accounts import Principal
from congvu.register.store import open_store
from congvu.web import queries

WHO = {
    "whole register (no unit)": Principal("bench", "inspector"),
    "district inspector (LC-VHTT → LC subtree)": Principal("bench", "inspector", "LC-VHTT"),
    "head of a ward (HM)": Principal("bench", "head", "HM"),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--violations", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    schema = None
    if args.backend == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    else:
        url, schema = PG_URL, f"bench_scopes_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    started = time.perf_counter()
    seed(url, schema, args.violations, args.people)
    print(f"seeded {args.violations} violations in {time.perf_counter() - started:.1f} s")
    store = open_store(url, search_path=schema)
    month = "2016-06"
    try:
        for label, who in WHO.items():
            times = []
            for _ in range(args.repeat):
                with store.begin() as conn:
                    t0 = time.perf_counter()
                    rows = queries.per_unit(conn, who, month)
                    queries.trend(conn, who, month)
                    times.append(time.perf_counter() - t0)
            print(f"{label}: {len(rows)} units, median {statistics.median(times) * 1000:.0f} ms")
        with store.begin() as conn:
            t0 = time.perf_counter()
            rows = queries.per_unit(conn, WHO["whole register (no unit)"], month, "LC")
            print(f"drawn at level LC: {len(rows)} rows in {(time.perf_counter() - t0) * 1000:.0f} ms")
    finally:
        store.dispose()
        if schema:
            with sa.create_engine(url).begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
