"""A public mailbox the issuer gives for reports *to a superior* is the superior's, not the issuer's.

"Ban Thường trực … xã thực hiện chế độ báo cáo với Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh bằng văn
bản và thư điện tử (qua địa chỉ Email: X)": X is the province's mailbox, relayed by the commune. Charging
it to the commune's document would accuse the wrong body (docs/labelling.md: a contact point is the
*issuer's*). The document says itself who its superiors are: its "Nơi nhận" list marks a body it reports
to "(b/c)" or "để báo cáo", and such a body is never the issuer. So when the body named nearest before
a contact point is one the list marks so — same words, same level (tỉnh is not xã) — the contact point is
that superior's, and the issuer's document gets review with the reason, never a violation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from congvu.judge.text import fold, nfc

# "Nơi nhận:" and the list items under it (a marker, or a short line, up to a line that is neither).
_HEAD = re.compile(r"^[ \t|]*noi\s*nhan\s*:?")
# … found in the text as written first (NFC or decomposed marks), so that only its lines are folded
_RAW_HEAD = re.compile(r"n(?:ơ|o\u031b|o)i[ \t]*nh(?:ậ|a\u0323\u0302|a\u0302\u0323|a)n", re.IGNORECASE)
ITEM_LINES = 25  # the list is never longer than this
ITEM_CHARS = 120  # … nor an item than this
_MARKER = re.compile(r"^[ \t|]*[-+•*–][ \t]*")
# What marks a recipient the issuer reports to: "(b/c)", "(bc)", "(để báo cáo)", "để báo cáo".
_REPORTS_TO = re.compile(
    r"\(\s*(?:b\s*/\s*c|bc|de\s*b/?\s*c|de\s*bao\s*cao|bao\s*cao)\s*\)|\bde\s*bao\s*cao\b"
)
# Abbreviations the lists use for the names the text spells out.
_ABBREVIATIONS = {
    "btt": "ban thuong truc",
    "bch": "ban chap hanh",
    "ub": "uy ban",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "mttqvn": "mat tran to quoc viet nam",
    "vn": "viet nam",
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thuong truc",
}
# Words a list may leave out of a body's full name ("Ủy ban MTTQ tỉnh" for "Ủy ban MTTQ Việt Nam tỉnh").
_OPTIONAL = frozenset({"viet", "nam", "cua", "va"})
_LEVELS = ("trung uong", "tinh", "thanh pho", "huyen", "quan", "thi xa", "thi tran", "xa", "phuong")
_LEVEL = re.compile(r"\b(?:" + "|".join(lv.replace(" ", r"\s+") for lv in _LEVELS) + r")\b")
NAME_REACH = 100  # characters of the text read as the nearest body's name
MIN_WORDS = 3  # words of a name, its level included, to match it at all
NEAR = 300  # the body is named at most this far before the address, in the same paragraph
_NAME_END = re.compile(r"[\n(),;:.]|\b(?:bang|qua|theo|truoc|cham|de|ve\s+viec)\b")


@dataclass(frozen=True, slots=True)
class Superior:
    """A body the document's "Nơi nhận" marks as one the issuer reports to."""

    written: str  # as the list writes it ("BTT Ủy ban MTTQ tỉnh (b/c)")
    words: tuple[str, ...]  # folded, abbreviations spelled out, up to and including its level
    level: str


def _words(folded: str) -> list[str]:
    out: list[str] = []
    for word in re.findall(r"[a-z0-9]+", folded):
        out.extend(_ABBREVIATIONS.get(word, word).split())
    return out


def _up_to_level(words: list[str]) -> tuple[tuple[str, ...], str] | None:
    """The name's words up to its level word ("… tinh"), and that level; None without one."""
    m = _LEVEL.search(" ".join(words))
    if m is None:
        return None
    level = " ".join(m.group(0).split())
    head = " ".join(words)[: m.end()].split()
    return tuple(head), level


def listed(texts: Iterable[str]) -> list[Superior]:
    """The bodies every "Nơi nhận" list of the texts (a document's segments) marks as reported to,
    with their level. Only the few lines under each "Nơi nhận" are folded: a document of hundreds of
    megabytes is not copied whole for a list that is a few lines long."""
    found: list[Superior] = []
    for text in texts:
        for raw in _RAW_HEAD.finditer(text):
            line_start = text.rfind("\n", 0, raw.start()) + 1
            lines = text[line_start : raw.end() + (ITEM_LINES + 1) * ITEM_CHARS].split("\n")
            lines = [nfc(line) for line in lines]  # the few lines read: composed before folding
            head_line = fold(lines[0])
            head = _HEAD.match(head_line)
            if head is None:
                continue  # "nơi nhận" inside a sentence, not the list's heading
            folded = [head_line[head.end() :]] + [fold(line) for line in lines[1:ITEM_LINES]]
            found.extend(_items(folded, lines[:ITEM_LINES]))
    return found


def _items(folded: list[str], original: list[str]) -> Iterator[Superior]:
    """The list's items (folded lines, as written) that mark a body the issuer reports to."""
    for i, line in enumerate(folded):
        item = line.strip(" \t|")
        if not item:
            continue
        if not _MARKER.match(line) and i > 1:
            break  # the list is over (a signature block, the next paragraph)
        mark = _REPORTS_TO.search(item)
        if mark is None or len(item) > ITEM_CHARS:
            continue
        named = _up_to_level(_words(_MARKER.sub("", item[: mark.start()])))
        if named is not None:
            yield Superior(original[i].strip(" \t|-+•*–;"), *named)


# The clause that sends reports to the body: "báo cáo với / về / lên …", "gửi (báo cáo) về …".
# (a few words may stand between: the name's head before the body the finder knows, "Ban Thường trực Ủy
# ban | MTTQ …")
_SENT_TO = re.compile(
    r"\b(?:bao\s*cao|gui)\b[^.;\n]{0,40}?\b(?:voi|ve|len|cho|toi|den)\s+(?:[a-z]+\s+){0,5}$"
)
VERB_REACH = 90  # characters before the body's name searched for that clause


def sent_to(folded: str, at: int) -> bool:
    """Is the body named at folded offset `at` the one the sentence sends reports to? (Not a body
    merely named above the address, nor one in the "Nơi nhận" list itself.)"""
    return _SENT_TO.search(folded, max(0, at - VERB_REACH), at) is not None


def name_length(name_folded: str) -> int:
    """How much of the text from a body's first word is its name (to the first punctuation or the
    word that starts the rest of the clause: "… tỉnh | bằng văn bản")."""
    cut = _NAME_END.search(name_folded, 0, NAME_REACH)
    return cut.start() if cut else min(len(name_folded), NAME_REACH)


def reported_to(name_folded: str, superiors: list[Superior]) -> Superior | None:
    """The listed superior that the body named in the text (`name_folded`, folded, from its first
    word) is: of the same level, and one name's words stand in the other's in order (`_within`)."""
    named = _up_to_level(_words(name_folded[: name_length(name_folded)]))
    if named is None:
        return None
    words, level = named
    if len(words) < MIN_WORDS:
        return None  # "Tỉnh đoàn", "tỉnh": too little of a name to tell whose
    for sup in superiors:
        if sup.level == level and (_within(sup.words, words) or _within(words, sup.words)):
            return sup
    return None


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Every word of `part` stands in `whole` in order (the words a list drops aside): the text may
    name the body in full where the list abbreviates it, or name only its head ("MTTQ Việt Nam tỉnh"
    for the list's "BTT Ủy ban MTTQ tỉnh")."""
    rest = iter(w for w in whole if w not in _OPTIONAL)
    return all(w in rest for w in part if w not in _OPTIONAL)
