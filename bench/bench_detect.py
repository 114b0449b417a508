"""Benchmark the address finder (congvu.detect) against common baselines on one corpus.

    uv run --group bench python bench/bench_detect.py [--size-mb 100] [--quick]

Generates a seeded Vietnamese administrative corpus with planted addresses (see
`detect_corpus.py`) under bench/out/, then measures throughput (MB of UTF-8 per second, one
core, detection only: the text is already in memory), recall on plain and obfuscated forms, and
precision, for: congvu.detect, ripgrep `rg -o` with a typical e-mail regex, Python `re` with the
same regex, and Presidio's EmailRecognizer (regex + tldextract, no NLP engine; slow, so it
runs on a slice). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import bisect
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from detect_corpus import OBFUSCATED_FORMS, Planted, generate

from congvu.detect import find_addresses

OUT = Path(__file__).resolve().parent / "out"
EMAIL_RE = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
Found = list[tuple[int, str]]  # (line, normalised address)


def score(planted: list[Planted], found: Found, max_line: int | None = None) -> dict[str, float]:
    """Recall (plain / obfuscated) and precision, matching on (line, address)."""
    truth = [p for p in planted if max_line is None or p.line <= max_line]
    left = Counter(found)
    hits = Counter[str]()
    totals = Counter[str]()
    for p in truth:
        cat = "obfuscated" if p.form in OBFUSCATED_FORMS else "plain"
        totals[cat] += 1
        if left[(p.line, p.address)] > 0:
            left[(p.line, p.address)] -= 1
            hits[cat] += 1
    tp = sum(hits.values())
    return {
        "plain": hits["plain"] / max(totals["plain"], 1),
        "obfuscated": hits["obfuscated"] / max(totals["obfuscated"], 1),
        "precision": tp / max(len(found), 1),
        "found": len(found),
        "planted": len(truth),
    }


def _lines_of(text: str, offsets: Iterable[tuple[int, str]]) -> Found:
    newlines = [m.start() for m in re.finditer("\n", text)]
    return [(bisect.bisect_left(newlines, start) + 1, addr) for start, addr in offsets]


def run_congvu(text: str) -> tuple[float, Found]:
    t0 = time.perf_counter()
    matches = find_addresses(text)
    dt = time.perf_counter() - t0
    return dt, _lines_of(text, ((m.start, m.address) for m in matches))


def run_re(text: str) -> tuple[float, Found]:
    pattern = re.compile(EMAIL_RE)
    t0 = time.perf_counter()
    got = [(m.start(), m.group().lower()) for m in pattern.finditer(text)]
    dt = time.perf_counter() - t0
    return dt, _lines_of(text, got)


def run_rg(path: Path) -> tuple[float, Found] | None:
    rg = shutil.which("rg")
    if rg is None:
        return None
    cmd = [rg, "-o", "-n", "--no-heading", "-j1", "-e", EMAIL_RE, str(path)]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    dt = time.perf_counter() - t0
    found = []
    for row in out.splitlines():
        line, _, addr = row.partition(":")
        found.append((int(line), addr.lower()))
    return dt, found


def run_presidio(text: str) -> tuple[float, Found] | None:
    try:
        import tldextract
        from presidio_analyzer.predefined_recognizers import EmailRecognizer
    except ImportError:
        return None
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # bundled list, no network
    tldextract.extract = offline  # type: ignore[assignment]
    rec = EmailRecognizer()
    t0 = time.perf_counter()
    results = rec.analyze(text, entities=["EMAIL_ADDRESS"])
    dt = time.perf_counter() - t0
    return dt, _lines_of(text, ((r.start, text[r.start : r.end].lower()) for r in results))


def _row(
    name: str,
    data: str,
    mb: float,
    res: tuple[float, Found] | None,
    planted: list[Planted],
    max_line: int | None,
) -> str:
    if res is None:
        return f"| {name} | {data} | not available | | | |"
    dt, found = res
    s = score(planted, found, max_line)
    return (
        f"| {name} | {data} | {mb / dt:,.0f} | {s['plain']:.1%} | {s['obfuscated']:.1%} | "
        f"{s['precision']:.1%} ({s['found']:.0f} found / {s['planted']:.0f} planted) |"
    )


def best_of(n: int, fn: Callable[[], tuple[float, Found]]) -> tuple[float, Found]:
    runs = [fn() for _ in range(n)]
    return min(runs, key=lambda r: r[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=100.0, help="corpus size in MB of UTF-8 (default 100)")
    ap.add_argument("--presidio-mb", type=float, default=10.0, help="slice Presidio runs on (default 10)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="2 MB corpus, 1 MB Presidio slice: a smoke test")
    args = ap.parse_args(argv)
    if args.quick:
        args.size_mb, args.presidio_mb = 2.0, 1.0

    OUT.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    text, planted = generate(args.size_mb, args.seed)
    path = OUT / "detect_corpus.txt"
    path.write_bytes(text.encode())
    with (OUT / "detect_truth.tsv").open("w", encoding="utf-8") as f:
        f.writelines(f"{p.line}\t{p.form}\t{p.address}\n" for p in planted)
    with path.open(encoding="utf-8", newline="") as f:
        text = f.read()
    mb = len(text.encode()) / 1e6
    n_obf = sum(p.form in OBFUSCATED_FORMS for p in planted)
    print(
        f"corpus: {path} {mb:.1f} MB, {text.count(chr(10)):,} lines, {len(planted):,} planted "
        f"({len(planted) - n_obf:,} plain, {n_obf:,} obfuscated); "
        f"generated in {time.perf_counter() - t0:.1f} s\n"
    )

    cut = text.rfind("\n", 0, int(args.presidio_mb * 1_000_000 * len(text) / len(text.encode()))) + 1
    part = text[:cut]
    part_mb, part_lines = len(part.encode()) / 1e6, part.count("\n")

    print("| detector | data | MB/s | recall plain | recall obfuscated | precision |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    full = f"{mb:.0f} MB"
    print(_row("congvu.detect", full, mb, best_of(3, lambda: run_congvu(text)), planted, None))
    print(_row("ripgrep `rg -o` (email regex, 1 thread)", full, mb, run_rg(path), planted, None))
    print(_row("Python `re` (same regex)", full, mb, run_re(text), planted, None))
    slice_ = f"first {part_mb:.0f} MB"
    print(_row("congvu.detect", slice_, part_mb, best_of(3, lambda: run_congvu(part)), planted, part_lines))
    print(_row("Presidio EmailRecognizer", slice_, part_mb, run_presidio(part), planted, part_lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
