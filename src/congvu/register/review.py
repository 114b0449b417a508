"""Review of violations: an inspector confirms or dismisses, a person contests, the inspector decides again.

Transitions are a table, and every change is a compare-and-set (UPDATE … WHERE status = old) plus
an audit event in the same transaction — two inspectors clicking at once cannot both win.
The contest is fair and cannot be gamed (directive clause 2b caps only real violations): one
contest per decision, within a window of working days, and the decision that answers a contest
is final — only an inspector's `reopen`, with a reason, starts a new round.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.clock import LOCAL
from congvu.register import audit, memberships
from congvu.register.closures import (
    DEFAULT_CONTEST_DAYS,
    ClosedSheet,
    contest_deadline,
    refuse_if_closed,
    window_open,
)
from congvu.register.months import check_month
from congvu.register.refusals import Refusal
from congvu.register.schema import findings, people, review_outcomes, units, violations
from congvu.register.store import Store
from congvu.rules import reviewed

STATUSES = ("pending", "confirmed", "dismissed", "contested")
# action -> (allowed from, resulting status).  Only `confirmed` caps a rating; a `contested` case
# withholds the person's rating until it is decided again (see `evaluation.build_sheet`).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({"pending", "contested"}), "confirmed"),
    "dismiss": (frozenset({"pending", "contested"}), "dismissed"),
    "contest": (frozenset({"confirmed"}), "contested"),
    "reopen": (frozenset({"confirmed", "dismissed"}), "pending"),
}
# Statuses that show on a sheet: a change from or to one of them alters a closed sheet.
ON_SHEET = frozenset({"confirmed", "contested"})


class ReviewError(Refusal):
    """A decision that is not allowed (unknown id, wrong state, missing reason)."""


@dataclass(frozen=True, slots=True)
class Decision:
    violation_id: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Filer:
    """Who files a contest from the web or the API: the person themselves, or a head for their
    staff.  The CLI (an operator acting on a written request) passes none."""

    person_id: str | None
    as_head: bool


def _get(conn: Connection, violation_id: int) -> dict[str, Any]:
    row = conn.execute(sa.select(violations).where(violations.c.id == violation_id)).mappings().first()
    if row is None:
        raise ReviewError(f"no violation #{violation_id}", "unknown")
    return dict(row)


def actions_open(row: dict[str, Any], now: datetime, contest_days: int = DEFAULT_CONTEST_DAYS) -> list[str]:
    """The actions the register would accept on `row` now, whoever asks: what a page may offer
    (the caller still filters by role, by who the person is and by a closed sheet)."""
    status = row["status"]
    offered = [a for a, (before, _) in TRANSITIONS.items() if status in before and a != "contest"]
    if "confirm" in offered and row["person_id"] is None:
        offered.remove("confirm")
    if window_open(row, now, contest_days):
        offered.append("contest")
    return offered


def _check_filer(conn: Connection, current: dict[str, Any], filer: Filer) -> None:
    if filer.as_head:
        if filer.person_id is not None and filer.person_id == current["person_id"]:
            raise ReviewError(
                "a head cannot contest a case in which they are the person; the inspector decides it",
                "head_own_case",
            )
        if filer.person_id is None:
            is_head = conn.execute(
                sa.select(people.c.is_head).where(people.c.person_id == current["person_id"])
            ).scalar()
            if is_head:  # which head is asking is unknown: never let a head contest a head's case
                raise ReviewError("a head's own case cannot be contested by a head account", "head_own_case")
    elif filer.person_id is None or filer.person_id != current["person_id"]:
        raise ReviewError(
            "only the person named in the case, or their head, may contest it", "not_the_person"
        )


def _check_contest(current: dict[str, Any], now: datetime, contest_days: int) -> None:
    vid = current["id"]
    if current["final"]:
        raise ReviewError(f"violation #{vid}: the decision after a contest is final", "final")
    if current["contested_no"] == current["decision_no"]:
        raise ReviewError(
            f"violation #{vid}: this decision has already been contested once", "contested_once"
        )
    if not window_open(current, now, contest_days):
        until = contest_deadline(current["decided_at"] or current["created_at"], contest_days)
        ended = f"{until.astimezone(LOCAL):%d/%m/%Y %H:%M}"
        raise ReviewError(
            f"violation #{vid}: the time to contest ended on {ended}", "window_closed", until=ended
        )


def decide(
    store: Store,
    violation_id: int,
    action: str,
    reason: str,
    who: str,
    *,
    filer: Filer | None = None,
    contest_days: int = DEFAULT_CONTEST_DAYS,
    then: Callable[[Connection, Decision], object] | None = None,
) -> Decision:
    """Apply confirm / dismiss / contest / reopen with a reason; audited.

    A decision on a contested case is final; a contest is allowed once per decision, within
    `contest_days` working days; a change that would alter a closed sheet is refused.  `then` runs
    in the same transaction once the decision is written (the web app queues a contest's notice
    there): if it fails, the decision is not recorded either."""
    if not reason.strip():
        raise ReviewError("a reason is required", "reason_required")
    if action not in TRANSITIONS:
        raise ReviewError(f"unknown action {action!r}")
    allowed, target = TRANSITIONS[action]

    def work(conn: Connection) -> Decision:
        current = _get(conn, violation_id)
        now = store.clock()
        if current["status"] not in allowed:
            raise ReviewError(
                f"violation #{violation_id} is {current['status']}; cannot {action} it", "wrong_state"
            )
        if action == "confirm" and current["person_id"] is None:
            raise ReviewError(
                f"violation #{violation_id} is unattributed; assign a person first", "unattributed"
            )
        values: dict[str, Any] = {"status": target}
        if action == "contest":
            if filer is not None:
                _check_filer(conn, current, filer)
            _check_contest(current, now, contest_days)
            values["contested_no"] = current["decision_no"]
        elif action == "reopen":
            values["final"] = False
        else:
            values |= {
                "decided_at": now,
                "decision_no": current["decision_no"] + 1,
                "final": current["status"] == "contested",
            }
        if current["status"] in ON_SHEET or target in ON_SHEET:
            try:
                refuse_if_closed(conn, current["unit_id"], current["month"])
            except ClosedSheet as error:
                raise ReviewError(str(error), "sheet_closed") from error
        changed = conn.execute(
            violations.update()
            .where(
                violations.c.id == violation_id,
                violations.c.status == current["status"],
                violations.c.decision_no == current["decision_no"],
            )
            .values(**values)
        ).rowcount
        if changed != 1:
            raise ReviewError(f"violation #{violation_id} changed meanwhile; look again", "changed")
        after: dict[str, Any] = {"status": target}
        if values.get("final"):
            after["final"] = True
        audit.append(
            conn,
            now,
            [
                audit.Event(
                    who,
                    "violation.reopened" if action == "reopen" else f"violation.{target}",
                    "violation",
                    str(violation_id),
                    {"status": current["status"]},
                    after,
                    reason,
                )
            ],
        )
        decision = Decision(violation_id, current["status"], target)
        if then is not None:
            then(conn, decision)
        return decision

    return store.run(work)


def _unit_for(conn: Connection, person_id: str, month: str) -> int:
    """The unit a person's violation in `month` belongs to: their unit on that month's sheet (see
    `memberships.unit_in_month`), so the head who sees it is the head they had then; today's unit
    only for a month the register has no membership for."""
    person = conn.execute(sa.select(people.c.unit_id).where(people.c.person_id == person_id)).first()
    if person is None:
        raise ReviewError(f"unknown person {person_id!r}", "unknown_person", person=person_id)
    then = memberships.unit_in_month(conn, person_id, month)
    return int(then if then is not None else person.unit_id)


def assign(store: Store, violation_id: int, person_id: str, reason: str, who: str) -> None:
    """Attribute a violation to a person (and their unit); not once it has been decided."""

    def work(conn: Connection) -> None:
        current = _get(conn, violation_id)
        if current["status"] not in {"pending", "contested"}:
            raise ReviewError(
                f"violation #{violation_id} is {current['status']}; cannot reassign it", "wrong_state"
            )
        unit_id = _unit_for(conn, person_id, current["month"])
        if current["status"] in ON_SHEET:  # moving a contested case changes two sheets
            try:
                refuse_if_closed(conn, current["unit_id"], current["month"])
                refuse_if_closed(conn, unit_id, current["month"])
            except ClosedSheet as error:
                raise ReviewError(str(error), "sheet_closed") from error
        conn.execute(
            violations.update()
            .where(violations.c.id == violation_id)
            .values(person_id=person_id, unit_id=unit_id)
        )
        audit.append(
            conn,
            store.clock(),
            [
                audit.Event(
                    who,
                    "violation.assigned",
                    "violation",
                    str(violation_id),
                    {"person_id": current["person_id"]},
                    {"person_id": person_id},
                    reason or None,
                )
            ],
        )

    store.run(work)


def add_manual(
    store: Store,
    person_id: str,
    month: str,
    reason: str,
    who: str,
    evidence_file: Path | None = None,
    rule: str = "MANUAL",
) -> int:
    """A violation an inspector found by hand, pending like any other, with its evidence's hash."""
    check_month(month)
    if not reason.strip():
        raise ReviewError("a reason is required")
    evidence: dict[str, Any] = {"reason": reason}
    if evidence_file is not None:
        data = evidence_file.read_bytes()
        evidence |= {
            "file": str(evidence_file),
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }

    def work(conn: Connection) -> int:
        unit_id = _unit_for(conn, person_id, month)
        new_id = conn.execute(
            violations.insert()
            .values(
                key=f"manual:{uuid.uuid4().hex}",
                person_id=person_id,
                unit_id=unit_id,
                month=month,
                status="pending",
                rule=rule,
                document_id=None,
                evidence=evidence,
                created_at=store.clock(),
                created_by=who,
            )
            .returning(violations.c.id)
        ).scalar_one()
        audit.append(
            conn,
            store.clock(),
            [
                audit.Event(
                    who,
                    "violation.created",
                    "violation",
                    str(new_id),
                    None,
                    {"status": "pending", "person_id": person_id, "month": month},
                    reason,
                )
            ],
        )
        return int(new_id)

    return store.run(work)


def list_violations(
    conn: Connection,
    unit: str | None = None,
    month: str | None = None,
    status: str | None = None,
    person: str | None = None,
) -> list[dict[str, Any]]:
    """Violations in the shape of `violations list --format json`."""
    query = (
        sa.select(violations, units.c.code.label("unit_code"), people.c.full_name)
        .select_from(
            violations.outerjoin(units, violations.c.unit_id == units.c.id).outerjoin(
                people, violations.c.person_id == people.c.person_id
            )
        )
        .order_by(violations.c.id)
    )
    if unit:
        query = query.where(units.c.code == unit)
    if month:
        query = query.where(violations.c.month == check_month(month))
    if status:
        query = query.where(violations.c.status == status)
    if person:
        query = query.where(violations.c.person_id == person)
    return [
        {
            "id": r["id"],
            "person_id": r["person_id"],
            "full_name": r["full_name"],
            "unit": r["unit_code"],
            "month": r["month"],
            "status": r["status"],
            "rule": r["rule"],
            "evidence": r["evidence"],
        }
        for r in conn.execute(query).mappings()
    ]


def review_findings(conn: Connection, rules: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Findings that make no violation but deserve a look (not a contact point, look-alike domain):
    by default those of the document rules whose effect is review (`congvu.rules.reviewed`)."""
    query = sa.select(
        findings.c.id,
        findings.c.source,
        findings.c.rule,
        findings.c.address,
        findings.c.page,
        findings.c.line,
        findings.c.excerpt,
        findings.c.reason,
    ).where(
        findings.c.rule.in_(reviewed("DOC") if rules is None else rules),
        ~sa.exists().where(review_outcomes.c.finding_id == findings.c.id),  # not yet decided (web queue)
    )
    return [dict(r) for r in conn.execute(query.order_by(findings.c.id)).mappings()]
