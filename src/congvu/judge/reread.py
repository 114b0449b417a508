"""A scanned header read a second time: when, and which of its digits may be believed.

Scanned letters often have their number and day filled in by hand, and Tesseract reads
handwriting as stray marks ("Số:2£9/TB-TTr", "ngày2Ÿ tháng 12"). A second OCR of the header band at
a higher resolution (`congvu.extract.headband`) sometimes reads them - and sometimes reads a
*different* wrong number just as confidently ("Ở32" → "334" for a handwritten 932). A wrong number
or date is worse than none (it would be quoted back to the office as theirs), so the second read is
believed only where it agrees with what the first read kept: every digit both reads saw is the
same, and at most one character of the first read (a stray mark in place of a digit, or one
glued to the number) is settled by the second. Two reads at different resolutions that agree on the
digits they both saw are far less likely to be wrong together than either alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from congvu.judge.datefind import valid_date
from congvu.judge.header import HEADER_LINES, parse_header
from congvu.judge.issuer import MOTTO
from congvu.judge.text import fold
from congvu.judge.vocab import TYPE_CODES
from congvu.model import Extraction, Metadata

# At most this many characters of the first read are settled by the second alone.
MAX_DOUBT = 1

_DIGITS = frozenset("0123456789")
_READ_NUMBER = re.compile(r"(?P<no>\d{1,5})(?P<sym>/\S+)")
# The date line read loosely: whatever stands where the day, month and year are written.
_LOOSE_DATE = re.compile(
    r"\bngay\s*[.:]?\s*(?P<d>\S{0,5}?)\s*[.,]?\s*thang\s*[.:]?\s*(?P<m>\S{0,5}?)\s*[.,]?\s*"
    r"nam\s*[.:]?\s*(?P<y>\S{4})"
)


def wanted(extraction: Extraction, meta: Metadata) -> bool:
    """Page 1 was OCR'd, it carries an administrative header (the national motto), and its number
    or date came out empty: only then is the header band worth a second OCR."""
    if meta.number is not None and meta.date is not None:
        return False
    page1 = [s for s in extraction.segments if s.page == 1 and s.kind == "ocr"]
    if not page1:
        return False
    head = page1[0].text.split("\n", HEADER_LINES)[:HEADER_LINES]
    return any(MOTTO.search(fold(line)) for line in head)


def confirm(meta: Metadata, first: str, again: str) -> Metadata:
    """`meta` (read from the first OCR `first`) with the number and date the second read `again`
    gives for fields the first left empty, each only where both reads agree (module docstring)."""
    second = parse_header(again)
    number = meta.number
    if number is None and second.number is not None and _number_agrees(first, second.number):
        number = second.number
    date = meta.date
    if date is None and second.date is not None and _date_agrees(first, again, second.date):
        date = second.date
    if number == meta.number and date == meta.date:
        return meta
    type_code = meta.type_code or (second.type_code if number != meta.number else None)
    type_name = meta.type_name or (TYPE_CODES.get(type_code) if type_code else None)
    return replace(meta, number=number, date=date, type_code=type_code, type_name=type_name)


def _readings(seen: str, read: str) -> list[tuple[str, int]]:
    """`seen` (a Tesseract token) as `read` (digits) could have been written: itself, or without
    one mark glued at either end, wherever that has `read`'s length and every digit it holds is
    `read`'s in the same place; with the number of marks dropped."""
    if not read or not set(read) <= _DIGITS:
        return []
    options = [(seen, 0)]
    if len(seen) > 1 and seen[0] not in _DIGITS:
        options.append((seen[1:], 1))
    if len(seen) > 1 and seen[-1] not in _DIGITS:
        options.append((seen[:-1], 1))
    return [
        (cand, dropped)
        for cand, dropped in options
        if len(cand) == len(read) and all(a == b for a, b in zip(cand, read, strict=True) if a in _DIGITS)
    ]


def doubt(seen: str, read: str) -> int | None:
    """How many characters of `seen` (the first read) only `read` (the second, digits) settles:
    a mark in a digit's place, or one mark glued at either end; None when a digit both reads saw
    differs, when the lengths cannot be matched, or when no digit at all is shared."""
    counts = []
    for cand, dropped in _readings(seen, read):
        same = sum(a == b for a, b in zip(cand, read, strict=True))
        if same:  # else nothing the first read saw supports the second
            counts.append(dropped + len(read) - same)
    return min(counts, default=None)


def _number_agrees(first: str, number: str) -> bool:
    """The first read's characters before the same symbol ("2£9" of "Số:2£9/TB-TTr") agree with the
    second read's digits ("269/TB-TTr")."""
    m = _READ_NUMBER.fullmatch(number)
    if m is None:
        return False  # a letter suffix or no digits: nothing to check the first read against
    where = _seen_number(first, re.split(r"[-/.]", m.group("sym")[1:])[0])
    if where is None:
        return False
    line, start, end = where
    found = doubt(first.split("\n")[line][start:end], m.group("no"))
    return found is not None and found <= MAX_DOUBT


def _seen_number(text: str, head: str) -> tuple[int, int, int] | None:
    """Where a read wrote the number's digits: (line, start, end) of the word before "/" + `head`
    (the symbol's first part, folded) on the first header line that has it; None when no line
    has the symbol, nothing stands before it, or the digits are glued to "Số" (where they start
    is unknown). An empty span when the word is "Số:" alone."""
    symbol = re.compile(r"/\s*" + re.escape(fold(head)) + r"(?![a-z])")
    for index, line in enumerate(text.split("\n")[:HEADER_LINES]):
        hit = symbol.search(fold(line))
        if hit is not None:
            span = _word_before(line, hit.start())
            return None if span is None else (index, *span)
    return None


def _word_before(line: str, slash: int) -> tuple[int, int] | None:
    """(start, end) of the number's digits written before the "/" at `slash` (`_seen_number`)."""
    before = line[:slash].rstrip()
    words = before.split()
    if not words:
        return None
    start = len(before) - len(words[-1])
    if ":" in words[-1]:
        start += words[-1].rindex(":") + 1  # "Số:2£9": the number starts after the colon
    elif fold(words[-1]).startswith("s"):
        return None  # the word "Số" alone, or digits glued to it: where they start is unknown
    return start, len(before)


def _date_parts(text: str, iso: str | None = None) -> tuple[str, str, str] | None:
    """(day, month, year) as written on the first date line of the header (with `iso`, the first
    one that reads as that date)."""
    for line in text.split("\n")[:HEADER_LINES]:
        for m in _LOOSE_DATE.finditer(fold(line)):
            if iso is None or valid_date(m.group("d"), m.group("m"), m.group("y")) == iso:
                return m.group("d"), m.group("m"), m.group("y")
    return None


def _date_agrees(first: str, again: str, iso: str) -> bool:
    """Day, month and year of the first read's date line agree with the second's, with at most
    MAX_DOUBT characters settled by the second alone over the three."""
    seen, read = _date_parts(first), _date_parts(again, iso)
    if seen is None or read is None:
        return False
    total = 0
    for a, b in zip(seen, read, strict=True):
        found = doubt(a, b)
        if found is None:
            return False
        total += found
    return total <= MAX_DOUBT


# --- PP-OCR: an independent second reader (congvu.extract.ppocr) --------------------------------
#
# PP-OCR reads handwritten digits far better than Tesseract, but when it errs it errs in its own
# way: it drops a digit ("281" for a handwritten 2871, "8" for a day 18) or reads a stroke as a
# letter ("G86", "2M"). So its digits are believed only where the first read (Tesseract's page)
# wrote a token of the same length there, every digit Tesseract did see agrees, and the sharper
# Tesseract read of the band (when it wrote anything there) has the same length too; a day must
# be two digits (a dropped first digit is its commonest error). The number's symbol and the place
# stay as Tesseract read them (PP-OCR drops "Đ"): PP-OCR only supplies the digits. On the real
# corpus' dev scans whose number or date Tesseract lost, these rules believed 34 dates and 8
# numbers, all right (bench/README.md, fourteenth round).

PP_LINES = 12  # the header's lines: the number and date stand within them
_ANY_SYMBOL = re.compile(r"/\s*[a-z]")  # where `_seen_number` can find a symbol, whichever
_PP_NUMBER = re.compile(r"\W{0,3}s\w{0,2}\s*[:.]?\s*(?P<no>[^\s/]{1,6}?)\s*/(?P<sym>[a-z]\S*)")
_PP_DATE = re.compile(
    r"\bngay\s*[.:]?\s*(?P<d>\S{0,4}?)\s*thang\s*[.:]?\s*(?P<m>\S{0,4}?)\s*nam\s*[.:]?\s*(?P<y>\d{4})\b"
)


def pp_could_help(meta: Metadata, first: str) -> bool:
    """Whether `believe_pp` could fill anything, whatever PP-OCR reads: an empty date needs the
    first read's date line; an empty number needs a token the first read wrote before some "/"
    and a symbol. Otherwise PP-OCR (~3 s of CPU) is not worth running."""
    if meta.date is None and _date_parts(first) is not None:
        return True
    if meta.number is None:
        for line in first.split("\n")[:HEADER_LINES]:
            for hit in _ANY_SYMBOL.finditer(fold(line)):
                span = _word_before(line, hit.start())
                if span is not None and span[1] > span[0]:
                    return True
    return False


def believe_pp(meta: Metadata, first: str, band: str | None, pp: str) -> Metadata:
    """`meta` with the number and date PP-OCR's read `pp` of the header band supplies for fields
    still empty, each only where Tesseract's reads (`first`, the page; `band`, the sharper band
    read, if any) agree with it (the comment above)."""
    lines = [fold(line) for line in pp.split("\n")[:PP_LINES]]
    number, date = meta.number, meta.date
    if number is None:
        number = _pp_number(first, band, lines)
    if date is None:
        date = _pp_date(first, lines)
    if number == meta.number and date == meta.date:
        return meta
    type_code = meta.type_code
    if number != meta.number and type_code is None:
        type_code = parse_header(number or "").type_code
    type_name = meta.type_name or (TYPE_CODES.get(type_code) if type_code else None)
    return replace(meta, number=number, date=date, type_code=type_code, type_name=type_name)


def shape_agrees(seen: str, read: str) -> bool:
    """`read` (digits) could be what `seen` (Tesseract's token) was written as: the same length,
    or one longer with a mark glued at either end, and every digit `seen` holds in its place."""
    return bool(_readings(seen, read))


def _pp_number(first: str, band: str | None, lines: list[str]) -> str | None:
    for line in lines:
        m = _PP_NUMBER.match(line)
        if m is None:
            continue
        no, sym = m.group("no"), m.group("sym")
        if not no.isdigit() or len(no) > 5:
            return None  # a stroke read as a letter ("G86"): PP-OCR is unsure too
        head = re.split(r"[-/.]", sym)[0]
        where = _seen_number(first, head)
        if where is None:
            return None
        row, start, end = where
        rows = first.split("\n")
        if not shape_agrees(rows[row][start:end], no):
            return None
        again = _seen_number(band, head) if band else None
        if again is not None and band is not None:
            seen = band.split("\n")[again[0]][again[1] : again[2]]
            if seen and not shape_agrees(seen, no):
                return None
        # the page's own line with PP-OCR's digits put in: the symbol as Tesseract read it
        rows[row] = f"{rows[row][:start]} {no} {rows[row][end:]}"
        found = parse_header("\n".join(rows[: row + 1])).number
        return found if found is not None and found.startswith(f"{no}/") else None
    return None


def _pp_date(first: str, lines: list[str]) -> str | None:
    seen = _date_parts(first)
    if seen is None:
        return None
    for line in lines:
        m = _PP_DATE.search(line)
        if m is None:
            continue
        read = m.group("d"), m.group("m"), m.group("y")
        if not all(part.isdigit() for part in read) or len(read[0]) != 2:
            return None
        for a, b in zip(seen, read, strict=True):
            if any(x in _DIGITS and x != y for x, y in zip(a, b, strict=False)):
                return None  # a digit Tesseract saw is another
        return valid_date(*read)
    return None
