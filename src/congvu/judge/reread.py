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


def doubt(seen: str, read: str) -> int | None:
    """How many characters of `seen` (the first read) only `read` (the second, digits) settles:
    a mark in a digit's place, or one mark glued at either end; None when a digit both reads saw
    differs, when the lengths cannot be matched, or when no digit at all is shared."""
    options = [(seen, 0)]
    if len(seen) > 1 and seen[0] not in _DIGITS:
        options.append((seen[1:], 1))
    if len(seen) > 1 and seen[-1] not in _DIGITS:
        options.append((seen[:-1], 1))
    best: int | None = None
    for cand, dropped in options:
        if len(cand) != len(read) or not read or not set(read) <= _DIGITS:
            continue
        if any(a in _DIGITS and a != b for a, b in zip(cand, read, strict=True)):
            continue  # a digit the first read saw is another: the reads disagree
        same = sum(a == b for a, b in zip(cand, read, strict=True))
        if same == 0:
            continue  # nothing the first read saw supports the second
        count = dropped + len(read) - same
        best = count if best is None else min(best, count)
    return best


def _number_agrees(first: str, number: str) -> bool:
    """The first read's characters before the same symbol ("2£9" of "Số:2£9/TB-TTr") agree with the
    second read's digits ("269/TB-TTr")."""
    m = _READ_NUMBER.fullmatch(number)
    if m is None:
        return False  # a letter suffix or no digits: nothing to check the first read against
    head = re.split(r"[-/.]", m.group("sym")[1:])[0]
    symbol = re.compile(r"/\s*" + re.escape(fold(head)) + r"(?![a-z])")
    for line in first.split("\n")[:HEADER_LINES]:
        hit = symbol.search(fold(line))
        if hit is None:
            continue
        words = line[: hit.start()].split()
        if not words:
            return False
        seen = words[-1]
        if ":" in seen:
            seen = seen.rsplit(":", 1)[1]  # "Số:2£9": the number starts after the colon
        elif fold(seen).startswith("s"):
            return False  # the word "Số" alone, or digits glued to it: where they start is unknown
        found = doubt(seen, m.group("no"))
        return found is not None and found <= MAX_DOUBT
    return False


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
