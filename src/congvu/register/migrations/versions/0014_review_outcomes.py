"""What an inspector made of each review item (DOC-002/003 findings) (issue 12).

Revision ID: 0014_review_outcomes
Revises: 0013_document_cases
Create Date: 2026-12-06

One row per finding decided: promoted to a violation (which one) or closed as "not a violation",
with the reason, when and by whom.  A finding with no row is still in the review queue.  The
unique finding id makes two inspectors deciding the same item at once record one outcome.
Self-contained: names spelled out here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_review_outcomes"
down_revision = "0013_document_cases"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "review_outcomes",
        sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id"), primary_key=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id")),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("decided_at", TZ, nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_outcomes")
