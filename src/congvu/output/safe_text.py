"""Names from the disk and from inside documents, made safe to print and to serialise.

A file name is bytes on Linux; Python hands an undecodable byte (0xFF) over as a lone surrogate,
which is not valid UTF-8 and breaks a JSON or SARIF consumer. Those bytes are shown as `\\xff`
instead. On a terminal, a name can also carry a newline, an ANSI escape sequence, a bidi override
or Rich markup (`[bold red]VI PHẠM[/]`): any of them would let a file forge table rows or a
verdict. They are shown as visible escapes (`\\n`, `\\x1b`, `\\u202e`, `\\[`).
"""

from __future__ import annotations

import re
from typing import Any

from rich.markup import escape as escape_markup
from rich.table import Table

# C0 and C1 controls, DEL, line/paragraph separators and the bidi embedding/override/isolate marks
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def readable(text: str) -> str:
    """Valid UTF-8 text: undecodable name bytes (surrogate escapes) written as `\\xNN`."""
    if not _SURROGATE.search(text):
        return text
    raw = text.encode("utf-8", "surrogateescape") if _only_escapes(text) else None
    if raw is not None:
        return raw.decode("utf-8", "backslashreplace")
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _only_escapes(text: str) -> bool:
    """True when every surrogate is one `surrogateescape` made (U+DC80..U+DCFF)."""
    return all("\udc80" <= ch <= "\udcff" for ch in _SURROGATE.findall(text))


def valid_utf8(value: Any) -> Any:
    """The same JSON-shaped value with every string `readable`."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, dict):
        return {readable(k) if isinstance(k, str) else k: valid_utf8(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [valid_utf8(v) for v in value]
    return value


def plain_line(text: str) -> str:
    """One line of plain text: controls and bidi marks as visible escapes, names readable."""
    return _UNPRINTABLE.sub(_visible, readable(text))


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def for_terminal(text: str | None) -> str:
    """Text for a Rich table cell: `plain_line`, then Rich markup escaped."""
    return escape_markup(plain_line(text or ""))


class SafeTable(Table):
    """A Rich table whose text cells are data, never markup or control sequences: names,
    positions, reasons and excerpts in the register came from people and documents."""

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        cells = [for_terminal(c) if isinstance(c, str) else c for c in renderables]
        super().add_row(*cells, **kwargs)
