"""A contest per decision, final decisions, and closed unit-month sheets (issue 12).

Revision ID: 0010_contests_closures
Revises: 0009_login_security
Create Date: 2026-12-06

Self-contained: the columns and table are spelled out here, not imported from the live code.
Violations decided before this revision start with decision number 0, not final and never
contested, so each may still be contested once — no one loses a right by the upgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_contests_closures"
down_revision = "0009_login_security"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("violations") as batch:
        batch.add_column(sa.Column("decided_at", TZ))
        batch.add_column(sa.Column("decision_no", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("contested_no", sa.Integer))
        batch.add_column(sa.Column("final", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "sheet_closures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("closed_at", TZ, nullable=False),
        sa.Column("closed_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("unit_id", "month", name="uq_sheet_closures_unit_month"),
    )


def downgrade() -> None:
    op.drop_table("sheet_closures")
    with op.batch_alter_table("violations") as batch:
        batch.drop_column("final")
        batch.drop_column("contested_no")
        batch.drop_column("decision_no")
        batch.drop_column("decided_at")
