"""Decide, for each address occurrence, whether the document offers it as the issuer's contact.

The cue tables live in `cues.py`; this module only measures them against one occurrence:
textual cues by distance, and the structural ones (contact block, lists of many people's
addresses, URLs, file names, segment kinds) by small predicates. The result carries the deciding
cue and its original wording so the inspector can see *why*.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from congvu.judge import cues
from congvu.judge.cues import Cue
from congvu.judge.text import fold_map
from congvu.model import AddressMatch

_NEWLINE = re.compile("\n")

_SAME_LIST = re.compile(r"^\s*(?:[,;/|]|\bhoac\b|\bva\b|\bor\b|\band\b)?\s*$")
_FILE_EXT = re.compile(
    r"^[\w.\-]*\.(?:docx?|xlsx?|pdf|pptx?|zip|rar|7z|jpe?g|png|txt|odt|ods)\b", re.IGNORECASE
)
TOKEN_REACH = 1000  # characters looked at on each side for the URL or file name holding an address
_KIND_VETO: dict[str, Cue] = {"email-header": cues.MAIL_HEADER_KIND_CUE, "meta": cues.MAIL_HEADER_KIND_CUE}


@dataclass(frozen=True, slots=True)
class Evidence:
    cue: Cue
    text: str  # the cue's own characters in the document (or a short description)
    weight: float
    at: int = -1  # folded offset where the cue starts (-1: structural cue)
    end: int = -1


@dataclass(frozen=True, slots=True)
class ContactDecision:
    contact_point: bool
    score: float
    positive: Evidence | None = None  # the strongest positive cue
    negative: Evidence | None = None  # the veto, or the strongest negative cue
    in_block: bool = False


class SegmentView:
    """One segment's text folded once, with its addresses, for judging each occurrence."""

    def __init__(self, text: str, matches: list[AddressMatch], kind: str = "body") -> None:
        self.text, self.kind = text, kind
        self.folded, self.where = fold_map(text)
        self.matches = sorted(matches, key=lambda m: m.start)
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.folded)]
        # Per address, computed once: where it starts and on which line, so that the neighbours of
        # an address are found by bisection and judging stays linear in the number of addresses.
        self.starts = [m.start for m in self.matches]
        self.match_lines = [self.line_of(self.where[m.start]) for m in self.matches]
        self.distinct = len({m.address for m in self.matches})
        self._decided: dict[int, ContactDecision] = {}

    def line_of(self, folded_pos: int) -> int:
        return bisect_right(self.line_starts, folded_pos) - 1

    def line_text(self, idx: int) -> str:
        start = self.line_starts[idx]
        end = self.line_starts[idx + 1] - 1 if idx + 1 < len(self.line_starts) else len(self.folded)
        return self.folded[start:end]

    def original(self, fstart: int, fend: int) -> str:
        """Original characters for a folded span (marks that folding dropped come back)."""
        lo = min(bisect_left(self.where, fstart), len(self.text))
        hi = min(bisect_left(self.where, fend), len(self.text))
        return self.text[lo:hi]

    def decide(self, match: AddressMatch) -> ContactDecision:
        if match.start not in self._decided:
            self._decided[match.start] = _decide(self, match)
        return self._decided[match.start]


def _textual(view: SegmentView, cue: Cue, fs: int, fe: int) -> Evidence | None:
    """The nearest occurrence of a textual cue on its side of the address, within reach."""
    if cue.side == "after":
        window = view.folded[fe : fe + cue.reach]
        m = cue.pattern.search(window)
        if not m:
            return None
        at, end = fe + m.start(), fe + m.end()
        return Evidence(cue, view.original(at, end).strip(), cue.weight, at, end)
    lo = max(0, fs - cue.reach - 120)
    if cue.same_clause:
        breaks = list(cues.CLAUSE_BREAK.finditer(view.folded, lo, fs))
        lo = breaks[-1].end() if breaks else lo
    window = view.folded[lo:fs]
    best: re.Match[str] | None = None
    for m in cue.pattern.finditer(window):
        if fs - (lo + m.end()) <= cue.reach and not (
            cue.not_a_name and _is_name(view, lo + m.start(), lo + m.end())
        ):
            best = m  # later = nearer
    if best is None:
        return None
    weight = cue.weight * (cues.PREVIOUS_LINE_FACTOR if "\n" in window[best.end() :] else 1.0)
    at, end = lo + best.start(), lo + best.end()
    return Evidence(cue, view.original(at, end).strip(), weight, at, end)


def _is_name(view: SegmentView, at: int, end: int) -> bool:
    """Two or more capitalised words ("Minh Hòa") are a person's name, not the cue's phrase."""
    words = view.original(at, end).split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _block(view: SegmentView, line: int) -> Evidence | None:
    lo, hi = max(0, line - cues.BLOCK_LINES), min(len(view.line_starts), line + cues.BLOCK_LINES + 1)
    near = "\n".join(view.line_text(i) for i in range(lo, hi))
    labels = [name for name, p in cues.BLOCK_LABELS.items() if p.search(near)]
    own = view.line_text(line)
    if len(labels) >= cues.BLOCK_MIN_LABELS and any(p.search(own) for p in cues.BLOCK_LABELS.values()):
        return Evidence(cues.BLOCK_CUE, " / ".join(labels), cues.BLOCK_CUE.weight)
    return None


def _structural_veto(view: SegmentView, match: AddressMatch, line: int) -> Evidence | None:
    if view.kind in _KIND_VETO:
        return Evidence(_KIND_VETO[view.kind], view.kind, 1.0)
    text = view.text
    # The token around the address, looked for within a bounded reach: a text with no spaces or
    # line breaks must not make each address cost the length of the text.
    lo, hi = max(0, match.start - TOKEN_REACH), min(len(text), match.end + TOKEN_REACH)
    tok_start = max(text.rfind(" ", lo, match.start), text.rfind("\n", lo, match.start), lo - 1) + 1
    tok_end = min(
        (i for i in (text.find(" ", match.end, hi), text.find("\n", match.end, hi)) if i >= 0), default=hi
    )
    before = text[tok_start : match.start]
    if "://" in before or before.lower().startswith("www.") or before[-1:] in ("=", "/", "?", "&", "%"):
        return Evidence(cues.URL_CUE, text[tok_start:tok_end][:80], 1.0)
    if _FILE_EXT.match(text[match.end : tok_end]) or before[-1:] in ("_", "\\"):
        return Evidence(cues.FILE_CUE, text[tok_start:tok_end][:80], 1.0)
    if cues.ID_NUMBER.search(view.line_text(line)):
        return Evidence(cues.LIST_CUE, "an ID number or birth date on the same row", 1.0)
    rows: dict[str, int] = {}
    lo = bisect_left(view.match_lines, line - cues.LIST_LINES)
    hi = bisect_right(view.match_lines, line + cues.LIST_LINES)
    for other, other_line in zip(view.matches[lo:hi], view.match_lines[lo:hi], strict=True):
        rows.setdefault(other.address, other_line)
    if len(rows) >= cues.LIST_MIN_ADDRESSES and len(set(rows.values())) >= 2:
        return Evidence(cues.LIST_CUE, f"{len(rows)} different addresses on nearby rows", 1.0)
    if view.kind == "table" and view.distinct >= cues.TABLE_MIN_ADDRESSES:
        return Evidence(cues.LIST_CUE, "several different addresses in one table", 1.0)
    return None


def _chained(view: SegmentView, match: AddressMatch) -> ContactDecision | None:
    """ "Email: a@x, b@y": a second address right after another shares its decision."""
    idx = bisect_left(view.starts, match.start)
    while idx > 0 and view.matches[idx - 1].end > match.start:  # overlapping (never from the detector)
        idx -= 1
    if idx == 0:
        return None
    prev = view.matches[idx - 1]
    gap = view.folded[view.where[prev.end] : view.where[match.start]]
    return view.decide(prev) if _SAME_LIST.match(gap) else None


def _decide(view: SegmentView, match: AddressMatch) -> ContactDecision:
    fs, fe = view.where[match.start], view.where[match.end]
    line = view.line_of(fs)
    veto = _structural_veto(view, match, line)
    if veto is not None:
        return ContactDecision(False, 0.0, negative=veto)
    chained = _chained(view, match)
    if chained is not None:
        return chained
    positives = [e for c in cues.POSITIVE if (e := _textual(view, c, fs, fe))]
    block = _block(view, line)
    if block:
        positives.append(block)
    positives.sort(key=lambda e: e.weight, reverse=True)
    negatives: list[Evidence] = []
    for cue in cues.NEGATIVE:
        ev = _textual(view, cue, fs, fe)
        if ev is None:
            continue
        if cue.owner and _directional_between(positives, ev):
            continue
        if cue.unless_contact and any(p.cue.directional for p in positives):
            continue
        if cue.veto:
            return ContactDecision(False, 0.0, positives[0] if positives else None, ev, block is not None)
        negatives.append(ev)
    score = 0.0
    if positives:
        score = positives[0].weight + min(1.0, cues.SUPPORT_FACTOR * sum(e.weight for e in positives[1:]))
        score += cues.SEGMENT_KIND_BONUS.get(view.kind, 0.0)
    score -= sum(e.weight for e in negatives)
    negative = max(negatives, key=lambda e: e.weight) if negatives else None
    best = positives[0] if positives else None
    return ContactDecision(
        score >= cues.CONTACT_THRESHOLD, round(score, 2), best, negative, block is not None
    )


def _directional_between(positives: list[Evidence], owner: Evidence) -> bool:
    """Does a directional cue ("gửi về", "liên hệ") end after the owner cue starts, i.e. stand
    nearer the address? Then the people are sent *to* the address, which is not theirs."""
    return any(p.cue.directional and p.at >= 0 and p.end > owner.at for p in positives)
