"""OCR cost per scanned page: grayscale rendering (before) against colour with the seal removed (after).

    uv run python bench/bench_ocr_pages.py [--files g45-0005,g45-0006,g45-0007] [--repeat 2]

Real scanned PDFs of the corpus (`corpus/real/files/`) are read by `congvu.extract.pdf.extract`, the
two ways alternating in one run: "before" renders each page in grayscale and hands it to Tesseract
as it is (congvu before the seal step); "after" also renders each page in colour to find the red
seal's ink and turns it white below the header band (`ocr.seal_mask`). CPU seconds of this process
and of its Tesseract children, per page, best of `--repeat`; and how many of the files' labelled
signers each way's text holds (the point of the step). Run with 1, 2, 4 … files to see the cost
grow with the pages.
"""

from __future__ import annotations

import argparse
import json
import resource
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from congvu.extract import ocr, pdf
from congvu.settings import Limits

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "real"
DEFAULT = "g45-0005,g45-0006,g45-0007,g45-0009,g45-0010,g45-0011"


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


@contextmanager
def _before() -> Iterator[None]:
    """congvu before the seal step: no seal mask (and the page's second, colour rendering made in
    grayscale, so "before" pays one cheap extra rendering per page: a slight overestimate)."""
    render, mask = pdfium.PdfPage.render, ocr.seal_mask

    def gray_render(self: pdfium.PdfPage, **kw: Any) -> pdfium.PdfBitmap:
        return render(self, **{**kw, "grayscale": True})

    pdfium.PdfPage.render = gray_render
    ocr.seal_mask = lambda *_a, **_k: None
    try:
        yield
    finally:
        pdfium.PdfPage.render = render
        ocr.seal_mask = mask


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s.casefold()) if not unicodedata.combining(c))


def _run(files: list[tuple[bytes, str]], limits: Limits) -> tuple[float, int, int]:
    """CPU seconds, OCR'd pages, labelled signers found in the text."""
    start, pages, found = _cpu(), 0, 0
    for data, signer in files:
        out = pdf.extract(data, limits)
        pages += out.ocr_pages
        text = _fold("\n".join(s.text for s in out.segments))
        found += bool(signer) and _fold(signer) in text
    return _cpu() - start, pages, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default=DEFAULT, help="corpus item ids (scanned PDFs)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    files = []
    for ident in args.files.split(","):
        item = json.loads((CORPUS / "items" / f"{ident}.json").read_text(encoding="utf-8"))
        signer = (item["labels"].get("header") or {}).get("signer") or ""
        files.append(((CORPUS / item["file"]).read_bytes(), signer))
    limits = Limits()
    best: dict[str, tuple[float, int, int]] = {}
    for _ in range(args.repeat):
        for name in ("before", "after"):
            if name == "before":
                with _before():
                    got = _run(files, limits)
            else:
                got = _run(files, limits)
            if name not in best or got[0] < best[name][0]:
                best[name] = got
    labelled = sum(1 for _, s in files if s)
    for name, (cpu, pages, found) in best.items():
        print(
            f"{name:6}  files {len(files)}  OCR'd pages {pages}  CPU {cpu:.1f} s  "
            f"{cpu / max(pages, 1):.2f} s/page  signers in the text {found} of {labelled}"
        )


if __name__ == "__main__":
    main()
