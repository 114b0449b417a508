"""Parsing a large plain log in two processes: the second half in a forked child, then a merge.

Parsing is pure CPU and a million-line file takes seconds, so on a machine with two cores the
file is cut at a line boundary near its middle; the child parses the second half while this
process parses the first, then the child's messages are folded in as if its lines had come after.

The merge must give exactly what one sequential pass gives.  The child's messages start with every
field `UNSET` (falsy), so a field the second half never wrote keeps the first half's value and one
it did write (even with None, as a `from=` line without `size=` does) replaces it.  A pickup line
fills the client only when there is none: the child marks a client that only a pickup line gave,
and the merge then keeps the first half's client if it had one.  The child's state crosses the pipe
as plain tuples (marshal).  Any failure of the child (fork refused, crash, bad pipe) falls back to
parsing the second half here: slower, never different.
"""

from __future__ import annotations

import logging
import marshal
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from typing import Any

from congvu.mailflow.logs.message import MAX_LINES, Message
from congvu.mailflow.logs.parser import PICKUP_CLIENT, LogParser, YearFor, gc_paused

log = logging.getLogger(__name__)

SPLIT_BYTES = 32 << 20  # below this a fork and a merge cost more than they save
CHUNK = 1 << 22
# This process parses a little more than half: the child also packs its state (while this one
# unpacks the parts already sent), so both are done at about the same time.
FIRST_SHARE = 0.52
BATCH = 8192  # messages per part of the child's state
_FIELDS = ("client", "sasl_username", "message_id", "sender", "size")


class _Unset:
    """A field no line of the second half has written yet."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()
# A client only a pickup line of the second half gave (the first half's, if any, wins); a
# distinct object, told apart by identity from a client a `client=` line wrote.
_PICKUP_ONLY = "".join(["pick", "up"])
_PICKUP_BIT = 1 << len(_FIELDS)


def feed_range(path: str, parser: LogParser, start: int, stop: int, year_for: YearFor) -> None:
    """Feed the complete lines between two line boundaries of a plain file."""
    with open(path, "rb") as handle:
        handle.seek(start)
        left = stop - start
        carry = b""
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            buf = carry + chunk if carry else chunk
            cut = buf.rfind(b"\n") if left > 0 else len(buf) - 1
            if cut < 0:
                carry = buf
                continue
            carry = buf[cut + 1 :]
            parser.feed(buf[:cut].decode("utf-8", "replace").split("\n"), path, year_for)


def line_boundary(path: str, start: int, stop: int, share: float = 0.5) -> int | None:
    """The offset just past the first newline after `share` of [start, stop), if any."""
    at = start + int((stop - start) * share)
    with open(path, "rb") as handle:
        handle.seek(at)
        probe = handle.read(1 << 20)
    cut = probe.find(b"\n")
    if cut < 0:
        return None
    mid = at + cut + 1
    return mid if start < mid < stop else None


def _unset_message(qid: str, host: str, stamp: str, year: int, source: str) -> Message:
    msg = Message(qid, host, stamp, year, source)
    for name in _FIELDS:
        setattr(msg, name, UNSET)
    msg.lines = []  # kept until this half sees the client line: the first half may have seen a login
    return msg


def _child_pickup(msg: Message) -> None:
    """A pickup line in the second half: mark a client no line of this half has written."""
    if msg.client is UNSET:
        msg.client = _PICKUP_ONLY
    elif not msg.client:
        msg.client = PICKUP_CLIENT


def _parse_half(path: str, start: int, stop: int, year_for: YearFor) -> Iterator[bytes]:
    """The child's work: parse [start, stop), then its state in pickled parts (see `_packed`)."""
    parser = LogParser()
    parser.new_message = _unset_message
    parser.pickup_default = _child_pickup
    with gc_paused():
        feed_range(path, parser, start, stop, year_for)
        yield from _packed(parser, path)


def _row(m: Message) -> tuple[Any, ...]:
    """One message as a flat tuple: the fields (None where unwritten), which were written, the rest.

    Unrolled over `_FIELDS` (client, sasl_username, message_id, sender, size): it runs once per
    message while this process's half waits for it.
    """
    client, sasl, mid, sender, size = m.client, m.sasl_username, m.message_id, m.sender, m.size
    written = 0
    if client is _PICKUP_ONLY:
        client, written = PICKUP_CLIENT, _PICKUP_BIT
    elif client is UNSET:
        client = None
    else:
        written = 1
    if sasl is UNSET:
        sasl = None
    else:
        written |= 2
    if mid is UNSET:
        mid = None
    else:
        written |= 4
    if sender is UNSET:
        sender = None
    else:
        written |= 8
    if size is UNSET:
        size = None
    else:
        written |= 16
    return (
        m.queue_id, m.host, m.stamp, m.year, client, sasl, mid, sender, size, written, m.rcpts, m.removed,
        m.lines,
    )  # fmt: skip


def _packed(parser: LogParser, path: str) -> Iterator[bytes]:
    """The state as plain tuples (the cheapest to serialise and rebuild), in batches of messages so
    that the parent unpickles one while the next is packed, then the rest with an end mark."""
    found = list(parser.messages.values())
    for at in range(0, len(found), BATCH):
        yield _pickled(("rows", [_row(m) for m in found[at : at + BATCH]]))
    s = parser.stats
    yield _pickled(("end", path, parser.links, s.lines, s.unparsed, s.other, s.rejected, s.samples))


def _pickled(state: tuple[Any, ...]) -> bytes:
    # marshal, not pickle: the state is a tree of strings, numbers, lists and tuples (nothing
    # shared, no cycles, no classes) going to a forked copy of this same interpreter, and pickle's
    # memo of its million objects was 90% of the dump's time.
    return marshal.dumps(state)


def _child(conn: Any, path: str, start: int, stop: int, year_for: YearFor) -> None:
    try:
        for blob in _parse_half(path, start, stop, year_for):
            conn.send_bytes(blob)
    finally:
        conn.close()


def receive(conn: Any) -> list[tuple[Any, ...]]:
    """Every part the child sends, unpickled as it arrives; EOFError if it stops before the end."""
    with gc_paused():
        parts = []
        while True:
            part = marshal.loads(conn.recv_bytes())
            parts.append(part)
            if part[0] == "end":
                return parts


def merge(parser: LogParser, parts: list[tuple[Any, ...]]) -> None:
    """Fold the second half's state into `parser` as if its lines had been fed after the first's."""
    with gc_paused():
        _merge(parser, parts)


def _merge(parser: LogParser, parts: list[tuple[Any, ...]]) -> None:
    _, source, links, lines, unparsed, other, rejected, samples = parts[-1]
    messages = parser.messages
    for row in (row for part in parts[:-1] for row in part[1]):
        qid = row[0]
        msg = messages.get(qid)
        if msg is None:  # first seen in the second half (most messages): taken as it is
            msg = messages[qid] = Message(qid, row[1], row[2], row[3], source)
            msg.client, msg.sasl_username, msg.message_id, msg.sender, msg.size = row[4:9]
            msg.rcpts, msg.removed = row[10], row[11]
            msg.lines = row[12] if row[5] else None  # lines only after a login line, as sequentially
            continue
        written = row[9]
        for bit, name in enumerate(_FIELDS):
            if written & (1 << bit):
                setattr(msg, name, row[4 + bit])
        if written & _PICKUP_BIT:  # the second half only defaulted the client, as pickup does
            msg.client = msg.client or PICKUP_CLIENT
        msg.rcpts.extend(row[10])
        msg.removed = msg.removed or row[11]
        if written & 2:  # the client line was in the second half: its lines are the whole story
            msg.lines = row[12] if row[5] else None
        elif msg.lines is not None and row[12]:
            msg.lines = [*msg.lines, *row[12]][:MAX_LINES]
    parser.links.extend(links)
    s = parser.stats
    s.lines += lines
    s.unparsed += unparsed
    s.other += other
    s.rejected += rejected
    for line in samples:
        s.unparsed_line(line)


def feed_split(
    path: str,
    parser: LogParser,
    start: int,
    stop: int,
    year_for: YearFor,
    cores: Callable[[], int | None] = os.cpu_count,
) -> None:
    """Feed [start, stop) (line boundaries), in two processes when it is large enough to pay."""
    big = stop - start >= SPLIT_BYTES and (cores() or 1) > 1
    mid = line_boundary(path, start, stop, FIRST_SHARE) if big else None
    if mid is None:
        feed_range(path, parser, start, stop, year_for)
        return
    try:
        ctx = mp.get_context("fork")
        here, there = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(there, path, mid, stop, year_for), daemon=True)
        proc.start()
        there.close()
    except (OSError, ValueError) as error:
        log.warning("cannot fork a second parser (%s): parsing on one core", error)
        feed_range(path, parser, start, stop, year_for)
        return
    feed_range(path, parser, start, mid, year_for)
    try:
        parts = receive(here)
    except (EOFError, OSError, ValueError, TypeError) as error:  # marshal's errors for bad data
        log.warning("second parser failed (%s): parsing its half here", error)
        parts = []
    finally:
        here.close()
    if parts:
        merge(parser, parts)  # while the child exits (unmapping its memory takes a while)
    proc.join()
    if not parts:
        feed_range(path, parser, mid, stop, year_for)
