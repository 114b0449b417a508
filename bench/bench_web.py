"""Web app latency under load: the overview and the review queue with N violations and M people.

    uv run python bench/bench_web.py --violations 1000000 --people 10000 --users 50 --backend postgresql

Seeds a throw-away register (SQLite file, or a PostgreSQL schema), serves the app with uvicorn on
loopback in a child process, logs 50 inspectors in, and has them request `/` and `/review` in a
closed loop (httpx, asyncio) for --seconds; prints p50/p95/p99 per page.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

from congvu.register import accounts
from congvu.register.directory import example_files, import_files
from congvu.register.schema import people, units, violations
from congvu.register.store import create_engine, open_store

PASSWORD = "bench-mật-khẩu-2014"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def seed(url: str, search_path: str | None, n_violations: int, n_people: int) -> None:
    store = open_store(url, search_path=search_path)
    import_files(store, example_files(), "bench")
    now = datetime.now(UTC)
    with store.begin() as conn:
        unit_ids = [r.id for r in conn.execute(sa.select(units.c.id))]
        rows = [
            {
                "person_id": f"B-{i:06d}",
                "full_name": f"Nguyễn Văn Bảo {i}",
                "name_key": f"nguyen van bao {i}",
                "position": "Chuyên viên",
                "unit_id": unit_ids[i % len(unit_ids)],
                "is_head": i % 50 == 0,
                "active_from": None,
                "active_to": None,
            }
            for i in range(n_people)
        ]
        conn.execute(people.insert(), rows)
    statuses = ["pending"] * 6 + ["confirmed"] * 3 + ["dismissed", "contested"]
    rnd = random.Random(1)
    batch = 20_000
    for start in range(0, n_violations, batch):
        chunk = []
        for i in range(start, min(start + batch, n_violations)):
            p = rnd.randrange(n_people)
            month = f"{2014 + (i % 36) // 12}-{(i % 12) + 1:02d}"
            chunk.append(
                {
                    "key": f"bench:{i}",
                    "person_id": f"B-{p:06d}",
                    "unit_id": unit_ids[p % len(unit_ids)],
                    "month": month,
                    "status": rnd.choice(statuses),
                    "rule": "DOC-001",
                    "document_id": None,
                    "evidence": {
                        "addresses": [f"nguoi{p}@gmail.com"],
                        "excerpts": [
                            {
                                "address": f"nguoi{p}@gmail.com",
                                "page": 1,
                                "line": 30,
                                "excerpt": f"Mọi chi tiết xin liên hệ Email: nguoi{p}@gmail.com",
                            }
                        ],
                    },
                    "created_at": now,
                    "created_by": "bench",
                }
            )
        with store.begin() as conn:
            conn.execute(violations.insert(), chunk)
    accounts.add_user(store, "inspector", "inspector", PASSWORD, "bench", None, None)
    store.dispose()


def serve(url: str, search_path: str | None, port: int) -> None:
    import uvicorn

    from congvu.settings import Config
    from congvu.web import create_app

    store = open_store(url, search_path=search_path, upgrade=False)
    uvicorn.run(
        create_app(store, Config(), inline_check=True),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        workers=1,
    )


async def user(base: str, pages: list[str], seconds: float, times: dict[str, list[float]]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await client.get("/login")).text)
        assert token
        await client.post(
            "/login", data={"csrf_token": token.group(1), "username": "inspector", "password": PASSWORD}
        )
        i, until = 0, time.monotonic() + seconds  # the clock starts after the (argon2) login
        while time.monotonic() < until:
            page = pages[i % len(pages)]
            started = time.perf_counter()
            response = await client.get(page)
            times[page].append(time.perf_counter() - started)
            assert response.status_code == 200, (page, response.status_code)
            i += 1


async def load(base: str, users: int, seconds: float) -> dict[str, list[float]]:
    pages = ["/?month=2016-06", "/review"]
    times: dict[str, list[float]] = {p: [] for p in pages}
    await asyncio.gather(*(user(base, pages, seconds, times) for _ in range(users)))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--violations", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    schema = None
    if args.backend == "sqlite":
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
    else:
        url, schema = args.pg_url, f"bench_{uuid.uuid4().hex[:8]}"
        with create_engine(url).begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    started = time.perf_counter()
    seed(url, schema, args.violations, args.people)
    took = time.perf_counter() - started
    print(f"seeded {args.violations:,} violations, {args.people:,} people in {took:.1f} s")
    port = 8765
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(url, schema, port), daemon=True)
    server.start()
    try:
        for _ in range(200):
            try:
                httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        times = asyncio.run(load(f"http://127.0.0.1:{port}", args.users, args.seconds))
    finally:
        server.terminate()
        server.join()
        if schema:
            with create_engine(url).begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    for page, values in times.items():
        q = statistics.quantiles(values, n=100)
        print(
            f"{page:<18} n={len(values):>6}  p50={q[49] * 1000:7.1f} ms  p95={q[94] * 1000:7.1f} ms  "
            f"p99={q[98] * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
