"""An index for the triage list of violations (issue 12).

Revision ID: 0011_triage_index
Revises: 0010_contests_closures
Create Date: 2026-12-06

Within a month the triage list filters by status, unit, person and rule, counts per value of each,
and sorts by id, dates or the person's name: with these columns in one index all of that is read
from the index alone (a month's rows are spread over the whole table, one heap page each), and only
the 50 rows shown are fetched.  Self-contained: the column names are spelled out here.
"""

from __future__ import annotations

from alembic import op

revision = "0011_triage_index"
down_revision = "0010_contests_closures"
branch_labels = None
depends_on = None

COLUMNS = ["month", "status", "unit_id", "person_id", "rule", "id", "created_at", "decided_at", "document_id"]


def upgrade() -> None:
    op.create_index("ix_violations_triage", "violations", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_violations_triage", table_name="violations")
