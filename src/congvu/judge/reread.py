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
from collections.abc import Iterator
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
    return _header_ocr(extraction)


def _header_ocr(extraction: Extraction) -> bool:
    """Page 1 was OCR'd and carries an administrative header (the national motto)."""
    page1 = [s for s in extraction.segments if s.page == 1 and s.kind == "ocr"]
    if not page1:
        return False
    head = page1[0].text.split("\n", HEADER_LINES)[:HEADER_LINES]
    return any(MOTTO.search(fold(line)) for line in head)


def four_doubt(extraction: Extraction, meta: Metadata) -> bool:
    """The number Tesseract read on a scanned header holds a 4: the digit it writes for a
    handwritten 1 (and for other strokes it cannot read), so PP-OCR's read may settle it
    (`correct_fours`)."""
    if meta.number is None:
        return False
    m = _READ_NUMBER.match(meta.number)
    return m is not None and "4" in m.group("no") and _header_ocr(extraction)


def correct_fours(meta: Metadata, pp: str) -> Metadata:
    """`meta` with its number's digits as PP-OCR reads them where the two differ only in places
    Tesseract wrote a 4 (126 for "426", 874 for "844"): the same count of digits, every other
    digit the same, the symbol the same (PP-OCR drops "Đ", so Tesseract's symbol is kept). On
    the real corpus' dev scans Tesseract's wrong numbers were mostly a handwritten digit read as
    4; PP-OCR, which reads handwriting far better, reads a printed or handwritten 4 as 4."""
    m = _READ_NUMBER.match(meta.number or "")
    if m is None:
        return meta
    no, sym = m.group("no"), m.group("sym")
    p = _pp_number_line([fold(line) for line in pp.split("\n")[:PP_LINES]])
    if p is None:
        return meta
    read = p.group("no")
    if not read.isdigit() or len(read) != len(no) or not p.group("sym").startswith(fold(_head(sym[1:]))):
        return meta  # another count of digits, or another symbol: no settling the 4s
    if read != no and all(a == b or a == "4" for a, b in zip(no, read, strict=True)):
        return replace(meta, number=read + sym)
    return meta


def _head(symbol: str) -> str:
    """A symbol's first part, the issuer's type code ("QĐ" of "QĐ-UBND"): what reads are matched on."""
    return re.split(r"[-/.]", symbol)[0]


def _pp_number_line(lines: list[str]) -> re.Match[str] | None:
    """PP-OCR's number line ("s:106/tb-dt"): the first of its folded header lines that reads as one."""
    return next((m for line in lines if (m := _PP_NUMBER.match(line)) is not None), None)


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
    where = _seen_number(first, _head(m.group("sym")[1:]))
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
# letter ("G86", "2M"). So its number is believed only where it fills the slot Tesseract's reads
# saw between "Số:" and the symbol: as many characters as the longer of the two reads wrote there
# (the page's and the sharper band's; marks count, the form's dots and spaces do not: "34 9",
# "4 #12", "2Ø#STTTT"), and every read of that length agrees with each digit it saw — except that
# Tesseract's commonest misreading of a handwritten 1, a 4, is no contradiction. A day must be two
# digits (a dropped first digit is PP-OCR's commonest error there). The symbol and the place stay
# as Tesseract read them (PP-OCR drops "Đ"): PP-OCR only supplies the digits. On the real corpus'
# dev and fresh scans whose number Tesseract lost (fifteenth round, bench/README.md), the slot rule
# filled 10 more numbers than the fourteenth round's rule (same length as the page's last word
# before "/" only) and none wrong.

PP_LINES = 12  # the header's lines: the number and date stand within them
_PP_NUMBER = re.compile(r"\W{0,3}s\w{0,2}\s*[:.]?\s*(?P<no>[^\s/]{1,6}?)\s*/(?P<sym>[a-z]\S*)")
_PP_DATE = re.compile(
    r"\bngay\s*[.:]?\s*(?P<d>\S{0,4}?)\s*thang\s*[.:]?\s*(?P<m>\S{0,4}?)\s*nam\s*[.:]?\s*(?P<y>\d{4})\b"
)


# Where a read wrote a number's digits: after the "Số" label (its colon or dot; OCR reads the label
# "Số:" as "S6:", "$6.", "56:", "Só6:"), up to the symbol, slash or not ("Số: 2Ø#STTTT-CNTT").
_LABEL = re.compile(r"(?:^|(?<=[\s|_\-\W]))[s$5]\s?[^\s:;.,/]{0,2}\s*[:;.,]")
# Marks in the slot that are no written digit: the form's dotted fill-in line, quotes, spaces.
_SLOT_NOISE = str.maketrans("", "", " \t.,'\"`_\u2018\u2019\u201c\u201d")
SLOT_REACH = 12  # characters between the label and the symbol: a number's, with spaces and marks


def pp_could_help(meta: Metadata, first: str, band: str | None = None) -> bool:
    """Whether `believe_pp` could fill anything, whatever PP-OCR reads: an empty date needs the
    first read's date line; an empty number needs a read that wrote something between "Số:" and
    the next "/" (an e-signed letter's blank "Số: /QĐ-UBND" gives PP-OCR nothing to be checked
    against). Otherwise PP-OCR (~3 s of CPU) is not worth running."""
    if meta.date is None and _date_parts(first) is not None:
        return True
    return meta.number is None and any(_written_slot(text) for text in (first, band) if text)


def _written_slot(text: str) -> bool:
    for _, low, label in _labels(text):
        rest = low[label.end() : label.end() + SLOT_REACH + 1]
        slash = rest.find("/")
        written = rest[:slash] if slash >= 0 else (rest.split() or [""])[0]
        if written.translate(_SLOT_NOISE):
            return True
    return False


def _labels(text: str) -> Iterator[tuple[int, str, re.Match[str]]]:
    """(line index, folded line, label match) of every "Số:" label a read wrote on a header line:
    where `_written_slot` and `_slot` look for the number's digits."""
    for index, line in enumerate(text.split("\n")[:HEADER_LINES]):
        low = fold(line)
        for label in _LABEL.finditer(low):
            yield index, low, label


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


def _slot(text: str, head: str) -> tuple[int, int, int, int] | None:
    """(line, label, start, end) of what a read wrote between the number's label (starting at
    `label`) and the symbol whose first part is `head` (folded, its slash before `end` if any), on
    the first header line that has both; None if none."""
    symbol = re.compile(r"(?:(?P<slash>/\s*)|(?<![a-z]))" + re.escape(fold(head)) + r"(?![a-z])")
    for index, low, label in _labels(text):
        hit = symbol.search(low, label.end())
        # none after this label: none after a later one on its line either; a later "S…:" may
        # stand closer to it ("Sở Y tế. Số: 12/SYT")
        if hit is not None and hit.start() - label.end() <= SLOT_REACH:
            return index, label.start(), label.end(), hit.start()
    return None


def _pp_number(first: str, band: str | None, lines: list[str]) -> str | None:
    m = _pp_number_line(lines)
    if m is None:
        return None
    no, sym = m.group("no"), m.group("sym")
    if not no.isdigit() or len(no) > 5:
        return None  # a stroke read as a letter ("G86"): PP-OCR is unsure too
    head = _head(sym)
    reads = [(text, where) for text in (first, band) if text and (where := _slot(text, head)) is not None]
    if not reads:
        return None
    written = [text.split("\n")[row][lo:hi].translate(_SLOT_NOISE) for text, (row, _, lo, hi) in reads]
    if max(len(w) for w in written) != len(no):
        return None  # PP-OCR's own error is a dropped digit: it must fill the slot Tesseract saw
    same = [w for w in written if len(w) == len(no)]
    if not all(_agrees(w, no) for w in same):
        return None  # a digit a read of the same length saw is another: the reads disagree
    text, (row, label, _, hi) = reads[0]
    rows = text.split("\n")
    # the read's own line with its label written out and PP-OCR's digits put in: the symbol
    # as Tesseract read it
    rows[row] = f"{rows[row][:label]}Số: {no}/{rows[row][hi:].lstrip('/ ')}"
    found = parse_header("\n".join(rows[: row + 1])).number
    return found if found is not None and found.startswith(f"{no}/") else None


def _agrees(token: str, no: str) -> bool:
    """Tesseract's `token` (noise dropped) has `no`'s length and every digit it holds in place."""
    if len(token) != len(no):
        return False
    return all(_same_digit(a, b) for a, b in zip(token, no, strict=True) if a in _DIGITS)


# Tesseract's own commonest misreading of a handwritten digit on the real corpus' dev scans: a 1
# read as 4 (874→844, 126→426, 170→470, 308→408 of the numbers it read wrong). Where Tesseract
# wrote a 4 and PP-OCR reads 1, the reads do not contradict each other.
_TESSERACT_MISREADS = frozenset({("4", "1")})


def _same_digit(tesseract: str, pp: str) -> bool:
    return tesseract == pp or (tesseract, pp) in _TESSERACT_MISREADS


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
            if any(x in _DIGITS and not _same_digit(x, y) for x, y in zip(a, b, strict=False)):
                return None  # a digit Tesseract saw is another
        return valid_date(*read)
    return None
