"""Failed logins in the register (shared by every web worker) and API tokens that expire.

Revision ID: 0009_login_security
Revises: 0008_audit_chain
Create Date: 2026-12-06

Self-contained: the tables are spelled out here, not imported from the live code. Tokens created
before this revision get the default lifetime (90 days) from their creation.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "0009_login_security"
down_revision = "0008_audit_chain"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", TZ))
    tokens = sa.table("api_tokens", sa.column("id", sa.Integer), sa.column("created_at", TZ),
                      sa.column("expires_at", TZ))  # fmt: skip
    conn = op.get_bind()
    for row in conn.execute(sa.select(tokens.c.id, tokens.c.created_at)).all():
        conn.execute(
            tokens.update()
            .where(tokens.c.id == row.id)
            .values(expires_at=row.created_at + timedelta(days=90))
        )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    op.drop_index("ix_login_failures_key_at", "login_failures")
    op.drop_table("login_failures")
