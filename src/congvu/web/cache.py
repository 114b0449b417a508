"""A short-lived cache for the overview's counts, checked against a cheap stamp of the register.

The overview's counts for a month (per unit and status, and the twelve-month trend) cost about
150 ms of index scans on a million violations; 50 people looking at the same month would redo
that work many times a second for figures that change a few times a day.  So the counts are kept
per (scope, month) for a few seconds, and every use first reads a stamp — the newest violation id
and the newest audit event id, two index look-ups — so that a new violation, a decision, an
assignment or a directory change (all audited) anywhere, by any server process or command, makes
the next request recompute.  The TTL bounds what the stamp cannot see (a transaction that commits
an older id after a newer one).  One computation per key at a time: the others wait for it
instead of piling the same query onto the database.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register.accounts import Principal
from congvu.register.schema import audit_events, violations

Stamp = tuple[Any, ...]


def register_stamp(conn: Connection) -> Stamp:
    """Changes whenever a violation is added or anything audited happens (decisions, imports)."""
    row = conn.execute(
        sa.select(
            sa.select(sa.func.max(violations.c.id)).scalar_subquery(),
            sa.select(sa.func.max(audit_events.c.id)).scalar_subquery(),
        )
    ).one()
    return tuple(row)


def scope_key(who: Principal) -> Hashable:
    """Users who see the same violations share entries; inspectors and leaders see them all."""
    if who.role in {"inspector", "leader"}:
        return ("all",)
    return (who.role, who.unit_code, who.person_id)


@dataclass
class _Entry:
    stamp: Stamp
    at: float
    value: Any


@dataclass
class CountsCache:
    """(key → value) valid while the stamp is unchanged and younger than `ttl` seconds."""

    ttl: float = 20.0
    max_entries: int = 512
    clock: Callable[[], float] = time.monotonic
    _entries: OrderedDict[Hashable, _Entry] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _computing: dict[Hashable, threading.Lock] = field(default_factory=dict)

    def get(self, key: Hashable, stamp: Stamp, compute: Callable[[], Any]) -> Any:
        found = self._fresh(key, stamp)
        if found is not None:
            return found.value
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:  # single flight: whoever waited here finds the value the first one stored
            found = self._fresh(key, stamp)
            if found is not None:
                return found.value
            value = compute()
            with self._lock:
                self._entries[key] = _Entry(stamp, self.clock(), value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
            return value

    def _fresh(self, key: Hashable, stamp: Stamp) -> _Entry | None:
        if self.ttl <= 0:
            return None
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or entry.stamp != stamp or self.clock() - entry.at > self.ttl:
            return None
        return entry

    def clear(self) -> None:
        """After this process's own writes (the stamp would catch them too; this is immediate)."""
        with self._lock:
            self._entries.clear()
