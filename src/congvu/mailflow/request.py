"""Reading a Postfix policy request: the one reader of its `name=value` lines.

A request is `name=value` lines (the blank line that ends it already cut off). The value of a name
is the one on its *last* line, everything after the line's first `=`, less trailing `\r`: what
splitting every line into a dict gives. That split is not done here: a request carries ~24
attributes and a decision needs four, and finding those four (`rfind` of ``\nname=``, in C) costs
a third of splitting every line. The split stays in the tests, as the reference this reader is
checked against (`tests/mailflow/test_policy_parse.py`). A line without `=` can never match
``\nname=``, so it cannot change a value read; `malformed_lines` counts such lines for the stats.
One name is read with `value_at` (`Request.get`, the policy service's frame path); many at once
with `Fields` (the recording process): the same values, both checked against the same reference.
"""

from __future__ import annotations

import re
from typing import overload


def needle(key: bytes) -> bytes:
    """What `value_at` looks for: the name at the start of a line, with its `=`."""
    return b"\n" + key + b"="


def value_at(data: bytes, at_line: bytes) -> bytes | None:
    """The rest of the last line that starts with `at_line` (a `needle`), None without one.

    The offset of the value is the needle's length, whatever the name. `data` must start with a
    line break for its first line to be searched (`Request` adds one).
    """
    at = data.rfind(at_line)
    if at < 0:
        return None
    at += len(at_line)
    end = data.find(b"\n", at)
    return data[at:] if end < 0 else data[at:end]


def malformed_lines(block: bytes) -> int:
    """How many non-blank lines of a request are not `name=value`."""
    return sum(1 for line in block.split(b"\n") if b"=" not in line and line.strip())


def may_have_malformed(block: bytes) -> bool:
    """False when no line can lack its `=` (more `=` than line breaks, no `\r`): nothing to count.

    True does not mean a line is malformed: values may hold `=` of their own (certificate subjects).
    """
    return b"\r" in block or block.count(b"=") <= block.count(b"\n")


_NEEDLES: dict[bytes, bytes] = {}


class Request:
    """The attributes of one request, read where they are in its bytes when asked for."""

    __slots__ = ("cr", "data")

    def __init__(self, block: bytes) -> None:
        self.data = b"\n" + block  # the first line is a line like the others
        self.cr = b"\r" in block  # values then lose their trailing `\r`s (a CRLF client)

    @overload
    def get(self, key: bytes) -> bytes | None: ...

    @overload
    def get(self, key: bytes, default: bytes) -> bytes: ...

    def get(self, key: bytes, default: bytes | None = None) -> bytes | None:
        at_line = _NEEDLES.get(key)
        if at_line is None:  # names are the code's own constants: a handful, built once
            at_line = _NEEDLES[key] = needle(key)
        value = value_at(self.data, at_line)
        if value is None:
            return default
        return value.rstrip(b"\r") if self.cr else value


class Fields:
    """Several names read in one pass over a request (one compiled pattern, in C), with `Request`'s
    values: the recording process reads eight per event, thousands of events a second, and one
    pass costs ~60 % of eight `rfind`s."""

    __slots__ = ("names", "pattern")

    def __init__(self, *names: bytes) -> None:
        self.names = names
        self.pattern = re.compile(rb"\n(" + b"|".join(re.escape(n) for n in names) + rb")=([^\n]*)")

    def read(self, block: bytes) -> dict[bytes, bytes]:
        """name → value for those of `names` the request has (the last line of each)."""
        found = dict(self.pattern.findall(b"\n" + block))
        if b"\r" in block:
            return {name: value.rstrip(b"\r") for name, value in found.items()}
        return found
