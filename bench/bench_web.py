"""Web app latency under load: the overview and the review queue with N violations and M people.

    uv run python bench/bench_web.py --violations 1000000 --people 10000 --users 50 \
        --backend postgresql --keep bench_web_1m --workers 2 --load hey

Seeds a register (SQLite file, or a PostgreSQL schema; COPY, about a minute for a million
violations; `--keep NAME` keeps it and reuses it next time), serves the app as `congvu serve
--workers N` does on loopback in a child process, and has 50 logged-in inspectors request `/` and
`/review` in a closed loop for --seconds: with httpx in this process (each user logs in), or with
Debian's `hey` (half the users on each page, one session); prints p50/p95/p99 per page and the load
average before and after.  Next to the client's times it prints the server's own (from the app
being called to its last byte, per worker process, see `_Timed`): on a machine where the loaders
and the server share the cores, the difference is time the request spent queued or the client spent
waiting for a core.  `--load-nice N` / `--load-cpus LIST` run `hey` under nice / taskset.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from congvu.register import accounts
from congvu.register.directory import example_files, import_files
from congvu.register.schema import units
from congvu.register.store import Store, create_engine, open_store

PASSWORD = "bench-mật-khẩu-2014"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _people_rows(unit_ids: list[int], n_people: int) -> list[tuple[Any, ...]]:
    return [
        (
            f"B-{i:06d}",
            f"Nguyễn Văn Bảo {i}",
            f"nguyen van bao {i}",
            "Chuyên viên",
            unit_ids[i % len(unit_ids)],
            i % 50 == 0,
        )
        for i in range(n_people)
    ]


def _violation_rows(
    unit_ids: list[int], start: int, stop: int, n_people: int, rnd: random.Random
) -> list[tuple[Any, ...]]:
    statuses = ["pending"] * 6 + ["confirmed"] * 3 + ["dismissed", "contested"]
    now = datetime.now(UTC)
    out = []
    for i in range(start, stop):
        p = rnd.randrange(n_people)
        month = f"{2014 + (i % 36) // 12}-{(i % 12) + 1:02d}"
        address = f"nguoi{p}@gmail.com"
        evidence = {
            "addresses": [address],
            "excerpts": [
                {
                    "address": address,
                    "page": 1,
                    "line": 30,
                    "excerpt": f"Mọi chi tiết xin liên hệ Email: {address}",
                }
            ],
        }
        out.append(
            (
                f"bench:{i}",
                f"B-{p:06d}",
                unit_ids[p % len(unit_ids)],
                month,
                rnd.choice(statuses),
                "DOC-001",
                json.dumps(evidence, ensure_ascii=False),
                now,
                "bench",
            )
        )
    return out


PEOPLE_COLS = ("person_id", "full_name", "name_key", "position", "unit_id", "is_head")
VIOLATION_COLS = (
    "key",
    "person_id",
    "unit_id",
    "month",
    "status",
    "rule",
    "evidence",
    "created_at",
    "created_by",
)


def _copy(store: Store, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL COPY through psycopg 3 (a million rows in well under a minute); SQLite executemany."""
    raw = store.engine.raw_connection()
    try:
        if store.dialect == "postgresql":
            cur = raw.cursor()
            names = ", ".join(f'"{c}"' for c in cols)
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in cols)
            names = ", ".join(f'"{c}"' for c in cols)
            raw.cursor().executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        raw.commit()
    finally:
        raw.close()


def seed(url: str, search_path: str | None, n_violations: int, n_people: int) -> None:
    store = open_store(url, search_path=search_path)
    import_files(store, example_files(), "bench")
    with store.begin() as conn:
        unit_ids = [r.id for r in conn.execute(sa.select(units.c.id))]
    people_rows = _people_rows(unit_ids, n_people)
    _copy(store, "people", PEOPLE_COLS, people_rows)
    _copy(store, "memberships", ("person_id", "unit_id"), [(r[0], r[4]) for r in people_rows])
    rnd = random.Random(1)
    batch = 100_000
    for start in range(0, n_violations, batch):
        rows = _violation_rows(unit_ids, start, min(start + batch, n_violations), n_people, rnd)
        _copy(store, "violations", VIOLATION_COLS, rows)
    # Statistics and the visibility map (index-only scans), as autovacuum gives a live register.
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if store.dialect == "postgresql" else "ANALYZE"))
    accounts.add_user(store, "inspector", "inspector", PASSWORD, "bench", None, None)
    store.dispose()


# The server runs as `congvu serve` does (the same entry point, N worker processes), each worker's
# app wrapped by `timed_app` below (this file is importable by the workers: bench/ is on their path).
SERVE = """
import sys
from congvu.web.serve import run
url, schema, port, workers = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), int(sys.argv[4])
run(url, host="127.0.0.1", port=port, workers=workers, search_path=schema, inline_check=True,
    log_level="warning", factory="bench_web:timed_app")
"""
TIMES_ENV = "BENCH_WEB_TIMES"


class _Timed:
    """Server-side time of each request, from the app being called to the last byte of the body
    handed to uvicorn (so without the wait in the kernel's queues and the client's own delays):
    one line `path?query<TAB>seconds` per request, appended to a file per worker process."""

    def __init__(self, app: Any, folder: str) -> None:
        self.app = app
        self.fd = os.open(Path(folder) / f"times-{os.getpid()}.tsv", os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                query = scope.get("query_string", b"").decode()
                page = scope["path"] + (f"?{query}" if query else "")
                os.write(self.fd, f"{page}\t{time.perf_counter() - started:.6f}\n".encode())

        await self.app(scope, receive, timed_send)


def timed_app() -> Any:
    """`congvu.web.serve.worker_app`, timed per request into the folder named by BENCH_WEB_TIMES."""
    from congvu.web.serve import worker_app

    return _Timed(worker_app(), os.environ[TIMES_ENV])


def server_times(folder: str) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for file in Path(folder).glob("times-*.tsv"):
        for line in file.read_text().splitlines():
            page, seconds = line.rsplit("\t", 1)
            times.setdefault(page, []).append(float(seconds))
    return times


async def user(
    base: str, pages: list[str], seconds: float, times: dict[str, list[float]], ready: asyncio.Barrier
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await client.get("/login")).text)
        assert token
        await client.post(
            "/login", data={"csrf_token": token.group(1), "username": "inspector", "password": PASSWORD}
        )
        await ready.wait()  # the clock starts once every (argon2) login is done
        i, until = 0, time.monotonic() + seconds
        while time.monotonic() < until:
            page = pages[i % len(pages)]
            started = time.perf_counter()
            response = await client.get(page)
            times[page].append(time.perf_counter() - started)
            assert response.status_code == 200, (page, response.status_code)
            i += 1


PAGES = ["/?month=2016-06", "/review"]


async def load(base: str, users: int, seconds: float, pages: list[str]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {p: [] for p in pages}
    ready = asyncio.Barrier(users)
    await asyncio.gather(*(user(base, pages, seconds, times, ready) for _ in range(users)))
    return times


def _session_cookie(base: str) -> str:
    """One inspector's session cookie, for a load tool that cannot log in by itself."""
    with httpx.Client(base_url=base, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token
        client.post(
            "/login", data={"csrf_token": token.group(1), "username": "inspector", "password": PASSWORD}
        )
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def load_hey(
    base: str, users: int, seconds: float, pages: list[str], prefix: list[str]
) -> dict[str, list[float]]:
    """Debian's `hey` (Go): half the users on each page at the same time, so the load generator
    costs far less CPU than the server it measures; per-request times from its CSV output.
    `prefix` runs it under `nice` or `taskset` (--load-nice, --load-cpus)."""
    cookie = _session_cookie(base)
    runs = [
        subprocess.Popen(
            [
                *prefix,
                "hey",
                "-z",
                f"{seconds:.0f}s",
                "-c",
                str(max(1, users // len(pages))),
                "-o",
                "csv",
                "-H",
                f"Cookie: {cookie}",
                base + page,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for page in pages
    ]
    times: dict[str, list[float]] = {}
    for page, run in zip(pages, runs, strict=True):
        out, _ = run.communicate()
        rows = [line.split(",") for line in out.splitlines()[1:] if line]
        codes = {r[6] for r in rows}
        assert codes == {"200"}, (page, codes)
        times[page] = [float(r[0]) for r in rows]
    return times


def _seeded(url: str, schema: str | None) -> bool:
    """Whether a kept schema (or SQLite file) already holds a seeded register."""
    engine = create_engine(url, search_path=schema)
    try:
        with engine.connect() as conn:
            if schema:
                found = conn.execute(
                    sa.text(
                        "SELECT 1 FROM information_schema.tables"
                        " WHERE table_schema = :s AND table_name = 'users'"
                    ),
                    {"s": schema},
                ).first()
            else:
                found = conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name = 'users'")).first()
            return bool(found) and bool(conn.execute(sa.text("SELECT count(*) FROM users")).scalar())
    finally:
        engine.dispose()


def _wait_until_up(port: int) -> None:
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--violations", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument(
        "--keep",
        metavar="NAME",
        help="seed into (or reuse) this PostgreSQL schema / SQLite file and keep it afterwards",
    )
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument(
        "--load-nice", type=int, default=0, help="run hey at this niceness (it competes less with the server)"
    )
    parser.add_argument(
        "--load-cpus", help="pin hey to these CPUs (taskset -c LIST), e.g. 1 on a 2-core machine"
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        default=PAGES,
        help="pages each user requests in turn (e.g. the triage list: '/violations?month=2016-06')",
    )
    parser.add_argument(
        "--load",
        choices=["httpx", "hey"],
        default="httpx",
        help="load generator: httpx in this process (asyncio), or Debian's hey (apt-get install hey)",
    )
    args = parser.parse_args()
    schema = None
    if args.backend == "sqlite":
        path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "bench.db"
        url = f"sqlite:///{path}"
    else:
        url, schema = args.pg_url, args.keep or f"bench_{uuid.uuid4().hex[:8]}"
        with create_engine(url).begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    try:
        if args.keep and _seeded(url, schema):
            print(f"reusing the seeded register in {args.keep}")
            open_store(url, search_path=schema).dispose()  # new migrations (indexes) apply here
        else:
            started = time.perf_counter()
            seed(url, schema, args.violations, args.people)
            took = time.perf_counter() - started
            print(f"seeded {args.violations:,} violations, {args.people:,} people in {took:.1f} s")
        if args.seed_only:
            return
        port = 8765
        timing = tempfile.mkdtemp(prefix="bench-web-times-")
        here = str(Path(__file__).resolve().parent)
        path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONUNBUFFERED": "1", TIMES_ENV: timing, "PYTHONPATH": path}
        prefix = [*(["nice", "-n", str(args.load_nice)] if args.load_nice else [])]
        prefix += ["taskset", "-c", args.load_cpus] if args.load_cpus else []
        server = subprocess.Popen(
            [sys.executable, "-c", SERVE, url, schema or "", str(port), str(args.workers)], env=env
        )
        try:
            _wait_until_up(port)
            for file in Path(timing).glob("times-*.tsv"):
                file.write_text("")  # the start-up probes and the login are not the load
            load1 = os.getloadavg()[0]
            base = f"http://127.0.0.1:{port}"
            if args.load == "hey":
                times = load_hey(base, args.users, args.seconds, args.pages, prefix)
            else:
                times = asyncio.run(load(base, args.users, args.seconds, args.pages))
            load2 = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(30)
    finally:
        if schema and not args.keep:
            with create_engine(url).begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    served = server_times(timing)
    loader = " ".join(prefix) or "not pinned, niceness 0"
    print(
        f"{args.users} users ({args.load}: {loader}), {args.workers} worker(s), {args.seconds:.0f} s;"
        f" load average {load1:.2f} → {load2:.2f}"
    )
    for page, values in times.items():
        print(f"{page:<18} client  {_quantiles(values)}")
        print(f"{'':<18} server  {_quantiles(served.get(page, []))}")


def _quantiles(values: list[float]) -> str:
    """n, p50, p95, p99 in milliseconds."""
    if len(values) < 2:
        return f"n={len(values)}"
    q = statistics.quantiles(values, n=100)
    return (
        f"n={len(values):>6}  p50={q[49] * 1000:7.1f} ms  p95={q[94] * 1000:7.1f} ms  "
        f"p99={q[98] * 1000:7.1f} ms"
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
