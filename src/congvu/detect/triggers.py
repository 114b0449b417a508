"""The prefilter: where in a large text could an address be?

Every form of the at-sign the matcher accepts (see `grammar.AT`) has a trigger here, so the
expensive matcher only runs in a window around a trigger and nothing it could match is
skipped. Triggers are data: each is a sequence of character sets, optionally repeated, so one
spec compiles to byte patterns for every str width (Latin-1, UTF-16, UTF-32) and to a Python
regex for the fallback. All triggers are scanned in one pass by Hyperscan over the str's own
buffer (see `rawview`); without Hyperscan the same spec runs through `re` (about 10x slower).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from congvu.detect import rawview

Token = tuple[str, str]  # (alternative characters, repetition: "" | "*" | "+")

_SP = " \t\u00a0\u3000"
_OPEN = "[({<［（｛＜"
_CLOSE = "])}>］）｝＞"

TRIGGERS: dict[str, Sequence[Token]] = {
    "at-sign": (("@＠﹫", ""),),
    "entity": (("&", ""), ("#", "")),
    "entity-named": (("&", ""), ("cC", ""), ("oO", ""), ("mM", ""), ("mM", ""), ("aA", ""), ("tT", "")),
    "at-bracket": ((_OPEN, ""), (_SP, "*"), ("aA", ""), ("tT", ""), (_SP, "*"), (_CLOSE, "")),
    "at-word": ((_SP, ""), ("aA", ""), ("tT", ""), (_SP, "")),
    "a-cong": (("aA", ""), (_SP, "+"), ("cC", ""), ("òÒoO", ""), ("nN", ""), ("gG", "")),
    "a-cong-nfd": (("aA", ""), (_SP, "+"), ("cC", ""), ("oO", ""), ("\u0300", ""), ("nN", ""), ("gG", "")),
}

_CODEC = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}


def _byte_regex(tokens: Sequence[Token], width: int) -> bytes | None:
    """One trigger as a Hyperscan byte regex for strs of `width` bytes per character."""
    parts = []
    for chars, rep in tokens:
        alts = []
        for c in chars:
            try:
                raw = c.encode(_CODEC[width])
            except UnicodeEncodeError:
                continue  # cannot occur in a str of this width
            alts.append("".join(f"\\x{b:02x}" for b in raw))
        if not alts:
            return None
        parts.append("(?:" + "|".join(alts) + ")" + rep)
    return "".join(parts).encode()


def _py_regex() -> re.Pattern[str]:
    def tok(chars: str, rep: str) -> str:
        return "[" + "".join(re.escape(c) for c in chars) + "]" + rep

    alts = ["".join(tok(c, r) for c, r in spec) for spec in TRIGGERS.values()]
    return re.compile("|".join(alts))


_FALLBACK = _py_regex()

_hs: Any
try:
    import hyperscan as _hs
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    _hs = None

HYPERSCAN = _hs is not None
_local = threading.local()  # a Hyperscan database owns scratch space: one per thread


def _database(width: int) -> object:
    dbs: dict[int, object] = getattr(_local, "dbs", None) or {}
    _local.dbs = dbs
    if width not in dbs:
        exprs = [p for spec in TRIGGERS.values() if (p := _byte_regex(spec, width)) is not None]
        db = _hs.Database()
        db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs))
        dbs[width] = db
    return dbs[width]


def trigger_ends(text: str) -> list[int]:
    """Character offsets just past each trigger, ascending (duplicates possible)."""
    if _hs is None:
        return [m.end() for m in _FALLBACK.finditer(text)]
    got = rawview.view(text)
    width, buf = got if got is not None else rawview.encoded(text)
    if not len(buf):
        return []
    ends: list[int] = []
    add = ends.append

    def on_match(_id: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
        add(end // width)

    _database(width).scan(buf, match_event_handler=on_match)  # type: ignore[attr-defined]
    ends.sort()
    return ends
