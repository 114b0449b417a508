"""`congvu whatif mail` on a generated month-like log: lines per second for the whole what-if.

uv run python bench/bench_whatif.py [--lines 1000000] [--seed 1] [--mode reject]

The log is `bench/logs_corpus.py`'s (the one `bench_logs.py` times; generated into bench/out if
missing).  Timed in-process, as the command runs it after opening the register: one read of the
logs (parse, reassembly, amavis joins), the rules under the current and under the candidate policy
(`gmail.com` no longer public), the rows and the summary.  Prints wall and CPU seconds (this process
plus the forked second parser and rules children).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_logs import corpus, cpu

from congvu.classify import AddressPolicy
from congvu.mailflow.rules import StaffIndex
from congvu.register.directory import example_files
from congvu.register.tables import read_tables
from congvu.settings import Config
from congvu.whatif.mail import whatif_mail


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mode", default="reject")
    args = ap.parse_args()
    path = corpus(args.lines, args.seed)
    people = [dict(r.values) for t in read_tables(example_files()[1]) for r in t.rows]
    for row in people:
        row["is_head"] = row.get("is_head") == "1"
    index = StaffIndex.from_dicts(people)
    now = AddressPolicy()
    after = AddressPolicy.from_config(Config({"policy.not_public": ["gmail.com"]}))
    path.read_bytes()  # into the page cache, as for the other log benchmarks
    print(f"load average before: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    started, used = time.perf_counter(), cpu()
    out = whatif_mail([path], index, now, after, args.mode, year=2014)
    wall, spent = time.perf_counter() - started, cpu() - used
    lines = out["stats"]["lines"]
    s = out["summary"]
    print(
        f"whatif mail {path.name}: {lines:,} lines, {out['stats']['messages']:,} messages, "
        f"{s['rows']:,} rows {s['changes']}, refused to citizens {s['refused_to_citizen']} — "
        f"{wall:.2f} s wall ({lines / wall:,.0f} lines/s), {spent:.2f} s CPU"
    )


if __name__ == "__main__":
    main()
