# ruff: noqa: E501
"""Build the full corpus and run it through `congvu.scan.runner.scan_paths`; print the figures.

    uv run python tools/corpus/evaluate.py [--docs 130] [--ocr 15] [--doc 6] [--seed 2014] [--keep DIR [--rescan]] [-v]

Prints verdict accuracy (overall and per format), false violations, number/date/signer accuracy,
the confusion table and, with -v, every miss.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import build_corpus
from scoring import field_misses, score

from congvu.scan.runner import scan_paths


def run(out: Path, args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    if not (args.rescan and (out / "truth.json").is_file()):
        build_corpus(out, docs=args.docs, ocr=args.ocr, doc=args.doc, seed=args.seed)
    t1 = time.perf_counter()
    rows = json.loads((out / "truth.json").read_text())
    results = {r.path: r.as_contract() for r in scan_paths([Path(str(c["path"])) for c in rows])}
    t2 = time.perf_counter()
    s = score(rows, results)
    print(f"built {len(rows)} files in {t1 - t0:.0f} s, scanned in {t2 - t1:.0f} s")
    print(s.summary())
    if s.false_violations:
        print("FALSE VIOLATIONS:\n  " + "\n  ".join(s.false_violations))
    if args.verbose:
        print("verdict misses:\n  " + "\n  ".join(s.misses))
        for name in ("number", "date", "signer"):
            print(f"{name} misses:\n  " + "\n  ".join(field_misses(rows, results, name)))
    return 0 if not s.false_violations else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=130)
    ap.add_argument("--ocr", type=int, default=15)
    ap.add_argument("--doc", type=int, default=6)
    ap.add_argument("--seed", type=int, default=2014)
    ap.add_argument("--keep", type=Path, help="write the corpus here instead of a temporary folder")
    ap.add_argument("--rescan", action="store_true", help="with --keep: scan the corpus already there")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if args.keep:
        sys.exit(run(args.keep, args))
    with tempfile.TemporaryDirectory(prefix="congvu-corpus-") as tmp:
        sys.exit(run(Path(tmp), args))


if __name__ == "__main__":
    main()
