"""Mail log ingestion: congvu's parser + reassembly against pflogsumm on the same generated log.

uv run python bench/bench_logs.py [--lines 1000000] [--seed 1] [--repeat 3] [--quick]

congvu is timed in-process (file read, parse, queue-id reassembly and the amavis join; best of
`--repeat`), then once more end to end as `congvu mail ingest-log --summary` runs it: the mail
rules and the findings (message records are built only when printed, so not here).  pflogsumm
(Debian package `pflogsumm`) is timed as a whole process on the same file, same run.  Wall-clock
seconds are what the issue asks; CPU seconds (this process plus the forked second parser) are
printed too, as they are steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from logs_corpus import generate

from congvu.classify import AddressPolicy
from congvu.mailflow.logs import ingest, parse_logs
from congvu.mailflow.logs.assemble import chains
from congvu.mailflow.rules import StaffIndex
from congvu.register.directory import example_files
from congvu.register.tables import read_tables

OUT = Path(__file__).resolve().parent / "out"


def corpus(lines: int, seed: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"mail-{lines}-s{seed}.log"
    if not path.exists():
        started = time.perf_counter()
        generate(path, lines, seed)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def cpu() -> float:
    """CPU seconds of this process and its finished children (the forked second parser)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_congvu(path: Path, repeat: int) -> tuple[float, float, int, int]:
    best = best_cpu = float("inf")
    lines = messages = 0
    for _ in range(repeat):
        started, used = time.perf_counter(), cpu()
        parser, _ = parse_logs([path], year=2014)
        roots = sum(1 for _ in chains(parser.messages))
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, cpu() - used)
        lines, messages = parser.stats.lines, roots
        del parser
    return best, best_cpu, lines, messages


def time_full(path: Path) -> tuple[float, float, int]:
    people = [dict(r.values) for t in read_tables(example_files()[1]) for r in t.rows]
    for row in people:
        row["is_head"] = row.get("is_head") == "1"
    index = StaffIndex.from_dicts(people)
    policy = AddressPolicy()
    started, used = time.perf_counter(), cpu()
    result = ingest([path], index, policy, year=2014)
    return time.perf_counter() - started, cpu() - used, len(result.findings)


def time_pflogsumm(path: Path) -> tuple[float, float] | None:
    exe = shutil.which("pflogsumm") or (
        "/usr/sbin/pflogsumm" if Path("/usr/sbin/pflogsumm").exists() else None
    )
    if exe is None:
        print("pflogsumm not installed (apt-get install -y pflogsumm): baseline skipped", file=sys.stderr)
        return None
    started, used = time.perf_counter(), cpu()
    subprocess.run([exe, str(path)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, cpu() - used


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="50,000 lines, one repeat (smoke test)")
    args = ap.parse_args()
    if args.quick:
        args.lines, args.repeat = 50_000, 1
    path = corpus(args.lines, args.seed)
    path.read_bytes()  # page cache warm for both contenders
    load = os.getloadavg()
    seconds, seconds_cpu, lines, messages = time_congvu(path, args.repeat)
    full, full_cpu, findings = time_full(path)
    base = time_pflogsumm(path)
    mb = path.stat().st_size / 1e6
    print(f"log: {path.name}, {lines:,} lines, {mb:.0f} MB, {messages:,} messages")
    print(f"load average before the runs: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    print("| tool | what | seconds | lines/s | CPU seconds (all processes) |")
    print("| --- | --- | ---: | ---: | ---: |")
    print(
        f"| congvu | parse + reassembly (best of {args.repeat}) | {seconds:.2f} | {lines / seconds:,.0f} "
        f"| {seconds_cpu:.2f} |"
    )
    print(
        f"| congvu | + rules ({findings:,} findings), records on demand | {full:.2f} | {lines / full:,.0f} "
        f"| {full_cpu:.2f} |"
    )
    if base is not None:
        print(f"| pflogsumm 1.1.5 | whole process | {base[0]:.2f} | {lines / base[0]:,.0f} | {base[1]:.2f} |")


if __name__ == "__main__":
    main()
