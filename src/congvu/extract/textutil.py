"""Helpers shared by the text-like extractors: decoding bytes, cleaning text, paging, mailto links.

Decoding is the hard part for Vietnamese: the same bytes can be UTF-8, UTF-16, Windows-1258 or a
legacy font encoding (TCVN3, VNI). Each candidate is scored by how Vietnamese it reads, on a sample
only, so a 200 MB file is decoded once, not once per candidate.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import parse_qsl, unquote

from congvu.extract.legacy_vn import looks_vietnamese, tcvn3_to_unicode, vni_to_unicode
from congvu.model import ExtractError, Segment

SAMPLE_BYTES = 64 * 1024
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# control characters other than \t \n \f \r carry no text; \r is normalised separately
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff]")
# bytes that occur in text: everything but C0 controls (other than \t \n \f \r, and ESC/SUB) and DEL
_TEXT_BYTES = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in b"\t\n\f\r\x1a\x1b")
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


# A character reference with its semicolon ("&agrave;", "&#7897;", "&#x1EA1;"): HTML escaping that
# came along in a text file. Written without the semicolon, "&" is prose ("PGD&ĐT", "KH&CN").
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decoded(match: re.Match[str]) -> str:
    char = html.unescape(match.group(0))
    # a reference to a line break (any `clean_text` counts, "&#8232;" too) or a control would
    # move the lines findings are counted by
    return match.group(0) if _NEWLINES.search(char) or any(ord(c) < 32 for c in char) else char


def decode_references(text: str) -> str:
    """`text` with its HTML character references decoded.

    A page's source saved as text, a CMS list exported to CSV, a template: their Vietnamese is often
    escaped ("Sở Kế hoạch v&agrave; Đầu tư", "C&ocirc;ng ty"), and the judge, which reads names
    and cue words, would see them cut at every "&". Unknown names stay as written (`html.unescape`)."""
    if "&" not in text or ";" not in text:
        return text
    return _REFERENCE.sub(_decoded, text)


_ESCAPED_BREAK = re.compile(r"(?<!\\)\\(?:r\\n|[nrt])")


def blank_escapes(text: str) -> str:
    """`text` with the string escapes of line breaks and tabs ("\\n", "\\r\\n", "\\t" written as a
    backslash and a letter) turned into spaces of the same width.

    A JSON record or a script saved as text (a procurement portal's export, an app's data file)
    keeps its strings' breaks escaped: "… quốc gia\\nGửi tài liệu … về địa chỉ: X" would be read as
    the word "nGửi", and the direction cue lost. Blanks, not line breaks: the lines findings are
    counted by stay the file's own."""
    if "\\" not in text:
        return text
    return _ESCAPED_BREAK.sub(lambda m: " " * len(m.group(0)), text)


def clean_text(text: str) -> str:
    """NFC, '\\n' line ends, no control characters: the form every segment's text is in."""
    text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one byte parity only (ASCII-heavy UTF-16 text)."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.2 and zeros_even < 0.02:
        return "utf-16-le"
    if zeros_even > 0.2 and zeros_odd < 0.02:
        return "utf-16-be"
    return None


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="replace")


# 8-bit candidates: name -> full decoder. Order breaks ties (Windows-1258 is the honest default).
EIGHT_BIT: dict[str, Callable[[bytes], str]] = {
    "windows-1258": lambda b: unicodedata.normalize("NFC", b.decode("cp1258", errors="replace")),
    "tcvn3": lambda b: tcvn3_to_unicode(_cp1252(b)),
    "vni": lambda b: vni_to_unicode(_cp1252(b)),
}


def _sample(data: bytes) -> bytes:
    """The first SAMPLE_BYTES, cut at a line end so no character is split."""
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = data.rfind(b"\n", 0, SAMPLE_BYTES)
    return data[: cut if cut > 0 else SAMPLE_BYTES]


def _charset_normalizer_guess(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes; return (text, encoding name). Raises ExtractError for binary data.

    Order: BOM, a declared charset that decodes cleanly (UTF-8 only if valid), strict UTF-8,
    BOM-less UTF-16, then the best-scoring 8-bit reading (Windows-1258, TCVN3, VNI; any other
    charset charset-normalizer proposes when none of them reads as Vietnamese).
    """
    if not data:
        raise ExtractError("empty file")
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace"), bom
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = None
        if name and name != "utf-8" and not name.startswith(("utf-16", "utf-32")):
            # a declared 8-bit charset: legacy-font pages declare windows-1252 anyway,
            # so the caller runs fix_legacy on the text.
            return data.decode(name, errors="replace"), name
    sample = _sample(data)
    utf16 = utf16_without_bom(sample)  # before UTF-8: ASCII in UTF-16 is valid UTF-8 with NULs
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if len(sample.translate(None, _TEXT_BYTES)) > len(sample) // 20:
        raise ExtractError("binary data, not text")
    scores = {name: looks_vietnamese(decode(sample)) for name, decode in EIGHT_BIT.items()}
    best = max(scores, key=lambda n: scores[n])
    if scores[best] < 0.3:
        guess = _charset_normalizer_guess(sample)
        if guess and codecs.lookup(guess).name not in {"utf-8", "cp1258"}:
            return data.decode(guess, errors="replace"), guess
    return EIGHT_BIT[best](data), best


# The judge keeps a few words of bookkeeping per character of a segment it finds an address in:
# a 190 MB text as one segment needs gigabytes. Longer pages are cut at paragraph (else line)
# breaks into pieces of about this many characters, so its memory stays proportional to the file.
CHUNK_CHARS = 1 << 20


def chunked(text: str, limit: int = CHUNK_CHARS) -> list[tuple[str, int]]:
    """(piece, 0-based line offset) pairs covering `text`, each at most about `limit` characters,
    cut after a blank line when there is one in the second half of the window, else after a line."""
    if len(text) <= limit:
        return [(text, 0)]
    out: list[tuple[str, int]] = []
    start, line = 0, 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            half = start + limit // 2
            cut = text.rfind("\n\n", half, end)
            cut = cut + 2 if cut >= 0 else text.rfind("\n", half, end) + 1
            end = cut if cut > start else end
        out.append((text[start:end], line))
        line += text.count("\n", start, end)
        start = end
    return out


def paged_segments(
    text: str, kind: str = "body", part: str | None = None
) -> tuple[list[Segment], int | None]:
    """One segment per form-feed page (pages 1..n), else one segment with page None; a page
    longer than `CHUNK_CHARS` comes as several segments, each with the line it starts on.

    Returns (segments, page count or None). A trailing form feed does not start an empty page.
    """
    if "\f" not in text:
        pages: list[str] = [text]
    else:
        pages = text.split("\f")
        if len(pages) > 1 and not pages[-1].strip():
            pages.pop()
    numbered = "\f" in text
    segments = [
        Segment(text=piece, page=number if numbered else None, line=1 + offset, kind=kind, part=part)
        for number, page in enumerate(pages, start=1)
        for piece, offset in chunked(page)
    ]
    return segments, len(pages) if numbered else None


_MAILTO = re.compile(r"^\s*mailto:", re.IGNORECASE)
_RECIPIENT_FIELDS = {"to", "cc", "bcc"}


def parse_mailto(href: str) -> list[str]:
    """Recipients of a mailto: URL (path and to/cc/bcc fields), percent-decoded; [] if not mailto."""
    if not _MAILTO.match(href):
        return []
    rest = _MAILTO.sub("", href, count=1)
    path, _, query = rest.partition("?")
    found = [unquote(p).strip() for p in path.split(",")]
    for key, value in parse_qsl(query, keep_blank_values=False):
        if key.lower() in _RECIPIENT_FIELDS:
            found.extend(v.strip() for v in value.split(","))
    return [clean_text(a) for a in found if a]


# In a page's source read as text: the protected address's element and the placeholder the browser's
# script replaces ("<span class="__cf_email__" data-cfemail="…">[email&#160;protected]</span>"), and
# a link to the script's address.
_CFEMAIL_ELEMENT = re.compile(
    r"""(data-cfemail\s*=\s*["']?)([0-9a-fA-F]{4,})(["']?[^<>]{0,300}>)\s*\[email(?:&#160;|\s)protected\]"""
)
# the decoding script's address, and the protected address after its "#" (a site copier saves it as
# "email-protection.html#…")
CFEMAIL_SCRIPT = r"/cdn-cgi/l/email-protection(?:\.html?)?#([0-9a-fA-F]{4,})"
_CFEMAIL_LINK = re.compile(r"""(?<=["'])[^"'<>\s]{0,200}""" + CFEMAIL_SCRIPT)


def decode_cfemail(hexdata: str) -> str | None:
    """Cloudflare's e-mail obfuscation: the first byte is a key XORed over the rest."""
    try:
        raw = bytes.fromhex(hexdata)
    except ValueError:
        return None
    if len(raw) < 2:
        return None
    return bytes(b ^ raw[0] for b in raw[1:]).decode("utf-8", errors="replace")


def reveal_cfemail(source: str) -> str:
    """A page's source with Cloudflare's protected addresses shown where the browser shows them:
    the placeholder "[email protected]" becomes the address and a link to the decoding script a
    mailto: link. For a page's source kept as text (a CMS export, a site copy saved as .txt), whose
    addresses are otherwise only hexadecimal."""
    if "cfemail" not in source and "email-protection" not in source:
        return source

    def element(m: re.Match[str]) -> str:
        address = decode_cfemail(m.group(2))
        return f"{m.group(1)}{m.group(2)}{m.group(3)}{address}" if address else m.group(0)

    def link(m: re.Match[str]) -> str:
        address = decode_cfemail(m.group(1))
        return f"mailto:{address}" if address else m.group(0)

    return _CFEMAIL_LINK.sub(link, _CFEMAIL_ELEMENT.sub(element, source))
