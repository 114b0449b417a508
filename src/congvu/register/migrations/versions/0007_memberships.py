"""Who belonged to which unit when: the history behind a past month's evaluation sheet.

Revision ID: 0007_memberships
Revises: 0006_web_indexes
Create Date: 2026-11-29

Until now a person had one unit (the current one), so after a merge or a move the sheet of an
earlier month listed people by where they are today.  Each existing person gets one open
membership of their current unit with no start: what the register knew before this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_memberships"
down_revision = "0006_web_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
    )
    op.create_index("ix_memberships_person_id", "memberships", ["person_id"])
    op.create_index("ix_memberships_unit_id", "memberships", ["unit_id"])
    op.execute(
        "INSERT INTO memberships (person_id, unit_id, valid_from, valid_to) "
        "SELECT person_id, unit_id, NULL, NULL FROM people"
    )


def downgrade() -> None:
    op.drop_index("ix_memberships_unit_id", table_name="memberships")
    op.drop_index("ix_memberships_person_id", table_name="memberships")
    op.drop_table("memberships")
