"""Indexes for the web app's overview and review queue at a million violations.

Revision ID: 0006_web_indexes
Revises: 0005_reminders
Create Date: 2025-01-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_web_indexes"
down_revision = "0005_reminders"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('pending', 'contested')")


def upgrade() -> None:
    op.create_index(
        "ix_violations_month_unit_status", "violations", ["month", "unit_id", "status", "person_id"]
    )
    op.create_index("ix_violations_open", "violations", ["id"], postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade() -> None:
    op.drop_index("ix_violations_open", table_name="violations")
    op.drop_index("ix_violations_month_unit_status", table_name="violations")
