"""What the worker fleet already judged (migration 0012_fleet_results): one scan result per
document content (sha256) and policy version, so that a file submitted again, or the same content
under another name, is answered from here and not read again."""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import TZ, metadata

fleet_results = sa.Table(
    "fleet_results",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("policy", sa.String(64), primary_key=True),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("judged_at", TZ, nullable=False),
)
