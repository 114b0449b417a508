"""The policy version (content hash) each finding and violation was judged under (issue 14).

Revision ID: 0015_policy_version
Revises: 0014_review_outcomes
Create Date: 2026-12-06

`policy`: the sha256 of `congvu policy show` (the judgement settings, the list files' hashes and
the rule registry) in force when the row was recorded; NULL for rows recorded before this
migration and for sources that do not pass it yet.  Self-contained: names spelled out here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_policy_version"
down_revision = "0014_review_outcomes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("findings", sa.Column("policy", sa.String(64)))  # nullable: no table rewrite
    op.add_column("violations", sa.Column("policy", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("violations") as batch:
        batch.drop_column("policy")
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("policy")
