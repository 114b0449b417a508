"""Images (scans, phone photos, faxes): every frame OCR'd, since an image has no text layer.

The size check runs on the header, before any pixel is decoded, so a decompression bomb costs
nothing; a file Pillow cannot decode is the user's error, reported as such.
"""

from __future__ import annotations

import io
import time
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from congvu.extract import ocr
from congvu.model import ExtractError, Extraction, Segment
from congvu.settings import Limits


def _open(data: bytes, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Our own pixel limit applies below; Pillow's warning would only duplicate it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ExtractError(f"image too large: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ExtractError(f"not a readable image: {exc}") from exc
    _check_size(img, limits)
    return img


def _check_size(img: Image.Image, limits: Limits) -> None:
    w, h = img.size
    cap = ocr.max_pixels(limits)
    if w * h > cap:
        raise ExtractError(
            f"image is {w}×{h} pixels ({w * h / 1e6:.0f} megapixels); the limit is "
            f"{cap / 1e6:.0f} megapixels (limits.max_memory_mb)"
        )


def _frame_dpi(img: Image.Image) -> int | None:
    """The resolution the file declares, if plausible (many cameras write 72 or nothing)."""
    dpi = img.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        return None
    return value if 100 <= value <= 1200 else None


def _load_frame(img: Image.Image, index: int, limits: Limits) -> Image.Image:
    """Frame `index`, decoded and turned upright (phone photos carry their rotation in EXIF)."""
    try:
        img.seek(index)
        _check_size(img, limits)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img.load()
            frame = ImageOps.exif_transpose(img) or img
            return frame.copy() if frame is img else frame
    except Image.DecompressionBombError as exc:
        raise ExtractError(f"image too large: {exc}") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ExtractError(f"damaged image (frame {index + 1}): {exc}") from exc


def extract(data: bytes, limits: Limits) -> Extraction:
    """One OCR segment per frame (page = frame + 1); multi-page TIFFs are multi-page scans."""
    deadline = ocr.deadline(limits)
    img = _open(data, limits)
    with img:
        frames = getattr(img, "n_frames", 1)
        out = Extraction(pages=frames)
        if not limits.ocr_enabled:
            out.warnings.append("OCR disabled: the image was not read")
            return out
        ocr.require_tesseract(limits.ocr_languages)
        todo = min(frames, limits.ocr_max_pages)
        if frames > todo:
            why = f"limits.ocr_max_pages = {limits.ocr_max_pages}"
            out.warnings.append(f"{frames - todo} of {frames} frames not OCR'd ({why})")
        for index in range(todo):
            remaining = deadline - time.monotonic()
            if remaining < 1:
                out.warnings.append(f"frames {index + 1}–{frames} not OCR'd: time limit (limits.max_seconds)")
                break
            frame = _load_frame(img, index, limits)
            try:
                text = ocr.ocr_image(frame, limits, dpi=_frame_dpi(frame), timeout=remaining)
            except ocr.OcrTimeout as exc:
                if index == 0:
                    raise
                out.warnings.append(f"frames {index + 1}–{frames} not OCR'd: {exc}")
                break
            out.ocr_pages += 1
            if text:
                out.segments.append(Segment(text, page=index + 1, kind="ocr", ocr=True))
        return out


def header_band(
    data: bytes, limits: Limits, *, share: float, rescale: float
) -> tuple[Image.Image, int | None]:
    """The top `share` of the first frame (its header, both columns), upscaled by `rescale`, with
    its resolution when the file says it (`congvu.extract.headband` OCRs it)."""
    img = _open(data, limits)
    with img:
        frame = _load_frame(img, 0, limits)
        dpi = _frame_dpi(frame)
        band = frame.crop((0, 0, frame.width, max(1, round(frame.height * share))))
        size = (round(band.width * rescale), round(band.height * rescale))
        if size[0] * size[1] <= ocr.max_pixels(limits):
            band = band.convert("L").resize(size, Image.Resampling.LANCZOS)
            dpi = round(dpi * rescale) if dpi else None
        return band, dpi
