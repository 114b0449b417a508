"""Initial register: directory, documents, findings, violations, audit trail, evaluations.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

# The audit trail is append-only at the database level too, so no code path (ours or a stray SQL
# console) can rewrite history.
_PG_AUDIT_GUARD = """
CREATE FUNCTION congvu_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION congvu_audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION congvu_audit_append_only();
"""
_SQLITE_AUDIT_GUARD = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END",
)


def upgrade() -> None:
    op.create_table(
        "units",
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
    op.create_table(
        "unit_names",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        sa.UniqueConstraint("unit_id", "name", name="uq_unit_names_unit_name"),
    )
    op.create_table(
        "people",
        sa.Column("person_id", sa.String(64), primary_key=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False, index=True),
        sa.Column("position", sa.String(200), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.Column("is_head", sa.Boolean, nullable=False),
        sa.Column("active_from", sa.Date),
        sa.Column("active_to", sa.Date),
    )
    op.create_table(
        "addresses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id"), nullable=False, index=True),
        sa.Column("address", sa.String(320), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.UniqueConstraint("person_id", "address", "kind", name="uq_addresses_person_address_kind"),
    )
    op.create_table(
        "documents",
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
    op.create_table(
        "findings",
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
    op.create_table(
        "violations",
        sa.Column("id", sa.Integer, primary_key=True),
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
    )
    op.create_table(
        "violation_findings",
        sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id"), primary_key=True),
        sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id"), primary_key=True),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(120), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_audit_entity", "audit_events", ["entity", "entity_id"])
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("proposed", sa.String(120), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("person_id", "month", name="uq_evaluations_person_month"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_AUDIT_GUARD)
    else:
        for statement in _SQLITE_AUDIT_GUARD:
            op.execute(statement)


def downgrade() -> None:
    for table in (
        "evaluations",
        "audit_events",
        "violation_findings",
        "violations",
        "findings",
        "documents",
        "addresses",
        "people",
        "unit_names",
        "units",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS congvu_audit_append_only()")
