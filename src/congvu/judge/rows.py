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

from congvu.judge.text import fold

_CELL = re.compile(r"\s\|\s")
# Where a new header piece starts (folded text); the group marks the cut.
_STARTS = re.compile(
    r"(?<![a-z])(?P<motto>cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia|doc\s*lap\s*[-–—,]\s*tu\s*do)"
    r"|(?<![a-z0-9])(?P<number>s\s?[o06]\s*:\s*\d)"
    r"|(?<![a-z])(?P<vv>v\s*/\s*v\b|ve\s*viec\b)"
    r"|(?P<date>,\s*ngay\s*[\d.…_ ]{0,4}\s*thang)"
)
# A territory ends a parent body when a new body starts right after it ("… QUẬN LIÊN CHIỂU | PHÒNG …").
_TERRITORY = re.compile(
    r"\b(?:quan|huyen|thanh\s*pho|tinh|phuong|xa|thi\s*xa)(?:\s+[a-z]+){1,3}?\s+"
    r"(?=(?:uy\s*ban\s*nhan\s*dan|ubnd|phong|van\s*phong|trung\s*tam|thanh\s*tra|hoi\s*dong\s*nhan\s*dan|"
    r"cong\s*an|ban\s*quan\s*ly)\b)"
)
_WIDE_GAP = re.compile(r"\s{3,}|\t")
_MIN_MARKERS = 2


def _place_start(line: str, comma: int) -> int:
    """Start of the place name before ", ngày": up to four capitalised words."""
    words = list(re.finditer(r"\S+", line[:comma]))
    start = comma
    for w in reversed(words[-4:]):
        if not w.group()[:1].isupper() or (w.group().isupper() and len(w.group()) > 1 and len(words) > 1):
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


def _markers(folded: str) -> int:
    return len({m.lastgroup for m in _STARTS.finditer(folded)})


def split_row(line: str) -> list[str]:
    """The header pieces of a flattened row; any other line comes back unchanged."""
    cells = _CELL.split(line)
    folded = fold(line)
    if len(cells) == 1 and (_markers(folded) < _MIN_MARKERS or _WIDE_GAP.search(line.strip())):
        return [line]
    out: list[str] = []
    for cell in cells:
        cuts = [0, *_cuts(cell, fold(cell)), len(cell)]
        out += [p for a, b in pairwise(cuts) if (p := cell[a:b].strip())]
    return out or [line]


def unflatten(lines: list[str], limit: int) -> list[str]:
    """`lines` with the first `limit` lines' flattened header rows cut into pieces."""
    head: list[str] = []
    for line in lines[:limit]:
        head += split_row(line)
    return head + lines[limit:]
