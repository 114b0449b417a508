"""One case per document: its content and administrative identity, and its occurrences (issue 12).

Revision ID: 0013_document_cases
Revises: 0012_fleet_results
Create Date: 2026-12-06

A document violation is known by the hash of the innermost part that holds the finding
(`content_sha256`) and, when the judge read them, by its issuer, number and date (`doc_identity`,
a sha256 of the three); the same document reached again through a .zip, an .eml or a re-upload
adds a row to `violation_occurrences` (which file, which path, when) instead of a second case.

Existing document violations get their content hash from their key ("doc:<sha256>:<rule>") and
one occurrence, the file they were recorded from.  Self-contained: names spelled out here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_document_cases"
down_revision = "0012_fleet_results"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("violations") as batch:
        batch.add_column(sa.Column("content_sha256", sa.String(64)))
        batch.add_column(sa.Column("doc_identity", sa.String(64)))
    op.create_index("ix_violations_content_sha256", "violations", ["content_sha256"])
    op.create_index("ix_violations_doc_identity", "violations", ["doc_identity"])
    op.create_table(
        "violation_occurrences",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id"), nullable=False),
        sa.Column("container", sa.String(64), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("seen_at", TZ, nullable=False),
        sa.UniqueConstraint("violation_id", "container", "path", name="uq_violation_occurrences"),
    )
    op.execute(
        "UPDATE violations SET content_sha256 = substr(key, 5, 64) "
        "WHERE key LIKE 'doc:%' AND length(key) >= 69"
    )
    op.execute(
        "INSERT INTO violation_occurrences (violation_id, container, path, seen_at) "
        "SELECT v.id, d.sha256, d.path, d.recorded_at FROM violations v "
        "JOIN documents d ON d.id = v.document_id "
        "WHERE v.key LIKE 'doc:%'"
    )


def downgrade() -> None:
    op.drop_table("violation_occurrences")
    op.drop_index("ix_violations_doc_identity", table_name="violations")
    op.drop_index("ix_violations_content_sha256", table_name="violations")
    with op.batch_alter_table("violations") as batch:
        batch.drop_column("doc_identity")
        batch.drop_column("content_sha256")
