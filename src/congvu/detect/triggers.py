"""The prefilter: where in a large text could an address be?

Every form of the at-sign the matcher accepts (see `grammar.AT`) has a trigger here, so the
expensive matcher only runs in a window around a trigger and nothing it could match is
skipped. Triggers are data: literal strings matched without ASCII case, compiled to byte
patterns for every str width (Latin-1, UTF-16, UTF-32) and to a Python regex for the fallback.
All triggers are scanned in one pass by Hyperscan over the str's own buffer (see `rawview`);
without Hyperscan the same literals run through `re` (several times slower).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from congvu.detect import rawview

# Literal strings, matched with ASCII case folded. Each is the rarest fixed part of a form; the
# matcher looks at the window around it for the rest (local part, spaces, brackets). Short and
# few on purpose: one literal per form keeps the scan near memory speed (see bench/README.md).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "at-sign": ("@", "＠", "﹫"),
    "entity": ("&",),  # &#64; &#x40; &commat;
    "at-word": ("at",),  # " at ", "[at]", "(AT)", "{ at }"
    "a-cong": ("còng", "cÒng", "cong", "co\u0300ng"),  # "a còng", "A CÒNG", "a cong", NFD
}

_CODEC = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}


def _byte_regex(literal: str, width: int) -> bytes | None:
    """One literal as a Hyperscan byte regex for strs of `width` bytes per character."""
    try:
        raw = literal.encode(_CODEC[width])
    except UnicodeEncodeError:
        return None  # cannot occur in a str of this width
    return "".join(f"\\x{b:02x}" for b in raw).encode()


def _literals() -> list[str]:
    return [lit for group in TRIGGERS.values() for lit in group]


def _py_regex() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(lit) for lit in _literals()), re.IGNORECASE | re.ASCII)


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
        exprs = [p for lit in _literals() if (p := _byte_regex(lit, width)) is not None]
        db = _hs.Database()
        flags = [_hs.HS_FLAG_CASELESS] * len(exprs)
        db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=flags)
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
