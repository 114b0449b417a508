"""The audit trail read back by the tests: one action's events, in the order they were written."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from congvu.register.schema import audit_events


def audited(engine: sa.Engine, action: str) -> list[sa.Row[Any]]:
    """Every audit event of `action` (all columns: who, entity_id, after, reason, ...), oldest first."""
    query = sa.select(audit_events).where(audit_events.c.action == action).order_by(audit_events.c.id)
    with engine.connect() as conn:
        return list(conn.execute(query).all())
