"""The append-only audit trail: who did what, when, why.

There is deliberately no update or delete here; the database refuses them too (triggers in the
initial migration), so history survives a bug or a hurried administrator.  Every row is also a
link of a hash chain (`audit_chain`), so a rewrite that gets past the triggers is detected by
`congvu audit verify`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register.audit_chain import chain, json_value, lock_head
from congvu.register.schema import audit_events


@dataclass(frozen=True, slots=True)
class Event:
    who: str
    action: str  # e.g. violation.confirmed, person.updated
    entity: str  # violation | person | unit | evaluation | document
    entity_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str | None = None


def append(conn: Connection, at: datetime, events: Sequence[Event]) -> None:
    """Append events as the next links of the chain (one executemany, so bulk imports stay fast).

    Call it last in a transaction: on PostgreSQL it holds the chain until commit."""
    if not events:
        return
    moment = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    rows = [
        {
            "at": moment,
            "who": e.who,
            "action": e.action,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "before": json_value(e.before),
            "after": json_value(e.after),
            "reason": e.reason,
        }
        for e in events
    ]
    seq, prev_hash = lock_head(conn)
    conn.execute(audit_events.insert(), chain(rows, seq, prev_hash))


def history(
    conn: Connection, entity: str | None = None, entity_id: str | None = None
) -> list[dict[str, Any]]:
    """Events oldest first, optionally for one entity, in the JSON shape the CLI prints."""
    query = sa.select(audit_events).order_by(audit_events.c.id)
    if entity:
        query = query.where(audit_events.c.entity == entity)
    if entity_id:
        query = query.where(audit_events.c.entity_id == entity_id)
    out = []
    for row in conn.execute(query).mappings():
        at = row["at"] if row["at"].tzinfo else row["at"].replace(tzinfo=UTC)
        out.append({**dict(row), "at": at.isoformat()})
    return out
