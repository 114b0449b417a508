"""Joining queue ids into messages as people think of them, and turning them into plain data.

With a content filter (amavis) one message passes through Postfix twice: queue id A hands it to
the filter on 127.0.0.1:10024 and the filter re-injects it as queue id B. The link comes from
amavis's `Queue-ID: A … queued_as: B` line or from A's delivery status `… queued as B`. The joined
message keeps A's client, login and sender and B's final deliveries.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from congvu.mailflow.logs.message import DSN, MAX_LINES, ORIG_TO, QUEUED_AS, RELAY, STATUS, TO, Message
from congvu.mailflow.logs.parser import _MONTHS, gc_paused


def link(messages: dict[str, Message], links: list[tuple[str, str]]) -> None:
    """Mark every re-injected queue id with its parent (from amavis lines and filter hand-overs).

    Pairs are taken in a fixed order (amavis lines, then hand-overs in message order) and the
    first parent named wins, so a queue id reused within the logs is attached the same way on
    every run.
    """
    get = messages.get
    for first, second in links:
        child = get(second)
        if child is not None and child.parent is None and second != first and first in messages:
            child.parent = first
    for msg in messages.values():
        for row in msg.rcpts:
            second = row[QUEUED_AS]
            if second:
                child = get(second)
                if child is not None and child.parent is None and second != msg.queue_id:
                    child.parent = msg.queue_id


def chains(messages: dict[str, Message]) -> Iterator[list[Message]]:
    """Each root message followed by its re-injected descendants (cycles are cut)."""
    with gc_paused():  # built at once: a chain per message is many small lists
        out = list(_chains(messages))
    return iter(out)


def _chains(messages: dict[str, Message]) -> Iterator[list[Message]]:
    kids: dict[str, list[Message]] = {}
    roots: list[Message] = []
    for msg in messages.values():
        parent = msg.parent
        if parent is None:
            roots.append(msg)
            continue
        kids.setdefault(parent, []).append(msg)
        if parent not in messages:
            roots.append(msg)  # re-injected from a queue id this run never saw
    for msg in roots:
        below = kids.get(msg.queue_id)
        if below is None:
            yield [msg]  # no re-injected copy
            continue
        if len(below) == 1 and below[0].queue_id not in kids:
            yield [msg, below[0]]  # one pass through the content filter: most messages
            continue
        chain, seen = [msg], {msg.queue_id}
        at = 0
        while at < len(chain):  # breadth first, as the parents were found
            for kid in kids.get(chain[at].queue_id, ()):
                if kid.queue_id not in seen:
                    seen.add(kid.queue_id)
                    chain.append(kid)
            at += 1
        yield chain


def is_complete(chain: list[Message]) -> bool:
    return all(m.removed for m in chain)


def timestamp(msg: Message, zone: ZoneInfo) -> datetime | None:
    """The first line's time, aware; classic stamps are local time of the mail server (`zone`)."""
    try:
        if msg.year:  # "Jun 16 08:15:02", sliced by hand: strptime costs more than the whole line's parse
            s = msg.stamp
            month = _MONTHS[s[:3]]
            return datetime(
                msg.year, month, int(s[4:6]), int(s[7:9]), int(s[10:12]), int(s[13:15]), tzinfo=zone
            )
        moment = datetime.fromisoformat(msg.stamp.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    except (ValueError, KeyError):
        return None


def recipient_rows(chain: list[Message]) -> list[list[Any]]:
    """The chain's deliveries as reported: one row per (recipient, status), the first.

    A queue id that handed the message over to the next one (a parent in the chain) lists the
    hop into the content filter among its deliveries: its rows with a `queued as` id or a
    loopback relay are left out.
    """
    if len(chain) == 1 and chain[0].parent != chain[0].queue_id:
        kept = chain[0].rcpts  # nothing handed over: only duplicates to drop
    else:
        parents = {m.parent for m in chain}
        kept = []
        for m in chain:
            if m.queue_id not in parents:
                kept.extend(m.rcpts)
                continue
            for row in m.rcpts:
                if not (row[QUEUED_AS] or _to_filter(row)):
                    kept.append(row)
    if len(kept) < 2:
        return list(kept)
    out: list[list[Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for row in kept:
        key = (row[TO], row[STATUS])
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def first_fields(chain: list[Message]) -> tuple[Any, Any, Any, Any, Any]:
    """(client, sasl_username, message_id, sender, size) of the chain: the first one given.

    The client skips the content filter's loopback re-injection; the null sender `<>` counts.
    """
    if len(chain) == 1:  # what _first gives for a single message, without its loops
        m = chain[0]
        return m.client or None, m.sasl_username or None, m.message_id or None, m.sender, m.size
    if len(chain) == 2:  # one pass through the content filter, the usual case: the same, unrolled
        a, b = chain
        return (
            _client_of(a.client, b.client),
            _given(a.sasl_username, b.sasl_username),
            _given(a.message_id, b.message_id),
            a.sender if a.sender is not None else b.sender,
            _given(a.size, b.size),
        )
    return (
        _first(chain, "client", skip_local=True),
        _first(chain, "sasl_username"),
        _first(chain, "message_id"),
        _first(chain, "sender"),
        _first(chain, "size"),
    )


def merged(chain: list[Message], zone: ZoneInfo) -> dict[str, Any]:
    """The chain as one message in the JSON contract (`messages[]` of `congvu mail ingest-log`)."""
    root = chain[0]
    client, sasl_username, message_id, sender, size = first_fields(chain)
    moment = timestamp(root, zone)
    return {
        "queue_id": root.queue_id,
        "queue_ids": [m.queue_id for m in chain],
        "host": root.host,
        "time": moment.isoformat() if moment else None,
        "client": client,
        "sasl_username": sasl_username,
        "message_id": message_id,
        "from": sender,
        "size": size,
        "recipients": [
            {"to": r[TO], "orig_to": r[ORIG_TO], "status": r[STATUS], "relay": r[RELAY], "dsn": r[DSN]}
            for r in recipient_rows(chain)
        ],
        "complete": is_complete(chain),
        "source": root.source,
        "lines": [line for m in chain if m.lines for line in m.lines][:MAX_LINES],
    }


def _to_filter(row: list[Any]) -> bool:
    relay = row[RELAY] or ""
    return relay.startswith(("127.", "localhost")) or "[127." in relay


def _given(first: Any, second: Any) -> Any:
    """The first of two values that is neither None nor empty (as _first)."""
    if first is not None and first != "":
        return first
    return second if second is not None and second != "" else None


def _client_of(first: Any, second: Any) -> Any:
    """The first client of two that is not the filter's loopback, else the first given (as _first)."""
    for value in (first, second):
        if value is None or value == "":
            continue
        if isinstance(value, str) and (value.startswith("localhost[") or "[127.0.0.1]" in value):
            continue
        return value
    return first or second or None


def _first(chain: list[Message], name: str, skip_local: bool = False) -> Any:
    for m in chain:
        value = getattr(m, name)
        if value is None or value == "":
            if name == "sender" and value == "":
                return ""  # the null sender <> of a bounce is information
            continue
        if (
            skip_local
            and isinstance(value, str)
            and (value.startswith("localhost[") or "[127.0.0.1]" in value)
        ):
            continue
        return value
    if skip_local:
        return next((getattr(m, name) for m in chain if getattr(m, name)), None)
    return None
