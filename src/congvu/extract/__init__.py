"""Extractors: one module per format, each `extract(data: bytes, limits: Limits) -> Extraction`.

This file is the one place that maps a format to its module. Modules are imported lazily so a
scan of text files never loads PDFium, and a missing optional tool only affects its own format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from congvu.model import ExtractError, Extraction
from congvu.settings import Limits

ExtractFn = Callable[[bytes, Limits], Extraction]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    module: str  # congvu.extract.<module>.extract
    magic: tuple[bytes, ...] = ()  # leading bytes a real file of this format starts with (empty: any)
    # how far into the file the magic may stand: PDF readers (Acrobat, pdfium, poppler) look for
    # "%PDF" in the first 1024 bytes, and scanners' and mail gateways' files do carry bytes before it
    magic_reach: int = 0


FORMATS: tuple[Format, ...] = (
    Format("txt", (".txt", ".text", ".csv", ".md"), "txt"),
    Format("pdf", (".pdf",), "pdf", (b"%PDF",), magic_reach=1024),
    Format("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"), "image"),
    Format("docx", (".docx", ".docm", ".dotx"), "docx", (b"PK\x03\x04",)),
    Format("doc", (".doc", ".dot"), "doc", (b"\xd0\xcf\x11\xe0",)),
    Format("odt", (".odt", ".ott"), "odt", (b"PK\x03\x04",)),
    Format("rtf", (".rtf",), "rtf", (b"{\\rtf",)),
    Format("html", (".html", ".htm", ".xhtml"), "html"),
    Format("eml", (".eml", ".msg822"), "eml"),
    Format("zip", (".zip",), "zip", (b"PK\x03\x04", b"PK\x05\x06")),
)

_BY_EXT = {ext: fmt for fmt in FORMATS for ext in fmt.extensions}
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def format_for(name: str) -> Format | None:
    """The format a file name says it has, or None if congvu does not read that kind of file."""
    return _BY_EXT.get(PurePath(name).suffix.lower())


def sniff(data: bytes) -> Format | None:
    """Guess a format from content, for attachments whose name says nothing useful."""
    head = data[:8]
    if _has_magic(data, _BY_NAME["pdf"]):
        return _BY_NAME["pdf"]
    if head.startswith(b"{\\rtf"):
        return _BY_NAME["rtf"]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _BY_NAME["doc"]
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")) or (
        head.startswith(b"RIFF") and data[8:12] == b"WEBP"
    ):
        return _BY_NAME["image"]
    if head.startswith(b"PK\x03\x04"):
        window = data[:4096]
        if b"word/" in window:
            return _BY_NAME["docx"]
        if b"opendocument.text" in window:
            return _BY_NAME["odt"]
        return _BY_NAME["zip"]
    lowered = data[:1024].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered:
        return _BY_NAME["html"]
    return None


def _has_magic(data: bytes, fmt: Format) -> bool:
    """Does the file open with one of the format's magic strings (within its reach)?"""
    if data.startswith(fmt.magic):
        return True
    return fmt.magic_reach > 0 and any(data.find(m, 0, fmt.magic_reach - 1 + len(m)) >= 0 for m in fmt.magic)


def get_extractor(fmt: Format) -> ExtractFn:
    module = importlib.import_module(f"congvu.extract.{fmt.module}")
    fn: ExtractFn = module.extract
    return fn


def extract(data: bytes, fmt: Format, limits: Limits) -> Extraction:
    """Check the file really is of its claimed format, then run its extractor."""
    if fmt.magic and not _has_magic(data, fmt):
        if not data:
            raise ExtractError("empty file")
        actual = sniff(data)
        hint = f" (looks like {actual.name.upper()})" if actual and actual is not fmt else ""
        raise ExtractError(f"not a valid {fmt.name.upper()} file{hint}")
    return get_extractor(fmt)(data, limits)
