"""Mail log ingestion: per-file checkpoints and messages still in the queue between runs.

Revision ID: 0003_mail_logs
Revises: 0002_web
Create Date: 2025-01-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_mail_logs"
down_revision = "0002_web"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "mail_log_checkpoints",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("inode", sa.BigInteger, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("lines", sa.BigInteger, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "mail_log_pending",
        sa.Column("queue_key", sa.String(200), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mail_log_pending")
    op.drop_table("mail_log_checkpoints")
