"""CPU per page request, with and without the shared scope clause (`web.scope._scoped`).

    uv run python bench/bench_page_cpu.py [--rounds 4] [--requests 60]

Builds the web tests' small register (tests/web/webkit.py: Liên Chiểu, June 2014), logs in the
district inspector (khanhlq, scope: quận Liên Chiểu's subtree) and requests the overview, the
review queue and the triage list in-process, alternating "before" (the clause rebuilt for every
query, as before) and "after" (built once per role, unit and column) in the same run.  It measures
the process's CPU time, not wall time: on a machine shared with other jobs the wall clock mostly
measures them.  Prints the median over the rounds, per page and variant.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))

from fastapi.testclient import TestClient
from webkit import FrozenClock, build_register, login

from congvu.settings import Config
from congvu.web import create_app, scope

PAGES = ("/?month=2014-06", "/review", "/violations?month=2014-06")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    shared = scope._scoped
    variants = {"before": shared.__wrapped__, "after": shared}
    folder = tempfile.mkdtemp(prefix="bench-page-cpu-")
    store = build_register(f"sqlite:///{folder}/r.db", FrozenClock())
    client = login(TestClient(create_app(store, Config(), inline_check=True)), "inspector")
    cpu: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for label, build in variants.items():
            scope._scoped = build  # type: ignore[assignment]
            for url in PAGES:
                for _ in range(5):
                    client.get(url)
                started = time.process_time()
                for _ in range(args.requests):
                    assert client.get(url).status_code == 200
                cpu.setdefault((url, label), []).append(
                    (time.process_time() - started) / args.requests * 1000
                )
    scope._scoped = shared  # type: ignore[assignment]
    print(f"{'page':28} {'before':>10} {'after':>10}  (CPU ms per request, median of {args.rounds})")
    for url in PAGES:
        before, after = (statistics.median(cpu[(url, v)]) for v in ("before", "after"))
        print(f"{url:28} {before:10.1f} {after:10.1f}")
    store.dispose()


if __name__ == "__main__":
    main()
