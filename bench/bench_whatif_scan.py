"""`congvu whatif scan`: each file read and extracted (OCR'd) once and judged under both policies,
against the former way (two whole scans, one per policy), in the same run.

    uv run python bench/bench_whatif_scan.py --copies 5 --workers 2

The folder is `examples/documents` copied `--copies` times (each copy's files get a distinct byte at
the end, so nothing is shared between them): text, HTML, DOCX, PDF, a scanned PNG (OCR), an .eml and
a .zip.  The candidate is `policy.not_public = ["gmail.com"]`.  Wall seconds per way, each way run
twice, alternating (the workers' CPU is not counted: pool processes are not all reaped when a scan
returns, so RUSAGE_CHILDREN under-counts); the verdicts of both ways are checked equal.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from congvu.scan.runner import scan_paths
from congvu.settings import Config
from congvu.whatif.scan import whatif_scan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "documents"


def _folder(root: Path, copies: int) -> Path:
    for i in range(copies):
        target = root / f"ban-{i:03d}"
        target.mkdir()
        for source in sorted(EXAMPLES.iterdir()):
            data = source.read_bytes()
            if source.suffix in (".txt", ".html", ".eml"):
                data += f"\n<!-- {i} -->\n".encode() if source.suffix == ".html" else f"\n{i}\n".encode()
            (target / source.name).write_bytes(data)
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    now, after = Config({}), Config({"policy.not_public": ["gmail.com"]})
    root = Path(tempfile.mkdtemp(prefix="congvu-bench-whatif-"))
    try:
        folder = _folder(root, args.copies)
        files = sum(1 for p in folder.rglob("*") if p.is_file())
        scan_paths([EXAMPLES], now, workers=1)  # warm the imports and the OCR engine once
        rows = []
        for name in ("two scans", "extract once", "two scans", "extract once"):
            wall = time.perf_counter()
            if name == "two scans":
                before = [r.verdict for r in scan_paths([folder], now, workers=args.workers)]
                later = [r.verdict for r in scan_paths([folder], after, workers=args.workers)]
            else:
                out = whatif_scan([folder], now, after, workers=args.workers, show_all=True)
                before = [d["verdict_now"] for d in out["documents"]]
                later = [d["verdict_after"] for d in out["documents"]]
            rows.append((name, time.perf_counter() - wall, before, later))
        assert rows[0][2:] == rows[1][2:], "the two ways must give the same verdicts"
        changed = sum(a != b for a, b in zip(rows[1][2], rows[1][3], strict=True))
        print(f"{files} files, {changed} verdicts change, workers {args.workers}")
        print("| way | wall |\n| --- | ---: |")
        for name, wall, _, _ in rows:
            print(f"| {name} | {wall:.2f} s |")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
