"""RTF: striprtf for the text, with light pre-processing around it.

striprtf decodes `\\'xx` by the font's \\fcharset (falling back to \\ansicpgN) and `\\uN` with negative
N correctly, but it drops header/footer/footnote/text-box groups as "destinations", loses page
breaks, keeps hyperlink targets only by a fragile regex, and walks every character of embedded
pictures. So before calling it we: drop binary and hex picture data, cut those sub-document groups
out and convert each on its own (with the document's font table), turn \\page into a form feed, and
read mailto: targets of HYPERLINK fields from the raw RTF. Not a full RTF parser, on purpose.

Fonts declared \\fcharset0 are decoded as cp1252 even under \\ansicpg1258, as Word does; that is also
what makes TCVN3 text (.VnTime fonts are \\fcharset0) readable by `fix_legacy` afterwards.
"""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import rtf_to_text

from congvu.extract.legacy_vn import fix_legacy
from congvu.extract.textutil import clean_text, paged_segments, parse_mailto
from congvu.model import ExtractError, Extraction, Segment
from congvu.settings import Limits

SUBDOC_KINDS: dict[str, str] = {
    "header": "header", "headerl": "header", "headerr": "header", "headerf": "header",
    "footer": "footer", "footerl": "footer", "footerr": "footer", "footerf": "footer",
    "footnote": "footnote", "shptxt": "textbox",
}  # fmt: skip
_SUBDOC = re.compile(r"\{\s*(?:\\\*\s*)?\\(" + "|".join(SUBDOC_KINDS) + r")(?![a-zA-Z])")
_BRACE = re.compile(r"\\[\\{}]|[{}]")
_ANSICPG = re.compile(r"\\ansicpg(\d+)")
_DEFF = re.compile(r"\\deff\d+")
_FONTTBL = re.compile(r"\{\s*\\fonttbl")
_BIN = re.compile(r"\\bin(\d+) ?")
_HEX_RUN = re.compile(r"[0-9a-fA-F\r\n]{512,}")  # picture/object payloads; never prose
_PAGE = re.compile(r"\\page(?![a-zA-Z])(?:-?\d+)? ?")
_UNICODE = re.compile(r"\\u(-?)(\d+)")
_MAILTO = re.compile(r"""HYPERLINK\s+(?:\\\\[a-z]\s+)*"?\s*(mailto:[^"\s}{\\]+)""", re.IGNORECASE)


def _group_end(text: str, start: int) -> int:
    """Index of the '}' closing the group whose '{' is just before `start` (len(text) if none)."""
    depth = 1
    for m in _BRACE.finditer(text, start):
        token = m.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return m.start()
    return len(text)


def _drop_binary(text: str) -> str:
    """Remove \\binN payloads (raw bytes that may contain braces) and long hex dumps."""
    pieces: list[str] = []
    pos = 0
    for m in _BIN.finditer(text):
        if m.start() < pos:
            continue
        pieces.append(text[pos : m.start()])
        pos = m.end() + int(m.group(1))
    pieces.append(text[pos:])
    return _HEX_RUN.sub("", "".join(pieces))


def _sane_unicode(text: str) -> str:
    """Turn a `\\uN` no character has (past U+10FFFF, or below -65536) into U+FFFD.

    striprtf passes N to `chr`: one such escape, which no word processor writes, made the whole
    document unreadable (ValueError) or an internal error (OverflowError past a C int), hiding every
    address in it. Negative N is UTF-16 written signed, as Word does, and stays as it is.
    """

    def fix(m: re.Match[str]) -> str:
        digits = m.group(2)
        if len(digits) <= 7:
            value = -int(digits) if m.group(1) else int(digits)
            if -0x10000 <= value <= 0x10FFFF:
                return m.group(0)
        return "\\u65533"

    return _UNICODE.sub(fix, text)


def _split_subdocs(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut header/footer/footnote/text-box groups out; return (rest, [(kind, group content)])."""
    rest: list[str] = []
    groups: list[tuple[str, str]] = []
    pos = 0
    while m := _SUBDOC.search(text, pos):
        end = _group_end(text, m.end())
        rest.append(text[pos : m.start()])
        groups.append((SUBDOC_KINDS[m.group(1)], text[m.end() : end]))
        pos = end + 1
    rest.append(text[pos:])
    return "".join(rest), groups


def _prolog(text: str) -> str:
    """`{\\rtf1` with the code page, default font and font table, to convert a group on its own."""
    parts = ["{\\rtf1\\ansi"]
    if cp := _ANSICPG.search(text[:4096]):
        parts.append(cp.group())
    if deff := _DEFF.search(text[:4096]):
        parts.append(deff.group())
    if table := _FONTTBL.search(text):
        parts.append(text[table.start() : _group_end(text, table.end()) + 1])
    return "".join(parts)


def _encoding(text: str) -> str:
    m = _ANSICPG.search(text[:4096])
    name = f"cp{m.group(1)}" if m else "cp1252"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


def _to_text(rtf: str, encoding: str) -> str:
    try:
        raw = rtf_to_text(rtf, encoding=encoding, errors="replace")
    except (LookupError, ValueError, IndexError, OverflowError) as exc:
        raise ExtractError(f"unreadable RTF: {exc}") from exc
    text = clean_text(raw)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return fix_legacy("\f".join(page.strip() for page in text.split("\f")))


def extract(data: bytes, limits: Limits) -> Extraction:
    if not data.strip():
        raise ExtractError("empty file")
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ExtractError("not an RTF document")
    source = data.decode("latin-1")  # RTF is 7-bit; stray 8-bit bytes keep their value
    encoding = _encoding(source)
    links = [
        Segment(text=address, kind="link")
        for m in _MAILTO.finditer(source)
        for address in parse_mailto(m.group(1))
    ]
    source = _sane_unicode(_PAGE.sub("\\f", _drop_binary(source)))
    body, groups = _split_subdocs(source)
    prolog = _prolog(body)
    segments, pages = paged_segments(_to_text(body, encoding))
    for kind, content in groups:
        text = _to_text(prolog + "{" + content + "}}", encoding)
        if text.strip():
            segments.append(Segment(text=text, kind=kind))
    segments.extend(links)
    return Extraction(segments=segments, pages=pages)
