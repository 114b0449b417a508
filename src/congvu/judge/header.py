"""Parse the Nghị định 30/2020 header of a document from its first page's text.

Text extraction scrambles headers: the two-column block (issuer | national motto) comes out
interleaved line by line or side by side on one line, OCR drops tone marks and sprinkles stray
marks ("SCB gđ hđ", "24"), legacy-font converters lowercase capitals. Every pattern therefore
runs on a folded copy (see `text.fold`) and quotes the original characters back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import overload

from congvu.judge.datefind import find_place_date, first_date
from congvu.judge.headjoin import rejoin
from congvu.judge.issuer import (
    LEGAL_TYPE_NAMES,
    MOTTO,
    complete_bare,
    find_issuer,
    is_bare,
    is_type_name,
    qualified,
    respelled,
    with_page_marks,
    with_tones,
)
from congvu.judge.portal import portal_fields
from congvu.judge.rows import unflatten_folded
from congvu.judge.signer import find_signer
from congvu.judge.stamp import stamp_lines
from congvu.judge.text import fold, is_upper_line, letters, nfc, squash
from congvu.judge.vocab import CONG_VAN, EXTRA_TYPE_NAMES, TYPE_CODES
from congvu.model import Metadata

HEADER_LINES = 40  # the header never runs past this many lines of the first page
RAW_HEAD_LINES = 80  # lines looked at for cut-up header cells (a portal's copy can take one per word)

# "Số: 01 /CT-UBND", "Số:01/QĐ-UBND", "Số 45/UBND-VP", "Số: 123/2024/QĐ-UBND"; OCR reads ố as 6/0/ô
# (or "é" before a colon, or drops it before the colon: "S: 2946/TLĐ-TC"), its S as "$" ("$6:245/TLĐ"),
# and the number's 0 and 1 after its first digit as o and l/i ("1O2", "2lo").
# The symbol is tokens joined by "-", "/" or ".": letters with "&" inside ("PGD&ĐT"), a term's
# digits after them ("UBTVQH14", "QH13") or a year ("TB-TS2022"); the party writes number-code/body
# ("Số 06-CT/TW").
_TOKEN = r"[a-z][a-z&]{0,11}[0-9]{0,4}"
_NUMBER = re.compile(
    r"(?<![a-z0-9$])[s$]\s?(?:[o06]|e(?=\s*:)|(?=:))\s*(?:[:.;,]\s*)?(?:ky hieu\s*[:.]?\s*)?"
    r"(?:(?P<no>\d[0-9oil]{0,4}(?![a-z])|\d{1,5}[a-z])\s*(?:/|[-–](?=\s*[a-z]))|(?<=[\s:.])/)\s*(?P<sym>(?:(?:19|20)\d\d\s*/\s*)?"
    rf"{_TOKEN}(?:(?:\s?[-–]\s?|\s?/\s?|\.){_TOKEN}){{0,4}})(?![a-z0-9&])"
)
# A line opening with "Số:" whose handwritten digits OCR read as marks ("Số: 2 4. /2023/QD-UBND",
# "S6:<8H /QĐ-UBND", "Số: £40/QD-UBND"): the number line is there, its number unknown.
_UNREAD_NUMBER = re.compile(
    r"^[\s|]*[s$]\s?(?:[o06e]|\S)?\s*[:;.,]\s*[^\s/]{1,5}(?:\s[^\s/]{1,3}){0,2}\s*/\s*"
    rf"(?P<sym>(?:(?:19|20)\d\d\s*/\s*)?{_TOKEN}(?:(?:\s?[-–]\s?|\s?/\s?|\.){_TOKEN}){{0,4}})(?![a-z0-9&])"
)
# One more capitalised token after a single space, then the cell's end: part of the symbol.
_SPACED_TAIL = re.compile(r" ([A-ZĐ]{2,6})(?=\s{2,}|\s*\||\s*$)")
# A type name before a lowercase "số" makes it the document's own number ("Nghị quyết số: 11-NQ/TW").
_TYPE_BEFORE = re.compile(r"^\s*(?P<name>[a-z ]{4,30}?)\s*$")
_SUBJECT_START = re.compile(r"^\s*(?:ve\s*viec|v\s*[/.]\s*v)\b\s*[:.]?\s*")
_STOP = re.compile(
    r"^\s*(?:kinh gui|can cu|thuc hien|xet de nghi|theo de nghi|chu tich|uy ban|ubnd|truong phong|"
    r"giam doc|noi nhan|dieu \d|[ivx]+\.|\d+[.)]|[-+•*]|[a-d]\))"
)
_FOLDED_CODES: dict[str, list[str]] = {}
for _code in TYPE_CODES:
    _FOLDED_CODES.setdefault(fold(_code), []).append(_code)
_TYPE_NAMES = {fold(n): n for n in (*TYPE_CODES.values(), *EXTRA_TYPE_NAMES, *LEGAL_TYPE_NAMES)}


class FoldedLines(Sequence[str]):
    """Folded copies of a page's lines, made on first use: the header parser reads only the top
    of the page, so the body lines below it are never folded."""

    def __init__(self, lines: list[str], known: list[str]) -> None:
        self._lines = lines
        self._folded: list[str | None] = [*known, *([None] * (len(lines) - len(known)))]

    def __len__(self) -> int:
        return len(self._lines)

    def _at(self, i: int) -> str:
        low = self._folded[i]
        if low is None:
            low = self._folded[i] = fold(self._lines[i])
        return low

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self._at(j) for j in range(*i.indices(len(self._lines)))]
        return self._at(i)


@dataclass(frozen=True, slots=True)
class _Number:
    number: str
    type_code: str | None
    line: int
    start: int
    end: int
    unsure: bool = False  # digits were there but could not be read (`_digits_unsure`)
    inline: bool = False  # "SỐ …" inside a sentence, not at a column's start: perhaps a citation


def canonical_type_code(written: str) -> str | None:
    """The glossary spelling of a type code, tolerant of case and lost diacritics (QD → QĐ)."""
    if written in TYPE_CODES:
        return written
    ci = [c for c in TYPE_CODES if c.casefold() == written.casefold()]
    if ci:
        return ci[0]
    folded = _FOLDED_CODES.get(fold(written).lower())
    return folded[0] if folded else None


# "S698 /TTr-CAT-PC04": OCR read the "ố" of "Số" as a digit glued to the number (a handwritten "298"
# written against the word): where the word ends and the number starts is unknown.
_OCR_DIGITS = str.maketrans("oil", "011")
_OCR_NO = re.compile(r"[0-9oil]+")
_GLUED_O = re.compile(r"[s$]\s?[06]$")


def _digits_unsure(match: re.Match[str], original: str) -> bool:
    """Digits glued to a misread "Số", or a letter with marks read as a digit ("Ở32": a handwritten
    9): the number is not known."""
    no = match.start("no")
    if no < 0:
        return False
    return (
        _GLUED_O.fullmatch(match.string[match.start() : no]) is not None
        or not original[no : match.end("no")].isascii()
    )


def _number_from(match: re.Match[str], original: str, line: int) -> _Number:
    # "Số:    /2024/TT-BGDĐT": a draft or a copy before numbering; digits OCR glued to "Số" are
    # no more known than a blank (a wrong number is worse than none).
    unsure = _digits_unsure(match, original)
    no = "" if unsure else match.group("no") or ""
    if not no.isdigit() and _OCR_NO.fullmatch(no):
        no = no.translate(_OCR_DIGITS)  # "1O2" → "102"; a letter suffix ("12a") stays
    glue = original[match.end("no") : match.start("sym")].strip().replace("–", "-") if no else "/"
    sym = re.sub(r"\s+", "", original[match.start("sym") : match.end("sym")]).replace("–", "-")
    tokens = re.split(r"([-/.])", sym)
    k = 2 if re.fullmatch(r"(?:19|20)\d\d", tokens[0]) and len(tokens) > 2 else 0
    written = tokens[k]
    code = canonical_type_code(written) if len(tokens) > k + 1 or len(written) <= 4 else None
    if code is not None and code != written and fold(code) == fold(written).lower():
        tokens[k] = code  # OCR lost the stroke: QD-UBND → QĐ-UBND
    end = match.end()
    tail = _SPACED_TAIL.match(original, end)
    if tail:  # "Số: 14/HVHNT TS": the body's initials written with a space
        tokens.append(" " + tail.group(1))
        end = tail.end(1)
    return _Number(f"{no}{glue or '/'}{''.join(tokens)}", code, line, match.start(), end, unsure)


def _unread_number(match: re.Match[str], original: str, line: int) -> _Number:
    """The symbol of a number line whose digits could not be read (`_UNREAD_NUMBER`)."""
    sym = re.sub(r"\s+", "", original[match.start("sym") : match.end("sym")]).replace("–", "-")
    tokens = re.split(r"([-/.])", sym)
    k = 2 if re.fullmatch(r"(?:19|20)\d\d", tokens[0]) and len(tokens) > 2 else 0
    code = canonical_type_code(tokens[k]) if len(tokens) > k + 1 else None
    if code is not None and fold(code) == fold(tokens[k]).lower():
        tokens[k] = code
    return _Number("/" + "".join(tokens), code, line, match.start(), match.end(), unsure=True)


_DANGLING = re.compile(r"\s*-\s*$")
_TAIL_LINE = re.compile(r"^\s*([A-ZĐ][A-ZĐ0-9&]{0,9})\s*$")


def _with_wrapped_tail(num: _Number, lines: list[str]) -> _Number:
    """ "Số: 255 / BC-BCĐPCGD-" whose cell wrapped: the symbol's last token ("XMC") stands alone a
    few lines below (after the place/date line of the other column)."""
    if not _DANGLING.match(lines[num.line], num.end):
        return num
    seen = 0
    for j in range(num.line + 1, min(len(lines), HEADER_LINES)):
        if not lines[j].strip():
            continue
        m = _TAIL_LINE.match(lines[j])
        if m:
            return _Number(
                f"{num.number}-{m.group(1)}", num.type_code, num.line, num.start, num.end, num.unsure
            )
        seen += 1
        if seen == 3:
            break
    return num


# "Số" as OCR mangles it most ("$6:", "S:"): believed only at a column's start.
_MISREAD_SO = re.compile(r"\$|s\s?:")
_LOWER_SO = re.compile(r"s\s?(?:[o06]|e)\s*:")


def _ocr_lower_so(match: re.Match[str], low: str) -> bool:
    """ "sé: 6834 /CTBDU-TTHT" opening its line: OCR lost the capital of "Số:" (a sentence citing
    a document says "số 01/CT-UBND" inside the sentence, without the colon)."""
    return not low[: match.start()].strip(" _-.|") and _LOWER_SO.match(low, match.start()) is not None


def find_number(lines: list[str], folded: Sequence[str]) -> _Number | None:
    """The document number: a capital "Số" at a column start wins over one inside a sentence."""
    fallback: _Number | None = None
    blank: _Number | None = None
    for i, (orig, low) in enumerate(zip(lines[:HEADER_LINES], folded[:HEADER_LINES], strict=False)):
        for m in _NUMBER.finditer(low):
            capital = orig[m.start()].isupper() or orig[m.start()] == "$"  # "$": OCR's capital S
            own = _own_type_before(low[: m.start()])  # "Luật số: 20/2023/QH15" opening its line
            if not (capital or own or _ocr_lower_so(m, low)):
                continue  # "Chỉ thị số 01/CT-UBND" in a sentence is a citation, not our number
            before = orig[: m.start()]
            at_start = not before.strip() or before.endswith(("   ", "\t")) or not letters(before[-20:])
            if not at_start and _MISREAD_SO.match(low, m.start()):
                continue  # "$6: 120/tháng" inside a sentence is a price; only a cell's start is "Số:"
            found = _with_wrapped_tail(_number_from(m, orig, i), lines)
            if m.group("no") is None or _digits_unsure(m, orig):
                blank = blank or (found if at_start else None)  # a numbered "Số:" below wins
            elif at_start:
                return found
            else:
                fallback = fallback or replace(found, inline=not own)
        if (
            blank is None
            and (fallback is None or fallback.line != i)
            and (orig.lstrip(" |")[:1] in ("S", "$") or _LOWER_SO.match(low.lstrip(" |")) is not None)
            and (unread := _UNREAD_NUMBER.match(low)) is not None
        ):
            blank = _unread_number(unread, orig, i)
    if blank is not None and fallback is not None and blank.line <= fallback.line:
        return blank  # "Số: 2 4. /2023/QD-UBND" unread, then the subject's "Quyết định số 04/2020/…"
    return fallback or blank


# A portal's page about a document opens with its title instead of the header: "Quyết định
# 53/2003/QĐ-BVHTT của Bộ Văn hoá-Thông tin". The title's type name must be the one its type code
# stands for (Quyết định ↔ QĐ), so a headline citing another kind of document is no number.
_TITLE = re.compile(
    r"^\s*(?P<name>[a-z ]{4,30}?)\s+(?:so\s*)?(?P<no>\d{1,5})\s*/\s*(?P<sym>(?:(?:19|20)\d\d\s*/\s*)?"
    rf"{_TOKEN}(?:(?:[-–]|/){_TOKEN}){{0,4}})(?![a-z0-9&])"
)
# Codes of legal documents (Luật Ban hành văn bản QPPL), which Nghị định 30's table does not hold.
_LEGAL_CODES = {
    "nd": "nghi dinh",
    "tt": "thong tu",
    "ttlt": "thong tu lien tich",
    "nqlt": "nghi quyet lien tich",
}
_TITLE_LINES = 3  # non-blank lines at the top of the page where such a title stands
_OF = re.compile(r"\s+của\s+(?P<who>[^\n,;:()]{3,80}?)\s*(?:$|\s(?:về|ngày|năm|ban hành|quy định)\b)")


def titled_number(lines: list[str]) -> tuple[_Number, str | None] | None:
    """(number, issuer or None) from a document title opening the page, for a page without a header."""
    seen = 0
    for i, line in enumerate(lines[:RAW_HEAD_LINES]):
        if not line.strip():
            continue
        seen += 1
        if seen > _TITLE_LINES:
            return None
        low = fold(line)
        m = _TITLE.match(low)
        if m is None or squash(m.group("name")) not in _TYPE_NAMES:
            continue
        sym = re.sub(r"\s+", "", line[m.start("sym") : m.end("sym")])
        tokens = re.split(r"[-/]", sym)
        written = tokens[1] if re.fullmatch(r"(?:19|20)\d\d", tokens[0]) and len(tokens) > 1 else tokens[0]
        code = canonical_type_code(written)
        name = fold(TYPE_CODES[code]) if code else _LEGAL_CODES.get(fold(written))
        if name != squash(m.group("name")):
            continue
        number = _Number(f"{m.group('no')}/{sym.replace('–', '-')}", code, i, m.start(), m.end())
        who = _OF.match(line, m.end())
        return number, (squash(who.group("who")) if who else None)
    return None


def _own_type_before(before: str) -> bool:
    """ "Nghị quyết số: …" opening a line: the type name, then the document's own number."""
    m = _TYPE_BEFORE.match(before)
    return m is not None and squash(m.group("name")) in _TYPE_NAMES


def _is_noise(line: str) -> bool:
    """Stray OCR marks, page numbers, rules: lines with almost no letters."""
    s = line.strip()
    return len(letters(s)) < 3 or bool(re.fullmatch(r"[\W\d_oO]+", s))


def find_type_name(lines: list[str], folded: Sequence[str], after: int) -> tuple[str, int] | None:
    for i in range(max(after, 0), min(len(lines), HEADER_LINES)):
        key = squash(re.sub(r"[^a-z ]", " ", folded[i]))
        if key in _TYPE_NAMES and (is_upper_line(lines[i]) or lines[i].strip().islower()):
            return _TYPE_NAMES[key], i
    return None


def _continues(prev: str, line: str) -> bool:
    """Does `line` carry on a wrapped subject? Lowercase starts do; capital starts only for
    acronyms and place-name pairs ("UBND", "Liên Chiểu") after an unfinished line."""
    s = line.strip()
    if not s or _STOP.match(fold(s)) or len(s) > 110 or prev.rstrip().endswith((".", ";", ":")):
        return False
    if s[0].islower():
        return True
    words = s.split()
    first = words[0].strip(",.")
    acronym = len(first) >= 2 and first.isupper() and not is_upper_line(s)
    place = len(words) >= 2 and words[1][:1].isupper() and not is_upper_line(s)
    return (acronym or place) and len(s) <= 80


def find_subject(lines: list[str], folded: Sequence[str], start: int) -> str | None:
    """The "Về việc …"/"V/v …" line(s), or the line(s) after the type name; 3 lines at most."""
    first: int | None = None
    for i in range(start, min(len(lines), HEADER_LINES)):
        if _SUBJECT_START.match(folded[i]):
            first = i
            break
    if first is None:
        return None
    parts = [_strip_date_column(lines[first])]
    i = first + 1
    while i < len(lines) and len(parts) < 3:
        nxt = i
        if not lines[nxt].strip() and nxt + 1 < len(lines) and lines[nxt + 1].strip()[:1].islower():
            nxt += 1  # one blank line inside a wrapped subject (spaced-out OCR text)
        if _is_noise(lines[nxt]) and lines[nxt].strip() and nxt + 1 < len(lines):
            i = nxt + 1
            continue
        if not _continues(parts[-1], lines[nxt]):
            break
        parts.append(_strip_date_column(lines[nxt]))
        i = nxt + 1
    return squash(" ".join(parts)) or None


def _subject_after_type(lines: list[str], folded: Sequence[str], type_line: int) -> str | None:
    """Subject without "Về việc": the first real line after the type name."""
    for i in range(type_line + 1, min(len(lines), type_line + 6)):
        if not lines[i].strip() or _is_noise(lines[i]):
            continue
        if _STOP.match(folded[i]) or is_upper_line(lines[i]) or len(lines[i].strip()) > 200:
            return None
        parts = [lines[i].strip()]
        for j in range(i + 1, min(len(lines), i + 3)):
            if not _continues(parts[-1], lines[j]):
                break
            parts.append(lines[j].strip())
        return squash(" ".join(parts))
    return None


def _strip_date_column(line: str) -> str:
    """Side-by-side extraction can glue the place/date column (or the motto) onto a V/v line."""
    low = fold(line)
    m = re.search(r"\s{3,}|\t|\bcong hoa xa hoi|\bdoc lap\b", low)
    cut = m.start() if m and m.start() > 5 else len(line)
    d = re.search(r",\s*ngay\b", low)
    if d and d.start() < cut:
        words = line[: d.start()].split(" ")
        keep = len(words)
        while keep > 1 and len(words) - keep < 4 and words[keep - 1][:1].isupper():
            keep -= 1
        cut = len(" ".join(words[:keep]))
    return line[:cut].strip().rstrip(",;")


_ISSUER_LINES = 4  # issuer lines above the motto a late header block may have


def header_first(raw: list[str]) -> list[str]:
    """A header table that the PDF's content stream put after the title and the first paragraphs
    ("TỜ TRÌNH" / "Về việc …" / "Căn cứ …" / … / "UBND HUYỆN AN PHÚ" / "CỘNG HÒA XÃ HỘI …"): the
    block from the issuer lines above the motto on is moved to the front, the title after it."""
    first = next((i for i, line in enumerate(raw[:RAW_HEAD_LINES]) if line.strip()), None)
    if first is None or not (is_upper_line(raw[first]) and is_type_name(raw[first].strip())):
        return raw
    motto = next(
        (i for i in range(first + 3, min(len(raw), RAW_HEAD_LINES)) if MOTTO.search(fold(raw[i]))), None
    )
    if motto is None:
        return raw
    # Up from the motto: the issuer's lines and the "Số:" cell beside them, over the empty lines a
    # web page's table cells leave between them ("ỦY BAN NHÂN DÂN" / "" / "XÃ SƠN VĨ" / " " /
    # "Số:   07 /TB-UBND" / "" / "CỘNG HÒA …", under the portal's own title line).
    start, taken = motto, 0
    for k in range(motto - 1, first, -1):
        line = raw[k]
        if not line.strip():
            continue
        if taken == _ISSUER_LINES + 1 or len(line) > 80:
            break
        if not (is_upper_line(line) or _NUMBER.match(fold(line.strip()))):
            break
        start, taken = k, taken + 1
    return [*raw[start:], *raw[:start]]


# Characters a header's text carries that no header means: zero-width spaces and joiners, soft
# hyphens and byte-order marks (web editors, PDF text layers) vanish; no-break and narrow spaces
# are spaces; the eth "Ð"/"ð" (U+00D0/U+00F0, what Windows-1252 fonts and OCR give for "Đ") is
# the Vietnamese "Đ"/"đ" - Vietnamese has no eth, so "QÐ-UBND" can only mean "QĐ-UBND".
_HEADER_CHARS = str.maketrans(
    {
        **dict.fromkeys(("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"), ""),
        **dict.fromkeys(("\u00a0", "\u2007", "\u202f"), " "),
        "\u00d0": "\u0110",
        "\u00f0": "\u0111",
    }
)

_ODD_CHARS = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff\u00a0\u2007\u202f\u00d0\u00f0]")


def clean_header_text(text: str) -> str:
    """NFC, one kind of line break, and the invisible or look-alike characters above made plain in
    the lines a header can span (the rest is left as it is: a long text costs no extra pass)."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    end = -1
    for _ in range(RAW_HEAD_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            end = len(text)
            break
    if not _ODD_CHARS.search(text, 0, end):
        return text
    return text[:end].translate(_HEADER_CHARS) + text[end:]


def without_stamp(raw: list[str]) -> list[str]:
    """The lines without an e-signature stamp's printed above or beside the header (see
    `judge.stamp`): they would push the header's own lines down and out of the lines read."""
    if not any("k" in line.lower() for line in raw[:_STAMP_LINES]):
        return raw  # no "Ký bởi" / "Thời gian ký": the common case costs one scan of a few lines
    stamp = stamp_lines([fold(line) for line in raw[:_STAMP_LINES]], _STAMP_LINES)
    if not stamp:
        return raw
    # only a line that is one cell: a flattened row holds the header's own cells too
    return [line for i, line in enumerate(raw) if i not in stamp or _CELLS.search(line.strip())]


_CELLS = re.compile(r"\t|\||\s{3}")


_STAMP_LINES = 16  # a stamp stands at the top of page 1


def parse_header(text: str) -> Metadata:
    """Metadata from a first page's text; fields that cannot be found with confidence stay None."""
    return read_header(text)[0]


def _portal_number(value: str) -> _Number | None:
    """A portal's "Số hiệu" value read by the header's own number grammar, as if after "Số:"."""
    text = "Số: " + value
    m = _NUMBER.match(fold(text))
    return _number_from(m, text, 0) if m is not None and m.group("no") else None


def read_header(text: str) -> tuple[Metadata, str | None]:
    """`parse_header`, and the symbol ("/TTr-CAT-PC04") of a number whose digits were written but
    could not be read: the number itself is then None (half a number is worse than none, and the
    labels hold the whole number), the symbol only lets an appendix restate it (`with_restated_number`)."""
    text = clean_header_text(text)
    raw = without_stamp(header_first(text.split("\n")))
    raw = rejoin(raw[:RAW_HEAD_LINES]) + raw[RAW_HEAD_LINES:]
    lines, head_folded = unflatten_folded(raw, HEADER_LINES)
    folded = FoldedLines(lines, head_folded)
    meta = Metadata()
    num = find_number(lines, folded)
    titled = titled_number(raw) if num is None else None
    if num is not None:
        meta.number, meta.type_code = (None if num.unsure else num.number), num.type_code
    elif titled is not None:
        meta.number, meta.type_code = titled[0].number, titled[0].type_code
    stop = num.line if num else None
    place, date, date_line = find_place_date(lines, folded, HEADER_LINES)
    meta.place, meta.date = place, date
    if stop is None or (date_line is not None and date_line < stop):
        stop = date_line
    issuer, parent = find_issuer(lines, folded, stop)
    if issuer is not None and is_bare(issuer) and stop is not None:
        issuer = complete_bare(issuer, lines, folded, stop + 1, HEADER_LINES)
    if issuer is not None and stop is not None:
        issuer = respelled(issuer, lines, folded, stop + 1, HEADER_LINES)
    meta.issuer = with_tones(with_page_marks(qualified(issuer, parent), text)) if issuer else None
    if meta.issuer is None and titled is not None:
        meta.issuer = titled[1]
    meta.issuer_parent = with_tones(parent) if parent else None
    # the type name stands under the number line; a number read inside a sentence may be far below it
    own_line = num.line if num is not None and not num.inline else -1
    after = max(x for x in (own_line, date_line if date_line is not None else -1))
    found = find_type_name(lines, folded, after + 1 if after >= 0 else 0)
    type_line = found[1] if found else max(after, 0)
    if found:
        meta.type_name = found[0]
    elif meta.type_code:
        meta.type_name = TYPE_CODES.get(meta.type_code)
    elif meta.number:
        meta.type_name = CONG_VAN
    if (
        num is not None
        and num.inline
        and meta.number is not None
        and found is not None
        and (num.type_code is None or fold(TYPE_CODES[num.type_code]) != fold(found[0]))
    ):
        # a QUYẾT ĐỊNH whose "Số:" OCR could not read at all, and "Nghị định SỐ, 91/2017/NĐ-CP" in
        # its preamble: a number inside a sentence of another type is a citation, not ours
        meta.number = meta.type_code = None
    subject_from = min(x for x in (num.line if num else type_line, type_line))
    subject = find_subject(lines, folded, max(subject_from, 0))
    if subject is None and found:
        subject = _subject_after_type(lines, folded, found[1])
    meta.subject = subject
    meta.signer = find_signer(lines)
    if meta.number is None or meta.date is None or meta.issuer is None:
        # a legal portal's attribute table ("Số hiệu: …", "Ngày ban hành: …") fills what the
        # header left empty, never a field it read (`judge.portal`)
        fields = portal_fields(raw)
        portal = _portal_number(fields.number) if meta.number is None and fields.number else None
        if portal is not None and (num is None or not num.unsure):
            meta.number, meta.type_code = portal.number, meta.type_code or portal.type_code
            if meta.type_name is None and meta.type_code:
                meta.type_name = TYPE_CODES.get(meta.type_code)
        meta.date = meta.date or fields.date
        meta.issuer = meta.issuer or fields.issuer
    return meta, (num.number if num is not None and num.unsure else None)


# An appendix restating its document: "(Kèm theo Công văn số 8151/BNV-CCHC ngày 18/9/2025 của Bộ …)",
# "Phụ lục … (Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày …)". Only such a line, opening with
# "(kèm theo" or "(ban hành kèm theo", restates the document's own number; a "kèm theo Thông tư số …"
# inside a sentence cites another document.
_APPENDIX = re.compile(r"^\s*[(\[]\s*(?:ban\s*hanh\s*)?kem\s*theo\s+(?P<type>[a-z ]{2,30}?)\s+(?=so\b)")
_APPENDIX_LINE = re.compile(r"^[ \t]*[(\[][ \t]*(?:ban\s*h[aà]nh\s*)?k[eè]m\s*theo\b", re.M | re.I)
_APPENDIX_SCAN_CHARS = 2_000_000  # appendices of longer texts are not looked for (cost bound)


def restated_number(text: str, blank: str | None = None) -> tuple[str, str | None] | None:
    """(number, ISO date or None) of the document as an appendix heading restates it, for a header
    whose number could not be read. With `blank` (the header's "Số:   /BNV-CCHC" read as
    "/BNV-CCHC") the restated number must end the same way."""
    for hit in _APPENDIX_LINE.finditer(text, 0, _APPENDIX_SCAN_CHARS):
        le = text.find("\n", hit.start())
        line = text[hit.start() : le if le >= 0 else len(text)]
        low = fold(line)
        m = _APPENDIX.match(low)
        if m is None or squash(m.group("type")) not in _TYPE_NAMES:
            continue
        num = _NUMBER.match(low, m.end())
        if num is None or num.group("no") is None:
            continue
        found = _number_from(num, line, 0)
        if blank and not fold(found.number).endswith(fold(blank).replace(" ", "")):
            continue
        return found.number, first_date(low[num.end() :])
    return None


def with_restated_number(meta: Metadata, first_page: str, whole: str, unread: str | None = None) -> Metadata:
    """`meta` with the number (and a missing date) an appendix restates, when the header has one
    that could not be read: a blank "Số:   /UBND-VP", digits OCR could not read before the symbol
    `unread` (`read_header`), or no number at all under the motto (a handwritten or stamped number
    OCR could not read). A text without a header is left alone."""
    if meta.number is not None and not meta.number.startswith("/"):
        return meta
    blank = meta.number or unread
    if blank is None and not any(MOTTO.search(fold(x)) for x in first_page.split("\n")[:HEADER_LINES]):
        return meta
    restated = restated_number(whole, blank)
    if restated is not None:
        meta.number = restated[0]
        meta.date = meta.date or restated[1]
    return meta
