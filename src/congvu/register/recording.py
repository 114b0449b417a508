"""Recording scan results: documents, findings and the violations they imply.

Everything is keyed by content, so recording is idempotent and safe to run twice at once:
a document by its sha256, a finding by (source, rule, evidence hash) — never the line number —
and a violation by "doc:<sha256>:<rule>".  Inserts are INSERT … ON CONFLICT DO NOTHING.

Each batch (at most `BATCH` documents, or what arrived in `BATCH_SECONDS`) is first read into
memory and then written in its own short transaction.  Short, so that on SQLite the write lock is
held for one batch and never while the scanner reads files (the web app and logins stay
responsive); in memory, so that a transaction retried after a deadlock or serialisation failure
writes the same documents again — the scan generator cannot be rewound.  A recorder killed
half-way leaves whole batches behind, never half a document; running it again adds the rest.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from congvu.register import audit
from congvu.register.attribution import Directory, attribute
from congvu.register.bulk import insert_findings
from congvu.register.months import month_of, parse_day
from congvu.register.schema import documents, findings, violation_findings, violations
from congvu.register.store import Store
from congvu.rules import opening

BATCH = 500
BATCH_SECONDS = 5.0  # a slow scan still commits what it has every few seconds
ATTEMPTS = 10  # per batch: concurrent recorders on PostgreSQL may deadlock each other repeatedly


class RecordingIncomplete(RuntimeError):
    """A batch committed without every one of its documents in the register (never expected:
    raised rather than reporting a count the register does not hold)."""


@dataclass
class RecordReport:
    documents_new: int = 0
    documents_known: int = 0
    documents_failed: int = 0
    findings_new: int = 0
    violations_new: int = 0
    unattributed: int = 0
    retries: int = 0  # batch transactions rolled back and run again (deadlocks, locks)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    def add(self, other: RecordReport) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def dialect_insert(conn: Connection, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both PostgreSQL and SQLite have it)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def insert_ignore(conn: Connection, table: sa.Table, keys: list[str]) -> Any:
    """INSERT … ON CONFLICT (keys) DO NOTHING: the idempotency of recording."""
    return dialect_insert(conn, table).on_conflict_do_nothing(index_elements=keys)


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def evidence_hash(rule: str, finding: dict[str, Any]) -> str:
    """What was said, not where: the address and its written form in their words."""
    parts = [
        rule,
        str(finding.get("address") or "").lower(),
        _squash(finding.get("as_written")),
        _squash(finding.get("excerpt")),
        str(finding.get("part") or ""),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _with_parts(meta: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """The metadata as stored, with the hash of each readable part when the scan gave them
    (`congvu.register.contents` counts a document once by its innermost part's hash)."""
    parts = doc.get("part_sha256") or {}
    return {**meta, "part_sha256": dict(parts)} if parts else meta


def document_identity(doc: dict[str, Any]) -> str:
    if doc.get("sha256"):
        return str(doc["sha256"])
    body = json.dumps([doc.get("path"), doc.get("findings") or []], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def batches(
    items: Iterable[dict[str, Any]],
    size: int,
    seconds: float = BATCH_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[list[dict[str, Any]]]:
    """Lists of at most `size` items; a batch also closes once `seconds` have passed since its
    first item (checked as each item arrives), so a slow scan commits as it goes."""
    batch: list[dict[str, Any]] = []
    started = 0.0
    for item in items:
        if not batch:
            started = clock()
        batch.append(item)
        if len(batch) >= size or clock() - started >= seconds:
            yield batch
            batch = []
    if batch:
        yield batch


def record(
    store: Store,
    docs: Iterable[dict[str, Any]],
    who: str,
    *,
    batch_size: int = BATCH,
    batch_seconds: float = BATCH_SECONDS,
) -> RecordReport:
    """Store documents in the scan JSON contract shape, one short transaction per batch.

    The summary adds up the batches as committed: a batch that had to be retried is counted from
    its last, successful attempt only, so `documents_new + documents_known` is what the register
    holds of this run's readable documents.
    """
    with store.begin() as conn:
        index = Directory.load(conn)
    total = RecordReport()
    for batch in batches(docs, batch_size, batch_seconds):
        total.add(_commit_batch(store, index, batch, who))
    return total


def _commit_batch(store: Store, index: Directory, batch: list[dict[str, Any]], who: str) -> RecordReport:
    """One batch in one transaction, retried with the same (materialised) documents."""
    attempts = 0

    def work(conn: Connection) -> RecordReport:
        nonlocal attempts
        attempts += 1
        report = RecordReport()  # counted afresh: a rolled-back attempt counts nothing
        prepared = _record_batch(conn, store, index, batch, who, report)
        _check_present(conn, prepared)
        return report

    report = store.run(work, attempts=ATTEMPTS)
    report.retries = attempts - 1
    return report


def _check_present(conn: Connection, identities: list[str]) -> None:
    """Every readable document of the batch is in the register before the batch commits."""
    present = 0
    for i in range(0, len(identities), 500):
        chunk = identities[i : i + 500]
        present += conn.execute(
            sa.select(sa.func.count()).select_from(documents).where(documents.c.sha256.in_(chunk))
        ).scalar_one()
    if present != len(identities):
        raise RecordingIncomplete(
            f"{len(identities) - present} of {len(identities)} documents missing from the register "
            "after their batch was written; nothing of this batch was committed"
        )


def _record_batch(
    conn: Connection,
    store: Store,
    index: Directory,
    batch: list[dict[str, Any]],
    who: str,
    report: RecordReport,
) -> list[str]:
    """Write one batch; returns the identities of its readable documents, sorted.  Rows are
    written in identity order so two recorders take their row locks in the same order."""
    now = store.clock()
    prepared: dict[str, dict[str, Any]] = {}
    for doc in batch:
        if doc.get("status", "ok") != "ok":
            report.documents_failed += 1
            continue
        prepared.setdefault(document_identity(doc), doc)
    identities = sorted(prepared)
    if not prepared:
        return identities
    known = set(
        conn.execute(sa.select(documents.c.sha256).where(documents.c.sha256.in_(list(prepared)))).scalars()
    )
    report.documents_known += len(known)
    fresh = {sha: prepared[sha] for sha in identities if sha not in known}
    if not fresh:
        return identities
    doc_rows = []
    attrs: dict[str, tuple[str | None, int | None, str]] = {}
    for sha, doc in fresh.items():
        meta = doc.get("metadata") or {}
        day = parse_day(meta.get("date"))
        person_id, unit_id = attribute(index, meta.get("issuer"), meta.get("signer"), day)
        attrs[sha] = (person_id, unit_id, month_of(day, now))
        doc_rows.append(
            {
                "sha256": sha,
                "path": str(doc.get("path") or ""),
                "issuer": meta.get("issuer"),
                "number": meta.get("number"),
                "type_code": meta.get("type_code"),
                "date": day,
                "subject": meta.get("subject"),
                "signer": meta.get("signer"),
                "meta": _with_parts(meta, doc),
                "unit_id": unit_id,
                "person_id": person_id,
                "recorded_at": now,
            }
        )
    inserted = conn.execute(
        insert_ignore(conn, documents, ["sha256"]).returning(documents.c.id, documents.c.sha256), doc_rows
    ).all()
    ids = {r.sha256: r.id for r in inserted}
    report.documents_new += len(ids)
    report.documents_known += len(fresh) - len(ids)  # a concurrent recorder got there first
    finding_rows = []
    for sha, doc_id in sorted(ids.items()):
        source = f"doc:{sha}"
        for f in fresh[sha].get("findings") or []:
            rule = str(f.get("rule") or "")
            finding_rows.append(
                (
                    source,
                    rule,
                    evidence_hash(rule, f),
                    doc_id,
                    str(f.get("address") or ""),
                    f.get("as_written"),
                    f.get("class"),
                    f.get("provider"),
                    bool(f.get("contact_point")),
                    bool(f.get("obfuscated")),
                    f.get("page"),
                    f.get("line"),
                    str(f.get("excerpt") or ""),
                    f.get("reason"),
                    f.get("part"),
                    f.get("cue"),
                    now,
                )
            )
    report.findings_new += insert_findings(conn, finding_rows)
    _violations(conn, fresh, attrs, ids, who, now, report)
    return identities


def _violations(
    conn: Connection,
    fresh: dict[str, dict[str, Any]],
    attrs: dict[str, tuple[str | None, int | None, str]],
    ids: dict[str, int],
    who: str,
    now: Any,
    report: RecordReport,
) -> None:
    rows, keys = [], []
    opens = opening("DOC")  # DOC-001; the review rules wait for an inspector
    for sha, doc_id in sorted(ids.items()):
        doc = fresh[sha]
        person_id, unit_id, month = attrs[sha]
        meta = doc.get("metadata") or {}
        for rule in sorted({str(f.get("rule")) for f in doc.get("findings") or []} & opens):
            hits = [f for f in doc["findings"] if f.get("rule") == rule]
            evidence = {
                "document": sha,
                "path": doc.get("path"),
                "number": meta.get("number"),
                "date": meta.get("date"),
                "issuer": meta.get("issuer"),
                "signer": meta.get("signer"),
                "addresses": sorted({str(f.get("address")) for f in hits}),
                "excerpts": [
                    {
                        "address": f.get("address"),
                        "page": f.get("page"),
                        "line": f.get("line"),
                        "excerpt": f.get("excerpt"),
                    }
                    for f in hits[:5]
                ],
            }
            key = f"doc:{sha}:{rule}"
            keys.append(key)
            rows.append(
                {
                    "key": key,
                    "person_id": person_id,
                    "unit_id": unit_id,
                    "month": month,
                    "status": "pending",
                    "rule": rule,
                    "document_id": doc_id,
                    "evidence": evidence,
                    "created_at": now,
                    "created_by": who,
                }
            )
    if not rows:
        return
    made = conn.execute(
        insert_ignore(conn, violations, ["key"]).returning(
            violations.c.id, violations.c.key, violations.c.person_id
        ),
        rows,
    ).all()
    report.violations_new += len(made)
    report.unattributed += sum(1 for m in made if m.person_id is None)
    links = conn.execute(
        sa.select(violations.c.id, findings.c.id.label("finding_id"))
        .select_from(
            violations.join(
                findings,
                sa.and_(
                    findings.c.document_id == violations.c.document_id, findings.c.rule == violations.c.rule
                ),
            )
        )
        .where(violations.c.id.in_([m.id for m in made]))
    ).all()
    if links:
        conn.execute(
            insert_ignore(conn, violation_findings, ["violation_id", "finding_id"]),
            [{"violation_id": v, "finding_id": f} for v, f in links],
        )
    audit.append(
        conn,
        now,
        [
            audit.Event(
                who,
                "violation.created",
                "violation",
                str(m.id),
                None,
                {"status": "pending", "person_id": m.person_id, "key": m.key},
                "recorded from a scan",
            )
            for m in made
        ],
    )
