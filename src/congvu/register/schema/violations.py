"""What was found and what it amounts to: documents, findings, violations and the link between them.

The two indexes on `violations` serve the web app's questions on a large register (migration
0006_web_indexes):

- `ix_violations_month_unit_status`: the overview counts a month per unit, status and person (for
  heads among violators) and twelve months per status.  With every column in the key those counts
  are index-only scans instead of one heap page per violation (a month's rows are spread over the
  whole table, because violations arrive in document order, not month order).
- `ix_violations_open`: the review queue walks open violations newest first, a page at a time
  (keyset on id).  Once most violations are decided the open ones are a small share, and the
  primary key alone would scan the whole table to fill one page; this partial index holds only them.
"""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import TZ, metadata

OPEN_STATUSES = ("pending", "contested")  # a violation still waiting for a decision

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
    # The policy version (`congvu policy show` hash) it was judged under (migration 0015); NULL before.
    sa.Column("policy", sa.String(64)),
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
    # One case per document (migration 0013): the innermost part's hash and the document's
    # administrative identity (sha256 of issuer, number and date, when the judge read them).
    sa.Column("content_sha256", sa.String(64), index=True),
    sa.Column("doc_identity", sa.String(64), index=True),
    # The policy version it was opened under (migration 0015); NULL before, or from a hand-made case.
    sa.Column("policy", sa.String(64)),
)


# Where a document violation's document was met: the file (by sha256) and its path, and when.
violation_occurrences = sa.Table(
    "violation_occurrences",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id"), nullable=False),
    sa.Column("container", sa.String(64), nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("seen_at", TZ, nullable=False),
    sa.UniqueConstraint("violation_id", "container", "path", name="uq_violation_occurrences"),
)


# What an inspector made of a review item (a DOC-002/003 finding, migration 0014): promoted to a
# violation or closed as "not a violation"; a finding without a row is still to review.
review_outcomes = sa.Table(
    "review_outcomes",
    metadata,
    sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id"), primary_key=True),
    sa.Column("outcome", sa.String(16), nullable=False),  # promoted | closed
    sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id")),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_at", TZ, nullable=False),
    sa.Column("decided_by", sa.String(200), nullable=False),
)

violation_findings = sa.Table(
    "violation_findings",
    metadata,
    sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id"), primary_key=True),
    sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id"), primary_key=True),
)

_OPEN = violations.c.status.in_(OPEN_STATUSES)

month_unit_status = sa.Index(
    "ix_violations_month_unit_status",
    violations.c.month,
    violations.c.unit_id,
    violations.c.status,
    violations.c.person_id,
)
# The triage list (web/triage.py, migration 0011): within a month, every filter (status, unit,
# person, rule), every count per filter value and every sort key but the names is read from this
# index alone; the rows' other columns are fetched for the 50 shown only.
triage = sa.Index(
    "ix_violations_triage",
    violations.c.month,
    violations.c.status,
    violations.c.unit_id,
    violations.c.person_id,
    violations.c.rule,
    violations.c.id,
    violations.c.created_at,
    violations.c.decided_at,
    violations.c.document_id,
)
open_violations = sa.Index(
    "ix_violations_open",
    violations.c.id,
    postgresql_where=_OPEN,
    sqlite_where=_OPEN,
)
