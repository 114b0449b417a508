"""Plain-text files: decode (UTF-8/16, Windows-1258, TCVN3, VNI), HTML character references
(a page's source or a CMS export saved as text) and Cloudflare's protected addresses in such a
source, escaped line breaks blanked (a JSON record saved as text), NFC, one segment per page.

Form feeds are the only page structure a .txt has (printers and `pdftotext` output use them).
"""

from __future__ import annotations

from congvu.extract.legacy_vn import fix_legacy
from congvu.extract.textutil import (
    blank_escapes,
    clean_text,
    decode_bytes,
    decode_references,
    paged_segments,
    reveal_cfemail,
)
from congvu.model import ExtractError, Extraction
from congvu.settings import Limits


def extract(data: bytes, limits: Limits) -> Extraction:
    if not data:
        raise ExtractError("empty file")
    if len(data) > limits.max_file_bytes:
        raise ExtractError(f"file too large ({len(data)} bytes, limit {limits.max_file_bytes})")
    text, encoding = decode_bytes(data)
    text = clean_text(blank_escapes(reveal_cfemail(decode_references(text))))
    if encoding in {"utf-8", "utf-8-sig", "windows-1258"}:
        # a TCVN3 paragraph pasted into a UTF-8 file still shows up as Latin-1 gibberish
        text = fix_legacy(text)
    segments, pages = paged_segments(text)
    warnings = [] if encoding.startswith("utf") else [f"decoded as {encoding}"]
    return Extraction(segments=segments, pages=pages, warnings=warnings)
