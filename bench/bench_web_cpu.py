"""CPU and SQL per page request on a register seeded by bench_web.py (kept with --keep).

    uv run python bench/bench_web.py --backend postgresql --violations 1000000 --keep bench_web_1m --seed-only
    uv run python bench/bench_web_cpu.py --keep bench_web_1m [--rounds 5] [--requests 200]

Serves the app in-process (Starlette's TestClient: the client's own share is included), logs in
bench_web.py's inspector and requests each page in turn; prints, per page, the process CPU time per
request (median of the rounds; the wall time too, which includes the database's work and waits for
a core) and the SQL statements one request runs; `--cold` empties the
app's cache before each request, as the first request after any change finds it.  CPU time, unlike the
latency under 50 users, hardly depends on what else the machine runs, so it compares versions and
register sizes on a shared machine: the cost of a request whatever the queue in front of it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import warnings

import sqlalchemy as sa

from congvu.register.store import open_store
from congvu.settings import load_config
from congvu.web import create_app

PASSWORD = "bench-mật-khẩu-2014"
PAGES = ["/?month=2016-06", "/review"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", required=True, help="the schema bench_web.py --keep seeded")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pages", nargs="+", default=PAGES)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the app's cache before every request (what the first request after a change costs)",
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    store = open_store(args.pg_url, search_path=args.keep, upgrade=False)
    statements: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    checkouts: list[int] = []  # a pooled connection per transaction: its ping, BEGIN and COMMIT
    sa.event.listen(store.engine.pool, "checkout", lambda *a: checkouts.append(1))
    cpu: dict[str, list[float]] = {p: [] for p in args.pages}
    wall: dict[str, list[float]] = {p: [] for p in args.pages}
    per_request: dict[str, tuple[int, int]] = {}
    app = create_app(store, load_config(), inline_check=True)
    with TestClient(app) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token
        login = {"csrf_token": token.group(1), "username": "inspector", "password": PASSWORD}
        client.post("/login", data=login)
        for page in args.pages:
            for _ in range(5):  # warm: caches, the pool
                assert client.get(page).status_code == 200
            statements.clear()
            checkouts.clear()
            client.get(page)
            per_request[page] = (len(statements), len(checkouts))
        for _ in range(args.rounds):
            for page in args.pages:
                started, clock = time.process_time(), time.perf_counter()
                for _ in range(args.requests):
                    if args.cold:
                        app.state.web.counts.clear()
                    client.get(page)
                cpu[page].append((time.process_time() - started) / args.requests * 1000)
                wall[page].append((time.perf_counter() - clock) / args.requests * 1000)
    store.dispose()
    for page in args.pages:
        used, took = statistics.median(cpu[page]), statistics.median(wall[page])
        print(
            f"{page:<24} {used:6.2f} ms CPU, {took:6.2f} ms wall per request"
            f" (median of {args.rounds} × {args.requests}), {per_request[page][0]} SQL statement(s)"
            f" in {per_request[page][1]} transaction(s)"
        )


if __name__ == "__main__":
    main()
