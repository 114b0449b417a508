"""The worker fleet's judged results, by content and policy version (issue 13).

Revision ID: 0012_fleet_results
Revises: 0011_triage_index
Create Date: 2026-12-06

Self-contained: the columns are spelled out here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_fleet_results"
down_revision = "0011_triage_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fleet_results",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("policy", sa.String(64), primary_key=True),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("judged_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fleet_results")
