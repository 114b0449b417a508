"""Reminders and contest notices per decision round (issue 12).

Revision ID: 0016_reminder_rounds
Revises: 0015_policy_version
Create Date: 2026-12-06

The outbox was keyed by (violation, recipient): once a person had been sent a reminder, or an
inspector a contest notice, for a violation, nothing more was ever queued for it — so after an
inspector reopened a case and decided it again, the person was not told of the new decision, and
a contest of that new decision reached no inspector.  `round` is the decision a row is about
(`violations.decision_no` for a reminder, `violations.contested_no` for a contest notice); the key
becomes (violation, recipient, role, round).  Existing rows take their violation's current round,
so nothing already sent is sent again by the upgrade.  Self-contained: names spelled out here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_reminder_rounds"
down_revision = "0015_policy_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("round", sa.Integer, nullable=False, server_default="0"))
    op.execute(
        "UPDATE reminders SET round = COALESCE((SELECT CASE WHEN reminders.role = 'contest' "
        "THEN COALESCE(v.contested_no, v.decision_no) ELSE v.decision_no END "
        "FROM violations v WHERE v.id = reminders.violation_id), 0)"
    )
    with op.batch_alter_table("reminders") as batch:
        batch.drop_constraint("uq_reminders_violation_recipient", type_="unique")
        batch.create_unique_constraint(
            "uq_reminders_round", ["violation_id", "recipient_id", "role", "round"]
        )


def downgrade() -> None:
    # keep one row per (violation, recipient): the latest round's
    op.execute(
        "DELETE FROM reminders WHERE id NOT IN "
        "(SELECT MAX(id) FROM reminders GROUP BY violation_id, recipient_id)"
    )
    with op.batch_alter_table("reminders") as batch:
        batch.drop_constraint("uq_reminders_round", type_="unique")
        batch.create_unique_constraint("uq_reminders_violation_recipient", ["violation_id", "recipient_id"])
        batch.drop_column("round")
