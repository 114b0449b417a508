"""Website audit: the site → unit mapping and the web pages the crawler recorded.

Revision ID: 0004_sites
Revises: 0003_mail_logs
Create Date: 2025-01-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_sites"
down_revision = "0003_mail_logs"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("host", sa.String(253), nullable=False),
        sa.Column("path_prefix", sa.String(300), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("added_at", TZ, nullable=False),
        sa.UniqueConstraint("host", "path_prefix", name="uq_sites_host_prefix"),
    )
    op.create_table(
        "web_pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("host", sa.String(253), nullable=False, index=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True),
        sa.Column("verdict", sa.String(16)),
        sa.Column("sha256", sa.String(64)),
        sa.Column("first_seen", TZ, nullable=False),
        sa.Column("last_seen", TZ, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("web_pages")
    op.drop_table("sites")
