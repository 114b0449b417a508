"""Reminders outbox: one row per (violation, recipient), sent once (issue 5, point 4).

Revision ID: 0005_reminders
Revises: 0004_sites
Create Date: 2025-01-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_reminders"
down_revision = "0004_sites"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id"), nullable=False),
        sa.Column("recipient_id", sa.String(64), sa.ForeignKey("people.person_id"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
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
        sa.UniqueConstraint("violation_id", "recipient_id", name="uq_reminders_violation_recipient"),
    )


def downgrade() -> None:
    op.drop_table("reminders")
