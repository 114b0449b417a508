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
- One case per document: a document violation names its document's content (the innermost part's
  sha256) and, when the judge read them, its administrative identity (issuer, number, date).  A
  violation of the same rule already known by either — in the register or earlier in the same
  call — is that case: the new one opens nothing, its findings are linked to the case and where
  it was met is added as an occurrence (`violation_occurrences`: file, path, time).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu import pacing
from congvu.register import audit
from congvu.register.bulk import insert_findings, insert_ignore
from congvu.register.results import JudgedDocument, JudgedFinding, evidence_hash
from congvu.register.schema import documents, violation_occurrences, violations

FindingRow = tuple[
    str,
    str,
    str,
    int | None,
    str,
    str | None,
    str | None,
    str | None,
    bool,
    bool,
    int | None,
    int | None,
    str,
    str | None,
    str | None,
    str | None,
    datetime,
]
"""A findings row as inserted, in `bulk.FINDING_COLUMNS` order: a `NewFinding`, or a plain tuple of
the same fields where a million are built (`finding_rows`)."""


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
            source, rule, evidence_hash(rule, f.address, f.as_written, f.excerpt, f.part), document_id,
            f.address, f.as_written, f.cls, f.provider, f.contact_point, f.obfuscated, f.page, f.line,
            f.excerpt, f.reason, f.part, f.cue, now,
        ))  # fmt: skip

    @property
    def identity(self) -> FindingIdentity:
        return _new_identity(FindingIdentity, self[:3])


_new_row = _new_identity = tuple.__new__


def finding_rows(
    doc: JudgedDocument, source: str, document_id: int | None, now: datetime
) -> list[FindingRow]:
    """A judged document's findings as rows, built in one pass from its checked contract objects
    (the same values as `NewFinding.judged` of each of `doc.findings`, without a typed value and a
    NamedTuple per finding: a scan records a million)."""
    rows: list[FindingRow] = []
    append = rows.append
    for f in doc.contract_findings:
        rule = f.get("rule") or ""
        address = f.get("address") or ""
        written = f.get("as_written")
        excerpt = f.get("excerpt") or ""
        part = f.get("part")
        append((
            source, rule, evidence_hash(rule, address, written, excerpt, part), document_id, address, written,
            f.get("class"), f.get("provider"), bool(f.get("contact_point")), bool(f.get("obfuscated")),
            f.get("page"), f.get("line"), excerpt, f.get("reason"), part, f.get("cue"), now,
        ))  # fmt: skip
    return rows


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
    content: str | None = None  # the document's innermost part's sha256 (document violations)
    identity: str | None = None  # `document_identity(...)` when the judge read them
    occurrence: Occurrence | None = None  # where this document was met


class Occurrence(NamedTuple):
    """Where a document was met: the file recorded (its sha256), the path within it, when."""

    container: str
    path: str


def document_identity(issuer: str | None, number: str | None, date: str | None) -> str | None:
    """A document's administrative identity (issuer + number + date) as a sha256, None unless all
    three were read.  `issuer` is the attributed unit's id when known (the same ward writes its name
    in several ways), else the issuer's text; case and spacing do not count."""

    def norm(text: str | None) -> str:
        return " ".join((text or "").casefold().split())

    parts = [norm(issuer), norm(number), norm(date)]
    if not all(parts):
        return None
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class OpenedViolation(NamedTuple):
    id: int
    key: str
    person_id: str | None


def record_findings(conn: Connection, rows: Sequence[FindingRow], policy: str | None = None) -> int:
    """Insert the findings not already recorded, with the policy version they were judged under
    (`congvu.policyversion`; None: not known to the caller); returns how many were new."""
    return insert_findings(conn, rows, policy)


def open_violations(
    conn: Connection,
    new: Sequence[NewViolation],
    who: str,
    now: datetime,
    note: str,
    policy: str | None = None,
) -> list[OpenedViolation]:
    """Open the violations not already open, link every one of them to its findings (which must
    be recorded first) and audit each one opened with `note` as the reason; returns those opened.

    Call it last in the transaction: the audit events hold the chain on PostgreSQL until commit."""
    if not new:
        return []
    case_of = _same_documents(conn, new)  # key -> key of the case it joins (absent: opens its own)
    opening: list[NewViolation] = []
    keys: set[str] = set()
    for v in new:  # each key once (the same document twice in one batch), in the order given
        if v.key not in case_of and v.key not in keys:
            keys.add(v.key)
            opening.append(v)
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
            "content_sha256": v.content,
            "doc_identity": v.identity,
            "policy": policy,
        }
        for v in opening
    ]
    made = (
        [
            OpenedViolation(m.id, m.key, m.person_id)
            for m in conn.execute(
                insert_ignore(conn, violations, ["key"]).returning(
                    violations.c.id, violations.c.key, violations.c.person_id
                ),
                rows,
            ).all()
        ]
        if rows
        else []
    )
    _link(conn, [(*identity, case_of.get(v.key, v.key)) for v in new for identity in v.findings])
    _occur(conn, [(case_of.get(v.key, v.key), v.occurrence) for v in new if v.occurrence is not None], now)
    noted = {v.key: v.noted for v in new}
    audit.append(
        conn,
        now,
        [
            audit.Event(
                who, "violation.created", "violation", str(m.id), None,
                {"status": "pending", "key": m.key, **noted[m.key], **({"policy": policy} if policy else {})},
                note,
            )
            for m in made
        ],
    )  # fmt: skip
    return made


def _same_documents(conn: Connection, new: Sequence[NewViolation]) -> dict[str, str]:
    """For each violation whose document is already a case (same rule, same content or same
    administrative identity), the key of that case: in the register first, else the first one
    given in this call."""
    contents = sorted({v.content for v in new if v.content})
    identities = sorted({v.identity for v in new if v.identity})
    if not contents and not identities:
        return {}
    by_content = _cases_by(conn, violations.c.content_sha256, contents)
    by_identity = _cases_by(conn, violations.c.doc_identity, identities)
    out: dict[str, str] = {}
    for v in new:
        case = None
        if v.content:
            case = by_content.get((v.rule, v.content))
        if case is None and v.identity:
            case = by_identity.get((v.rule, v.identity))
        if case is not None and case != v.key:
            out[v.key] = case
            continue
        own = case or v.key  # opens its own case: later ones of the same document join it
        if v.content:
            by_content.setdefault((v.rule, v.content), own)
        if v.identity:
            by_identity.setdefault((v.rule, v.identity), own)
    return out


def _cases_by(conn: Connection, column: sa.Column[Any], values: list[str]) -> dict[tuple[str, str], str]:
    """(rule, value of `column`) -> key of the first violation opened with it, for `values`."""
    found: dict[tuple[str, str], str] = {}
    for piece in pacing.pieces(values, 500):
        for key, rule, value in conn.execute(
            sa.select(violations.c.key, violations.c.rule, column)
            .where(column.in_(list(piece)))
            .order_by(violations.c.id)
        ):
            found.setdefault((rule, value), key)
    return found


def _occur(conn: Connection, met: list[tuple[str, Occurrence]], now: datetime) -> None:
    """Add where each document was met to its case (once per file and path)."""
    if not met:
        return
    keys = sorted({key for key, _ in met})
    ids: dict[str, int] = {}
    for piece in pacing.pieces(keys, 500):
        ids.update(
            conn.execute(
                sa.select(violations.c.key, violations.c.id).where(violations.c.key.in_(list(piece)))
            )
            .tuples()
            .all()
        )
    rows = sorted({(ids[key], o.container, o.path) for key, o in met if key in ids})
    if rows:
        conn.execute(
            insert_ignore(conn, violation_occurrences, ["violation_id", "container", "path"]),
            [{"violation_id": i, "container": c, "path": p, "seen_at": now} for i, c, p in rows],
        )


def occurrences(conn: Connection, violation_id: int) -> list[dict[str, Any]]:
    """Where a violation's document was met, first seen first: the file (`container`, its sha256,
    and `file`, its path when first recorded), the path of the document met and when."""
    return [
        dict(r._mapping)
        for r in conn.execute(
            sa.select(
                violation_occurrences.c.container,
                violation_occurrences.c.path,
                violation_occurrences.c.seen_at,
                documents.c.path.label("file"),  # the file recorded, as it was first met
            )
            .select_from(
                violation_occurrences.outerjoin(
                    documents, documents.c.sha256 == violation_occurrences.c.container
                )
            )
            .where(violation_occurrences.c.violation_id == violation_id)
            .order_by(violation_occurrences.c.id)
        )
    ]


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
