"""Put back together the header lines that PDF tables and OCR cut apart.

The header is a two-column table. Copying it from a PDF viewer or a legal-text portal breaks it
where the cell was narrow, not where the meaning ends, and marks cell borders with "|":

    ỦY                          Số:                 Thái
    BAN NHÂN DÂN                29/KH-UBND          Nguyên, ngày 22 tháng 3 năm 2018
    |                           |                   Kon Tum, ngày 25
                                                    tháng 01 năm 2024

Each rule below joins a line with the next one only when the first is visibly unfinished (a
lone "Số:", the first word of a body's name, the first word of a place before ", ngày", a date
without its year), so whole lines are never glued to their neighbours by accident. Border marks
at a line's ends and lines of nothing but "|" become blank; a "|" between two cells is left
for `rows.unflatten_folded`, which cuts a flattened row at it.
"""

from __future__ import annotations

import re

from congvu.judge.rows import whole_header_row
from congvu.judge.text import fold, is_upper_line
from congvu.judge.vocab import BODY_HEADS

_EDGE_BARS = re.compile(r"^[\s|]*\|[\s|]*|[\s|]*\|[\s|]*$")
_GAP = re.compile(r"\s{3,}|\t")
# A lone "Số:" (OCR: "Sô", "S6"), or a number cut after a "/" or "-" ("Số: 06/2024/").
_NUMBER_HEAD = re.compile(r"^s\s?[o06]\s*[:.]?$")
_NUMBER_CUT = re.compile(r"^s\s?[o06]\s*[:.]?\s*\d{1,5}\s*[/-](?:[\w&]+\s*[/-])*$")
_NUMBER_TAIL = re.compile(r"^[\d/….]")
# Phrases of more than one word that open a header line: a wrapped first word ("ỦY") is joined
# to the rest ("BAN NHÂN DÂN") only when together they spell one of them.
_PHRASES = tuple(
    sorted(
        {h for h in BODY_HEADS if " " in h}
        | {"cong hoa xa hoi chu nghia viet nam", "dang cong san viet nam", "doc lap tu do hanh phuc"},
        key=len,
        reverse=True,
    )
)
_PLACE_DATE = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+){0,4}\s*,\s*ngay\b")
# A place-date opening alone, or after the number in the same cell ("Số: 1322/QĐ-UBND An Phú,
# ngày 09", even with an unreadable number) or after a label ("Nơi nhận: Đăk Nông, ngày 28"). A
# sentence citing a document ("… Công văn số 72/CV-TN&MT, ngày 10") is body text, never the
# place-date line.
_PLACE_DATE_CELL = re.compile(
    r"^(?:s\s?[o06]\s*[:.]?\s*\S*\s*/\s*\S+(?:\s+-\S+)?\s*\|?\s*|[^:]{0,20}:\s*)?"  # "/TCT -PC": OCR's space
    r"(?:(?:tp|tx)\s*\.\s*)?"  # "TP. Hồ Chí Minh, ngày 26": a city's or town's abbreviation
    r"[^\W\d_]+(?:[ -][^\W\d_]+){0,4}\s*[,.]\s*ngay\b"  # "Hà Nội. ngày 09": OCR's dot for the comma
)


def _place_date_in(cell: str) -> bool:
    """The folded cell opens with a place-date, alone or after the number or a label."""
    return _PLACE_DATE_CELL.match(cell) is not None


_DATE_OPEN = re.compile(r"(?:[,.]\s*|^)ngay\s*[\d.…_ ]{0,4}(?:\s*thang\s*[\d.…_ ]{0,4})?$")
_DATE_REST = re.compile(r"^(?:[\d.…_]{1,2}\s*)?(?:thang|nam)\b")
_PLACE_END = re.compile(r",$")
_DATE_START = re.compile(r"^ngay\s*[\d.…_ ]{0,4}\s*thang")
# "Hà Nội, ngày 21 tháng 11 năm" / "2002": a date cut before its year
_YEAR_OPEN = re.compile(r"(?:[,.]\s*|^)ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam$")
_YEAR_REST = re.compile(r"^(?:19|20)\d\d\b")
_MAX_BLANKS = 2  # blank lines a cut may leave between its two halves


def _cells(line: str) -> list[str]:
    return [c for c in _GAP.split(line.strip()) if c.strip()]


def _is_title_words(text: str, most: int) -> bool:
    """1..`most` words, letters only, each starting with a capital: a place name's first part."""
    words = text.split()
    return (
        0 < len(words) <= most
        and all(w.replace("-", "").isalpha() and w[0].isupper() for w in words)
        and not (len(words) > 1 and text.isupper())
    )


def _join_words(a: str, b: str) -> bool:
    """`a` is the first word(s) of a multi-word body name or motto that `b` completes."""
    fa = " ".join(re.findall(r"[a-z]+", fold(a)))
    if not fa or len(fa.split()) > 2 or not a.strip().replace(" ", "").isalpha() or not a.isupper():
        return False
    together = f"{fa} {' '.join(re.findall(r'[a-z]+', fold(b)))}"
    return any(together.startswith(p) and len(fa) < len(p) and p.startswith(fa + " ") for p in _PHRASES)


def _number_glue(first_a: str, a: str, first_b: str, b_cell: str) -> str | None:
    """How a cut number joins its rest: " " after a lone "Số:", "" after "Số: 06/2024/"."""
    if _NUMBER_HEAD.match(first_a) and a.strip()[0] == "S" and _NUMBER_TAIL.match(first_b):
        return " "
    if _NUMBER_CUT.match(first_a) and first_b[:1].isalpha() and " " not in b_cell:
        return ""
    return None


def _place_cut(a_cell: str, first_b: str) -> bool:
    """ "Thái" / "Nguyên, ngày 22 …": the first one or two words of the place (a personal name, three
    words or more, is never taken for one), at most five words in all."""
    return (
        _is_title_words(a_cell, 2)
        and bool(_PLACE_DATE.match(first_b))
        and len(a_cell.split()) + len(first_b.split(",")[0].split()) <= 5
    )


def _date_cut(a_cell: str, last_a: str, first_b: str) -> bool:
    """ "Kon Tum, ngày 25" / "tháng 01 năm 2024", "Hà Nội, ngày 21 tháng 11 năm" / "2002", or "Đắk Hà," /
    "ngày 05 tháng 3 năm 2023"."""
    if _place_date_in(last_a) or last_a.startswith("ngay"):
        if _YEAR_OPEN.search(last_a):
            return bool(_YEAR_REST.match(first_b))
        if _DATE_OPEN.search(last_a):
            return bool(_DATE_REST.match(first_b))
    return bool(
        _PLACE_END.search(last_a) and _is_title_words(a_cell.rstrip(","), 5) and _DATE_START.match(first_b)
    )


def _join(a: str, b: str) -> str | None:
    """The line that `a` and `b` were before a cut, or None when `a` is complete."""
    a_cells, b_cells = _cells(a), _cells(b)
    if not a_cells or not b_cells:
        return None
    first_a, last_a, first_b = fold(a_cells[0]), fold(a_cells[-1]), fold(b_cells[0])
    if len(a_cells) == 1:
        glue = _number_glue(first_a, a, first_b, b_cells[0])
        if glue is not None:
            return f"{a.strip()}{glue}{b.strip()}"
        if _join_words(a_cells[0], b_cells[0]) or _place_cut(a_cells[0], first_b):
            return f"{a.strip()} {b.strip()}"
    if _date_cut(a_cells[-1], last_a, first_b):
        return f"{a.rstrip()} {b.strip()}"
    return None


def _date_rest_cell(a: str, b: str) -> tuple[str, str] | None:
    """Side-by-side cut: "Số: 12/UBND   Kon Tum, ngày 25" / "V/v …   tháng 01 năm 2024"."""
    a_cells, b_cells = _cells(a), _cells(b)
    if len(b_cells) < 2 or not a_cells:
        return None
    last_a = fold(a_cells[-1])
    if not (_DATE_OPEN.search(last_a) and _place_date_in(last_a)) or not _DATE_REST.match(fold(b_cells[-1])):
        return None
    cut = b.rstrip().rfind(b_cells[-1])
    return f"{a.rstrip()} {b_cells[-1]}", b[:cut].rstrip()


# "Số" as printed or as OCR and mark-less fonts give it ("So:", "Sô:", "S6:"), glued to a lowercase
# word and followed by its number (or the blank before "/" of an unnumbered draft).
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_])(?<![A-ZĐ])(?=S[ốôoO06]\s*:\s*[\d/])")
_BAR_IN_GAP = re.compile(r"\s*\|\s*")


def strip_bars(line: str) -> str:
    """A line without the table-border marks at its ends ("| Số: 12/TB-UBND |" → "Số: 12/TB-UBND");
    in a line laid out with wide gaps, a border between cells becomes a gap too. A "Số:" glued to
    the motto's last word ("Hạnh phúcSố: 116/TB-VP") is set apart by a gap."""
    if "S" in line and ":" in line:
        line = _GLUED_NUMBER.sub("   ", line)
    if "|" not in line:
        return line
    line = _EDGE_BARS.sub("", line)
    if not _GAP.search(line) or whole_header_row(fold(line)):
        return line  # a whole header flattened into one row: its "|" cut the cells (rows.py)
    return _BAR_IN_GAP.sub("   ", line)


# First words of an issuing body's name that never stand alone (Nghị định 30/2020, Phụ lục I, boxes
# 1-2: "ỦY BAN NHÂN DÂN", "BỘ TÀI CHÍNH", "SỞ Y TẾ", "THỦ TƯỚNG CHÍNH PHỦ", "TRƯỜNG …"). A narrow
# cell can leave one of them alone on its line, the rest of the name on the next.
_NAME_OPENERS = frozenset(
    {
        *{h.split()[0] for h in BODY_HEADS if " " in h and h.split()[0] not in ("quan", "huyen", "thanh")},
        *("bo", "so", "phong", "cuc", "truong", "thu", "chinh", "quoc", "kiem", "ngan", "tap", "tong"),
    }
)
_OPENER = re.compile(r"^(\s*)([^\W\d_]{2,6})(?=\s{3,}|\t|\s*$)")


def _word_down(a: str, b: str) -> tuple[str, str] | None:
    """ "ỦY      CỘNG HÒA …" / "BAN NHÂN DÂN      Độc lập …": the left cell's lone first word of a
    body's name moves down to the rest of the name (the right-hand cells stay where they are)."""
    m = _OPENER.match(a)
    if m is None or not m.group(2).isupper() or fold(m.group(2)) not in _NAME_OPENERS:
        return None
    b_cells = _cells(b)
    if not b_cells:
        return None
    rest = b_cells[0]
    low = fold(rest)
    if not rest[:1].isalpha() or not is_upper_line(rest) or _MOTTO_PIECE.match(low):
        return None
    at = b.find(rest)
    rest_a = a[m.end() :]
    new_a = " " * m.end() + rest_a if rest_a.strip() else ""
    return new_a, f"{b[:at]}{m.group(2)} {b[at:]}"


# What the next line must not open with: the motto, or the number ("Số:").
_MOTTO_PIECE = re.compile(r"(?:cong\s*hoa|xa\s*hoi|chu\s*nghia|viet\s*nam|doc\s*lap|s\s?[o06]\s*[:.])")


def _may_be_cut(line: str) -> bool:
    """Cheap necessary condition for `_join`/`_date_rest_cell` to join `line` with the next: a few
    words, a "Số", a trailing "," "/" "-", or a date ("ngày"). Body prose passes none, so the
    folding and cell splitting run on the header's few lines only."""
    s = line.strip()
    if s.count(" ") <= 2 or s[:1] == "S" or s.endswith((",", "/", "-")) or _OPENER.match(s):
        return True
    low = s.lower()
    return "ngày" in low or "ngay" in low


# An e-signed letter's day and month, typed by the e-office system into the blanks of "ngày … tháng …"
# over the motto's underline, come out of the text layer on a line of their own next to the date:
# "_________ 18 _________ 02 ______" / "Hà Nội, ngày tháng năm 2025".
_FILLED = re.compile(r"^[\s_.…-]*_[\s_.…-]*?(\d{1,2})[\s_.…-]+(\d{1,2})[\s_.…-]*$")
_BLANK_SLOTS = re.compile(r"(ngày)(\s+)(tháng)(\s+)(năm\s+(?:19|20)\d\d)\b", re.IGNORECASE)


def _fill_blanks(out: list[str]) -> None:
    """Put the filled-in day and month (`_FILLED`, the line above or below) into the date's blanks."""
    for i, line in enumerate(out):
        if "ng" not in line:
            continue
        slots = _BLANK_SLOTS.search(line)
        if slots is None:
            continue
        for j in (i - 1, i + 1):
            m = _FILLED.match(out[j]) if 0 <= j < len(out) else None
            if m and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12:
                day, month = m.group(1), m.group(2)
                filled = f"{slots.group(1)} {day} {slots.group(3)} {month} {slots.group(5)}"
                out[i] = line[: slots.start()] + filled + line[slots.end() :]
                out[j] = ""
                break


def rejoin(lines: list[str]) -> list[str]:
    """`lines` with every cut header line joined back to its other half (the second half's line
    is removed, so the result is never longer)."""
    out = [strip_bars(x) for x in lines]
    _fill_blanks(out)
    i = 0
    while i < len(out):
        if not out[i].strip() or not _may_be_cut(out[i]):
            i += 1
            continue
        j = i + 1
        while j < len(out) and j - i - 1 <= _MAX_BLANKS and not out[j].strip():
            j += 1
        if j >= len(out) or j - i - 1 > _MAX_BLANKS:
            i += 1
            continue
        joined = _join(out[i], out[j])
        if joined is not None:
            out[i] = joined
            del out[j]
            continue  # the joined line may still be unfinished ("Thái" + "Nguyên, ngày 22" + "tháng …")
        split = _date_rest_cell(out[i], out[j])
        if split is not None:
            out[i], out[j] = split
            continue
        moved = _word_down(out[i], out[j])
        if moved is not None:
            out[i], out[j] = moved
        i += 1
    return out
