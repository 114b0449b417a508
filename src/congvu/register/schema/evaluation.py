"""The monthly evaluation sheet: proposed ratings, and the unit-month sheets that are closed."""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import TZ, metadata

evaluations = sa.Table(
    "evaluations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id"), nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("proposed", sa.String(120), nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
    sa.UniqueConstraint("person_id", "month", name="uq_evaluations_person_month"),
)


# A unit-month sheet that its head or an inspector has closed: proposals and decisions that would
# change it are refused until someone reopens it with a reason (migration 0010).
sheet_closures = sa.Table(
    "sheet_closures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("closed_at", TZ, nullable=False),
    sa.Column("closed_by", sa.String(200), nullable=False),
    sa.UniqueConstraint("unit_id", "month", name="uq_sheet_closures_unit_month"),
)
