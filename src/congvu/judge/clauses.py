"""Clauses: how far a cue reaches. A cue counts when it stands in the address's own clause.

A clause ends at a sentence end (". " — not after an abbreviation such as "TP." or "ĐT."), a ";"
(unless a contact label follows: "…Văn phòng Sở; điện thoại …; email: X" is one enumeration),
a blank line, a new list item ("- ", "+ ", "1. ", "a) "), a line opening with a cell edge ("| …", a
flattened table's row) and, in a table, a new row (line). A
single line break inside a paragraph is a PDF wrap, not a clause end. Breaks inside an address
("x @ hotmail . com") do not count. A clause is capped at MAX_BEFORE/MAX_AFTER characters around
the address so that text without punctuation (OCR) cannot make every cue reach everywhere.

Breaks are found once per segment (one regex pass) and looked up by bisection for each address,
so judging stays linear in the text and in the number of addresses.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from congvu.judge import prefilter

MAX_BEFORE = 600
MAX_AFTER = 300

# Words that name an e-mail address (shared with the cue tables, `cues.py`): "Email", "E-mail",
# "Thư điện tử", "Hộp thư", "Hòm thư (điện tử)", "Mail", "Gmail" ("gửi qua Gmail X").
EMAIL_WORD = r"(?:e\s*-?\s*mail|emai(?=\s*[:：])|thu\s*dien\s*tu|(?:hop|hom)\s*thu(?:\s*dien\s*tu)?|g?mail)"
# A field of the same entry after ";" ("…; SĐT: …; Mail: X"): the ";" does not end the clause.
_LABEL_AHEAD = (
    rf"(?:dien\s*thoai|d\.?\s?t\b|sdt|dtdd|di\s*dong|fax|{EMAIL_WORD}|gmail|"
    r"dia\s*chi|website|hotline|tel\b|zalo)"
)
_BREAK = re.compile(
    r"(?P<stop>[.!?…])[\"'”)]?\s+(?=\S)"
    rf"|;(?!\s*{_LABEL_AHEAD})"
    r"|\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:[-+•*–]\s|\d{1,2}[.)]\s|[a-dđ]\)\s|\|))"
)
_ROW = re.compile(r"\n")
_WORD_BEFORE = re.compile(r"(\w+)$")
# Mixed-case abbreviations that end with a full stop without ending a sentence.
_ABBREVIATIONS = frozenset({"Tp", "ThS", "Th", "Ths", "Ts", "Bs"})


def _is_abbreviation(before: str) -> bool:
    """Given the original characters before a full stop: "TP.", "Q.", "P.", "ĐT.", "ThS." are
    abbreviations; "vỉa hè." or "UBND." end a sentence."""
    m = _WORD_BEFORE.search(before)
    if m is None:
        return False
    word = m.group(1)
    if not word[0].isupper() or not word.isalpha() or len(word) > 3:
        return False
    return word.isupper() or len(word) == 1 or word in _ABBREVIATIONS


class Clauses:
    """The clause spans of one folded segment."""

    def __init__(
        self,
        folded: str,
        before: Callable[[int], str],
        address_spans: Sequence[tuple[int, int]],
        rows: bool = False,
    ) -> None:
        """`before(pos)`: the original characters just before folded offset `pos` (case matters
        for abbreviations, and folding loses it)."""
        self.size = len(folded)
        starts: list[int] = []
        ends: list[int] = []
        spans = list(address_spans)
        span_starts = [s for s, _ in spans]
        # _BREAK.finditer(folded), tried only at the characters a break starts with
        for _lo, m in prefilter.finditer(_BREAK, folded, 0, len(folded), prefilter.Starts(folded)):
            if m.group("stop") and _is_abbreviation(before(m.start())):
                continue
            if _inside(spans, span_starts, m.start()):
                continue
            starts.append(m.start())
            ends.append(m.end())
        if rows:
            for m in _ROW.finditer(folded):
                starts.append(m.start())
                ends.append(m.end())
            pairs = sorted(zip(starts, ends, strict=True))
            starts, ends = [a for a, _ in pairs], [b for _, b in pairs]
        self.starts, self.ends = starts, ends
        self._ends_sorted = sorted(ends)

    def span(self, fs: int, fe: int) -> tuple[int, int]:
        """Start and end of the clause holding folded span [fs, fe), capped around the address."""
        i = bisect_right(self._ends_sorted, fs) - 1
        lo = self._ends_sorted[i] if i >= 0 else 0
        j = bisect_left(self.starts, fe)
        hi = self.starts[j] if j < len(self.starts) else self.size
        return max(lo, fs - MAX_BEFORE), min(hi, fe + MAX_AFTER)

    def key(self, fs: int, fe: int) -> int:
        """An id of the clause (its uncapped start) to group addresses by clause."""
        i = bisect_right(self._ends_sorted, fs) - 1
        return self._ends_sorted[i] if i >= 0 else 0


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
