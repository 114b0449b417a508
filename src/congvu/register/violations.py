"""The one recording path: findings in, violations opened, linked and audited the same way for every source.

Documents (`register.recording`), mail (`register.mail`) and websites (`register.web_findings`)
map what they were given to `NewFinding` rows and `NewViolation`s and call `record_findings`, then
`open_violations`, in the caller's transaction.  A new source (the fleet's workers, a re-upload
of a case) does the same: it chooses its keys, its month and its evidence; everything else — the
row, the idempotency, the links, the audit event — is here.

- A finding's identity is (source, rule, evidence hash): recording it twice adds nothing.
- A violation's identity is its `key` ("doc:<sha256>:<rule>", "mail:<rule>:<person>:<month>",
  "web:<sha256(host, address)>:WEB-001"): `INSERT … ON CONFLICT (key) DO NOTHING`, so two
  recorders at once open it once; every violation, new or already there, is linked to the
  findings it names (`violation_findings`, idempotent too), and each one opened here gets one
  `violation.created` audit event.  Violations are inserted in the order given: callers give them
  in key order where concurrent recorders may meet, so row locks are taken in one order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy.engine import Connection

from congvu import pacing
from congvu.register import audit
from congvu.register.bulk import insert_findings, insert_ignore
from congvu.register.results import JudgedFinding
from congvu.register.schema import violations


class NewFinding(NamedTuple):
    """A findings row, in `bulk.FINDING_COLUMNS` order (a tuple: findings go in by the million)."""

    source: str  # "doc:<sha256>", "web:<sha256 of the URL>", "policy:<instance>", "log:<queue id>", …
    rule: str
    evidence_hash: str
    document_id: int | None
    address: str
    as_written: str | None
    cls: str | None  # column "class"
    provider: str | None
    contact_point: bool
    obfuscated: bool
    page: int | None
    line: int | None
    excerpt: str
    reason: str | None
    part: str | None
    cue: str | None
    recorded_at: datetime

    @classmethod
    def of(cls, values: tuple[Any, ...]) -> NewFinding:
        """A row from its values in column order, without the NamedTuple's Python-level __new__
        (the policy service records thousands a second, a scan a million)."""
        return _new_row(cls, values)

    @classmethod
    def judged(
        cls, source: str, f: JudgedFinding, rule: str, document_id: int | None, now: datetime
    ) -> NewFinding:
        """A judged finding as recorded under `source` and `rule` (a web page records DOC-001 as WEB-001)."""
        return cls.of((
            source, rule, f.evidence_hash(rule), document_id, f.address, f.as_written, f.cls, f.provider,
            f.contact_point, f.obfuscated, f.page, f.line, f.excerpt, f.reason, f.part, f.cue, now,
        ))  # fmt: skip

    @property
    def identity(self) -> FindingIdentity:
        return _new_identity(FindingIdentity, self[:3])


_new_row = _new_identity = tuple.__new__


class FindingIdentity(NamedTuple):
    source: str
    rule: str
    evidence_hash: str


@dataclass(frozen=True, slots=True)
class NewViolation:
    """A pending violation to open (nothing happens if its key is already there) and the
    findings it rests on.  `noted` adds to the audit event's `after` (besides status and key)."""

    key: str
    rule: str
    month: str  # YYYY-MM
    evidence: Mapping[str, Any]
    person_id: str | None = None
    unit_id: int | None = None
    document_id: int | None = None
    findings: tuple[FindingIdentity, ...] = ()
    noted: Mapping[str, Any] = field(default_factory=dict)


class OpenedViolation(NamedTuple):
    id: int
    key: str
    person_id: str | None


def record_findings(conn: Connection, rows: Sequence[NewFinding]) -> int:
    """Insert the findings not already recorded; returns how many were new."""
    return insert_findings(conn, rows)


def open_violations(
    conn: Connection, new: Sequence[NewViolation], who: str, now: datetime, note: str
) -> list[OpenedViolation]:
    """Open the violations not already open, link every one of them to its findings (which must
    be recorded first) and audit each one opened with `note` as the reason; returns those opened.

    Call it last in the transaction: the audit events hold the chain on PostgreSQL until commit."""
    if not new:
        return []
    rows = [
        {
            "key": v.key,
            "person_id": v.person_id,
            "unit_id": v.unit_id,
            "month": v.month,
            "status": "pending",
            "rule": v.rule,
            "document_id": v.document_id,
            "evidence": v.evidence,
            "created_at": now,
            "created_by": who,
        }
        for v in new
    ]
    made = [
        OpenedViolation(m.id, m.key, m.person_id)
        for m in conn.execute(
            insert_ignore(conn, violations, ["key"]).returning(
                violations.c.id, violations.c.key, violations.c.person_id
            ),
            rows,
        ).all()
    ]
    _link(conn, [(*identity, v.key) for v in new for identity in v.findings])
    noted = {v.key: v.noted for v in new}
    audit.append(
        conn,
        now,
        [
            audit.Event(
                who, "violation.created", "violation", str(m.id), None,
                {"status": "pending", "key": m.key, **noted[m.key]}, note,
            )
            for m in made
        ],
    )  # fmt: skip
    return made


def _link(conn: Connection, links: list[tuple[str, str, str, str]]) -> None:
    """Link violations to findings, by key and identity, in one statement run per link.

    The policy service records thousands of events a second: one SELECT per finding was once most
    of the recording cost, and matching ids in Python after two SELECTs still a quarter of it.
    Here the database finds both ids by their unique indexes.
    """
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    statement = (
        "INSERT INTO violation_findings (violation_id, finding_id) SELECT v.id, f.id FROM violations v "
        f"JOIN findings f ON f.source = {mark} AND f.rule = {mark} AND f.evidence_hash = {mark} "
        f"WHERE v.key = {mark} ON CONFLICT (violation_id, finding_id) DO NOTHING"
    )
    rows = sorted(set(links))
    if not rows:
        return  # an empty executemany would run the statement once, without its parameters
    for piece in pacing.pieces(rows, 64):
        conn.exec_driver_sql(statement, list(piece))
