"""Decide, for each address occurrence, whether the document offers it as the issuer's contact.

The cue tables live in `cues.py` and the clause spans in `clauses.py`; this module measures them
against one occurrence, in this order:
1. structural context vetoes (segment kind, web link, file name, the "Nơi nhận" list): decided;
2. an address chained right after another ("Email: a@x; b@y") shares that one's decision;
3. positive cues: labels next to the address, direction cues anywhere earlier in its clause, the
   address/phone/e-mail block;
4. context vetoes in the clause (prohibition, example, impostor warning, sender): decided, and
   the reason names the contact cue they outweighed;
5. owner vetoes (citizens, lists, a named person or company, the addressee, an ID number on the
   row, many addresses nearby): decided unless a direction cue of the same clause lifts them
   (`_lifted`); a lifted veto is named in the reason too;
6. the score (best positive + support − penalties) against the threshold.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from congvu.judge import cues, prefilter, state
from congvu.judge.clauses import Clauses
from congvu.judge.cues import Cue
from congvu.judge.text import fold, fold_map
from congvu.judge.vocab import SURNAMES
from congvu.model import AddressMatch

_NEWLINE = re.compile("\n")

_LINE_TAGS = re.compile(r"<br\s*/?>")
_SAME_LIST = re.compile(r"^\s*(?:[,;/|]|\bhoac\b|\bva\b|\bor\b|\band\b)?\s*$")
_FILE_EXT = re.compile(
    r"^[\w.\-]*\.(?:docx?|xlsx?|pdf|pptx?|zip|rar|7z|jpe?g|png|txt|odt|ods)\b", re.IGNORECASE
)
TOKEN_REACH = 1000  # characters looked at on each side for the URL or file name holding an address
_KIND_VETO: dict[str, Cue] = {
    "email-header": cues.MAIL_HEADER_KIND_CUE,
    "meta": cues.MAIL_HEADER_KIND_CUE,
    "signature": cues.SIGNATURE_KIND_CUE,
}
_LIST_MARK = ("-", "+", "•", "*", "–")
_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[-+•*–])\s+")
_ROW_MARKS = re.compile(r"[ \-+•*–|]*")  # what opens a row before its person or title
_CUE_TEXT = 60  # characters of a cue's own wording quoted in a reason
_CONTEXT = tuple(c for c in cues.NEGATIVE if c.role == "context")
_OWNERS = tuple(c for c in cues.NEGATIVE if c.role == "owner")
_PENALTIES = tuple(c for c in cues.NEGATIVE if c.role == "penalty")


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
    lifted: Evidence | None = None  # an owner veto that a direction cue set aside
    lifted_why: str = ""
    staff: Evidence | None = None  # the office title that made a named person's row a staff contact
    staff_list: bool = False  # … and that row is one of a list of several people's addresses


class SegmentView:
    """One segment's text folded once, with its addresses, for judging each occurrence."""

    def __init__(self, text: str, matches: list[AddressMatch], kind: str = "body") -> None:
        self.text, self.kind = text, kind
        self.folded, self.where = fold_map(text)
        self._identity = isinstance(self.where, range)
        self.matches = sorted(matches, key=lambda m: m.start)
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.folded)]
        # Per address, computed once: where it starts and on which line, so that the neighbours of
        # an address are found by bisection and judging stays linear in the number of addresses.
        self.starts = [m.start for m in self.matches]
        self.match_lines = [self.line_of(self.where[m.start]) for m in self.matches]
        self.distinct = len({m.address for m in self.matches})
        self._decided: dict[int, ContactDecision] = {}
        self._index: _Index | None = None

    def line_of(self, folded_pos: int) -> int:
        return bisect_right(self.line_starts, folded_pos) - 1

    def line_text(self, idx: int) -> str:
        start = self.line_starts[idx]
        end = self.line_starts[idx + 1] - 1 if idx + 1 < len(self.line_starts) else len(self.folded)
        return self.folded[start:end]

    def original(self, fstart: int, fend: int) -> str:
        """Original characters for a folded span (marks that folding dropped come back)."""
        if self._identity:  # NFC text: folded offsets are original offsets (bisect on a range is slow)
            return self.text[max(0, fstart) : max(0, fend)]
        lo = min(bisect_left(self.where, fstart), len(self.text))
        hi = min(bisect_left(self.where, fend), len(self.text))
        return self.text[lo:hi]

    def upper(self, fpos: int) -> bool:
        """Is the character at a folded offset a capital as written? Bodies' names start with one
        ("Hội Nhà văn", "Cục Thuế"), which tells them from "xã hội" or "thanh tra" as a verb."""
        return self.original(fpos, fpos + 1)[:1].isupper()

    def decide(self, match: AddressMatch) -> ContactDecision:
        if match.start not in self._decided:
            self._decided[match.start] = _decide(self, match)
        return self._decided[match.start]

    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = _Index(self)
        return self._index


class _Index:
    """Per-segment facts built on first use: address spans (folded), clauses, direction cues."""

    def __init__(self, view: SegmentView) -> None:
        self.spans = [(view.where[m.start], view.where[m.end]) for m in view.matches]
        self.span_starts = [s for s, _ in self.spans]
        self.clauses = Clauses(
            view.folded, lambda p: view.original(max(0, p - 5), p), self.spans, rows=view.kind == "table"
        )
        self.directions: dict[int, list[Evidence]] = {}
        self.items: dict[int, tuple[int, str] | None] = {}
        # address index -> the body heading its entry: (folded name, as written)
        self.entry_bodies: dict[int, tuple[str, str] | None] = {}
        self._view = view
        self._orgs: state.Orgs | None = None
        self.signature: tuple[str, str] | bool | None = False  # signature block's body (False: not looked)
        self.press_owner: tuple[str, str] | bool | None = False  # a paper's owning body, anywhere (ditto)
        self.starts = prefilter.Starts(view.folded)  # where each cue's words stand, found once
        self.menus: dict[int, bool] = {}  # line -> is it a web page's navigation bar (`_menu_line`)

    @property
    def orgs(self) -> state.Orgs:
        """The organisations the segment names (document.py: is the offerer a state body?), found
        on first use, once per segment."""
        if self._orgs is None:
            self._orgs = state.Orgs(self._view.folded, self._view.upper)
        return self._orgs

    def inside_address(self, pos: int) -> bool:
        i = bisect_right(self.span_starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]


def _evidence(view: SegmentView, cue: Cue, at: int, end: int, weight: float | None = None) -> Evidence:
    text = view.original(at, end).strip()
    if "\n" in text:  # a label over lines of a page's source: quoted on one line in the reason
        text = " ".join(text.split())
    if len(text) > _CUE_TEXT:
        text = text[: _CUE_TEXT - 1].rstrip() + "…"
    return Evidence(cue, text, cue.weight if weight is None else weight, at, end)


# A run of whitespace counts as one character of a cue's reach, up to this many times the reach: a
# page laid out word by word ("địa chỉ\n<100 spaces>email:\n<100 spaces>X", a text layer kept
# with its indentation) keeps its label as near as a reader sees it.
_REACH_STRETCH = 8
_WIDE_SPACE = re.compile(r"\s{4,}")


def _reach_start(folded: str, fs: int, reach: int) -> int:
    """Where a cue reaching `reach` visible characters before offset `fs` may start."""
    lo = fs - reach
    if lo <= 0:
        return 0
    if _WIDE_SPACE.search(folded, lo, fs) is None:
        return lo
    floor = max(0, fs - reach * _REACH_STRETCH)
    i, budget = fs, reach
    while i > floor and budget > 0:
        i -= 1
        if folded[i].isspace():
            while i > floor and folded[i - 1].isspace():
                i -= 1
        budget -= 1
    return i


def _before(view: SegmentView, cue: Cue, lo: int, fs: int) -> list[Evidence]:
    """Every occurrence of a before-side cue in folded[lo:fs] (anchored cues: the one touching fs)."""
    if cue.markup and not view.folded[max(0, fs - 80) : fs].rstrip(" \t\n:：").endswith(">"):
        return []  # no tag right before the address: not a page's source
    if cue.reach:
        lo = _reach_start(view.folded, fs, cue.reach)
    window = view.folded[lo:fs]
    if cue.needs and not all(any(c in window for c in chars) for chars in cue.needs):
        return []
    found = []
    index = view.index
    for m in cue.pattern.finditer(window):
        at, end = lo + m.start(), lo + m.end()
        if index.inside_address(at):
            continue
        if cue.not_a_name and _is_name(view, at, end):
            continue
        if cue.not_written is not None and cue.not_written.match(view.original(at, end)):
            continue
        if cue.held is not None and cue.held.fullmatch(view.folded, at, end) and _held_by_state(view, end):
            continue
        if cue.person and (not _is_person(view, at, end) or _masthead(view, at, fs)):
            continue
        if cue.role == "direction" and _in_menu(view, at, end, fs):
            continue  # "TRANG CHỦ | … | LIÊN HỆ" above the content: a link, not a direction to it
        weight = cue.weight
        if cue.role == "label" and "\n" in window[m.end() :]:
            weight *= cues.PREVIOUS_LINE_FACTOR
        found.append(_evidence(view, cue, at, end, weight))
    return found


_HOLDER = re.compile(r"\s*(?:[:：(]|la\b|-|–)?\s*")
HOLDER_CHARS = 80  # characters after a role's words read for the body holding it


def _held_by_state(view: SegmentView, end: int) -> bool:
    """Is the role whose words end here held by a state body named right after them ("Chủ đầu
    tư: Ủy ban nhân dân huyện Nghi Xuân", "chủ đầu tư là Ban Quản lý dự án …")?"""
    gap = _HOLDER.match(view.folded, end)
    at = gap.end() if gap else end
    return state.kind_of_name(view.original(at, min(len(view.folded), at + HOLDER_CHARS))) == "state"


def _after(view: SegmentView, cue: Cue, fe: int, hi: int) -> Evidence | None:
    m = cue.pattern.search(view.folded[fe:hi])
    if not m:
        return None
    words = view.original(fe + m.start(), fe + m.end()).strip(" \t\n)]>,.;")
    if cue.lowercase and words[:1].isupper():  # "…), Hội LHPN" names a body; "hỏi" is a verb
        return None
    return _evidence(view, cue, fe + m.start(), fe + m.end())


def _menu_line(view: SegmentView, line: int) -> bool:
    """Is the line a web page's navigation bar ("TRANG CHỦ | GIỚI THIỆU | TIN TỨC | LIÊN HỆ",
    "HOME LUATVIETNAM GIẢI ĐÁP TÀI KHOẢN LIÊN HỆ")? It names several menu items and is either
    written in capitals or cut by "|" into short items without a label, a number or an address.
    A table row ("| Người liên hệ | … |") opens with its cell edge and is no menu."""
    menus = view.index.menus
    if line not in menus:
        menus[line] = _is_menu(view.original(*_line_span(view, line)).strip(), view.line_text(line))
    return menus[line]


def _in_menu(view: SegmentView, at: int, end: int, fs: int) -> bool:
    """Does the direction cue at folded [at, end) stand in a menu bar, away from the address at fs:
    on a menu line above it (`_menu_line`), or — the page's lines joined into one — in a run of
    capitalised words naming MENU_RUN_WORDS menu items ("… GIẢI ĐÁP TÀI KHOẢN LIÊN HỆ Giải đáp …")?"""
    if view.folded.find("\n", end, fs) >= 0 and _menu_line(view, view.line_of(at)):
        return True
    cue_text = view.original(at, end)
    if not cue_text.isupper():
        return False
    ls, le = _line_span(view, view.line_of(at))
    lo, hi = max(ls, at - cues.MENU_RUN_CHARS), min(le, end + cues.MENU_RUN_CHARS, fs)
    before, after = view.original(lo, at).split(), view.original(end, hi).split()
    run = [cue_text]
    for word in reversed(before):
        if not _caps_word(word):
            break
        run.insert(0, word)
    for word in after:
        if not _caps_word(word):
            break
        run.append(word)
    return len(cues.MENU_WORD.findall(fold(" ".join(run)))) >= cues.MENU_RUN_WORDS


def _caps_word(word: str) -> bool:
    return word == "|" or (word.isalpha() and word.isupper())


def _is_menu(text: str, folded: str) -> bool:
    if not text or text.startswith("|") or "@" in text or len(text.split()) > cues.MENU_LINE_WORDS:
        return False
    if len(cues.MENU_WORD.findall(folded)) < cues.MENU_MIN_WORDS:
        return False
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) * 10 >= len(letters) * 9:  # a stray "(cid:35)" aside
        return True
    items = [i for i in cues.MENU_SPLIT.split(text) if i]
    return len(items) >= cues.MENU_ITEMS and all(
        sum(any(c.isalpha() for c in w) for w in i.split()) <= cues.MENU_ITEM_WORDS
        and not any(c.isdigit() or c in ":;,." for c in i)
        for i in items
    )


def _is_name(view: SegmentView, at: int, end: int) -> bool:
    """Two or more capitalised words ("Minh Hòa") are a person's name, not the cue's phrase."""
    words = view.original(at, end).split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _is_person(view: SegmentView, at: int, end: int) -> bool:
    """'ông'/'bà' (with its marks: "ba" is also "three") before a capitalised name, and not a
    street: after a house number, a street word or an address label, or before a street name that
    starts with an honorific ("Bà Huyện Thanh Quan", "Ông Ích Khiêm") or holds one ("Hai Bà Trưng")."""
    if view.original(at, end).lower() not in ("ông", "bà"):
        return False
    after = view.original(end, min(end + 8, len(view.folded))).lstrip(" \t\n:|")  # "Ông: A", "Ông | A"
    if not after[:1].isupper() or view.folded.startswith(" con", end):
        return False
    line_start = view.line_starts[view.line_of(at)]
    if cues.STREET_BEFORE.search(view.folded, max(line_start, at - 40), at):
        return False
    place = cues.HONORIFIC_PLACE.search(view.folded, max(line_start, at - 8), end + 20)
    if place and place.start() < at < place.end():
        return False  # "quận Hai Bà Trưng": a place named after the Trưng sisters
    return not cues.STREET_NAMES_AFTER.match(view.folded[end : end + 40])


# A site's masthead names the person answerable for it ("Chịu trách nhiệm chính: Ông …", "Tổng biên
# tập: Bà …", as Nghị định 72/2013 asks of every information portal); its contact lines below are
# the publisher's, not that person's.
_MASTHEAD_ROLE = re.compile(
    r"\b(?:(?:nguoi\s*)?chiu\s*trach\s*nhiem(?:\s*(?:chinh|noi\s*dung|xuat\s*ban))?"
    r"|(?:pho\s*)?tong\s*bien\s*tap|truong\s*ban\s*bien\s*tap)\s*[:：]?\s*$"
)


def _masthead(view: SegmentView, at: int, fs: int) -> bool:
    """Is the person at `at` named by a masthead role, on a line above the address at `fs`?"""
    line = view.line_of(at)
    if line == view.line_of(fs):
        return False
    start = max(view.line_starts[line], at - 60)
    return _MASTHEAD_ROLE.search(view.folded, start, at) is not None


def _block(view: SegmentView, line: int, labelled: bool = False) -> Evidence | None:
    """The address/phone/e-mail block: block labels on the lines around, and the address is an
    entry of it — a label on its own line, or (`labelled`) its e-mail label on the line above
    ("Email:" / "X" as a PDF wraps it)."""
    lo, hi = max(0, line - cues.BLOCK_LINES), min(len(view.line_starts), line + cues.BLOCK_LINES + 1)
    # the lines lo..hi-1 joined by "\n" are folded[a:b] itself; searched as that slice
    a, b = view.line_starts[lo], _line_span(view, hi - 1)[1]
    starts = view.index.starts
    labels = [name for name, p in cues.BLOCK_LABELS.items() if prefilter.search(p, view.folded, a, b, starts)]
    if len(labels) < cues.BLOCK_MIN_LABELS:
        return None
    ls, le = _line_span(view, line)
    if labelled or any(prefilter.search(p, view.folded, ls, le, starts) for p in cues.BLOCK_LABELS.values()):
        return Evidence(cues.BLOCK_CUE, " / ".join(labels), cues.BLOCK_CUE.weight)
    return None


def _structural_context(view: SegmentView, match: AddressMatch, line: int) -> Evidence | None:
    """Places where an address is never offered: mail headers, links, file names, 'Nơi nhận'."""
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
    # "mailto:X" is the page's link *to write to X* (an archive may wrap it: ".../web/2013…/mailto:X"),
    # the way a contact is offered on the web, not a URL the address merely stands in: the clause's
    # own cues decide, as for the address written out
    mailto = before[-7:].lower() == "mailto:"
    if not mailto and (
        "://" in before or before.lower().startswith("www.") or before[-1:] in ("=", "/", "?", "&", "%")
    ):
        return Evidence(cues.URL_CUE, text[tok_start:tok_end][:80], 1.0)
    if _FILE_EXT.match(text[match.end : tok_end]) or before[-1:] in ("_", "\\"):
        return Evidence(cues.FILE_CUE, text[tok_start:tok_end][:80], 1.0)
    return (
        _recipients(view, line)
        or _addressee_block(view, match, line)
        or _people_heading(view, match, line)
        or _login(view, match, line)
    )


def _login(view: SegmentView, match: AddressMatch, line: int) -> Evidence | None:
    """A password given with the address, after it on its line or on the next: a shared account's
    log-in ("Email: loptaphuanTH@gmail.com" / "Pass: THTH2021"), not a mailbox offered to write to."""
    last = min(len(view.line_starts) - 1, line + 1)
    m = cues.LOGIN.search(view.folded, view.where[match.end], _line_span(view, last)[1])
    return None if m is None else _evidence(view, cues.LOGIN_CUE, m.start(), m.end())


def _on_label_line(view: SegmentView, match: AddressMatch, line: int) -> bool:
    """Does the address's line open with a label only ("Email:", "| Email |") before it?"""
    start = view.line_starts[line]
    return len(view.folded[start : view.where[match.start]].strip(" |\t")) <= cues.LABEL_LINE_PREFIX


def _people_heading(view: SegmentView, match: AddressMatch, line: int) -> Evidence | None:
    """The address stands on a label line of a list headed by the people it is about ("Thông tin
    liên lạc của sinh viên:" / "- Trần Hưng Thuận" / "Email: X"): each entry's own address, as in
    a thesis proposal or a team's report. Only short lines may stand between (names, labels)."""
    if not _on_label_line(view, match, line):
        return None  # the address inside a sentence: the clause's own cues decide
    for i in range(line - 1, max(-1, line - 1 - cues.PEOPLE_LINES), -1):
        text = view.line_text(i)
        if not text.strip() or len(text.strip()) > cues.PEOPLE_LINE_CHARS:
            return None
        if cues.PEOPLE_HEAD.match(text):
            return Evidence(cues.PEOPLE_HEADING_CUE, view.original(*_line_span(view, i)).strip()[:60], 1.0)
    return None


def _addressee_block(view: SegmentView, match: AddressMatch, line: int) -> Evidence | None:
    """The address stands on a label line of the addressee's block: "Kính gửi: Bà …" and the short
    lines right under it ("Số điện thoại: …", "Email: X", or "| Email | X |" once a table is
    flattened) give the addressee's own contact, however the lines are laid out; a blank or a
    prose line ends the block."""
    if not _on_label_line(view, match, line):
        return None  # the address inside a sentence: the clause's own cues decide
    for i in range(line - 1, max(-1, line - 1 - cues.ADDRESSEE_LINES), -1):
        text = view.line_text(i)
        if not text.strip() or len(text) > cues.ADDRESSEE_LINE_CHARS:
            break
        if cues.ADDRESSEE_HEAD.match(text):
            return Evidence(cues.ADDRESSEE_CUE, view.original(*_line_span(view, i)).strip()[:60], 1.0)
        if not cues.ADDRESSEE_FIELD.match(text):
            break  # a line that is no field of the addressee's ("CỤC THUẾ …", a body's name)
    # the label line right above "Kính gửi: …" whose own field lines follow it: the same block, one
    # line moved (an addressee's "Email:" put before the name by the form or the OCR's reading order)
    lines = len(view.line_starts)
    if line + 2 < lines and cues.ADDRESSEE_HEAD.match(view.line_text(line + 1)):
        below = view.line_text(line + 2)
        if below.strip() and len(below) <= cues.ADDRESSEE_LINE_CHARS and cues.ADDRESSEE_FIELD.match(below):
            return Evidence(cues.ADDRESSEE_CUE, view.original(*_line_span(view, line + 1)).strip()[:60], 1.0)
    return None


def _recipients(view: SegmentView, line: int) -> Evidence | None:
    """The address stands in the 'Nơi nhận:' list (its line, or list items right below it)."""
    for i in range(line, max(-1, line - cues.RECIPIENTS_LINES), -1):
        text = view.line_text(i).strip()
        if cues.RECIPIENTS_HEAD.match(text):
            return Evidence(cues.RECIPIENTS_CUE, view.original(*_line_span(view, i)).strip()[:40], 1.0)
        if not text.startswith(_LIST_MARK):
            return None
    return None


def _line_span(view: SegmentView, idx: int) -> tuple[int, int]:
    start = view.line_starts[idx]
    end = view.line_starts[idx + 1] - 1 if idx + 1 < len(view.line_starts) else len(view.folded)
    return start, end


def _chained(view: SegmentView, match: AddressMatch) -> ContactDecision | None:
    """ "Email: a@x, b@y": a second address right after another shares its decision (its label,
    its direction cue, its veto)."""
    idx = bisect_left(view.starts, match.start)
    while idx > 0 and view.matches[idx - 1].end > match.start:  # overlapping (never from the detector)
        idx -= 1
    if idx == 0:
        return None
    prev = view.matches[idx - 1]
    gap = view.folded[view.where[prev.end] : view.where[match.start]]
    if "<" in gap:  # "a@x<br />b@y" in a page's source: a line break between the entries
        gap = _LINE_TAGS.sub(" ", gap)
    return view.decide(prev) if _SAME_LIST.match(gap) else None


def _match_index(view: SegmentView, match: AddressMatch) -> int:
    return bisect_left(view.starts, match.start)


def _directions(view: SegmentView, cs: int, fs: int) -> list[Evidence]:
    """Direction cues of the clause before the address, in text order."""
    found = [e for cue in cues.DIRECTIONS for e in _before(view, cue, cs, fs)]
    return sorted(found, key=lambda e: e.at)


_VIA = re.compile(r"\b(?:thong\s*)?qua\s*$")


def _targets(view: SegmentView, owner: Evidence, directions: list[Evidence]) -> Evidence | None:
    """The direction cue whose object this owner cue is ("liên hệ ông A", "theo địa chỉ: bà H"), if any;
    or the last one before a person the text sends it through ("gửi về Tổ thư ký (qua ông A, địa
    chỉ email: X)": the issuer's staff member to write to, not the owner of a private mailbox)."""
    if _VIA.search(view.folded, max(0, owner.at - 12), owner.at):
        before = [d for d in directions if d.end <= owner.at]
        if before:
            return before[-1]
    for d in directions:
        gap = view.folded[d.end : owner.at]
        if (
            0 <= owner.at - d.end <= cues.TARGET_GAP
            and "cua" not in gap.split()
            and cues.TARGET_GAP_TEXT.fullmatch(gap)
        ):
            return d
    return None


def _lifted(
    view: SegmentView, owner: Evidence, directions: list[Evidence], fs: int, owners: list[Evidence]
) -> str:
    """Why a direction cue sets this owner cue aside, quoting that cue ("" if none does)."""
    cue = owner.cue
    if owner.at >= fs:  # after the address ("… X phản ánh"): a direction before it, unless a person
        # the sentence is about stands between them ("LIÊN HỆ … Ngày 5/3, ông A (email: X) phản ánh")
        for d in reversed(directions):
            subjects = [o for o in owners if o.cue.person and d.end <= o.at < fs]
            if all(_targets(view, o, directions) is not None for o in subjects):
                return f"the contact cue '{d.text}' comes first in the clause"
        return ""
    if cue.target:
        target = _targets(view, owner, directions)
        if target is not None:
            return f"it names the person to contact after '{target.text}'"
    # the direction's pointing part ("… về Văn phòng", "… qua email") comes after the owner
    later = [d for d in directions if d.end >= owner.end]
    if cue.lift == "between" and later:
        return f"the contact cue '{later[-1].text}' stands between it and the address"
    if cue.lift == "invited":
        for d in later:
            if cues.INVITATION.search(view.folded, owner.end, d.end):
                return f"the issuer's request '{d.text}' stands between it and the address"
    return ""


def _owners(view: SegmentView, cs: int, ce: int, fs: int, fe: int) -> list[Evidence]:
    """Owner cues of the clause: before the address (all) and right after it."""
    out: list[Evidence] = []
    for cue in _OWNERS:
        if cue.side == "after":
            ev = _after(view, cue, fe, ce)
            if ev:
                out.append(ev)
        else:
            out.extend(_before(view, cue, cs, fs))
    line = view.line_of(fs)
    ls, le = _line_span(view, line)
    # the row: the address's clause, but never further than a wrapped row's lines around it (a
    # page's source may run one clause over a whole list: "Hướng dẫn làm CMND: …" ten items below
    # is another row's)
    first = max(0, line - cues.ID_ROW_LINES)
    last = min(len(view.line_starts) - 1, line + cues.ID_ROW_LINES)
    lo = max(min(ls, cs), view.line_starts[first])
    hi = min(max(le, ce), _line_span(view, last)[1])
    for m in cues.ID_NUMBER.finditer(view.folded, lo, hi):
        if not view.index.inside_address(m.start()):
            out.append(_evidence(view, cues.ID_CUE, m.start(), m.end()))
    for m in cues.CORRESPONDING_AUTHOR.finditer(view.folded, view.line_starts[first], fs):
        out.append(_evidence(view, cues.CORRESPONDING_CUE, m.start(), m.end()))
    credit = _credit(view, line)
    if credit is not None:
        out.append(credit)
    note = _author_note(view, line)
    if note is not None:
        out.append(note)
    return out


_STARRED_NAME = re.compile(r"(?:^|,)[ \t]*([a-z]+(?:[ \t]+[a-z]+){1,4})[ \t]*[*∗✱]{1,3}[ \t]*(?=,|$)", re.M)


def _author_note(view: SegmentView, line: int) -> Evidence | None:
    """The address in the note that a starred author's name points to: a line at or just above it
    opens with the star, and a personal name above it carries one (`_names_person`). A section
    title's star ("Đặt vấn đề∗") names no person."""
    for i in range(line, max(-1, line - 1 - cues.AUTHOR_NOTE_LINES), -1):
        if view.line_text(i).lstrip()[:1] not in cues.AUTHOR_MARKS:
            continue
        lo = view.line_starts[max(0, i - cues.AUTHOR_NAME_LINES)]
        for m in _STARRED_NAME.finditer(view.folded, lo, view.line_starts[i]):
            if _names_person(view, m.start(1), m.end(1)):
                return _evidence(view, cues.AUTHOR_NOTE_CUE, m.start(1), m.end())
        return None
    return None


_CREDIT_NAME = re.compile(r"[a-z]+(?:[ \t]+[a-z]+){1,3}(?=[ \t]*(?:$|[-–|,.;:()<&\d]))", re.M)


def _credit(view: SegmentView, line: int) -> Evidence | None:
    """A credit naming a person on the address's line or the lines next to it ("©2025 Nguyen Van
    Phuc - 0358…"): a surname first or last, two to four capitalised words, not a body's name nor a place
    ("© 2024 Trường THCS Lê Lợi", "Thiết kế bởi Phòng GD&ĐT" are the body's own credit)."""
    lo = view.line_starts[max(0, line - 1)]
    hi = _line_span(view, min(len(view.line_starts) - 1, line + 1))[1]
    for m in cues.CREDIT.finditer(view.folded, lo, hi):
        name = _CREDIT_NAME.match(view.folded, m.end(), min(hi, m.end() + 60))
        if name is None or view.index.inside_address(m.start()):
            continue
        if _names_person(view, name.start(), name.end()):
            return _evidence(view, cues.CREDIT_CUE, m.start(), name.end())
    return None


def _names_person(view: SegmentView, start: int, end: int) -> bool:
    """Do the folded words [start, end) name a person: a surname first or last ("Nguyễn Văn Thuật",
    "Thuật Nguyễn"), each word capitalised as written, not a body's name nor a place ("Trường THCS
    Lê Lợi", "Hà Nội")?"""
    folded = view.folded[start:end]
    words = folded.split()
    return (
        (words[0] in SURNAMES or words[-1] in SURNAMES)
        and all(w[:1].isupper() for w in view.original(start, end).split())
        and state.kind_of_name(folded + " ") is None
        and not state.is_place(folded)
    )


def _neighbours(view: SegmentView, line: int) -> range:
    """Indexes (in view.matches) of the addresses within LIST_LINES lines of `line`."""
    lo = bisect_left(view.match_lines, line - cues.LIST_LINES)
    return range(lo, bisect_right(view.match_lines, line + cues.LIST_LINES))


def _row_like(view: SegmentView, line: int) -> bool:
    """A row of a list or table is a short line; a whole paragraph on one line is prose."""
    start, end = _line_span(view, line)
    return end - start <= cues.ROW_CHARS


def _same_list(view: SegmentView, a: int, b: int) -> bool:
    """Are lines a and b rows of one list? Both short, and either no blank line between them or both
    list items ("- Bà: …" rows spaced by blank lines): paragraphs apart are no list."""
    if a == b:
        return True
    if not _row_like(view, b):
        return False
    lo, hi = min(a, b), max(a, b)
    if all(view.line_text(k).strip() for k in range(lo + 1, hi)):
        return True
    return bool(_ITEM.match(view.line_text(a)) and _ITEM.match(view.line_text(b)))


def _clause_directions(view: SegmentView, i: int) -> list[Evidence]:
    index = view.index
    if i not in index.directions:
        fs, fe = index.spans[i]
        cs, _ = index.clauses.span(fs, fe)
        index.directions[i] = _directions(view, cs, fs)
    return index.directions[i]


def _many(view: SegmentView, match: AddressMatch, line: int) -> tuple[Evidence | None, str]:
    """The many-addresses veto, and why it is lifted ("" if not).

    A list is three entries (an address, or a chain "a@x hoặc b@y") on nearby short lines — a
    paragraph of prose on one line is no row. Lifted only when this address stands out of the
    list: it is alone in its clause (addresses
    chained after it aside), its clause has a direction cue, and fewer than half of the other
    nearby addresses' clauses have one (a directory whose every row says "liên hệ" stays a list).
    """
    index = view.index
    near = list(_neighbours(view, line))
    if view.kind != "table":  # rows are short lines: a paragraph of prose is no row of a list
        row = _row_like(view, line)
        near = [i for i in near if row and _same_list(view, line, view.match_lines[i])]
    rows: dict[str, int] = {}
    entries: set[int] = set()  # an entry: one address, or a chain of them ("a@x hoặc b@y", "a@x; b@y")
    for i in near:
        if view.matches[i].address not in rows:
            rows[view.matches[i].address] = view.match_lines[i]
            entries.add(_chain_head(view, i))
    if len(entries) >= cues.LIST_MIN_ADDRESSES and len(set(rows.values())) >= 2:
        ev = Evidence(cues.LIST_CUE, f"{len(entries)} entries with different addresses on nearby rows", 1.0)
    elif view.kind == "table" and view.distinct >= cues.TABLE_MIN_ADDRESSES:
        ev = Evidence(cues.LIST_CUE, "several different addresses in one table", 1.0)
    else:
        return None, ""
    me = _match_index(view, match)
    own = _clause_directions(view, me)
    if not own:
        return ev, ""
    key = index.clauses.key(*index.spans[me])
    others = [i for i in near if view.matches[i].address != match.address]
    for i in others:
        if index.clauses.key(*index.spans[i]) == key and not _chained_after(view, me, i):
            return ev, ""
    other_keys = {index.clauses.key(*index.spans[i]): i for i in others}
    with_direction = sum(1 for i in other_keys.values() if _clause_directions(view, i))
    if with_direction * 2 >= len(other_keys) and other_keys:
        return ev, ""
    return ev, "this address stands alone in a clause that sends the reader to it"


def _chain_head(view: SegmentView, i: int) -> int:
    """The first address of the chain that address i ends ("a@x; b@y hoặc c@z": all give a's index)."""
    spans = view.index.spans
    while i > 0 and _SAME_LIST.match(view.folded[spans[i - 1][1] : spans[i][0]]):
        i -= 1
    return i


def _item_of(view: SegmentView, line: int) -> tuple[int, str] | None:
    """The list item holding `line` ("3. Sở TN&MT Bạc Liêu …" and the lines below it): its first
    line and the body its head names; None when the line is in no item or the head names none."""
    items = view.index.items
    if line not in items:
        found: tuple[int, str] | None = None
        for i in range(line, max(-1, line - cues.ITEM_LINES), -1):
            m = _ITEM.match(view.line_text(i))
            if m:
                head = view.line_starts[i] + m.end()
                if cues.STAFF_TITLE.match(view.folded, head):  # "1. Chủ tịch UBND huyện …": an office holder
                    break
                org = state.head_org(view.folded, head, view.upper)
                found = (i, org) if org else None
                break
        items[line] = found
    return items[line]


def _directory(view: SegmentView, match: AddressMatch, line: int) -> Evidence | None:
    """A directory the issuer compiles: list items that each name a body of the same kind ("1. Sở
    TN&MT An Giang … 2. Sở TN&MT Bạc Liêu …") with its own address. The address is that body's,
    not the issuer's, whatever cue labels it."""
    own = _item_of(view, line)
    if own is None:
        return None
    lo = bisect_left(view.match_lines, line - cues.DIRECTORY_LINES)
    hi = bisect_right(view.match_lines, line + cues.DIRECTORY_LINES)
    items: dict[int, str] = {}
    for i in range(lo, hi):
        item = _item_of(view, view.match_lines[i])
        if item is not None and item[1] == own[1]:
            items.setdefault(item[0], view.matches[i].address)
    if len(items) >= cues.DIRECTORY_MIN_ITEMS and len(set(items.values())) >= cues.DIRECTORY_MIN_ITEMS:
        return Evidence(cues.DIRECTORY_CUE, f"{len(items)} list items naming '{own[1]}'", 1.0)
    return None


_NAME_STOP = re.compile(r"[\n,;:.()<>\"'|{}\[\]]")


def _entry_body(view: SegmentView, i: int) -> tuple[str, str] | None:
    """The body named just above address i (within ENTRY_REACH characters, `state.Orgs`), its
    name up to the first punctuation, folded and as written: the head of the entry the address
    stands in."""
    bodies = view.index.entry_bodies
    if i not in bodies:
        fs, fe = view.index.spans[i]
        near = view.index.orgs.nearest(fs, fe)
        found = None
        if near is not None and near[1] < fs and fs - near[1] <= cues.ENTRY_REACH:
            a = near[1]
            name = _NAME_STOP.split(view.folded[a : a + cues.ENTRY_NAME])[0].rstrip()
            if name:
                found = (name, view.original(a, a + len(name)))
        bodies[i] = found
    return bodies[i]


def _body_directory(view: SegmentView, match: AddressMatch) -> Evidence | None:
    """A directory in blocks: addresses in DIRECTORY_MIN_ITEMS entries or more, each under the
    name of another body ("Trạm Y tế xã Yên Lạc … Email: X", "Trạm Y tế xã Vô Tranh … Email: Y",
    a portal's list of hospitals, an app's records of them): each address is the body's named over
    it, whoever compiled the list — not the issuer's contact point (docs/labelling.md)."""
    me = _match_index(view, match)
    own = _entry_body(view, me)
    if own is None:
        return None
    line = view.match_lines[me]
    row = view.line_starts[max(0, line - cues.STAFF_ROW_LINES)]  # a staff row wraps before its address
    if cues.STAFF_TITLE.search(view.folded, row, view.index.spans[me][0]):
        return None  # a staff member's row under each office (decision 3): the staff rule decides
    lo = bisect_left(view.match_lines, line - cues.DIRECTORY_LINES)
    hi = bisect_right(view.match_lines, line + cues.DIRECTORY_LINES)
    entries: dict[str, tuple[str, str]] = {}  # folded name -> (address, name as written)
    for i in range(lo, hi):
        body = _entry_body(view, i)
        if body is not None:
            entries.setdefault(body[0], (view.matches[i].address.lower(), body[1]))
    if (
        len(entries) < cues.DIRECTORY_MIN_ITEMS
        or len({a for a, _ in entries.values()}) < cues.DIRECTORY_MIN_ITEMS
    ):
        return None
    other = next(written for name, (_, written) in entries.items() if name != own[0])
    return Evidence(
        cues.DIRECTORY_CUE, f"{len(entries)} entries, each under its own body ('{own[1]}', '{other}', …)", 1.0
    )


def _heading(view: SegmentView, match: AddressMatch, fs: int, line: int) -> Evidence | None:
    """In a table, the heading cell above the address ("Email", "Thư điện tử") labels it; the
    heading row's direction cues ("Người liên hệ") are looked for by the caller."""
    ls, _ = _line_span(view, line)
    col = view.folded.count("|", ls, fs)
    cells = view.line_text(0).split("|")
    if col < len(cells) and cues.COLUMN_HEADING.match(cells[col]):
        start = view.line_starts[0] + sum(len(c) + 1 for c in cells[:col])
        return _evidence(view, cues.COLUMN_CUE, start, start + len(cells[col]))
    return None


def _staff(view: SegmentView, cs: int, ce: int, fs: int, positives: list[Evidence]) -> Evidence | None:
    """The office title on a staff member's contact row ("- Ông: Cáp Văn Hoàng - Chánh Văn phòng;
    SĐT: …; Email: X"): the clause is a row (it opens its line: a list item, a table row, a line of
    a directory, not a sentence inside a paragraph), it gives a phone or stands in a contact block
    (or a direction cue sends the reader there), no report of misuse stands in it, and an office
    title stands in it before the address."""
    if not any(e.cue.name in cues.CONTACT_ROW_CUES or e.cue.role == "direction" for e in positives):
        return None
    opening = view.folded[view.line_starts[view.line_of(cs)] : cs]
    if opening.strip(" |") and not _ITEM.fullmatch(opening):  # only a list marker or a cell edge may precede
        return None  # a clause inside a paragraph: a sentence about someone, not a contact row
    # where the row's person or title starts: not `folded[cs:].lstrip(…)`, a copy of the rest of the
    # text for every row (quadratic in a directory of thousands of staff rows)
    marks = _ROW_MARKS.match(view.folded, cs)
    head = marks.end() if marks else cs
    if not (cues.ROW_PERSON.match(view.folded, head) or cues.STAFF_TITLE.match(view.folded, head)):
        return None  # the row opens with prose ("Tại buổi làm việc, ông A …"), not a person or a title
    if any(c.pattern.search(view.folded, cs, ce) for c in _PENALTIES if c.side == "before"):
        return None  # "phát hiện ông A, công chức …, Email: X vẫn dùng …": a report, not a contact
    lo = max(cs, fs - cues.STAFF_REACH)
    found = None
    for m in cues.STAFF_TITLE.finditer(view.folded, lo, fs):
        if not view.index.inside_address(m.start()):
            found = m
    return _evidence(view, cues.STAFF_CUE, found.start(), found.end()) if found else None


def _chained_after(view: SegmentView, me: int, other: int) -> bool:
    """Is `other` in an unbroken chain of addresses right after `me` ("a@x hoặc b@y")?"""
    if other <= me:
        return False
    spans = view.index.spans
    return all(_SAME_LIST.match(view.folded[spans[k - 1][1] : spans[k][0]]) for k in range(me + 1, other + 1))


def _decide(view: SegmentView, match: AddressMatch) -> ContactDecision:
    fs, fe = view.where[match.start], view.where[match.end]
    line = view.line_of(fs)
    veto = _structural_context(view, match, line)
    if veto is not None:
        return ContactDecision(False, 0.0, negative=veto)
    chained = _chained(view, match)
    if chained is not None:
        return chained
    cs, ce = view.index.clauses.span(fs, fe)
    directions = _directions(view, cs, fs)
    labels = [e for c in cues.LABELS for e in _before(view, c, cs, fs)]
    if view.kind == "table" and line > 0:
        heading = _heading(view, match, fs, line)
        if heading is not None:
            labels.append(heading)
        directions = _directions(view, 0, _line_span(view, 0)[1]) + directions
    positives = _best_per_cue(directions + labels)
    block = _block(view, line, any(e.cue.name in cues.EMAIL_LABEL_CUES for e in labels))
    if block:
        positives.append(block)
    positives.sort(key=lambda e: (e.weight, e.at), reverse=True)  # ties: the nearest
    best = positives[0] if positives else None
    in_block = block is not None

    for cue in _CONTEXT:
        hits = _before(view, cue, cs, fs)
        if hits:
            return ContactDecision(False, 0.0, best, hits[-1], in_block)

    # (the entries' bodies are looked for only when something offers the address: the organisation
    # pass over the whole segment is not paid for addresses that are mere mentions anyway)
    directory = _directory(view, match, line) or (_body_directory(view, match) if positives else None)
    if directory is not None:
        return ContactDecision(False, 0.0, best, directory, in_block)

    lifted: Evidence | None = None
    lifted_why = ""
    owners = _owners(view, cs, ce, fs, fe)
    many, many_why = _many(view, match, line)
    if many is not None:
        owners.append(many)
    staff = _staff(view, cs, ce, fs, positives) if owners else None
    staff_used = False
    for ev in owners:
        why = many_why if ev is many else _lifted(view, ev, directions, fs, owners)
        if not why and staff is not None and (ev.cue.staff or ev is many):
            why = f"the row names a staff member by office title ('{staff.text}'), with their contact"
            staff_used = True
        if not why:
            return ContactDecision(False, 0.0, best, ev, in_block)
        lifted, lifted_why = lifted or ev, lifted_why or why

    negatives = [e for c in _PENALTIES if c.side == "before" for e in _before(view, c, cs, fs)[-1:]]
    negatives += [e for c in _PENALTIES if c.side == "after" if (e := _after(view, c, fe, ce))]
    score = 0.0
    if best:
        score = best.weight + min(1.0, cues.SUPPORT_FACTOR * sum(e.weight for e in positives[1:]))
        score += cues.SEGMENT_KIND_BONUS.get(view.kind, 0.0)
    score -= sum(e.weight for e in negatives)
    negative = max(negatives, key=lambda e: e.weight) if negatives else None
    contact = score >= cues.CONTACT_THRESHOLD
    return ContactDecision(
        contact,
        round(score, 2),
        best,
        negative,
        in_block,
        lifted if contact else None,
        lifted_why if contact else "",
        staff if contact and staff_used else None,
        contact and staff_used and many is not None,
    )


# Cues that say only "this is an e-mail address", not that the issuer offers it.
_BARE_LABELS = frozenset((*cues.EMAIL_LABEL_CUES, "mailto-link"))


def owner_veto(decision: ContactDecision) -> Evidence | None:
    """The owner cue that set this occurrence aside, nothing lifting it ("Tôi: …, hòm thư: X"), or the
    password that makes it an account's log-in: the same address's bare 'mailto:' link elsewhere in
    the file is the same account."""
    neg = decision.negative
    owns = neg is not None and (neg.cue.role == "owner" or neg.cue is cues.LOGIN_CUE)
    return neg if not decision.contact_point and owns else None


def bare_label(decision: ContactDecision) -> bool:
    """Is this occurrence offered by a bare label alone (no direction, no lifted veto, no block)?"""
    pos = decision.positive
    return (
        decision.contact_point
        and pos is not None
        and pos.cue.name in _BARE_LABELS
        and decision.lifted is None
        and not decision.in_block
    )


def owned_elsewhere(decision: ContactDecision, owner: Evidence) -> ContactDecision:
    """One address, one owner: an occurrence offered by a bare label alone (a 'mailto:' link, an
    'Email:' cell) of an address the text shows someone's own elsewhere — a Q&A list's asker column
    after the question "Tôi: Nguyễn Thế Hải (sđt …), hòm thư điện tử: X" — is that owner's too. The
    label says what the address is, not whose; a direction cue, a lifted veto or a contact block
    still offers it (those say whose)."""
    if not bare_label(decision):
        return decision
    cue = Cue(
        "owned-elsewhere",
        f"the same address elsewhere in the text: {owner.cue.label}",
        owner.cue.pattern,
        owner.weight,
        "owner",
    )
    ev = Evidence(cue, owner.text, owner.weight, owner.at, owner.end)
    return ContactDecision(False, 0.0, decision.positive, ev)


def staff_doubt(decision: ContactDecision, header: str | None) -> str:
    """Why a staff member's contact row may not be the state body's contact point ("" if it is):
    a list of several people's mailboxes, or a text that no state body heads as its issuer (a
    directory compiled by someone else). When unsure, review (docs/labelling.md)."""
    if decision.staff is None:
        return ""
    if decision.staff_list:
        return "it is one of several people's mailboxes listed by office title: whose list it is is unclear"
    if header is None:  # a recognisable issuer that is no state body: the caller says so
        return (
            f"it is the mailbox of a person named by office title ('{decision.staff.text}'), "
            "and no state body heads the document as its issuer"
        )
    return ""


def _best_per_cue(found: list[Evidence]) -> list[Evidence]:
    """One piece of evidence per cue (the nearest, or the heaviest), so repeats do not add up."""
    best: dict[str, Evidence] = {}
    for e in found:
        old = best.get(e.cue.name)
        if old is None or (e.weight, e.at) >= (old.weight, old.at):
            best[e.cue.name] = e
    return list(best.values())
