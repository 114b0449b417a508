"""Parsing a large plain log in two processes: the second half in a forked child, then a merge.

Parsing is pure CPU and a million-line file takes seconds, so on a machine with two cores the
file is cut at a line boundary near its middle; the child parses the second half while this
process parses the first, then the child's messages are folded in as if its lines had come after.

The merge must give exactly what one sequential pass gives.  The child's messages start with every
field `UNSET` (falsy), so a field the second half never wrote keeps the first half's value and one
it did write (even with None, as a `from=` line without `size=` does) replaces it.  A pickup line
fills the client only when there is none: the child says when that is all it did, and the merge
then keeps the first half's client if it had one.  Any failure of the child (fork refused, crash,
bad pipe) falls back to parsing the second half here: slower, never different.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import pickle
from collections.abc import Callable
from typing import Any

from congvu.mailflow.logs.message import Message
from congvu.mailflow.logs.parser import PICKUP_CLIENT, LogParser, YearFor, gc_paused

log = logging.getLogger(__name__)

SPLIT_BYTES = 32 << 20  # below this a fork and a merge cost more than they save
CHUNK = 1 << 22
_FIELDS = ("client", "sasl_username", "message_id", "sender", "size")


class _Unset:
    """A field no line of the second half has written yet."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


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


def line_boundary(path: str, start: int, stop: int) -> int | None:
    """The offset just past the first newline after the middle of [start, stop), if any."""
    with open(path, "rb") as handle:
        handle.seek((start + stop) // 2)
        probe = handle.read(1 << 20)
    cut = probe.find(b"\n")
    if cut < 0:
        return None
    mid = (start + stop) // 2 + cut + 1
    return mid if start < mid < stop else None


def _unset_message(qid: str, host: str, stamp: str, year: int, source: str) -> Message:
    msg = Message(qid, host, stamp, year, source)
    for name in _FIELDS:
        setattr(msg, name, UNSET)
    return msg


def _parse_half(path: str, start: int, stop: int, year_for: YearFor) -> bytes:
    """The child's work: parse [start, stop) into plain tuples (cheaper to pickle than objects)."""
    parser = LogParser()
    parser.new_message = _unset_message
    with gc_paused():
        return _dump_half(parser, path, start, stop, year_for)


def _dump_half(parser: LogParser, path: str, start: int, stop: int, year_for: YearFor) -> bytes:
    feed_range(path, parser, start, stop, year_for)
    rows = [
        (
            m.queue_id, m.host, m.stamp, m.year, m.source,
            *(None if getattr(m, f) is UNSET else (getattr(m, f),) for f in _FIELDS),
            m.client is PICKUP_CLIENT, m.rcpts, m.removed,
        )
        for m in parser.messages.values()
    ]  # fmt: skip
    s = parser.stats
    state = (rows, parser.links, s.lines, s.unparsed, s.other, s.rejected, s.samples)
    return pickle.dumps(state, pickle.HIGHEST_PROTOCOL)


def _child(conn: Any, path: str, start: int, stop: int, year_for: YearFor) -> None:
    try:
        conn.send_bytes(_parse_half(path, start, stop, year_for))
    finally:
        conn.close()


def merge(parser: LogParser, blob: bytes) -> None:
    """Fold the second half's state into `parser` as if its lines had been fed after the first's."""
    with gc_paused():
        _merge(parser, blob)


def _merge(parser: LogParser, blob: bytes) -> None:
    rows, links, lines, unparsed, other, rejected, samples = pickle.loads(blob)
    messages = parser.messages
    for qid, host, stamp, year, source, *values, pickup_only, rcpts, removed in rows:
        msg = messages.get(qid)
        if msg is None:
            msg = messages[qid] = Message(qid, host, stamp, year, source)
        for name, value in zip(_FIELDS, values, strict=True):
            if value is not None and not (pickup_only and name == "client"):
                setattr(msg, name, value[0])
        if pickup_only:  # the second half only defaulted the client: as the pickup line would have
            msg.client = msg.client or PICKUP_CLIENT
        msg.rcpts.extend(rcpts)
        msg.removed = msg.removed or removed
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
    mid = line_boundary(path, start, stop) if stop - start >= SPLIT_BYTES and (cores() or 1) > 1 else None
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
        blob = here.recv_bytes()
    except (EOFError, OSError) as error:
        log.warning("second parser failed (%s): parsing its half here", error)
        blob = b""
    finally:
        here.close()
        proc.join()
    if blob:
        merge(parser, blob)
    else:
        feed_range(path, parser, mid, stop, year_for)
