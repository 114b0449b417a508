"""Undo character-level disguises in a window of text, remembering where each character came from.

The matcher works on the cleaned window; `Cleaned.span` maps a match back to the original text
so `as_written` is always an exact slice of what the caller gave us.
Undone: HTML entities left in text (`&#64;`, `&#x40;`, `&commat;`), invisible characters
(zero-width space/joiners, word joiner, BOM, soft hyphen) and fullwidth/small forms (`＠`, `．`,
`ａｂｃ`, `﹫`), non-breaking and ideographic spaces.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_NAMED = {"commat": "@", "period": ".", "lowbar": "_", "hyphen": "-", "dash": "-", "plus": "+"}
_SPECIAL = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"
    r"|[" + INVISIBLE + r"\uff01-\uff5e\u3000\u00a0\ufe6b\ufe52\uff61]"
)
_SINGLE = {"\u3000": " ", "\u00a0": " ", "\ufe6b": "@", "\ufe52": ".", "\uff61": "."}


def _replacement(token: str) -> str | None:
    """What a special token stands for ("" = drop it), or None to keep it as written."""
    if token[0] == "&":
        name = token[1:-1]
        if name[0] == "#":
            try:
                code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
            except ValueError:
                return None
            return chr(code) if 0x20 < code < 0x7F else None
        if name.lower() in _NAMED:
            return _NAMED[name.lower()]
        plain = html.unescape(token)
        return plain if plain != token and len(plain) == 1 and plain.isascii() else None
    if token in INVISIBLE:
        return ""
    if token in _SINGLE:
        return _SINGLE[token]
    return chr(ord(token) - 0xFEE0)  # fullwidth ASCII block


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned window: `text`, and per character its [start, end) in the original window."""

    text: str
    starts: list[int] | None  # None: nothing changed, offsets are the identity
    ends: list[int] | None
    changed: bool

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def clean(window: str) -> Cleaned:
    """Clean `window`; cheap when it holds nothing to undo (the common case)."""
    if _SPECIAL.search(window) is None:
        return Cleaned(window, None, None, False)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(window):
        rep = _replacement(m.group())
        if rep is None:
            continue
        out.append(window[pos : m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        if rep:
            out.append(rep)
            starts.append(m.start())
            ends.append(m.end())
        pos = m.end()
    out.append(window[pos:])
    starts.extend(range(pos, len(window)))
    ends.extend(range(pos + 1, len(window) + 1))
    return Cleaned("".join(out), starts, ends, True)
