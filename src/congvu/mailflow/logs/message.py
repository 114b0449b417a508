"""One reassembled message: every log line that carried its queue id, folded into one record.

A plain slotted class rather than a dataclass with defaults: the ingester makes one per queue id
(a busy day is hundreds of thousands) and sets attributes straight from the hot loop.
"""

from __future__ import annotations

from typing import Any

# Recipient rows are small lists, in this order (the hot loop builds them without names).
TO, ORIG_TO, STATUS, RELAY, DSN, QUEUED_AS = range(6)
MAX_LINES = 8  # log lines kept per authenticated message, as evidence for MAIL-001


class Message:
    """What the log says about one queue id (and, after joining, its re-injected copies)."""

    __slots__ = (
        "client",
        "complete",
        "host",
        "lines",
        "message_id",
        "parent",
        "queue_id",
        "rcpts",
        "removed",
        "reported",
        "sasl_username",
        "sender",
        "size",
        "source",
        "stamp",
        "year",
    )

    def __init__(self, queue_id: str, host: str, stamp: str, year: int, source: str) -> None:
        self.queue_id = queue_id
        self.host = host
        self.stamp = stamp  # raw log timestamp of the first line: parsed only when needed
        self.year = year  # inferred year for classic syslog stamps (0 for ISO stamps)
        self.source = source
        self.client: str | None = None
        self.sasl_username: str | None = None
        self.message_id: str | None = None
        self.sender: str | None = None
        self.size: int | None = None
        self.rcpts: list[list[Any]] = []
        self.removed = False
        self.parent: str | None = None  # queue id this one was re-injected from (amavis)
        self.complete = False
        # The raw lines that prove an authenticated submission (the SASL login line, then the
        # cleanup, qmgr and delivery lines): kept only once a login was seen; MAX_LINES of them
        # are carried on (`assemble.merged`, `to_state`).
        self.lines: list[str] | None = None
        # [rule, address, counterpart] of findings already reported while it was still queued
        self.reported: list[list[str]] | None = None

    def to_state(self) -> dict[str, Any]:
        """A JSON-able snapshot, to carry a message that is still in the queue into the next run."""
        state = {name: getattr(self, name) for name in self.__slots__}
        if self.lines:
            state["lines"] = self.lines[:MAX_LINES]
        return state

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Message:
        msg = cls(data["queue_id"], data["host"], data["stamp"], data["year"], data["source"])
        for name in cls.__slots__:
            if name in data:
                setattr(msg, name, data[name])
        msg.rcpts = [list(r) for r in data.get("rcpts") or []]
        if msg.lines is not None:
            msg.lines = [str(x) for x in msg.lines][:MAX_LINES]
        return msg
