"""OCR with the Tesseract command-line tool (Debian `tesseract-ocr` + `tesseract-ocr-vie`).

A subprocess rather than a binding: it needs no compiled Python package, a runaway page can be
killed by a timeout, and a crash in Tesseract cannot take the worker process down with it.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import unicodedata
from functools import lru_cache

from PIL import Image, ImageChops

from congvu.model import ExtractError
from congvu.settings import Limits

PACKAGES = "tesseract-ocr tesseract-ocr-vie"
DEBIAN_LANG_PACKAGE = "tesseract-ocr-{lang}"
# Text smaller than this (longest side, in pixels) is upscaled: Tesseract reads poorly below
# about 20 px of letter height, which phone screenshots and faxes often are.
UPSCALE_BELOW = 1500
BYTES_PER_PIXEL_BUDGET = 20
# A pixel whose red exceeds both green and blue by more than this is seal ink (0-255 scale).
SEAL_RED = 60
SEAL_BELOW = 0.3  # the page's top share left as it is (the header band, headband.BAND_SHARE)
# OCR of one file may use this share of limits.max_seconds. The rest is left to judge the pages
# read so far: a long scan then loses its last pages (said in a warning), never its header, where
# the per-file alarm (runner) would otherwise throw away everything read.
OCR_SHARE = 0.8  # grayscale copy + Tesseract's own binarised/scaled copies, with room


class OcrTimeout(ExtractError):
    """Tesseract ran past its time; callers decide whether the rest of the file is still useful."""


def _binary() -> str | None:
    return shutil.which("tesseract")


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Language packs Tesseract can load (empty when Tesseract itself is missing)."""
    exe = _binary()
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, env=_env()
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # The first line is a heading ("List of available languages in ...:").
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def tesseract_available(languages: str = "vie+eng") -> bool:
    """True when the tesseract binary and every language in `languages` ("vie+eng") are installed."""
    return _binary() is not None and not _missing(languages)


def _missing(languages: str) -> list[str]:
    have = installed_languages()
    return [lang for lang in languages.split("+") if lang and lang not in have]


def require_tesseract(languages: str) -> None:
    """Fail with the names of the Debian packages to install, not with a bare FileNotFoundError."""
    if _binary() is None:
        raise ExtractError(f"OCR needs Tesseract, which is not installed (Debian packages: {PACKAGES})")
    missing = _missing(languages)
    if missing:
        pkgs = " ".join(DEBIAN_LANG_PACKAGE.format(lang=lang) for lang in missing)
        raise ExtractError(
            f"OCR needs the Tesseract language data {', '.join(missing)!s} (Debian packages: {pkgs})"
        )


def max_pixels(limits: Limits) -> int:
    """Largest image OCR is attempted on, so a poster-sized page cannot exhaust the worker's memory."""
    return max(1_000_000, limits.max_memory_bytes // BYTES_PER_PIXEL_BUDGET)


def deadline(limits: Limits) -> float:
    """`time.monotonic()` value past which a file's OCR starts no page (see OCR_SHARE)."""
    return time.monotonic() + limits.max_seconds * OCR_SHARE


def _env() -> dict[str, str]:
    # One worker process per core already; Tesseract's OpenMP threads would oversubscribe them.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def prepare(
    img: Image.Image, *, seal_below: float | None = None, seal: Image.Image | None = None
) -> Image.Image:
    """Grayscale on white, upscaled if small; Tesseract does its own (better) binarisation. The red
    seal's ink (`seal`, else found in a colour `img` below its top `seal_below`) is turned white."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # Transparent pixels would turn black in a plain conversion and hide dark text.
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    if img.mode.startswith("I;16"):
        # 16-bit scans: a plain conversion clips everything above 255 to white.
        img = img.convert("I").point(lambda v: v / 256)
    gray = img.convert("L")
    if seal is None and seal_below is not None and img.mode in ("RGB", "RGBA", "P", "CMYK"):
        seal = seal_mask(img, seal_below)
    if seal is not None and seal.size == gray.size:
        gray.paste(255, mask=seal)
    if 0 < max(gray.size) < UPSCALE_BELOW:
        gray = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.LANCZOS)
    return gray


def seal_mask(img: Image.Image, below: float = SEAL_BELOW) -> Image.Image:
    """Where the red seal's ink lies on a colour page (255), below the top `below` of it.

    A Vietnamese document's round red seal lies over the signer's title and typed name; in plain
    grayscale it is as dark as the text, and Tesseract takes the whole signature block for a
    picture and reads nothing of it (corpus g45-0005: "Huỳnh Hữu Trí" under the seal). Black print
    stays black in every channel and blue ink is not red, so only the seal goes. The header band
    (the top `SEAL_BELOW`, `headband.BAND_SHARE`) keeps its plain reading: its red is the register's
    "ĐẾN" stamp and numbering stamps around handwritten numbers, and whitening it changed numbers
    read there both ways on dev."""
    r, g, b = img.convert("RGB").split()
    mask = ImageChops.subtract(r, ImageChops.lighter(g, b)).point(lambda v: 255 if v > SEAL_RED else 0)
    top = round(mask.height * below)
    if top > 0:
        mask.paste(0, (0, 0, mask.width, min(top, mask.height)))
    return mask


def _command(exe: str, languages: str, dpi: int | None) -> list[str]:
    # --psm 3: automatic page segmentation (columns, header blocks) without orientation detection.
    return [exe, "stdin", "stdout", "-l", languages, "--psm", "3", *(["--dpi", str(dpi)] if dpi else [])]


def clean_text(raw: str) -> str:
    """NFC, no form feed, no blank lines: line N of the result is the Nth text line of the page."""
    text = unicodedata.normalize("NFC", raw.replace("\f", ""))
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def ocr_image(
    img: Image.Image,
    limits: Limits,
    *,
    dpi: int | None = None,
    timeout: float | None = None,
    seal_below: float | None = SEAL_BELOW,
    seal: Image.Image | None = None,
) -> str:
    """The text Tesseract reads in `img`, one line per text line.

    `dpi` is the image's real resolution when known (Tesseract's layout analysis uses it);
    `timeout` defaults to the whole file's budget, limits.max_seconds. The seal's ink is turned
    white below `seal_below` of a colour image, or where `seal` says (`prepare`); a header band
    passes None.
    """
    require_tesseract(limits.ocr_languages)
    w, h = img.size
    if w * h > max_pixels(limits):
        raise ExtractError(f"image of {w}×{h} pixels is too large to OCR (limits.max_memory_mb)")
    gray = prepare(img, seal_below=seal_below, seal=seal)
    if gray.size != img.size and dpi:
        dpi = dpi * gray.width // max(1, w)
    buf = io.BytesIO()
    gray.save(buf, "PNG", compress_level=1, dpi=(dpi, dpi) if dpi else None)
    cmd = _command(_binary() or "tesseract", limits.ocr_languages, dpi)
    seconds = limits.max_seconds if timeout is None else timeout
    try:
        done = subprocess.run(
            cmd, input=buf.getvalue(), capture_output=True, timeout=max(1.0, seconds), env=_env()
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrTimeout(f"OCR took longer than {seconds:.0f} s (limits.max_seconds)") from exc
    except OSError as exc:
        raise ExtractError(f"could not run Tesseract: {exc} (Debian packages: {PACKAGES})") from exc
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExtractError(f"Tesseract failed: {err[-1] if err else f'exit status {done.returncode}'}")
    return clean_text(done.stdout.decode("utf-8", "replace"))
