"""Unit history: rename, merge, retire — without losing what happened before.

Đà Nẵng abolished its districts and merged wards in 2025; a violation of 2014 must still name the
ward as it was.  So a unit row is never deleted and its code never changes: a rename adds a name to
`unit_names` (old documents still match the old name), a merge closes the unit and points it at
its successor (people move, their past violations stay with the old unit), a retirement closes it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register import audit, memberships
from congvu.register.directory import _close_name
from congvu.register.schema import people, unit_names, units
from congvu.register.store import Store


class UnitError(Exception):
    """A unit operation that does not make sense (unknown code, already closed, …)."""


def _unit(conn: Connection, code: str) -> dict[str, Any]:
    row = conn.execute(sa.select(units).where(units.c.code == code)).mappings().first()
    if row is None:
        raise UnitError(f"unknown unit {code!r}")
    return dict(row)


def _open(conn: Connection, code: str) -> dict[str, Any]:
    unit = _unit(conn, code)
    if unit["valid_to"] is not None:
        raise UnitError(f"unit {code!r} was closed on {unit['valid_to']}")
    return unit


def rename(store: Store, code: str, new_name: str, when: date, who: str, reason: str | None = None) -> None:
    def work(conn: Connection) -> None:
        unit = _open(conn, code)
        conn.execute(units.update().where(units.c.id == unit["id"]).values(name=new_name))
        _close_name(conn, unit["id"], unit["name"], new_name, when)
        audit.append(
            conn,
            store.clock(),
            [
                audit.Event(
                    who,
                    "unit.renamed",
                    "unit",
                    code,
                    {"name": unit["name"]},
                    {"name": new_name, "date": when.isoformat()},
                    reason,
                )
            ],
        )

    store.run(work)


def merge(store: Store, code: str, into: str, when: date, who: str, reason: str | None = None) -> int:
    """Close `code` into `into`; its active people move to `into`.  Returns how many moved."""

    def work(conn: Connection) -> int:
        if code == into:
            raise UnitError("a unit cannot be merged into itself")
        unit, target = _open(conn, code), _open(conn, into)
        conn.execute(
            units.update().where(units.c.id == unit["id"]).values(valid_to=when, merged_into_id=target["id"])
        )
        conn.execute(units.update().where(units.c.parent_id == unit["id"]).values(parent_id=target["id"]))
        conn.execute(
            unit_names.update()
            .where(unit_names.c.unit_id == unit["id"], unit_names.c.valid_to.is_(None))
            .values(valid_to=when)
        )
        moved = list(
            conn.execute(
                sa.select(people.c.person_id).where(
                    people.c.unit_id == unit["id"],
                    sa.or_(people.c.active_to.is_(None), people.c.active_to >= when),
                )
            ).scalars()
        )
        if moved:
            conn.execute(people.update().where(people.c.person_id.in_(moved)).values(unit_id=target["id"]))
            memberships.move(conn, moved, target["id"], when)
        events = [
            audit.Event(
                who, "unit.merged", "unit", code, None, {"into": into, "date": when.isoformat()}, reason
            )
        ]
        events += [
            audit.Event(who, "person.moved", "person", p, {"unit": code}, {"unit": into}, f"merge of {code}")
            for p in moved
        ]
        audit.append(conn, store.clock(), events)
        return len(moved)

    return store.run(work)


def retire(store: Store, code: str, when: date, who: str, reason: str | None = None) -> None:
    def work(conn: Connection) -> None:
        unit = _open(conn, code)
        active = conn.execute(
            sa.select(sa.func.count())
            .select_from(people)
            .where(
                people.c.unit_id == unit["id"],
                sa.or_(people.c.active_to.is_(None), people.c.active_to >= when),
            )
        ).scalar_one()
        if active:
            raise UnitError(f"unit {code!r} still has {active} active people; move them or merge the unit")
        conn.execute(units.update().where(units.c.id == unit["id"]).values(valid_to=when))
        audit.append(
            conn,
            store.clock(),
            [audit.Event(who, "unit.retired", "unit", code, None, {"date": when.isoformat()}, reason)],
        )

    store.run(work)


def list_units(conn: Connection) -> list[dict[str, Any]]:
    parent = units.alias("parent")
    successor = units.alias("successor")
    query = (
        sa.select(
            units.c.code,
            units.c.name,
            units.c.kind,
            parent.c.code.label("parent"),
            units.c.aliases,
            units.c.valid_from,
            units.c.valid_to,
            successor.c.code.label("merged_into"),
        )
        .select_from(
            units.outerjoin(parent, units.c.parent_id == parent.c.id).outerjoin(
                successor, units.c.merged_into_id == successor.c.id
            )
        )
        .order_by(units.c.id)
    )
    out = []
    for row in conn.execute(query).mappings():
        item = dict(row)
        names = conn.execute(
            sa.select(unit_names.c.name)
            .where(
                unit_names.c.unit_id
                == sa.select(units.c.id).where(units.c.code == row["code"]).scalar_subquery()
            )
            .order_by(unit_names.c.id)
        ).scalars()
        item["former_names"] = [n for n in names if n != row["name"]]
        out.append(item)
    return out


def parent_codes(conn: Connection) -> dict[str, str | None]:
    """Each unit's code → its parent's code (None at the top), every unit closed or not."""
    rows = conn.execute(sa.select(units.c.id, units.c.code, units.c.parent_id)).all()
    codes = {r.id: r.code for r in rows}
    return {r.code: codes.get(r.parent_id) for r in rows}
