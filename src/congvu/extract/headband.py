"""Page 1's header band read again, for a scan whose number or date the first OCR lost.

Handwritten numbers and days are what Tesseract loses most on scanned letters. The band (the top
third: issuer | motto, number | place and date) is rendered once, sharper, and read by up to two
more readers, each only when the judge still wants it (`congvu.judge.reread`: page 1 OCR'd, a
header, its number or date empty), so a file whose header was read pays nothing:

- Tesseract again at 4/3 the resolution (about a third of the page's first OCR);
- PP-OCR (`congvu.extract.ppocr`), an independent engine that reads handwritten digits far better
  and Vietnamese letters far worse (about 1.5 s of CPU for the band).

What the judge believes of either read is its own affair (`congvu.judge.reread`).
"""

from __future__ import annotations

import contextlib
import importlib
from dataclasses import dataclass, field

from PIL import Image

from congvu.extract import ocr, ppocr
from congvu.model import ExtractError
from congvu.settings import Limits

BAND_SHARE = 0.3  # the header: issuer | motto, number | place and date, the type name
RESCALE = 4 / 3  # 300 dpi → 400 dpi: handwriting's thin strokes survive Tesseract's binarisation
PP_MIN_SECONDS = 5.0  # PP-OCR cannot be interrupted: started only with this much time left
# Format → module whose `header_band(data, limits, *, share, rescale)` renders the band.
_READERS = {"pdf": "pdf", "image": "image"}


@dataclass(slots=True)
class Band:
    """Page 1's header band of one file, rendered on first use and read by each engine at most once."""

    data: bytes
    fmt: str
    limits: Limits
    _image: tuple[Image.Image, int | None] | None = None
    _failed: bool = False
    _reads: dict[str, str | None] = field(default_factory=dict)

    def _render(self) -> tuple[Image.Image, int | None] | None:
        if self._image is None and not self._failed:
            module = _READERS.get(self.fmt)
            if module is None or not self.limits.ocr_enabled:
                self._failed = True
                return None
            render = importlib.import_module(f"congvu.extract.{module}").header_band
            try:
                self._image = render(self.data, self.limits, share=BAND_SHARE, rescale=RESCALE)
            except ExtractError:
                self._failed = True
        return self._image

    def tesseract(self, timeout: float) -> str | None:
        """Tesseract's read of the band, or None when there is no page, OCR is off, there is no
        time left or the read fails (the first read then stands alone)."""
        if "tesseract" not in self._reads:
            self._reads["tesseract"] = None
            image = (
                self._render()
                if timeout >= 1 and ocr.tesseract_available(self.limits.ocr_languages)
                else None
            )
            if image is not None:
                with contextlib.suppress(ExtractError):  # OcrTimeout included
                    self._reads["tesseract"] = ocr.ocr_image(
                        image[0], self.limits, dpi=image[1], timeout=timeout, seal_below=None
                    )
        return self._reads["tesseract"]

    def pp(self, timeout: float) -> str | None:
        """PP-OCR's lines of the band, or None as for `tesseract` (and when PP-OCR is not installed)."""
        if "pp" not in self._reads:
            self._reads["pp"] = None
            image = self._render() if timeout >= PP_MIN_SECONDS and ppocr.available() else None
            if image is not None:
                with contextlib.suppress(ExtractError):
                    self._reads["pp"] = ppocr.read_lines(image[0])
        return self._reads["pp"]


def band_text(data: bytes, fmt: str, limits: Limits, timeout: float) -> str | None:
    """Tesseract's read of page 1's header band (`Band.tesseract`), for a caller with one question."""
    return Band(data, fmt, limits).tesseract(timeout)
