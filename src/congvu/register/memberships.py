"""A person's units over time, so a past month's sheet lists people where they were then.

A merge (Đà Nẵng merged its wards in 2025) or a re-import that changes someone's unit closes
their open membership the day before the move and opens one at the new unit.  The evaluation
sheet of (unit, month) then takes everyone who belonged to the unit on the last day of the month
— or on their last working day, for someone who left during it — so each person is on exactly one
sheet per month even when they moved in the middle of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register.months import month_bounds
from congvu.register.schema import memberships, people


def open_for(conn: Connection, rows: Iterable[tuple[str, int, date | None]]) -> None:
    """First memberships of new people: (person_id, unit_id, active_from)."""
    values = [{"person_id": p, "unit_id": u, "valid_from": since} for p, u, since in rows]
    if values:
        conn.execute(memberships.insert(), values)


def move(conn: Connection, person_ids: list[str], unit_id: int, when: date) -> None:
    """`person_ids` belong to `unit_id` from `when` on (their earlier unit until the day before)."""
    for chunk in (person_ids[i : i + 500] for i in range(0, len(person_ids), 500)):
        current = conn.execute(
            sa.select(memberships.c.id, memberships.c.person_id, memberships.c.valid_from).where(
                memberships.c.person_id.in_(chunk), memberships.c.valid_to.is_(None)
            )
        ).all()
        # A second move on the same day (or one dated before the open row began) replaces the
        # open row's unit instead of making an interval that ends before it starts.
        redo = [r for r in current if r.valid_from is not None and r.valid_from >= when]
        close = [r for r in current if r.valid_from is None or r.valid_from < when]
        if redo:
            ids = [r.id for r in redo]
            conn.execute(memberships.update().where(memberships.c.id.in_(ids)).values(unit_id=unit_id))
        if close:
            ids = [r.id for r in close]
            day_before = when - timedelta(days=1)
            conn.execute(memberships.update().where(memberships.c.id.in_(ids)).values(valid_to=day_before))
        moved = {r.person_id for r in close}
        missing = set(chunk) - {r.person_id for r in current}  # a register older than its history
        fresh = [{"person_id": p, "unit_id": unit_id, "valid_from": when} for p in sorted(moved)]
        fresh += [{"person_id": p, "unit_id": unit_id, "valid_from": None} for p in sorted(missing)]
        if fresh:
            conn.execute(memberships.insert(), fresh)


def _on_sheet(first: date, last: date) -> list[sa.ColumnElement[bool]]:
    """The sheet rule for the month [first, last], over `people` joined to `memberships`: active
    in the month, and the membership covers the month's last day or the person's own last day if
    that comes earlier."""
    on = sa.case((people.c.active_to < last, people.c.active_to), else_=sa.literal(last, sa.Date))
    return [
        sa.or_(people.c.active_from.is_(None), people.c.active_from <= last),
        sa.or_(people.c.active_to.is_(None), people.c.active_to >= first),
        sa.or_(memberships.c.valid_from.is_(None), memberships.c.valid_from <= on),
        sa.or_(memberships.c.valid_to.is_(None), memberships.c.valid_to >= on),
    ]


def members(unit_id: int | sa.ScalarSelect[int], first: date, last: date) -> sa.Select[tuple[str]]:
    """Person ids of the unit's sheet for the month [first, last]: active in the month, and in the
    unit on its last day or on their own last day if that comes earlier."""
    return (
        sa.select(people.c.person_id)
        .join(memberships, memberships.c.person_id == people.c.person_id)
        .where(memberships.c.unit_id == unit_id, *_on_sheet(first, last))
    )


def members_where(
    in_units: Callable[[sa.ColumnElement[int]], sa.ColumnElement[bool]], first: date, last: date
) -> sa.Select[tuple[str]]:
    """`members` of every unit whose id satisfies `in_units` (a subtree of units, say)."""
    return (
        sa.select(people.c.person_id)
        .join(memberships, memberships.c.person_id == people.c.person_id)
        .where(in_units(memberships.c.unit_id), *_on_sheet(first, last))
    )


def unit_in_month(conn: Connection, person_id: str, month: str) -> int | None:
    """The unit whose sheet for `month` (YYYY-MM) lists the person, None when none does (not
    active then).  This — not today's unit — is whose head may propose the person's rating for
    that month and whose violations a month's violation counts among."""
    first, last = month_bounds(month)
    return conn.execute(
        sa.select(memberships.c.unit_id)
        .join(people, memberships.c.person_id == people.c.person_id)
        .where(memberships.c.person_id == person_id, *_on_sheet(first, last))
        .order_by(memberships.c.id.desc())
        .limit(1)
    ).scalar()


def unit_on(conn: Connection, person_id: str, day: date) -> int | None:
    """The person's unit on `day` (memberships are inclusive of both ends)."""
    return conn.execute(
        sa.select(memberships.c.unit_id)
        .where(
            memberships.c.person_id == person_id,
            sa.or_(memberships.c.valid_from.is_(None), memberships.c.valid_from <= day),
            sa.or_(memberships.c.valid_to.is_(None), memberships.c.valid_to >= day),
        )
        .order_by(memberships.c.id.desc())
        .limit(1)
    ).scalar()
