"""Who gets a reminder for a month, and the outbox rows that make each one go out once.

Recipients: the person with a confirmed violation, and the head of their unit (the head of the
parent unit when the violator is the head).  Addresses: the person's official addresses only —
`official_address` raises rather than return anything the address policy does not call official
or that the directory lists as the person's own personal mailbox.

Every state change is a compare-and-set on (id, state, claim), so two workers running `remind
--send` at once never send the same reminder twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.classify.policy import AddressPolicy
from congvu.notify.messages import Reminder
from congvu.register.bulk import insert_ignore
from congvu.register.months import check_month
from congvu.register.schema import addresses, audit_events, people, reminders, units, users, violations

# A `sending` row whose claim is older than this belongs to a worker that died: it may be claimed again.
STALE_AFTER = timedelta(minutes=15)


class NotOfficial(ValueError):
    """A reminder was about to go to an address that is not official: refused, always."""


@dataclass(frozen=True, slots=True)
class Skipped:
    violation_id: int
    recipient_id: str | None
    reason: str
    code: str = (
        ""  # no_head | no_official | no_inspector: the reason as a key, for the web app's two languages
    )


def official_address(policy: AddressPolicy, address: str, personal: set[str]) -> str:
    """`address` if it is official; NotOfficial otherwise (never a public or personal mailbox)."""
    kind = policy.classify(address).cls
    if kind != "official" or address.casefold() in personal or address.count("@") != 1:
        raise NotOfficial(f"refusing to send a reminder to {address!r}: not an official address ({kind})")
    return address


def _addresses(conn: Connection, person_ids: set[str]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {p: {"official": [], "personal": []} for p in person_ids}
    for person_id, address, kind in conn.execute(
        sa.select(addresses.c.person_id, addresses.c.address, addresses.c.kind)
        .where(addresses.c.person_id.in_(person_ids))
        .order_by(addresses.c.address)
    ):
        out[person_id].setdefault(kind, []).append(address)
    return out


def _head_of(conn: Connection, unit_id: int, not_person: str) -> dict[str, Any] | None:
    """The unit's head; for a head, the head of the parent unit (who answers for them)."""
    seen: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in seen:
        seen.add(current)
        head = (
            conn.execute(
                sa.select(people.c.person_id, people.c.full_name)
                .where(
                    people.c.unit_id == current, people.c.is_head.is_(True), people.c.person_id != not_person
                )
                .where(people.c.active_to.is_(None))
                .order_by(people.c.person_id)
            )
            .mappings()
            .first()
        )
        if head is not None:
            return dict(head)
        current = conn.execute(sa.select(units.c.parent_id).where(units.c.id == current)).scalar()
    return None


def _evidence(evidence: dict[str, Any]) -> str:
    if evidence.get("number"):
        found = ", ".join(evidence.get("addresses") or []) or "địa chỉ thư công cộng"
        return f"văn bản số {evidence['number']} ghi địa chỉ {found} làm đầu mối liên hệ."
    return str(evidence.get("reason") or "phát hiện qua kiểm tra.")


def plan(
    conn: Connection, month: str, policy: AddressPolicy, cap: str, violation_id: int | None = None
) -> tuple[list[Reminder], list[Skipped]]:
    """Every reminder the month calls for (confirmed violations only), and who cannot be reached;
    with `violation_id`, only that violation's (the web app's "send this reminder")."""
    check_month(month)
    only = sa.true() if violation_id is None else violations.c.id == violation_id
    rows = conn.execute(
        sa.select(
            violations.c.id,
            violations.c.person_id,
            violations.c.evidence,
            violations.c.decision_no,
            people.c.full_name,
            people.c.position,
            people.c.unit_id,
            units.c.name.label("unit_name"),
        )
        .join(people, people.c.person_id == violations.c.person_id)
        .join(units, units.c.id == people.c.unit_id)
        .where(violations.c.month == month, violations.c.status == "confirmed", only)
        .order_by(violations.c.id)
    ).all()
    wanted: list[tuple[Any, str, str, str]] = []  # (violation row, role, recipient id, name)
    skipped: list[Skipped] = []
    for row in rows:
        wanted.append((row, "violator", row.person_id, row.full_name))
        head = _head_of(conn, row.unit_id, row.person_id)
        if head is None:
            skipped.append(Skipped(row.id, None, "no head found for the unit", "no_head"))
        else:
            wanted.append((row, "head", head["person_id"], head["full_name"]))
    book = _addresses(conn, {w[2] for w in wanted})
    out: list[Reminder] = []
    for row, role, recipient, name in wanted:
        personal = {a.casefold() for a in book[recipient].get("personal", [])}
        usable = [a for a in book[recipient]["official"] if policy.classify(a).cls == "official"]
        usable = [a for a in usable if a.casefold() not in personal]
        if not usable:
            skipped.append(Skipped(row.id, recipient, "no official address in the directory", "no_official"))
            continue
        address = official_address(policy, usable[0], personal)
        out.append(
            Reminder(row.id, month, role, recipient, name, address, row.full_name, row.position or "",
                     row.unit_name, _evidence(row.evidence or {}), cap, round=row.decision_no or 0)
        )  # fmt: skip
    return out, skipped


def _contest_reason(conn: Connection, violation_id: int) -> str:
    query = (
        sa.select(audit_events.c.reason)
        .where(
            audit_events.c.entity == "violation",
            audit_events.c.entity_id == str(violation_id),
            audit_events.c.action == "violation.contested",
        )
        .order_by(audit_events.c.id.desc())
        .limit(1)
    )
    return str(conn.execute(query).scalar() or "")


def contest_notices(
    conn: Connection, violation_id: int, policy: AddressPolicy, cap: str
) -> tuple[list[Reminder], list[Skipped]]:
    """The notices a contest calls for (role `contest`): one to each active inspector account's
    person, at their official address, with the violation and the reason given.  The outbox row is
    keyed like a reminder's (violation, recipient, role, round — the decision contested), so a
    notice goes out once per contest, a contest of a new decision after a reopen is told again, and
    it is sent by `send.send` like any reminder."""
    row = conn.execute(
        sa.select(
            violations.c.id, violations.c.month, violations.c.person_id, violations.c.evidence,
            violations.c.contested_no, violations.c.decision_no,
            people.c.full_name, people.c.position, units.c.name.label("unit_name"),
        )
        .join(people, people.c.person_id == violations.c.person_id)
        .join(units, units.c.id == people.c.unit_id)
        .where(violations.c.id == violation_id)
    ).first()  # fmt: skip
    if row is None:
        return [], [Skipped(violation_id, None, "the violation has no person", "no_inspector")]
    inspectors = conn.execute(
        sa.select(people.c.person_id, people.c.full_name)
        .join(users, users.c.person_id == people.c.person_id)
        .where(users.c.role == "inspector", users.c.active.is_(True), people.c.person_id != row.person_id)
        .distinct()
        .order_by(people.c.person_id)
    ).all()
    if not inspectors:
        return [], [Skipped(violation_id, None, "no inspector account with a person", "no_inspector")]
    book = _addresses(conn, {i.person_id for i in inspectors})
    reason = _contest_reason(conn, violation_id)
    out: list[Reminder] = []
    skipped: list[Skipped] = []
    for person_id, name in inspectors:
        personal = {a.casefold() for a in book[person_id].get("personal", [])}
        usable = [a for a in book[person_id]["official"] if policy.classify(a).cls == "official"]
        usable = [a for a in usable if a.casefold() not in personal]
        if not usable:
            skipped.append(Skipped(row.id, person_id, "no official address in the directory", "no_official"))
            continue
        address = official_address(policy, usable[0], personal)
        out.append(
            Reminder(row.id, row.month, "contest", person_id, name, address, row.full_name,
                     row.position or "", row.unit_name, _evidence(row.evidence or {}), cap, reason,
                     round=row.contested_no if row.contested_no is not None else row.decision_no or 0)
        )  # fmt: skip
    return out, skipped


def dismissal_notices(
    conn: Connection, violation_id: int, policy: AddressPolicy, cap: str
) -> tuple[list[Reminder], list[Skipped]]:
    """The notice a dismissal after a contest calls for (role `dismissed`): to the person whose
    contest was upheld, at their official address, so they learn the case no longer caps their
    month (a final confirmation reaches them as the month's reminder does).  Keyed by the decision
    (round = its number), so it goes out once per decision."""
    row = conn.execute(
        sa.select(
            violations.c.id, violations.c.month, violations.c.person_id, violations.c.evidence,
            violations.c.decision_no, people.c.full_name, people.c.position, units.c.name.label("unit_name"),
        )
        .join(people, people.c.person_id == violations.c.person_id)
        .join(units, units.c.id == people.c.unit_id)
        .where(violations.c.id == violation_id, violations.c.status == "dismissed")
    ).first()  # fmt: skip
    if row is None:
        return [], [Skipped(violation_id, None, "no dismissed case with a person", "no_person")]
    book = _addresses(conn, {row.person_id})[row.person_id]
    personal = {a.casefold() for a in book.get("personal", [])}
    usable = [
        a for a in book["official"] if policy.classify(a).cls == "official" and a.casefold() not in personal
    ]
    if not usable:
        return [], [Skipped(row.id, row.person_id, "no official address in the directory", "no_official")]
    address = official_address(policy, usable[0], personal)
    reminder = Reminder(
        row.id, row.month, "dismissed", row.person_id, row.full_name, address, row.full_name,
        row.position or "", row.unit_name, _evidence(row.evidence or {}), cap, round=row.decision_no or 0,
    )  # fmt: skip
    return [reminder], []


# role -> the notices of one violation for that role, rebuilt when `send.send` delivers them
NOTICES = {"contest": contest_notices, "dismissed": dismissal_notices}


def queued_notices(
    conn: Connection, month: str, policy: AddressPolicy, cap: str, violation_id: int | None = None
) -> list[Reminder]:
    """The notices (contest, dismissal) of `month` in the outbox and not sent yet, rebuilt for
    `send.send`."""
    only = sa.true() if violation_id is None else reminders.c.violation_id == violation_id
    waiting = conn.execute(
        sa.select(reminders.c.violation_id, reminders.c.recipient_id, reminders.c.round, reminders.c.role)
        .where(
            reminders.c.role.in_(list(NOTICES)), reminders.c.month == month, reminders.c.state != "sent", only
        )
        .order_by(reminders.c.id)
    ).all()
    out: list[Reminder] = []
    for vid, role in dict.fromkeys((w.violation_id, w.role) for w in waiting):
        wanted = {(w.recipient_id, w.round) for w in waiting if w.violation_id == vid and w.role == role}
        built = NOTICES[role](conn, vid, policy, cap)[0]
        out += [n for n in built if (n.recipient_id, n.round) in wanted]
    return out


def history(conn: Connection, violation_id: int) -> list[dict[str, Any]]:
    """The outbox rows of one violation (one per recipient), oldest first, with the recipient's name."""
    query = (
        sa.select(reminders, people.c.full_name)
        .join(people, people.c.person_id == reminders.c.recipient_id)
        .where(reminders.c.violation_id == violation_id)
        .order_by(reminders.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def states(conn: Connection, month: str) -> dict[tuple[int, str, str, int], dict[str, Any]]:
    """The month's outbox rows by (violation, recipient, role, round): `key(reminder)`."""
    query = sa.select(reminders).where(reminders.c.month == month)
    return {
        (r["violation_id"], r["recipient_id"], r["role"], r["round"]): dict(r)
        for r in conn.execute(query).mappings()
    }


def key(reminder: Reminder) -> tuple[int, str, str, int]:
    """A reminder's outbox row: one per violation, recipient, role and decision round."""
    return (reminder.violation_id, reminder.recipient_id, reminder.role, reminder.round)


def enqueue(conn: Connection, planned: list[Reminder], now: datetime) -> int:
    """Outbox rows for the plan, one per violation, recipient, role and decision round (a case
    decided again after a reopen is told again); existing ones (any state) are left alone.
    Returns rows added."""
    if not planned:
        return 0
    values = [
        {"violation_id": r.violation_id, "recipient_id": r.recipient_id, "role": r.role, "address": r.address,
         "month": r.month, "state": "pending", "attempts": 0, "created_at": now, "round": r.round}
        for r in planned
    ]  # fmt: skip
    result = conn.execute(
        insert_ignore(conn, reminders, ["violation_id", "recipient_id", "role", "round"]), values
    )
    return max(int(result.rowcount or 0), 0)


def claim(conn: Connection, row_id: int, now: datetime) -> str | None:
    """Take a reminder for sending: pending, failed, or a stale `sending`.  None if another worker
    has it or it is already sent."""
    token = uuid.uuid4().hex
    changed = conn.execute(
        reminders.update()
        .where(
            reminders.c.id == row_id,
            sa.or_(
                reminders.c.state.in_(("pending", "failed")),
                sa.and_(reminders.c.state == "sending", reminders.c.claimed_at < now - STALE_AFTER),
            ),
        )
        .values(state="sending", claim=token, claimed_at=now)
    ).rowcount
    return token if changed == 1 else None


def finish(
    conn: Connection, row_id: int, token: str, *, sent: bool, attempts: int, now: datetime,
    error: str | None = None, message_id: str | None = None,
) -> bool:  # fmt: skip
    """sending → sent (or → failed with the error); only by the worker holding the claim."""
    values: dict[str, Any] = {"attempts": reminders.c.attempts + attempts, "claim": None, "last_error": error}
    values |= {"state": "sent", "sent_at": now, "message_id": message_id} if sent else {"state": "failed"}
    changed = conn.execute(
        reminders.update()
        .where(reminders.c.id == row_id, reminders.c.state == "sending", reminders.c.claim == token)
        .values(**values)
    ).rowcount
    return changed == 1
