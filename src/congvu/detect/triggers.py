"""The prefilter: where in a large text could an address be?

Every form of the at-sign the matcher accepts (see `grammar.AT`) has a trigger here, so the
expensive matcher only runs in a window around a trigger and nothing it could match is
skipped. Triggers are data: literal strings matched without ASCII case, compiled to byte
patterns for every str width (Latin-1, UTF-16, UTF-32) and to a Python regex for the fallback.
All triggers are scanned in one pass by Hyperscan over the str's own buffer (see `rawview`);
without Hyperscan the same literals run through `re` (several times slower).
Spelled-out at-signs (`at`, `a còng`, `(a)`) only trigger when a domain label and a dot form
follow (`_DOMAIN_NEXT`, `_DOTTED_NEXT`); each gap in between may hold one line break.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from congvu.detect import grammar, rawview


@dataclass(frozen=True, slots=True)
class Trigger:
    """Literals (ASCII case folded) and the characters allowed just before/after them.

    A literal is the rarest fixed part of a form; the matcher looks at the window around it for
    the rest (local part, spaces, brackets). The scan stays fast with few short literals; the
    neighbour checks keep common words (`that`, `data`, `Congress`) from opening windows.
    """

    literals: tuple[str, ...]
    before: str | None = None  # None: anything
    after: str | None = None
    follow: re.Pattern[str] | None = None  # must match right after the literal


_SPACE = " \t\r\n\u00a0\u3000"
_CLOSE = "])}>］）｝＞"
# After a spelled-out at-sign comes a domain label and then some form of dot; English prose
# ("meet at the hall") fails here, before any window is opened.
# Each gap may hold one line break: a wrapped line (`a còng gmail\nchấm com`, `(at)\ngmail.com`).
_GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"
_DOMAIN_NEXT = re.compile(
    rf"{_GAP}[\])}}>］）｝＞]?{_GAP}[a-z0-9\-\u00ad\u200b-\u200d\u2060\ufeff]+"
    rf"(?:{_GAP}[.．。&\[({{<［（｛＜]|(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)(?:dot|ch))",
    re.IGNORECASE,
)
# `(a)` is also a list marker: only a label and a real dot after it open a window.
_DOTTED_NEXT = re.compile(r"[^\S\n]*(?:\n[^\S\n]*)?[a-z0-9\-]+\.[a-z]", re.IGNORECASE)
TRIGGERS: dict[str, Trigger] = {
    "at-sign": Trigger(("@", "＠", "﹫")),
    "entity": Trigger(("&",)),  # &#64; &#x40; &commat;
    "at-word": Trigger(("at",), _SPACE + "[({<［（｛＜", _SPACE + _CLOSE, _DOMAIN_NEXT),  # " at ", "[AT]"
    "a-cong": Trigger(("còng", "cÒng", "cong", "co\u0300ng"), _SPACE, _SPACE + _CLOSE, _DOMAIN_NEXT),
    "bracket-a": Trigger(("(a)", "[a]"), None, None, _DOTTED_NEXT),  # "vanphong (a) gmail.com"
    # OCR's at-sign read as "(", "(Đ", "©" or "/" before a provider's domain (`grammar.OCR_PROVIDERS`)
    "ocr-at": Trigger(tuple(f"{name}." for name in grammar.OCR_PROVIDERS), "(/©Đđ"),
}

_CODEC = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}


def _alternatives(chars: str, width: int) -> str | None:
    """`chars` as a byte-regex alternation for strs of `width` bytes per character."""
    alts = []
    for c in chars:
        try:
            alts.append("".join(f"\\x{b:02x}" for b in c.encode(_CODEC[width])))
        except UnicodeEncodeError:
            continue  # cannot occur in a str of this width
    return "(?:" + "|".join(alts) + ")" if alts else None


def _byte_regex(literal: str, trig: Trigger, width: int) -> bytes | None:
    """One literal, with its neighbours, as a Hyperscan byte regex for strs of this width.

    The neighbours are checked by Hyperscan itself so common words never reach Python.
    """
    parts = [_alternatives(c, width) for c in literal]
    if trig.before:
        parts.insert(0, _alternatives(trig.before, width))
    if trig.after:
        parts.append(_alternatives(trig.after, width))
    return None if None in parts else "".join(p for p in parts if p).encode()


def _literals() -> list[tuple[str, Trigger]]:
    return [(lit, trig) for trig in TRIGGERS.values() for lit in trig.literals]


def _py_regex() -> re.Pattern[str]:
    def one(lit: str, trig: Trigger) -> str:
        before = f"(?<![^{re.escape(trig.before)}])" if trig.before else ""
        after = f"(?![^{re.escape(trig.after)}])" if trig.after else ""
        follow = f"(?={trig.follow.pattern})" if trig.follow else ""
        return before + re.escape(lit) + after + follow

    return re.compile("|".join(one(lit, trig) for lit, trig in _literals()), re.IGNORECASE | re.ASCII)


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
        lits = _literals()
        exprs, ids = [], []
        for i, (lit, trig) in enumerate(lits):
            if (pattern := _byte_regex(lit, trig, width)) is not None:
                exprs.append(pattern)
                ids.append(i)
        db = _hs.Database()
        flags = [_hs.HS_FLAG_CASELESS] * len(exprs)
        db.compile(expressions=exprs, ids=ids, elements=len(exprs), flags=flags)
        dbs[width] = db
    return dbs[width]


_CHECKS = [(1 if trig.after else 0, trig.follow) for _, trig in _literals()]


# Short texts (one extracted segment, a mail header) mostly hold no trigger at all; plain
# substring tests on the lowercased text answer that faster than setting up a scan.
_SHORT = 4096
_QUICK = tuple(sorted({lit.lower() for lit, _ in _literals()}))


def trigger_ends(text: str) -> list[int]:
    """Character offsets just past each trigger, ascending (duplicates possible)."""
    if len(text) < _SHORT:
        low = text.lower()
        for q in _QUICK:
            if q in low:
                break
        else:
            return []
    if _hs is None:
        return [m.end() for m in _FALLBACK.finditer(text)]
    got = rawview.view(text)
    width, buf = got if got is not None else rawview.encoded(text)
    if not len(buf):
        return []
    ends: list[int] = []
    add = ends.append

    def on_match(i: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
        back, follow = _CHECKS[i]
        e = end // width - back  # just past the literal, before the neighbour Hyperscan checked
        if follow is None or follow.match(text, e) is not None:
            add(e)

    _database(width).scan(buf, match_event_handler=on_match)  # type: ignore[attr-defined]
    ends.sort()
    return ends
