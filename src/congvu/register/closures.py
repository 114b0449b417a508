"""Closing a unit-month's evaluation sheet, and the contest window that must pass first.

A closed sheet is what the head signs: proposals and decisions that would change it are refused
until a head of that unit or an inspector reopens it with a reason.  A sheet cannot be closed
while one of its cases is contested, nor while a confirmation may still be contested — a contest
delays the rating, and closing the month must not take the person's right to contest away.
Working days are Monday to Friday in Asia/Ho_Chi_Minh (public holidays are not known here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.clock import LOCAL
from congvu.register import audit, memberships
from congvu.register.months import check_month, month_bounds
from congvu.register.refusals import Refusal
from congvu.register.schema import sheet_closures, units, violations
from congvu.register.store import Store

DEFAULT_CONTEST_DAYS = 5


class ClosedSheet(Refusal):
    """A change refused because it would alter a closed sheet, or a close/reopen refused."""

    default_code = "sheet_closed"


@dataclass(frozen=True, slots=True)
class Closure:
    unit: str
    month: str
    closed_at: datetime
    closed_by: str


def aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; the register writes them in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def contest_deadline(decided_at: datetime, days: int = DEFAULT_CONTEST_DAYS) -> datetime:
    """The moment the contest window ends: midnight (Đà Nẵng) after the `days`-th working day
    following the day of the decision.  A Friday confirmation with 5 days runs to the next Friday."""
    day = aware(decided_at).astimezone(LOCAL).date()
    left = max(days, 0)
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL)


def window_open(row: dict[str, Any], now: datetime, days: int = DEFAULT_CONTEST_DAYS) -> bool:
    """Whether a confirmed violation row may still be contested (once, before its final decision).
    A decision older than migration 0010 has no `decided_at`: its window runs from the case's
    creation, so old months do not stay open for ever."""
    if row["status"] != "confirmed" or row["final"] or row["contested_no"] == row["decision_no"]:
        return False
    start = row["decided_at"] or row["created_at"]
    return aware(now) < contest_deadline(start, days)


def _unit_id(conn: Connection, unit: str) -> int:
    found = conn.execute(sa.select(units.c.id).where(units.c.code == unit)).scalar()
    if found is None:
        raise ClosedSheet(f"unknown unit {unit!r}", "unknown")
    return int(found)


def closure(conn: Connection, unit_id: int | None, month: str) -> Closure | None:
    if unit_id is None:
        return None
    row = conn.execute(
        sa.select(units.c.code, sheet_closures.c.closed_at, sheet_closures.c.closed_by)
        .join(units, units.c.id == sheet_closures.c.unit_id)
        .where(sheet_closures.c.unit_id == unit_id, sheet_closures.c.month == month)
    ).first()
    return None if row is None else Closure(row.code, month, aware(row.closed_at), row.closed_by)


def closed_units(conn: Connection, month: str) -> dict[str, Closure]:
    """Unit code → closure, for every closed sheet of `month` (the monthly report lists them)."""
    rows = conn.execute(
        sa.select(units.c.code, sheet_closures.c.closed_at, sheet_closures.c.closed_by)
        .join(units, units.c.id == sheet_closures.c.unit_id)
        .where(sheet_closures.c.month == month)
    )
    return {r.code: Closure(r.code, month, aware(r.closed_at), r.closed_by) for r in rows}


def refuse_if_closed(conn: Connection, unit_id: int | None, month: str) -> None:
    """Raise when `unit_id`'s sheet of `month` is closed: the caller's change would alter it."""
    found = closure(conn, unit_id, month)
    if found is not None:
        raise ClosedSheet(f"the sheet of {found.unit} for {month} is closed; reopen it (with a reason) first")


def blocking_cases(
    conn: Connection, unit_id: int, month: str, now: datetime, days: int
) -> list[tuple[int, datetime | None]]:
    """What keeps the sheet from being closed: (violation id, None) for a contested case, (id,
    deadline) for a confirmation that may still be contested."""
    first, last = month_bounds(month)
    members = memberships.members(unit_id, first, last)
    rows = conn.execute(
        sa.select(violations)
        .where(
            violations.c.month == month,
            violations.c.status.in_(("confirmed", "contested")),
            sa.or_(violations.c.unit_id == unit_id, violations.c.person_id.in_(members)),
        )
        .order_by(violations.c.id)
    ).mappings()
    found: list[tuple[int, datetime | None]] = []
    for row in rows:
        if row["status"] == "contested":
            found.append((row["id"], None))
        elif window_open(dict(row), now, days):
            found.append((row["id"], contest_deadline(row["decided_at"] or row["created_at"], days)))
    return found


def blockers(conn: Connection, unit_id: int, month: str, now: datetime, days: int) -> list[str]:
    """`blocking_cases` in words, for the CLI and the error's message."""
    return [
        f"#{vid} is contested and awaits the inspector's decision"
        if until is None
        else f"#{vid} may still be contested until {until:%d/%m/%Y %H:%M}"
        for vid, until in blocking_cases(conn, unit_id, month, now, days)
    ]


def close_sheet(store: Store, unit: str, month: str, who: str, days: int = DEFAULT_CONTEST_DAYS) -> None:
    """Close `unit`'s sheet of `month`; refused while a case is contested or still contestable."""
    check_month(month)

    def work(conn: Connection) -> None:
        unit_id = _unit_id(conn, unit)
        if closure(conn, unit_id, month) is not None:
            raise ClosedSheet(f"the sheet of {unit} for {month} is already closed", "already_closed")
        problems = blockers(conn, unit_id, month, store.clock(), days)
        if problems:
            raise ClosedSheet(
                f"the sheet of {unit} for {month} cannot be closed: " + "; ".join(problems),
                "close_blocked",
                detail="; ".join(problems),
            )
        now = store.clock()
        conn.execute(
            sheet_closures.insert().values(unit_id=unit_id, month=month, closed_at=now, closed_by=who)
        )
        audit.append(
            conn, now, [audit.Event(who, "sheet.closed", "sheet", f"{unit}:{month}", None, {"closed": True})]
        )

    store.run(work)


def reopen_sheet(store: Store, unit: str, month: str, reason: str, who: str) -> None:
    """Reopen a closed sheet; the reason goes into the audit trail."""
    check_month(month)
    if not reason.strip():
        raise ClosedSheet("a reason is required to reopen a sheet", "reason_required")

    def work(conn: Connection) -> None:
        unit_id = _unit_id(conn, unit)
        gone = conn.execute(
            sheet_closures.delete().where(
                sheet_closures.c.unit_id == unit_id, sheet_closures.c.month == month
            )
        ).rowcount
        if gone != 1:
            raise ClosedSheet(f"the sheet of {unit} for {month} is not closed", "not_closed")
        audit.append(
            conn,
            store.clock(),
            [
                audit.Event(
                    who,
                    "sheet.reopened",
                    "sheet",
                    f"{unit}:{month}",
                    {"closed": True},
                    {"closed": False},
                    reason,
                )
            ],
        )

    store.run(work)
