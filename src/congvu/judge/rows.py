"""Undo header rows that an extractor flattened into one line.

Word's Nghị định 30/2020 template sets the header as a borderless two-column table; some
extractors return the row as one line ("UBND QUẬN LIÊN CHIỂU PHÒNG NỘI VỤ Số: 12/TB-NV | CỘNG HÒA
XÃ HỘI … Liên Chiểu, ngày 03 tháng 4 năm 2020"), and text layers can glue the columns without a
gap. We cut such a line back into the pieces a header is made of: cells, the issuing bodies, the
number, "V/v …", the motto and the place-and-date, so the usual line-based parsing applies.
"""

from __future__ import annotations

import re
from itertools import pairwise

from congvu.judge.state import is_place
from congvu.judge.text import fold

_CELL = re.compile(r"\s*\|[\s|]*")
# Where a new header piece starts (folded text); the group marks the cut.
_STARTS = re.compile(
    r"(?<![a-z])(?P<motto>cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia|doc\s*lap\s*[-–—,]\s*tu\s*do)"
    r"|(?<![a-z0-9])(?P<number>s\s?[o06]\s*:\s*(?:\d|/|[^\s/]{1,6}\s*/))"
    r"|(?<![a-z])(?P<vv>v\s*/\s*v\b|ve\s*viec\b)"
    r"|(?P<date>,\s*ngay\s*(?:[\d.…_ ]{0,4}|[^\s,]{1,4})\s*thang)"
)
# A territory ends a parent body when a new body starts right after it ("… QUẬN LIÊN CHIỂU | PHÒNG …").
_TERRITORY = re.compile(
    r"\b(?:quan|huyen|thanh\s*pho|tinh|phuong|xa|thi\s*xa)(?:\s+[a-z]+){1,3}?\s+"
    r"(?=(?:uy\s*ban\s*nhan\s*dan|ubnd|phong|van\s*phong|trung\s*tam|thanh\s*tra|hoi\s*dong\s*nhan\s*dan|"
    r"cong\s*an|ban\s*quan\s*ly)\b)"
)
_WIDE_GAP = re.compile(r"\s{3,}|\t")
_MIN_MARKERS = 2


def _glued_place_word(word: str, rest: str) -> int | None:
    """Where a place's first word starts inside `word` ("02/2017/NQ-HĐTPHà" before "Nội"): a page
    that lost the cell break between the number and the place glues them. Only where that word and
    `rest` make a province or district that `rest` alone is not, so a type code's own lower-case
    letters ("QĐ-TTg Hà Nội") stay the symbol's."""
    i = len(word)
    while i > 0 and word[i - 1].islower():
        i -= 1
    if i == len(word) or i < 2 or not word[i - 1].isupper() or not word[i - 2].isalnum():
        return None
    tail = word[i - 1 :]
    if not rest.strip() or is_place(fold(rest)) or not is_place(fold(f"{tail} {rest}")):
        return None
    return i - 1


def _place_start(line: str, comma: int) -> int:
    """Start of the place name before ", ngày": up to four capitalised words."""
    words = list(re.finditer(r"\S+", line[:comma]))
    start = comma
    for w in reversed(words[-4:]):
        if not w.group()[:1].isupper() or (w.group().isupper() and len(w.group()) > 1 and len(words) > 1):
            glued = _glued_place_word(w.group(), line[start:comma])
            if glued is not None:  # "02/2017/NQ-HĐTPHà Nội, ngày": the place's first word glued on
                start = w.start() + glued
            break
        start = w.start()
    return start


def _cuts(line: str, folded: str) -> list[int]:
    cuts: set[int] = set()
    for m in _STARTS.finditer(folded):
        kind = m.lastgroup
        if kind == "date":
            cuts.add(_place_start(line, m.start()))
        elif line[m.start()].isupper():  # "Số:", "V/v", "CỘNG HÒA" open a piece; "số" in a sentence does not
            cuts.add(m.start())
    for m in _TERRITORY.finditer(folded):
        if line[m.start() : m.end()].isupper():
            cuts.add(m.end())
    return sorted(c for c in cuts if 0 < c < len(line))


def _marker_kinds(folded: str) -> set[str | None]:
    return {m.lastgroup for m in _STARTS.finditer(folded)}


def _markers(folded: str) -> int:
    return len(_marker_kinds(folded))


def _whole_header_row(kinds: set[str | None]) -> bool:
    """The motto and the number or date on one line: both rows of the header table flattened
    into one line, cells apart by tabs or wide gaps (a side-by-side row holds only one of them)."""
    return "motto" in kinds and bool(kinds & {"number", "date"})


def whole_header_row(folded: str) -> bool:
    """`_whole_header_row` of a folded line (cheap test first)."""
    return _may_hold_markers(folded) and _whole_header_row(_marker_kinds(folded))


# Pieces of one cell that a wide gap can leave apart: "Số:   14    /HVHNT", "ngày  31  tháng 5   năm".
_OPEN_END = re.compile(r"(?:(?<![a-z])s\s?[o06]\s*:(?:\s*\d{1,5})?|\b(?:ngay|thang)(?:\s*\d{1,2})?)\s*$")
_CLOSE_START = re.compile(r"\s*(?:/|thang\b|nam\b)")


def _gap_spans(line: str, folded: str) -> list[tuple[int, int]]:
    """Cells of a line cut at its tabs and wide gaps, except gaps inside a number or a date."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _WIDE_GAP.finditer(line):
        if _OPEN_END.search(folded, start, m.start()) or _CLOSE_START.match(folded, m.end()):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(line)))
    return spans


def _may_hold_markers(folded: str) -> bool:
    """Cheap necessary condition for two kinds of `_STARTS` marker: each kind needs literals
    ("cong"+"nghia" or "doc"+"lap", ":", "/" or "viec", ","+"ngay"+"thang"), and plain body
    lines rarely hold two, so the regex scan (the costly part) runs on few lines."""
    kinds = (
        (("cong" in folded and "nghia" in folded) or ("doc" in folded and "lap" in folded))
        + (":" in folded)
        + ("/" in folded or "viec" in folded)
        + ("thang" in folded and "ngay" in folded and "," in folded)
    )
    return kinds >= _MIN_MARKERS


# Words one of which `_TERRITORY`'s look-ahead needs ("uy ban", "ban quan ly", "thanh tra", ...).
_BODY_WORDS = ("ban", "ubnd", "phong", "trung", "thanh", "hoi", "cong")


def _may_cut(folded: str) -> bool:
    """Cheap necessary condition for `_cuts` to find anything: a literal of some `_STARTS` marker
    or of a body name after a territory. Cells of ordinary tables (names, numbers) skip both
    regex scans."""
    return (
        "cong" in folded
        or "doc" in folded
        or ":" in folded
        or "/" in folded
        or "viec" in folded
        or ("ngay" in folded and "thang" in folded)
        or any(w in folded for w in _BODY_WORDS)
    )


def split_row_folded(line: str, folded: str) -> list[tuple[str, str]]:
    """`split_row` with each piece's folded copy (sliced from `folded`, which must be `fold(line)`),
    so the header parser folds every line once."""
    spans: list[tuple[int, int]] = []
    start = 0
    if "|" in line:
        for m in _CELL.finditer(line):
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(line)))
    if len(spans) == 1:
        if not _may_hold_markers(folded):
            return [(line, folded)]
        kinds = _marker_kinds(folded)
        if len(kinds) < _MIN_MARKERS:
            return [(line, folded)]
        if _WIDE_GAP.search(line.strip()):
            if not _whole_header_row(kinds):
                return [(line, folded)]
            spans = _gap_spans(line, folded)
    out: list[tuple[str, str]] = []
    for a, b in spans:
        cell, fcell = line[a:b], folded[a:b]
        cuts = [0, *_cuts(cell, fcell), len(cell)] if _may_cut(fcell) else [0, len(cell)]
        for x, y in pairwise(cuts):
            raw = cell[x:y]
            piece = raw.strip()
            if piece:
                at = x + len(raw) - len(raw.lstrip())
                out.append((piece, fcell[at : at + len(piece)]))
    return out or [(line, folded)]


def split_row(line: str) -> list[str]:
    """The header pieces of a flattened row; any other line comes back unchanged."""
    return [piece for piece, _ in split_row_folded(line, fold(line))]


def unflatten_folded(lines: list[str], limit: int) -> tuple[list[str], list[str]]:
    """`unflatten`, plus the folded copies of the pieces cut from the first `limit` lines."""
    head: list[str] = []
    folded: list[str] = []
    for line in lines[:limit]:
        for piece, low in split_row_folded(line, fold(line)):
            head.append(piece)
            folded.append(low)
    return head + lines[limit:], folded


def unflatten(lines: list[str], limit: int) -> list[str]:
    """`lines` with the first `limit` lines' flattened header rows cut into pieces."""
    return unflatten_folded(lines, limit)[0]
