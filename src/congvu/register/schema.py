"""The register's tables, as SQLAlchemy Core metadata.

Core tables rather than ORM classes: recording is bulk work (a million findings) and every write is
an explicit INSERT … ON CONFLICT or compare-and-set UPDATE, which reads more plainly in Core.
The Alembic migrations are the source of truth for the database; this module mirrors them for
queries, and a test checks that both agree.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

TZ = sa.DateTime(timezone=True)

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

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("issuer", sa.Text),
    sa.Column("number", sa.Text),
    sa.Column("type_code", sa.String(16)),
    sa.Column("date", sa.Date),
    sa.Column("subject", sa.Text),
    sa.Column("signer", sa.Text),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
    sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id")),
    sa.Column("recorded_at", TZ, nullable=False),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source", sa.String(80), nullable=False),
    sa.Column("rule", sa.String(16), nullable=False),
    sa.Column("evidence_hash", sa.String(64), nullable=False),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), index=True),
    sa.Column("address", sa.String(320), nullable=False),
    sa.Column("as_written", sa.Text),
    sa.Column("class", sa.String(16)),
    sa.Column("provider", sa.String(80)),
    sa.Column("contact_point", sa.Boolean, nullable=False),
    sa.Column("obfuscated", sa.Boolean, nullable=False),
    sa.Column("page", sa.Integer),
    sa.Column("line", sa.Integer),
    sa.Column("excerpt", sa.Text, nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("part", sa.Text),
    sa.Column("cue", sa.Text),
    sa.Column("recorded_at", TZ, nullable=False),
    sa.UniqueConstraint("source", "rule", "evidence_hash", name="uq_findings_identity"),
)

violations = sa.Table(
    "violations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # "doc:<sha256>:<rule>" for recorded ones, "manual:<uuid>" for hand-made: the idempotency key.
    sa.Column("key", sa.String(120), nullable=False, unique=True),
    sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id"), index=True),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), index=True),
    sa.Column("month", sa.String(7), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("rule", sa.String(16), nullable=False),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id")),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    # Review (migration 0010): when the last confirm/dismiss was made (the contest window starts
    # there), how many decisions so far, which decision was contested (one contest per decision),
    # and whether the last decision answered a contest (final: only an inspector's reopen undoes it).
    sa.Column("decided_at", TZ),
    sa.Column("decision_no", sa.Integer, nullable=False, server_default="0"),
    sa.Column("contested_no", sa.Integer),
    sa.Column("final", sa.Boolean, nullable=False, server_default=sa.false()),
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

violation_findings = sa.Table(
    "violation_findings",
    metadata,
    sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id"), primary_key=True),
    sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id"), primary_key=True),
)

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", TZ, nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(120), nullable=False),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("reason", sa.Text),
    # The hash chain (migration 0008): `seq` is the row's place in the chain, `hash` covers the
    # row's content and `prev_hash`, so a row rewritten, removed or slipped in breaks it.
    sa.Column("seq", sa.BigInteger),
    sa.Column("prev_hash", sa.String(64)),
    sa.Column("hash", sa.String(64)),
    sa.Index("ix_audit_entity", "entity", "entity_id"),
    sa.Index("ux_audit_seq", "seq", unique=True),
)

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
