"""CPU seconds of each phase of reading the benchmark mail log, the way a large file is read.

uv run python bench/logs_phases.py [--lines 1000000]

Run in one process with the collector paused, as the code runs: a whole-file parse, the two parts
of the split parse, the child's packing and the parent's unpacking and merge, the amavis joins,
the chains and the rules.  Best of 3 each (CPU time is steadier than wall time on a shared machine).
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_logs import corpus

from congvu.classify import AddressPolicy
from congvu.mailflow.logs import split
from congvu.mailflow.logs.assemble import chains, link
from congvu.mailflow.logs.ingest import _decide_part
from congvu.mailflow.logs.parser import LogParser
from congvu.mailflow.rules import StaffIndex
from congvu.register.directory import example_files
from congvu.register.tables import read_tables


def best(label: str, work: Callable[[], Any], repeat: int = 3) -> Any:
    least, out = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        out = work()
        least = min(least, time.process_time() - started)
    print(f"| {label} | {least:.2f} |")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    args = ap.parse_args()
    path = str(corpus(args.lines, 1))
    size = os.path.getsize(path)
    Path(path).read_bytes()
    gc.disable()

    def year(_month: int) -> int:
        return 2014

    def parse(start: int, stop: int, child: bool = False) -> LogParser:
        parser = LogParser()
        if child:
            parser.new_message, parser.pickup_default = split._unset_message, split._child_pickup
        split.feed_range(path, parser, start, stop, year)
        return parser

    mid = split.line_boundary(path, 0, size, split.FIRST_SHARE) or size
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("| phase | CPU seconds |\n| --- | ---: |")
    whole = best("parse of the whole file in one process", lambda: parse(0, size))
    best(f"parse of the first {split.FIRST_SHARE:.0%} (this process)", lambda: parse(0, mid))
    child = best("parse of the rest (child)", lambda: parse(mid, size, child=True))
    blobs = best("child: pack its state", lambda: list(split._packed(child, path)))
    parts = best("parent: unpickle the parts", lambda: [pickle.loads(b) for b in blobs])
    first = parse(0, mid)
    best("parent: merge", lambda: split.merge(first, parts), repeat=1)

    def relink() -> None:
        for msg in whole.messages.values():
            msg.parent = None
        link(whole.messages, whole.links)

    best("link (amavis joins)", relink)
    found = best("chains", lambda: list(chains(whole.messages)))
    people = [dict(r.values) for t in read_tables(example_files()[1]) for r in t.rows]
    for row in people:
        row["is_head"] = row.get("is_head") == "1"
    index = StaffIndex.from_dicts(people)
    best("rules (envelope + decide) for every message", lambda: _decide_part(found, index, AddressPolicy()))


if __name__ == "__main__":
    main()
