"""The worker fleet's heartbeats: which worker process runs which task, and whether it is alive.

Revision ID: 0017_fleet_workers
Revises: 0016_reminder_rounds
Create Date: 2026-12-06

A redelivered task asks this table whether the workers that took it before died (their heartbeat
stopped) or only lost the broker connection (still beating): RabbitMQ's delivery count counts both.
Self-contained: the columns are spelled out here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_fleet_workers"
down_revision = "0016_reminder_rounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fleet_workers",
        sa.Column("worker", sa.String(200), primary_key=True),
        sa.Column("beats", sa.Integer, nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("running", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fleet_workers")
