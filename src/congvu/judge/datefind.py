"""Place and date of issue: "Liên Chiểu, ngày 20 tháng 6 năm 2014" (Nghị định 30/2020 box 4).

The standard form wins; "ngày 20/6/2014" or "Liên Chiểu, 20/06/2014" are accepted only when it is
absent. A body citation ("Chỉ thị 06/CT-UBND ngày 27 tháng 5 năm 2014") has no place and comma,
so it never beats the header line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from congvu.judge.stamp import stamp_lines
from congvu.judge.text import columns, fold, letters

_D = r"[0-9oil]{1,2}"  # OCR reads 0 as o and 1 as l/i inside dates
# A handwritten day or month that OCR could not read ("ngày &F tháng 5", "ngày) tháng 5",
# "ngày Ack tháng 04") leaves a few stray marks in its place: the line is still the date line (so a
# body date below never stands in for it), but its date is unknown. A dot OCR read from the dotted
# fill-in line of the form ("ngày.28 tháng 05") is no digit.
# The comma after the place may come as a dot ("Hà Nội. ngày 09 …", OCR), only before a lowercase
# "ngày" (a capital "Ngày" after a dot opens a sentence).
# A scan's wide letter spacing can split a two-digit day or month in two ("ngày 1 7 tháng 01"):
# two digits, one space between, stand in the day's or month's place - only plain digits, since a
# stray mark read as "l" beside a single digit would make another day.
_SPLIT = r"[0-9] [0-9]"
# Between "ngày" and a four-digit year, "tháng" and "năm" with one letter misread ("thing", "niim":
# OCR, a legacy font read without its map) are still those words: the frame around them is the date's.
# A copy that dropped every accented letter writes "năm" as "nm" ("ngay 12 thang 01 nm 2017").
_THANG = r"th[a-z]ng"
_NAM = r"n(?:a|[a-z]{2})?m"
_STANDARD = re.compile(
    rf"(?P<comma>[,.]\s*)?\bngay\s*[.:]?\s*(?:(?P<d>{_D}|{_SPLIT})(?![0-9])|\S{{1,5}})?\s*[.,]?\s*"
    rf"{_THANG}\s*[.:]?\s*(?:(?P<m>{_D}|{_SPLIT})(?![0-9])|\S{{1,5}})?\s*[.,]?\s*{_NAM}\s*[.:]?\s*(?P<y>[0-9oil]{{4}})"
)
_NUMERIC = re.compile(
    r"(?P<comma>,\s*)?(?:\bngay\s*)?\b(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})\b"
)
_OCR_DIGITS = str.maketrans("oil", "011")
# the number's cell glued before the place: "Số: 596 /GM-VP", "sé: A042 /TB-UBND" (handwriting read as
# marks), "S: 02 /HD-SVHTTDL" (a copy that lost every accented letter)
_NUMBER_PREFIX = re.compile(r"^.*?s\s?(?:[o06e]|(?=:))\s*[:.]?\s*[^\s/]{1,6}\s*/\s*\S+\s*", re.IGNORECASE)


def valid_date(day: str | None, month: str | None, year: str | None) -> str | None:
    """ISO date if the three parts make a real date in a plausible range, else None."""
    if not (day and month and year):
        return None
    try:
        d, m, y = (int(x.replace(" ", "").translate(_OCR_DIGITS)) for x in (day, month, year))
        value = dt.date(y, m, d)
    except ValueError:
        return None
    return value.isoformat() if 1945 <= y <= 2100 else None


_SO_LABEL = re.compile(r"s\s?[o06e]?\s*:")  # "Số:" opening a glued number cell


def _place(line: str, comma_at: int) -> str | None:
    """The place is the last column before the comma, minus any number glued to its left."""
    cols = columns(line[:comma_at])
    if not cols:
        return None
    place = cols[-1]
    num = _NUMBER_PREFIX.match(fold(place))
    if num and "/" in num.group(0):
        place = place[num.end() :]
    labelled = ":" in place and _SO_LABEL.match(fold(place)) is None
    if labelled:  # "Nơi nhận: Đăk Nông, ngày 28 …": a glued cell's label before the place
        place = place[place.rindex(":") + 1 :]
    words = place.split()
    if labelled and any(any(c.isdigit() for c in w) or fold(w) in _NOT_PLACES for w in words):
        return None  # "Thời gian: 14h00 thứ Ba, ngày 04/8/2020": a labelled field of the body
    while words and not words[0][:1].isupper():
        words.pop(0)  # leftovers of a glued left column
    place = " ".join(words).strip(" .:-")
    return place if len(letters(place)) >= 2 and len(words) <= 5 else None


# Capitalised words that open a sentence before "ngày" and are no place ("Sáng ngày 24 tháng 5 …").
_NOT_PLACES = frozenset(
    {
        *("sang", "chieu", "toi", "trua", "dem", "hom", "nay", "tu", "den", "vao", "trong"),
        *("ngoai", "truoc", "sau", "cho", "tai", "la", "da", "se", "thu", "chu", "nhat"),
    }
)


def _bare_place(line: str, at: int) -> str | None:
    """ "Kon Tum ngày 25 tháng 01 năm 2024": the comma lost (OCR, a flattened cell). The column
    before "ngày" must be one to four capitalised words, letters only, none a time word."""
    cols = columns(line[:at])
    if not cols:
        return None
    place = cols[-1]
    num = _NUMBER_PREFIX.match(fold(place))
    if num and "/" in num.group(0):
        place = place[num.end() :]  # "Số: 596 /GM-VP _ Hà Nội ngày …": the number's cell glued on
    words = place.strip(" .:-_").split()
    if not 0 < len(words) <= 4 or not all(w.replace("-", "").isalpha() and w[0].isupper() for w in words):
        return None
    if any(fold(w) in _NOT_PLACES for w in words):
        return None
    return " ".join(words)


# A sentence that cites a document and wraps before its date ("… công văn số 11614/BTC-PC ngày" /
# "24/10/2023 về việc …"): the date opening the next line is that document's, not the header's.
_CITING_END = re.compile(r"\b(?:ngay|so\s+\S+|ban\s*hanh)\s*[:.,]?\s*$")


# "Ngày 27/02/2023, Bộ … ban hành Công văn số …": a date that opens a sentence of the body, the
# event the letter answers; a header's date without a place stands alone in its column.
_SENTENCE_GOES_ON = re.compile(r"\s*,\s*[^\W\d_]")


def _cites_before(folded: Sequence[str], i: int, at: int) -> bool:
    """The date at `at` on line `i` continues a sentence ending the line above it."""
    return at < 4 and i > 0 and _CITING_END.search(folded[i - 1]) is not None


def find_place_date(
    lines: list[str], folded: Sequence[str], limit: int
) -> tuple[str | None, str | None, int | None]:
    """(place, ISO date, line index) of the date line; the line is given even for a blank date."""
    line_start: tuple[str | None, str | None, int | None] | None = None
    bare: tuple[str | None, str | None, int | None] | None = None
    stamp = stamp_lines(folded, limit)
    for pattern in (_STANDARD, _NUMERIC):
        for i in range(min(limit, len(lines))):
            if i in stamp:
                continue  # an e-signature's signing time is not the document's date
            for m in pattern.finditer(folded[i]):
                date = valid_date(m.group("d"), m.group("m"), m.group("y"))
                comma, start = m.group("comma"), m.start()
                if comma and comma.startswith(".") and not lines[i].startswith("n", m.end("comma")):
                    comma, start = None, m.end("comma")  # a sentence's end, then "Ngày …" opening the next
                if comma:
                    place = _place(lines[i], start)
                    if place is not None:
                        return place, date, i
                elif bare is None and pattern is _STANDARD:
                    place = _bare_place(lines[i], start)
                    bare = (place, date, i) if place is not None else None
                at_column_start = not columns(lines[i][:start]) or lines[i][:start].endswith("   ")
                if (
                    at_column_start
                    and line_start is None
                    and not _cites_before(folded, i, start)
                    and not _SENTENCE_GOES_ON.match(folded[i], m.end())
                ):
                    line_start = (None, date, i)
        if bare is not None:
            return bare
        if line_start is not None:
            return line_start
    return None, None, None


def first_date(folded_text: str) -> str | None:
    """The first valid date written in either form in a folded text ("ngày 18/9/2025", "ngày 18
    tháng 9 năm 2025")."""
    found = [
        (m.start(), date)
        for pattern in (_STANDARD, _NUMERIC)
        if (m := pattern.search(folded_text)) is not None
        and (date := valid_date(m.group("d"), m.group("m"), m.group("y")))
    ]
    return min(found)[1] if found else None


# The closing formula of a law or a council's resolution, which prints no date in its header: "Nghị
# quyết này được Quốc hội … khóa XV, kỳ họp thứ 4 thông qua ngày 15 tháng 11 năm 2022." Only "… này"
# (this very document) counts: a sentence saying another resolution was adopted is a citation.
_ADOPTED = re.compile(
    r"\b(?:bo luat|luat|nghi quyet(?: lien tich)?|phap lenh)\s+nay\s+(?:da\s+)?duoc\b[^.;]{0,250}?"
    r"\bthong qua\s+(?:vao\s+)?ngay\s*(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*nam\s*(?P<y>\d{4})"
)
_ADOPTED_AT = "thông qua"  # found with str.find: a long text without it costs one C scan
_ADOPTED_REACH = 320  # characters before "thông qua" that the formula's subject can stand in
_ADOPTED_SCAN_CHARS = 2_000_000  # formulas past this are not looked for (cost bound)


def adopted_date(text: str) -> str | None:
    """The adoption date a law's or resolution's closing formula gives for the document itself."""
    at = text.find(_ADOPTED_AT, 0, _ADOPTED_SCAN_CHARS)
    while at >= 0:
        window = fold(" ".join(text[max(0, at - _ADOPTED_REACH) : at + 50].split()))
        # the formula nearest the date: the window may hold the end of a sentence before it
        found = next(reversed(list(_ADOPTED.finditer(window))), None)
        if found is not None:
            date = valid_date(found.group("d"), found.group("m"), found.group("y"))
            if date is not None:
                return date
        at = text.find(_ADOPTED_AT, at + 1, _ADOPTED_SCAN_CHARS)
    return None
