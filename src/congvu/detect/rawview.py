"""A zero-copy byte view of a str's internal buffer (CPython only).

Why: the prefilter must scan hundreds of MB per second, and `str.encode` alone costs more
than the whole budget. CPython stores a compact str as one fixed-width array (1, 2 or 4 bytes
per character, PEP 393), so the bytes can be handed to a byte-level scanner as they are and a
byte offset divided by the width is the character offset. The layout is checked against known
strings at import; if it does not hold (another interpreter, a future CPython) `view` returns
None and callers fall back to encoding.
"""

from __future__ import annotations

import ctypes
import sys

_CODEC = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}
_H_ASCII = sys.getsizeof("") - 1
_H_COMPACT = sys.getsizeof("\u0100") - 4


def _layout(text: str) -> tuple[int, int] | None:
    """(width, header size) of `text`, or None if it is not a compact str we understand."""
    n = len(text)
    size = sys.getsizeof(text)
    if text.isascii():
        return (1, _H_ASCII) if size == _H_ASCII + n + 1 else None
    for width in (1, 2, 4):
        if size - (n + 1) * width == _H_COMPACT:
            return width, _H_COMPACT
    return None


def _raw(text: str) -> tuple[int, memoryview] | None:
    layout = _layout(text)
    if layout is None or not text:
        return None
    width, header = layout
    array = (ctypes.c_char * (len(text) * width)).from_address(id(text) + header)
    return width, memoryview(array).cast("B")


def _self_test() -> bool:
    samples = ("thư điện tử @ Liên Chiểu", "ascii only @", "latin é @", "emoji 😀 @")
    if sys.implementation.name != "cpython":
        return False
    for s in samples:
        got = _raw(s)
        if got is None:
            return False
        width, buf = got
        if bytes(buf) != s.encode(_CODEC[width]):
            return False
    return True


ENABLED = _self_test()


def view(text: str) -> tuple[int, memoryview] | None:
    """(bytes per character, buffer) sharing memory with `text`; keep `text` alive while used."""
    return _raw(text) if ENABLED else None


def encoded(text: str) -> tuple[int, bytes]:
    """The portable fallback: a copy in a fixed-width encoding (UTF-32 so offsets stay exact)."""
    width = 1 if text.isascii() else 4
    return width, text.encode(_CODEC[width])
