"""Recording scan results: documents, findings and the violations they imply.

Everything is keyed by content, so recording is idempotent and safe to run twice at once:
a document by its sha256, a finding by (source, rule, evidence hash) — never the line number —
and a violation by "doc:<sha256>:<rule>".  Inserts are INSERT … ON CONFLICT DO NOTHING.
This module maps judged documents (`register.results`) to findings and violations; writing them
is `register.violations`, the path every source records by.

Each batch (at most `BATCH` documents, or what arrived in `BATCH_SECONDS`) is first read into
memory and then written in its own short transaction.  Short, so that on SQLite the write lock is
held for one batch and never while the scanner reads files (the web app and logins stay
responsive); in memory, so that a transaction retried after a deadlock or serialisation failure
writes the same documents again — the scan generator cannot be rewound.  A recorder killed
half-way leaves whole batches behind, never half a document; running it again adds the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register.attribution import Directory, attribute
from congvu.register.bulk import insert_ignore
from congvu.register.contents import content_of
from congvu.register.months import month_of, parse_day
from congvu.register.originals import Originals
from congvu.register.results import JudgedDocument, JudgedFinding, judged_documents
from congvu.register.schema import documents
from congvu.register.store import Store
from congvu.register.violations import (
    FindingIdentity,
    NewViolation,
    Occurrence,
    document_identity,
    finding_rows,
    open_violations,
    record_findings,
)
from congvu.rules import opening

T = TypeVar("T")

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


def batches(
    items: Iterable[T],
    size: int,
    seconds: float = BATCH_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[list[T]]:
    """Lists of at most `size` items; a batch also closes once `seconds` have passed since its
    first item (checked as each item arrives), so a slow scan commits as it goes."""
    batch: list[T] = []
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
    docs: Iterable[JudgedDocument | Mapping[str, Any]],
    who: str,
    *,
    batch_size: int = BATCH,
    batch_seconds: float = BATCH_SECONDS,
    originals: Originals | None = None,
    policy: str | None = None,
) -> RecordReport:
    """Store documents in the scan JSON contract shape, one short transaction per batch.

    `policy`: the policy version (`congvu.policyversion.policy_version(config).hash`) the documents
    were judged under, kept with every finding and violation recorded (None: not known).

    Each item is parsed as it arrives (`JudgedDocument.from_contract`; a `ContractError` names
    the broken field, and the batches before it stay committed).

    The summary adds up the batches as committed: a batch that had to be retried is counted from
    its last, successful attempt only, so `documents_new + documents_known` is what the register
    holds of this run's readable documents.

    With `originals`, each committed batch's documents that have findings are kept in that
    content-addressed store when their file is still there with the content that was judged
    (`Originals.keep_file` checks the hash), so an inspector can open them from a violation.
    """
    with store.begin() as conn:
        index = Directory.load(conn)
    total = RecordReport()
    for batch in batches(judged_documents(docs), batch_size, batch_seconds):
        total.add(_commit_batch(store, index, batch, who, policy))
        if originals is not None:
            keep_originals(originals, batch)
    return total


def keep_originals(originals: Originals, docs: Iterable[JudgedDocument]) -> int:
    """Keep the originals of documents with findings whose file is there unchanged; how many are kept."""
    return sum(
        1
        for doc in docs
        if doc.ok and doc.contract_findings and doc.path and originals.keep_file(doc.path, doc.identity)
    )


def _commit_batch(
    store: Store, index: Directory, batch: list[JudgedDocument], who: str, policy: str | None = None
) -> RecordReport:
    """One batch in one transaction, retried with the same (materialised) documents."""
    attempts = 0

    def work(conn: Connection) -> RecordReport:
        nonlocal attempts
        attempts += 1
        report = RecordReport()  # counted afresh: a rolled-back attempt counts nothing
        prepared = _record_batch(conn, store, index, batch, who, report, policy)
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


@dataclass(frozen=True, slots=True)
class _Fresh:
    """A document this batch inserts, with who it is attributed to and its month."""

    doc: JudgedDocument
    person_id: str | None
    unit_id: int | None
    month: str


def _record_batch(
    conn: Connection,
    store: Store,
    index: Directory,
    batch: list[JudgedDocument],
    who: str,
    report: RecordReport,
    policy: str | None = None,
) -> list[str]:
    """Write one batch; returns the identities of its readable documents, sorted.  Rows are
    written in identity order so two recorders take their row locks in the same order."""
    now = store.clock()
    prepared: dict[str, JudgedDocument] = {}
    for doc in batch:
        if not doc.ok:
            report.documents_failed += 1
            continue
        prepared.setdefault(doc.identity, doc)
    identities = sorted(prepared)
    if not prepared:
        return identities
    known = {
        r.sha256: (r.id, r.path)
        for r in conn.execute(
            sa.select(documents.c.sha256, documents.c.id, documents.c.path).where(
                documents.c.sha256.in_(list(prepared))
            )
        )
    }
    report.documents_known += len(known)
    opens = opening("DOC")  # DOC-001; the review rules wait for an inspector
    fresh: dict[str, _Fresh] = {}
    again: list[NewViolation] = []  # a known file met at another path (a re-upload): an occurrence
    for sha in identities:
        doc = prepared[sha]
        if sha in known and (known[sha][1] == doc.path or not doc.rules & opens):
            continue
        day = parse_day(doc.header.date)
        person_id, unit_id = attribute(index, doc.header.issuer, doc.header.signer, day)
        if sha in known:
            again += document_violations(
                _Fresh(doc, person_id, unit_id, month_of(day, now)), known[sha][0], opens
            )
            continue
        fresh[sha] = _Fresh(doc, person_id, unit_id, month_of(day, now))
    if not fresh:
        open_violations(conn, sorted(again, key=lambda v: v.key), who, now, "recorded from a scan", policy)
        return identities
    doc_rows = [
        {
            "sha256": sha,
            "path": f.doc.path,
            "issuer": f.doc.header.issuer,
            "number": f.doc.header.number,
            "type_code": f.doc.header.type_code,
            "date": parse_day(f.doc.header.date),
            "subject": f.doc.header.subject,
            "signer": f.doc.header.signer,
            "meta": f.doc.stored_meta(),
            "unit_id": f.unit_id,
            "person_id": f.person_id,
            "recorded_at": now,
        }
        for sha, f in fresh.items()
    ]
    inserted = conn.execute(
        insert_ignore(conn, documents, ["sha256"]).returning(documents.c.id, documents.c.sha256), doc_rows
    ).all()
    ids = {r.sha256: r.id for r in inserted}
    report.documents_new += len(ids)
    report.documents_known += len(fresh) - len(ids)  # a concurrent recorder got there first
    rows = [
        row
        for sha, doc_id in sorted(ids.items())
        for row in finding_rows(fresh[sha].doc, f"doc:{sha}", doc_id, now)
    ]
    report.findings_new += record_findings(conn, rows, policy)
    new = [v for sha, doc_id in sorted(ids.items()) for v in document_violations(fresh[sha], doc_id, opens)]
    new = sorted(new + again, key=lambda v: v.key)
    made = open_violations(conn, new, who, now, "recorded from a scan", policy)
    report.violations_new += len(made)
    report.unattributed += sum(1 for m in made if m.person_id is None)
    return identities


def document_violations(fresh: _Fresh, document_id: int, opens: frozenset[str]) -> list[NewViolation]:
    """One violation per document carried and opening rule, resting on that document's findings of
    that rule.  A document is named by its innermost part's hash (a .docx on its own and inside a
    .zip are one document) and by its issuer, number and date: `open_violations` adds a document
    already a case as an occurrence of that case."""
    doc = fresh.doc
    rules = sorted(doc.rules & opens)
    if not rules:
        return []
    sha = doc.identity
    source = f"doc:{sha}"
    parts = dict(doc.part_sha256)
    issuer = str(fresh.unit_id) if fresh.unit_id is not None else doc.header.issuer
    identity = document_identity(issuer, doc.header.number, doc.header.date)
    new: list[NewViolation] = []
    for rule in rules:
        by_content: dict[str, list[JudgedFinding]] = {}
        for f in doc.findings:
            if f.rule == rule:
                by_content.setdefault(content_of(sha, doc.path, parts, f.part), []).append(f)
        for content, hits in sorted(by_content.items()):
            inner = sorted({f.part for f in hits if f.part})
            where = doc.path if not inner else f"{doc.path}/{inner[0]}"
            evidence = {
                "document": content,
                "path": where,
                "number": doc.header.number,
                "date": doc.header.date,
                "issuer": doc.header.issuer,
                "signer": doc.header.signer,
                "addresses": sorted({f.address for f in hits}),
                "excerpts": [f.excerpt_evidence() for f in hits[:5]],
            }
            new.append(
                NewViolation(
                    key=f"doc:{content}:{rule}",
                    rule=rule,
                    month=fresh.month,
                    evidence=evidence,
                    person_id=fresh.person_id,
                    unit_id=fresh.unit_id,
                    document_id=document_id,
                    findings=tuple(FindingIdentity(source, rule, f.evidence_hash(rule)) for f in hits),
                    noted={"person_id": fresh.person_id},
                    content=content,
                    identity=identity if len(by_content) == 1 else None,
                    occurrence=Occurrence(sha, where),
                )
            )
    return new
