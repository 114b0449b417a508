"""CPU to scan real scans whose handwritten number or date Tesseract loses, with and without PP-OCR.

Since the fourteenth round PP-OCR reads page 1's header band when Tesseract's two reads left the
number or date empty (`congvu.extract.headband`, `congvu.judge.reread`). The baseline is the same
scan with PP-OCR switched off (`ppocr.available` false), in the same process, alternated; both
include the page OCR and Tesseract's band read. The engine's one-off load (per worker process) is
timed on its own. Run on 1×, 2× and 4× the files to see the cost grow with the work.

    uv run python bench/bench_pp_band.py            # the corpus scans named below
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from congvu.classify import AddressPolicy
from congvu.extract import ppocr
from congvu.scan import document
from congvu.settings import Config, Limits

FILES = Path(__file__).resolve().parents[1] / "corpus" / "real" / "files"
# dev scans whose number or date is handwritten (one page each is enough: only page 1 matters)
DEFAULT = ("g28-0007.pdf", "g53-0006.pdf", "g45-0017.jpg", "g29-0008.pdf")


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _scan(paths: list[Path], policy: AddressPolicy, limits: Limits) -> tuple[float, int, int]:
    start, numbers, dates = _cpu(), 0, 0
    for path in paths:
        meta = document.scan_bytes(path.read_bytes(), path.name, policy, limits).metadata
        numbers += meta is not None and meta.number is not None
        dates += meta is not None and meta.date is not None
    return _cpu() - start, numbers, dates


def main() -> None:
    base = [Path(a) for a in sys.argv[1:]] or [FILES / name for name in DEFAULT]
    policy = AddressPolicy.from_config(Config())
    limits = Limits(ocr_max_pages=1)  # page 1 only: the header is the question here
    wall = time.monotonic()
    cpu = _cpu()
    ppocr._engine()
    print(
        f"PP-OCR engine load: {_cpu() - cpu:.1f} s CPU, {time.monotonic() - wall:.1f} s wall (once a process)"
    )
    real = ppocr.available
    for times in (1, 2, 4):
        paths = base * times
        ppocr.available.cache_clear()
        ppocr.available = lambda: False  # type: ignore[method-assign]
        off, n_off, d_off = _scan(paths, policy, limits)
        ppocr.available = real  # type: ignore[method-assign]
        on, n_on, d_on = _scan(paths, policy, limits)
        print(
            f"{len(paths):3d} files: without PP-OCR {off:6.1f} s CPU (numbers {n_off}, dates {d_off}); "
            f"with {on:6.1f} s (numbers {n_on}, dates {d_on}); +{(on - off) / len(paths):.2f} s a file"
        )


if __name__ == "__main__":
    main()
