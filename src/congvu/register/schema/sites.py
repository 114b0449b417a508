"""Which unit owns which website, and the pages the crawler recorded on them."""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import TZ, metadata

sites = sa.Table(
    "sites",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("host", sa.String(253), nullable=False),
    sa.Column("path_prefix", sa.String(300), nullable=False),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
    sa.Column("added_at", TZ, nullable=False),
    sa.UniqueConstraint("host", "path_prefix", name="uq_sites_host_prefix"),
)


# Every page or document URL the crawler recorded; findings point here by source "web:<url_hash>".
web_pages = sa.Table(
    "web_pages",
    metadata,
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
