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

# Each worker process's heartbeat and the tasks it is running (migration 0017_fleet_workers), so
# that a redelivered task can tell a worker that died from one that only lost the broker
# (`fleet.deaths`). `beats` counts the heartbeats: a worker is alive when its count moves, which
# needs no clock agreed between machines.
fleet_workers = sa.Table(
    "fleet_workers",
    metadata,
    sa.Column("worker", sa.String(200), primary_key=True),
    sa.Column("beats", sa.Integer, nullable=False),
    sa.Column("beat_at", TZ, nullable=False),
    sa.Column("running", sa.Text, nullable=False),  # task ids, space-separated
)
