"""CPU (this process's and Tesseract's) to read PDFs whose page-1 text layer is a scanner's misreading.

Since the thirteenth round such a file is OCR'd whole, as a scan is: the cost is linear in pages.
Run it against an older checkout with `PYTHONPATH=<checkout>/src` to compare, alternating.

    uv run python bench/bench_layer_ocr.py                 # the corpus files named below
    uv run python bench/bench_layer_ocr.py a.pdf b.pdf     # or these
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from congvu.extract import extract, format_for
from congvu.settings import Limits

FILES = Path(__file__).resolve().parents[1] / "corpus" / "real" / "files"
DEFAULT = ("g52-0016.pdf", "g45-0009.pdf", "g45-0010.pdf")  # 4, 10 and 15 pages, layers garbled


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:]] or [FILES / name for name in DEFAULT]
    for path in paths:
        fmt = format_for(path.name)
        if fmt is None:
            sys.exit(f"{path}: not a format congvu reads")
        start = _cpu()
        out = extract(path.read_bytes(), fmt, Limits())
        spent = _cpu() - start
        per_page = spent / max(out.pages, 1)
        read = f"{out.pages} pages, {out.ocr_pages} OCR'd"
        print(f"{path.name}: {read}, {spent:.1f} s CPU ({per_page:.2f} s a page)")


if __name__ == "__main__":
    main()
