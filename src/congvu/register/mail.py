"""Recording mail findings (MAIL-001..004) from the policy service, the milter, logs and archives.

A mail event is `{"source": "policy:<instance>" | "log:<queue id>" | ..., "at": ISO time,
"findings": [MailFinding.as_dict()], "envelope": {...}}`.  Findings are keyed like document
findings (source, rule, evidence hash), so replaying a spool or re-reading a log never doubles them.
Violations are one per person, rule and month ("mail:<rule>:<person>:<month>"): a month is capped
once however many messages broke the rule, and every message's finding is linked to it.  A finding
marked `"verified": false` (nothing proved who sent the message: `congvu.mailflow.origin`) is
stored for an inspector to see and opens no violation; one without the key (events written before
it existed, hand-made events) counts as verified.

Each finding and violation keeps the policy version that judged it (`congvu.policyversion`, column
`policy`): the event's `"policy"` (the services stamp their events when they make them, so a spool
replayed after a settings change keeps the version that judged it), else the caller's `policy`
(the log reader and the archive scan judge under the settings they were started with).  A
violation gathered over several messages keeps the version of its first message in the batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu import pacing
from congvu.register.months import month_of
from congvu.register.schema import people, units
from congvu.register.store import Store
from congvu.register.violations import (
    FindingIdentity,
    NewFinding,
    NewViolation,
    open_violations,
    record_findings,
)
from congvu.rules import opening

MAX_MESSAGES = 20  # messages whose evidence a violation keeps (the first ones; `count` says how many)
MAX_LINES = 8  # log lines kept per message
MAX_LINE = 600  # characters kept of one log line


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


def _message_evidence(
    f: Mapping[str, Any], event: Mapping[str, Any], source: str, when: datetime
) -> dict[str, Any]:
    """What proves one message: its time, message-id, queue ids, sender and recipient, and the log
    lines (the SASL login line, the cleanup/qmgr/delivery lines) when a log gave them.

    A log finding carries them itself (`mailflow.logs.ingest.finding_dict`); a policy event has
    its envelope (queue id, sender, recipient; no message-id yet at RCPT time)."""
    envelope = event.get("envelope") or {}
    queue_ids = f.get("queue_ids") or ([f["queue_id"]] if f.get("queue_id") else [])
    if not queue_ids and envelope.get("queue_id"):
        queue_ids = [envelope["queue_id"]]
    outgoing = f.get("direction") != "from-public"
    ours, theirs = (
        (f.get("counterpart"), f.get("address")) if outgoing else (f.get("address"), f.get("counterpart"))
    )
    sender = f.get("from") or envelope.get("sender") or ours
    recipient = envelope.get("recipient") or theirs
    return {
        "source": source,
        "at": when.isoformat(),
        "reason": f.get("reason"),
        "message_id": f.get("message_id") or event.get("message_id"),
        "queue_ids": [str(q) for q in queue_ids][:MAX_LINES],
        "sender": sender,
        "recipient": recipient,
        "login": envelope.get("sasl_username") or None,
        "lines": [str(line)[:MAX_LINE] for line in (f.get("lines") or ())[:MAX_LINES]],
    }


def _when(event: Mapping[str, Any], now: datetime) -> datetime:
    try:
        at = datetime.fromisoformat(str(event.get("at")))
    except ValueError:
        return now
    return at if at.tzinfo else now


def record_mail_events(
    store: Store, events: Iterable[Mapping[str, Any]], who: str = "congvu-mail", policy: str | None = None
) -> MailRecordReport:
    """Store the findings of mail events and the violations they imply, in one transaction;
    `policy`: the policy version of events that do not name theirs (see the module)."""
    batch = list(events)

    def work(conn: Connection) -> MailRecordReport:
        report = MailRecordReport(events=len(batch))
        now = store.clock()
        named = [f for event in batch for f in event.get("findings") or []]
        known_people = set(_lookup(conn, people.c.person_id, people.c.person_id, named, "person_id"))
        unit_ids = _lookup(conn, units.c.code, units.c.id, named, "unit")
        rows: dict[str | None, list[NewFinding]] = {}  # per policy version
        wanted: dict[str, _Monthly] = {}
        opens = opening("MAIL")
        for event in batch:
            pacing.pace()
            source = str(event.get("source") or "mail:unknown")[:80]
            when = _when(event, now)
            version = str(event["policy"])[:64] if event.get("policy") else policy
            for f in event.get("findings") or []:
                rule = str(f.get("rule") or "")
                excerpt = f"{f.get('counterpart') or ''} -> {f.get('address') or ''}"
                if is_unverified(f):
                    excerpt += " (unverified)"
                row = NewFinding.of((
                    source, rule, mail_evidence_hash(f), None, str(f.get("address") or ""), f.get("address"),
                    "public", f.get("provider"), False, False, None, None, excerpt, f.get("reason"),
                    f.get("direction"), f.get("document"), now,
                ))  # fmt: skip
                rows.setdefault(version, []).append(row)
                person = f.get("person_id")
                if rule not in opens or person not in known_people or is_unverified(f):
                    continue
                month = month_of(None, when)
                key = f"mail:{rule}:{person}:{month}"
                slot = wanted.get(key)
                if slot is None:
                    slot = wanted[key] = _Monthly(
                        key, rule, month, person, unit_ids.get(f.get("unit")), version
                    )
                slot.add(row, f, event, source, when)
        report.findings_new = sum(record_findings(conn, found, v) for v, found in rows.items())
        by_version: dict[str | None, list[NewViolation]] = {}
        for slot in wanted.values():
            by_version.setdefault(slot.policy, []).append(slot.violation())
        for version, new in by_version.items():  # last in the transaction (audit chain)
            made = open_violations(conn, new, who, now, "recorded from mail flow", version)
            report.violations_new += len(made)
        return report

    return store.run(work)


@dataclass
class _Monthly:
    """One person's violation of one rule in one month, gathered over the batch's messages."""

    key: str
    rule: str
    month: str
    person_id: str
    unit_id: int | None
    policy: str | None = None  # the policy version of its first message
    messages: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[Any] = field(default_factory=list)
    findings: list[FindingIdentity] = field(default_factory=list)

    def add(
        self, row: NewFinding, f: Mapping[str, Any], event: Mapping[str, Any], source: str, when: datetime
    ) -> None:
        self.findings.append(row.identity)
        address = f.get("address")
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(_message_evidence(f, event, source, when))
        if address not in self.addresses:
            self.addresses.append(address)

    def violation(self) -> NewViolation:
        return NewViolation(
            key=self.key,
            rule=self.rule,
            month=self.month,
            evidence={"messages": self.messages, "count": len(self.findings), "addresses": self.addresses},
            person_id=self.person_id,
            unit_id=self.unit_id,
            findings=tuple(self.findings),
        )


def _lookup(
    conn: Connection, key: sa.Column[Any], value: sa.Column[Any], named: list[Mapping[str, Any]], field: str
) -> dict[Any, Any]:
    """key → value for the keys the batch's findings name in `field`, not for the whole directory."""
    keys = sorted({f.get(field) for f in named} - {None, ""}, key=str)
    if not keys:
        return {}
    return dict(conn.execute(sa.select(key, value).where(key.in_(keys))).tuples().all())
