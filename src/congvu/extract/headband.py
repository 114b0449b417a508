"""Page 1's header band OCR'd once more, sharper, for a scan whose number or date the first OCR lost.

Handwritten numbers and days are what Tesseract loses most on scanned letters; a second read of
the header alone at a higher resolution reads some of them. It is run only when the judge asks
(`congvu.judge.reread.wanted`: page 1 OCR'd, a header, its number or date empty), so a file whose
header was read pays nothing; the band is a third of the page, so one re-read costs about a third
of the page's first OCR at 4/3 the resolution. What the judge believes of it is its own affair
(`congvu.judge.reread.confirm`).
"""

from __future__ import annotations

import importlib

from congvu.extract import ocr
from congvu.model import ExtractError
from congvu.settings import Limits

BAND_SHARE = 0.3  # the header: issuer | motto, number | place and date, the type name
RESCALE = 4 / 3  # 300 dpi → 400 dpi: handwriting's thin strokes survive Tesseract's binarisation
# Format → module whose `header_band(data, limits, *, share, rescale, timeout)` renders and OCRs it.
_READERS = {"pdf": "pdf", "image": "image"}


def band_text(data: bytes, fmt: str, limits: Limits, timeout: float) -> str | None:
    """The OCR text of page 1's header band, or None when the format has no page to render, OCR
    is off, there is no time left, or the read fails (the first read then stands alone)."""
    module = _READERS.get(fmt)
    if module is None or not limits.ocr_enabled or timeout < 1:
        return None
    if not ocr.tesseract_available(limits.ocr_languages):
        return None
    reader = importlib.import_module(f"congvu.extract.{module}").header_band
    try:
        text: str = reader(data, limits, share=BAND_SHARE, rescale=RESCALE, timeout=timeout)
    except ExtractError:  # OcrTimeout included: the first read stands
        return None
    return text
