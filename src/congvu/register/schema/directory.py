"""Who is who: units (with their names over time), people, their memberships and addresses."""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import metadata

units = sa.Table(
    "units",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("units.id")),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Column("valid_from", sa.Date),
    sa.Column("valid_to", sa.Date),
    sa.Column("merged_into_id", sa.Integer, sa.ForeignKey("units.id")),
)


# Every name a unit has carried: old documents are issued under old names.
unit_names = sa.Table(
    "unit_names",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("valid_from", sa.Date),
    sa.Column("valid_to", sa.Date),
    sa.UniqueConstraint("unit_id", "name", name="uq_unit_names_unit_name"),
)


people = sa.Table(
    "people",
    metadata,
    sa.Column("person_id", sa.String(64), primary_key=True),
    sa.Column("full_name", sa.String(200), nullable=False),
    sa.Column("name_key", sa.String(200), nullable=False, index=True),
    sa.Column("position", sa.String(200), nullable=False),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
    sa.Column("is_head", sa.Boolean, nullable=False),
    sa.Column("active_from", sa.Date),
    sa.Column("active_to", sa.Date),
)


# A person's units over time; exactly one open row (valid_to NULL) per person, the unit in
# `people.unit_id`.  valid_from NULL: since before the register knew.  Dates are inclusive.
memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id"), nullable=False, index=True),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
    sa.Column("valid_from", sa.Date),
    sa.Column("valid_to", sa.Date),
)


addresses = sa.Table(
    "addresses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id"), nullable=False, index=True),
    sa.Column("address", sa.String(320), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # official | personal
    sa.UniqueConstraint("person_id", "address", "kind", name="uq_addresses_person_address_kind"),
)
