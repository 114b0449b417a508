"""The reminders outbox: one row per (violation, recipient), so each reminder goes out once.

States: pending → sending → sent; a failed attempt goes to `failed` and is picked up again by the
next run (`congvu.notify.outbox`)."""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import TZ, metadata

STATES = ("pending", "sending", "sent", "failed")

reminders = sa.Table(
    "reminders",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id"), nullable=False),
    sa.Column("recipient_id", sa.String(64), sa.ForeignKey("people.person_id"), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),  # violator | head
    sa.Column("address", sa.String(320), nullable=False),
    sa.Column("month", sa.String(7), nullable=False, index=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("claim", sa.String(32)),
    sa.Column("claimed_at", TZ),
    sa.Column("sent_at", TZ),
    sa.Column("message_id", sa.String(300)),
    sa.Column("created_at", TZ, nullable=False),
    # The decision the row is about (violations.decision_no; contested_no for a contest notice):
    # a case reopened and decided again is told again (migration 0016).
    sa.Column("round", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("violation_id", "recipient_id", "role", "round", name="uq_reminders_round"),
)
