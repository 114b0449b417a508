"""Recording mail findings (MAIL-001..004) from the policy service, the milter, logs and archives.

A mail event is `{"source": "policy:<instance>" | "log:<queue id>" | ..., "at": ISO time,
"findings": [MailFinding.as_dict()], "envelope": {...}}`.  Findings are keyed like document
findings (source, rule, evidence hash), so replaying a spool or re-reading a log never doubles them.
Violations are one per person, rule and month ("mail:<rule>:<person>:<month>"): a month is capped
once however many messages broke the rule, and every message's finding is linked to it.  A finding
marked `"verified": false` (nothing proved who sent the message: `congvu.mailflow.origin`) is
stored for an inspector to see and opens no violation; one without the key (events written before
it existed, hand-made events) counts as verified.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu import pacing
from congvu.register import audit
from congvu.register.bulk import insert_findings
from congvu.register.months import month_of
from congvu.register.recording import insert_ignore
from congvu.register.schema import people, units, violations
from congvu.register.store import Store
from congvu.rules import opening


@dataclass
class MailRecordReport:
    events: int = 0
    findings_new: int = 0
    violations_new: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def mail_evidence_hash(finding: Mapping[str, Any]) -> str:
    parts = [str(finding.get(k) or "").lower() for k in ("rule", "address", "counterpart", "document")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def is_unverified(finding: Mapping[str, Any]) -> bool:
    """Only an explicit False: the mail services and the log ingester always write the key."""
    return finding.get("verified") is False


def _when(event: Mapping[str, Any], now: datetime) -> datetime:
    try:
        at = datetime.fromisoformat(str(event.get("at")))
    except ValueError:
        return now
    return at if at.tzinfo else now


def record_mail_events(
    store: Store, events: Iterable[Mapping[str, Any]], who: str = "congvu-mail"
) -> MailRecordReport:
    """Store the findings of mail events and the violations they imply, in one transaction."""
    batch = list(events)

    def work(conn: Connection) -> MailRecordReport:
        report = MailRecordReport(events=len(batch))
        now = store.clock()
        named = [f for event in batch for f in event.get("findings") or []]
        known_people = set(_lookup(conn, people.c.person_id, people.c.person_id, named, "person_id"))
        unit_ids = _lookup(conn, units.c.code, units.c.id, named, "unit")
        rows: list[tuple[Any, ...]] = []
        wanted: dict[str, dict[str, Any]] = {}
        links: list[tuple[str, str, str, str]] = []  # (violation key, source, rule, evidence hash)
        opens = opening("MAIL")
        for event in batch:
            pacing.pace()
            source = str(event.get("source") or "mail:unknown")[:80]
            when = _when(event, now)
            for f in event.get("findings") or []:
                rule = str(f.get("rule") or "")
                digest = mail_evidence_hash(f)
                excerpt = f"{f.get('counterpart') or ''} -> {f.get('address') or ''}"
                if is_unverified(f):
                    excerpt += " (unverified)"
                rows.append(
                    (source, rule, digest, None, str(f.get("address") or ""), f.get("address"), "public",
                     f.get("provider"), False, False, None, None, excerpt, f.get("reason"),
                     f.get("direction"), f.get("document"), now)
                )  # fmt: skip
                person = f.get("person_id")
                if rule not in opens or person not in known_people or is_unverified(f):
                    continue
                month = month_of(None, when)
                key = f"mail:{rule}:{person}:{month}"
                links.append((key, source, rule, digest))
                slot = wanted.get(key)
                if slot is None:
                    slot = wanted[key] = {
                        "key": key,
                        "person_id": person,
                        "unit_id": unit_ids.get(f.get("unit")),
                        "month": month,
                        "status": "pending",
                        "rule": rule,
                        "document_id": None,
                        "evidence": {"messages": [], "addresses": []},
                        "created_at": now,
                        "created_by": who,
                    }
                ev = slot["evidence"]
                if len(ev["messages"]) < 20:
                    ev["messages"].append(
                        {"source": source, "at": when.isoformat(), "reason": f.get("reason")}
                    )
                if f.get("address") not in ev["addresses"]:
                    ev["addresses"].append(f.get("address"))
        report.findings_new = insert_findings(conn, rows)
        if wanted:
            made = conn.execute(
                insert_ignore(conn, violations, ["key"]).returning(violations.c.id, violations.c.key),
                list(wanted.values()),
            ).all()
            report.violations_new = len(made)
            audit.append(
                conn,
                now,
                [
                    audit.Event(who, "violation.created", "violation", str(m.id), None,
                                {"status": "pending", "key": m.key}, "recorded from mail flow")
                    for m in made
                ],
            )  # fmt: skip
            _link(conn, links)
        return report

    return store.run(work)


def _link(conn: Connection, links: list[tuple[str, str, str, str]]) -> None:
    """Link each violation to its findings, by key and identity, in one statement run per link.

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
    rows = sorted({(source, rule, digest, key) for key, source, rule, digest in links})
    if not rows:
        return  # an empty executemany would run the statement once, without its parameters
    for piece in pacing.pieces(rows, 64):
        conn.exec_driver_sql(statement, list(piece))


def _lookup(
    conn: Connection, key: sa.Column[Any], value: sa.Column[Any], named: list[Mapping[str, Any]], field: str
) -> dict[Any, Any]:
    """key → value for the keys the batch's findings name in `field`, not for the whole directory."""
    keys = sorted({f.get(field) for f in named} - {None, ""}, key=str)
    if not keys:
        return {}
    return dict(conn.execute(sa.select(key, value).where(key.in_(keys))).tuples().all())
