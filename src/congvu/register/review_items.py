"""The review queue's items: findings that make no violation by themselves (DOC-002 an address in
the text that is not a contact point, DOC-003 a look-alike domain), each waiting for an inspector.

An inspector either **promotes** an item to a violation, naming the person, or **closes** it as
"not a violation", with a reason.  Each is one function, one transaction, one outcome row per
finding (`review_outcomes`, unique: two inspectors at once record one outcome) and one audit
event.  A promoted item opens its violation through the one recording path
(`violations.open_violations`): the same document promoted twice — on its own and attached to an
e-mail — is one case with two occurrences.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from congvu.register import audit
from congvu.register.bulk import insert_ignore
from congvu.register.contents import content_of
from congvu.register.months import month_of
from congvu.register.names import fold
from congvu.register.review import ReviewError, _unit_for
from congvu.register.schema import (
    documents,
    findings,
    people,
    review_outcomes,
    units,
    violation_findings,
    violations,
)
from congvu.register.store import Store
from congvu.register.violations import FindingIdentity, NewViolation, Occurrence, open_violations
from congvu.rules import reviewed

OUTCOMES = ("promoted", "closed")


def _items_query() -> sa.Select[Any]:
    return (
        sa.select(
            findings.c.id,
            findings.c.source,
            findings.c.rule,
            findings.c.evidence_hash,
            findings.c.address,
            findings.c.page,
            findings.c.line,
            findings.c.excerpt,
            findings.c.reason,
            findings.c.part,
            findings.c.recorded_at,
            documents.c.id.label("document_id"),
            documents.c.sha256,
            documents.c.path,
            documents.c.number,
            documents.c.date.label("doc_date"),
            documents.c.subject,
            documents.c.meta,
            documents.c.unit_id,
            documents.c.person_id,
            units.c.code.label("unit"),
            units.c.name.label("unit_name"),
        )
        .select_from(
            findings.join(documents, documents.c.id == findings.c.document_id)
            .outerjoin(units, units.c.id == documents.c.unit_id)
            .outerjoin(review_outcomes, review_outcomes.c.finding_id == findings.c.id)
        )
        .where(findings.c.rule.in_(reviewed("DOC")))
    )


def open_items(
    conn: Connection, where: ColumnElement[bool] | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Review items still waiting, oldest first; `where` narrows them (a condition on `documents`)."""
    query = _items_query().where(review_outcomes.c.finding_id.is_(None))
    if where is not None:
        query = query.where(where)
    return [dict(r) for r in conn.execute(query.order_by(findings.c.id).limit(limit)).mappings()]


def item(
    conn: Connection, finding_id: int, where: ColumnElement[bool] | None = None
) -> dict[str, Any] | None:
    """One review item with its outcome (None when it is not a review item or not visible)."""
    query = (
        _items_query()
        .add_columns(
            review_outcomes.c.outcome,
            review_outcomes.c.violation_id,
            review_outcomes.c.reason.label("outcome_reason"),
        )
        .where(findings.c.id == finding_id)
    )
    if where is not None:
        query = query.where(where)
    row = conn.execute(query).mappings().first()
    return dict(row) if row is not None else None


def _pending(conn: Connection, finding_id: int) -> dict[str, Any]:
    found = item(conn, finding_id)
    if found is None:
        raise ReviewError(f"no review item {finding_id}", "no_review_item", id=str(finding_id))
    if found["outcome"] is not None:
        raise ReviewError(
            f"review item {finding_id} was already {found['outcome']}",
            "review_item_decided",
            id=str(finding_id),
        )
    return found


def _outcome(
    conn: Connection,
    finding_id: int,
    outcome: str,
    violation_id: int | None,
    reason: str,
    who: str,
    now: datetime,
) -> None:
    written = conn.execute(
        insert_ignore(conn, review_outcomes, ["finding_id"]).returning(review_outcomes.c.finding_id),
        [
            {
                "finding_id": finding_id,
                "outcome": outcome,
                "violation_id": violation_id,
                "reason": reason,
                "decided_at": now,
                "decided_by": who,
            }
        ],
    ).all()
    if not written:  # another inspector decided it meanwhile
        raise ReviewError(
            f"review item {finding_id} was already decided", "review_item_decided", id=str(finding_id)
        )


def promote(store: Store, finding_id: int, person_id: str, reason: str, who: str) -> int:
    """Open a pending violation of the item's rule for `person_id` (their unit in the document's
    month), resting on the finding; returns the violation's id (an existing case when the same
    document was promoted already)."""
    person_id = person_id.strip()
    if not reason.strip():
        raise ReviewError("a reason is required", "reason_required")
    if not person_id:
        raise ReviewError("choose the person", "person_required")

    def work(conn: Connection) -> int:
        found = _pending(conn, finding_id)
        now = store.clock()
        month = month_of(found["doc_date"], found["recorded_at"])
        active = conn.execute(sa.select(people.c.person_id).where(people.c.person_id == person_id)).first()
        if active is None:
            raise ReviewError(f"unknown person {person_id!r}", "unknown_person", person=person_id)
        unit_id = _unit_for(conn, person_id, month)
        sha = found["sha256"]
        parts = {str(k): str(v) for k, v in ((found["meta"] or {}).get("part_sha256") or {}).items()}
        content = content_of(sha, found["path"], parts, found["part"])
        where = found["path"] if not found["part"] else f"{found['path']}/{found['part']}"
        key = f"review:{content}:{found['rule']}"
        evidence = {
            "document": content,
            "path": where,
            "number": found["number"],
            "date": found["doc_date"].isoformat() if found["doc_date"] else None,
            "addresses": [found["address"]],
            "excerpts": [
                {
                    "address": found["address"],
                    "page": found["page"],
                    "line": found["line"],
                    "excerpt": found["excerpt"],
                }
            ],
            "reason": reason,
        }
        opened = open_violations(
            conn,
            [
                NewViolation(
                    key=key,
                    rule=found["rule"],
                    month=month,
                    evidence=evidence,
                    person_id=person_id,
                    unit_id=unit_id,
                    document_id=found["document_id"],
                    findings=(FindingIdentity(found["source"], found["rule"], found["evidence_hash"]),),
                    noted={"person_id": person_id, "finding_id": finding_id},
                    content=content,
                    occurrence=Occurrence(sha, where),
                )
            ],
            who,
            now,
            reason,
        )
        violation_id = _case_of(conn, found, key) if not opened else opened[0].id
        _outcome(conn, finding_id, "promoted", violation_id, reason, who, now)
        audit.append(
            conn,
            now,
            [
                audit.Event(
                    who, "review.promoted", "finding", str(finding_id), {"outcome": None},
                    {"outcome": "promoted", "violation_id": violation_id, "person_id": person_id}, reason,
                )
            ],
        )  # fmt: skip
        return int(violation_id)

    return store.run(work)


def _case_of(conn: Connection, found: dict[str, Any], key: str) -> int:
    """The case a promoted finding joined (linked to it by `open_violations`)."""
    case = conn.execute(
        sa.select(violations.c.id)
        .join(violation_findings, violation_findings.c.violation_id == violations.c.id)
        .where(violation_findings.c.finding_id == found["id"])
        .order_by(violations.c.id)
    ).scalar()
    if case is None:
        case = conn.execute(sa.select(violations.c.id).where(violations.c.key == key)).scalar_one()
    return int(case)


def close(store: Store, finding_id: int, reason: str, who: str) -> None:
    """Close a review item as "not a violation", with a reason."""
    if not reason.strip():
        raise ReviewError("a reason is required", "reason_required")

    def work(conn: Connection) -> None:
        _pending(conn, finding_id)
        now = store.clock()
        _outcome(conn, finding_id, "closed", None, reason, who, now)
        audit.append(
            conn,
            now,
            [
                audit.Event(
                    who,
                    "review.closed",
                    "finding",
                    str(finding_id),
                    {"outcome": None},
                    {"outcome": "closed"},
                    reason,
                )
            ],
        )

    store.run(work)


def search_people(
    conn: Connection, text: str, where: ColumnElement[bool] | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """People whose name or id contains `text` (case- and diacritics-insensitive), for the picker."""
    wanted = fold(text).strip()
    query = (
        sa.select(people.c.person_id, people.c.full_name, units.c.code.label("unit"))
        .select_from(people.join(units, units.c.id == people.c.unit_id))
        .order_by(people.c.full_name, people.c.person_id)
    )
    if where is not None:
        query = query.where(where)
    out = []
    for r in conn.execute(query).mappings():
        if not wanted or wanted in fold(r["full_name"]) or wanted in fold(r["person_id"]):
            out.append(dict(r))
            if len(out) >= limit:
                break
    return out
