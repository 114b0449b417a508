"""The audit trail: append-only (triggers) and a hash chain (`congvu.register.audit_chain`)."""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import TZ, metadata

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", TZ, nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(120), nullable=False),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("reason", sa.Text),
    # The hash chain (migration 0008): `seq` is the row's place in the chain, `hash` covers the
    # row's content and `prev_hash`, so a row rewritten, removed or slipped in breaks it.
    sa.Column("seq", sa.BigInteger),
    sa.Column("prev_hash", sa.String(64)),
    sa.Column("hash", sa.String(64)),
    sa.Index("ix_audit_entity", "entity", "entity_id"),
    sa.Index("ux_audit_seq", "seq", unique=True),
)
