"""The monthly evaluation: proposed ratings in, final ratings with the directive's cap out.

Clause 2b: a violator is rated at most the cap for the month of the violation.  Only a
`confirmed` violation caps; pending and dismissed ones never do.  A contested one withholds the
person's final rating ("chờ giải quyết khiếu nại") until the inspector decides again: a contest
delays the rating, it never lifts the cap by itself.  The final rating is computed when the sheet
is built, never stored, so a late confirmation or dismissal is always reflected.  A closed sheet
(`closures`) refuses new proposals until it is reopened.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register import audit, memberships
from congvu.register.bulk import dialect_insert
from congvu.register.closures import closure
from congvu.register.directory import RowError
from congvu.register.months import check_month, month_bounds
from congvu.register.scales import Scale
from congvu.register.schema import evaluations, people, units, violations
from congvu.register.store import Store
from congvu.register.tables import read_tables

COLUMNS = ("person_id", "month", "rating")
AWAITING = "chờ giải quyết khiếu nại"  # the sheet's word for a person whose case is contested


class EvaluationError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s); nothing was imported")
        self.errors = errors


@dataclass
class SheetRow:
    stt: int
    person_id: str
    full_name: str
    position: str
    proposed: str | None
    final: str | None
    capped: bool
    violations: list[int] = field(default_factory=list)
    contested: list[int] = field(default_factory=list)
    note: str = ""
    awaiting: bool = False  # a contest is open: no final rating until the inspector decides


@dataclass
class Sheet:
    unit: str
    unit_name: str
    parent_name: str | None
    month: str
    scale: str
    cap: str
    rows: list[SheetRow]
    closed_at: datetime | None = None
    closed_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "unit_name": self.unit_name,
            "month": self.month,
            "scale": self.scale,
            "cap": self.cap,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "closed_by": self.closed_by,
            "people": [asdict(r) for r in self.rows],
        }


def _unit_id(conn: Connection, unit: str, where: str) -> int:
    found = conn.execute(sa.select(units.c.id).where(units.c.code == unit)).scalar()
    if found is None:
        raise EvaluationError([RowError(where, 1, "unit", f"unknown unit {unit!r}")])
    return int(found)


def _off_sheet(conn: Connection, unit: str, unit_id: int, person_id: str, month: str) -> str | None:
    """Why `person_id` is not on `unit`'s sheet for `month`, or None when they are.  A head's
    proposals are for the people on their unit's sheet of that month — those who belonged to the
    unit then, not those who belong to it today."""
    then = memberships.unit_in_month(conn, person_id, month)
    if then == unit_id:
        return None
    if then is None:
        return f"{person_id} is on no sheet for {month} (not active then)"
    code = conn.execute(sa.select(units.c.code).where(units.c.id == then)).scalar()
    return f"{person_id} is not on the sheet of {unit} for {month} (in {code} then)"


def _closed(conn: Connection, person_id: str, month: str) -> str | None:
    """Why a proposal for `person_id` in `month` is refused because their sheet is closed."""
    found = closure(conn, memberships.unit_in_month(conn, person_id, month), month)
    if found is None:
        return None
    return f"the sheet of {found.unit} for {month} is closed; reopen it (with a reason) first"


def import_proposals(store: Store, path: Path, scale: Scale, who: str, unit: str | None = None) -> int:
    """Validate every row (person, month, rating on the scale), then upsert all in one transaction.

    `unit`: the proposals are for that unit's sheets (a head's file); every row must name someone
    on the unit's sheet for the row's month."""
    errors: list[RowError] = []
    rows: list[tuple[str, str, str, int, str]] = []
    for table in read_tables(path):
        missing = [c for c in COLUMNS if c not in table.header]
        if missing:
            errors.append(RowError(table.where, 1, ",".join(missing), "required column is missing"))
            continue
        for row in table.rows:
            values = {c: row.values.get(c, "") for c in COLUMNS}
            ok = True
            for name, check in (("month", check_month), ("rating", scale.parse)):
                try:
                    values[name] = check(values[name])
                except ValueError as exc:
                    errors.append(RowError(row.where, row.line, name, str(exc)))
                    ok = False
            if not values["person_id"]:
                errors.append(RowError(row.where, row.line, "person_id", "required"))
                ok = False
            if ok:
                rows.append((values["person_id"], values["month"], values["rating"], row.line, row.where))
    found = len(errors)

    def work(conn: Connection) -> int:
        del errors[found:]  # a retried transaction checks afresh
        known = set(conn.execute(sa.select(people.c.person_id)).scalars())
        unit_id = _unit_id(conn, unit, "--unit") if unit else None
        seen: dict[tuple[str, str], int] = {}
        for person_id, month, _rating, line, where in rows:
            if person_id not in known:
                errors.append(RowError(where, line, "person_id", f"unknown person {person_id!r}"))
            elif (
                unit
                and unit_id is not None
                and (problem := _off_sheet(conn, unit, unit_id, person_id, month))
            ):
                errors.append(RowError(where, line, "person_id", problem))
            elif shut := _closed(conn, person_id, month):
                errors.append(RowError(where, line, "month", shut))
            if (person_id, month) in seen:
                errors.append(
                    RowError(
                        where, line, "person_id", f"same person and month as line {seen[(person_id, month)]}"
                    )
                )
            seen.setdefault((person_id, month), line)
        if errors:
            raise EvaluationError(sorted(errors, key=lambda e: (e.where, e.line, e.field)))
        return _upsert(conn, store, [(p, m, r) for p, m, r, _, _ in rows], who)

    return store.run(work)


def set_proposal(
    store: Store, person_id: str, month: str, rating: str, scale: Scale, who: str, unit: str | None = None
) -> None:
    """One proposal; `unit` as in `import_proposals` (the web app passes a head's unit)."""
    check_month(month)
    value = scale.parse(rating)

    def work(conn: Connection) -> None:
        if conn.execute(sa.select(people.c.person_id).where(people.c.person_id == person_id)).first() is None:
            raise EvaluationError([RowError("--person", 1, "person_id", f"unknown person {person_id!r}")])
        if unit:
            problem = _off_sheet(conn, unit, _unit_id(conn, unit, "--unit"), person_id, month)
            if problem:
                raise EvaluationError([RowError("--person", 1, "person_id", problem)])
        shut = _closed(conn, person_id, month)
        if shut:
            raise EvaluationError([RowError("--month", 1, "month", shut)])
        _upsert(conn, store, [(person_id, month, value)], who)

    store.run(work)


@dataclass(frozen=True, slots=True)
class Refused:
    """Why one row of a whole-sheet save was not saved: `code` names the words a page shows
    (`err_<code>`), `message` says it in English for the CLI and the logs."""

    code: str  # bad_rating | unknown | off_sheet | sheet_closed
    message: str


def propose_many(
    store: Store,
    month: str,
    choices: dict[str, str],
    scale: Scale,
    who: str,
    unit: str | None = None,
) -> tuple[int, dict[str, Refused]]:
    """Save a whole sheet at once: `choices` maps person_id to the typed rating; an empty choice
    leaves that row untouched.  Every row is checked on its own; the acceptable ones are written
    in one transaction (one audited change per row that changed), the others come back refused
    with their reason.  Returns (rows changed, refusals by person_id)."""
    check_month(month)
    parsed: dict[str, str] = {}
    refused: dict[str, Refused] = {}
    for person_id, raw in choices.items():
        if not raw.strip():
            continue
        try:
            parsed[person_id] = scale.parse(raw)
        except ValueError as error:
            refused[person_id] = Refused("bad_rating", str(error))

    def work(conn: Connection) -> tuple[int, dict[str, Refused]]:
        problems = dict(refused)
        known = set(
            conn.execute(sa.select(people.c.person_id).where(people.c.person_id.in_(list(parsed)))).scalars()
        )
        unit_id = _unit_id(conn, unit, "--unit") if unit else None
        rows = []
        for person_id, value in sorted(parsed.items()):
            if person_id not in known:
                problems[person_id] = Refused("unknown", f"unknown person {person_id!r}")
                continue
            if unit and unit_id is not None:
                off = _off_sheet(conn, unit, unit_id, person_id, month)
                if off:
                    problems[person_id] = Refused("off_sheet", off)
                    continue
            shut = _closed(conn, person_id, month)
            if shut:
                problems[person_id] = Refused("sheet_closed", shut)
                continue
            rows.append((person_id, month, value))
        return (_upsert(conn, store, rows, who) if rows else 0), problems

    return store.run(work)


def _upsert(conn: Connection, store: Store, rows: list[tuple[str, str, str]], who: str) -> int:
    now = store.clock()
    old = {
        (r.person_id, r.month): r.proposed
        for r in conn.execute(
            sa.select(evaluations.c.person_id, evaluations.c.month, evaluations.c.proposed).where(
                evaluations.c.month.in_({m for _, m, _ in rows})
            )
        )
    }
    changed = [(p, m, r) for p, m, r in rows if old.get((p, m)) != r]
    if not changed:
        return 0
    stmt = dialect_insert(conn, evaluations)
    stmt = stmt.on_conflict_do_update(
        index_elements=["person_id", "month"],
        set_={
            "proposed": stmt.excluded.proposed,
            "updated_at": stmt.excluded.updated_at,
            "updated_by": stmt.excluded.updated_by,
        },
    )
    conn.execute(
        stmt,
        [
            {"person_id": p, "month": m, "proposed": r, "updated_at": now, "updated_by": who}
            for p, m, r in changed
        ],
    )
    audit.append(
        conn,
        now,
        [
            audit.Event(
                who,
                "evaluation.proposed",
                "evaluation",
                f"{p}:{m}",
                {"proposed": old.get((p, m))},
                {"proposed": r},
            )
            for p, m, r in changed
        ],
    )
    return len(changed)


def build_sheet(conn: Connection, unit: str, month: str, scale: Scale) -> Sheet:
    """Everyone in `unit` for `month` (see `memberships.members`), heads first, with the cap applied."""
    check_month(month)
    parent = units.alias("parent")
    head = conn.execute(
        sa.select(units.c.id, units.c.name, parent.c.name.label("parent_name"))
        .select_from(units.outerjoin(parent, units.c.parent_id == parent.c.id))
        .where(units.c.code == unit)
    ).first()
    if head is None:
        raise LookupError(f"unknown unit {unit!r}")
    first, last = month_bounds(month)
    members = memberships.members(head.id, first, last)
    staff = conn.execute(
        sa.select(people.c.person_id, people.c.full_name, people.c.position, people.c.is_head)
        .where(people.c.person_id.in_(members))
        .order_by(people.c.is_head.desc(), people.c.person_id)
    ).all()
    proposed = dict(
        conn.execute(
            sa.select(evaluations.c.person_id, evaluations.c.proposed).where(
                evaluations.c.month == month, evaluations.c.person_id.in_(members)
            )
        )
        .tuples()
        .all()
    )
    marks: dict[str, dict[str, list[int]]] = {}
    for r in conn.execute(
        sa.select(violations.c.id, violations.c.person_id, violations.c.status)
        .where(
            violations.c.month == month,
            violations.c.status.in_(("confirmed", "contested")),
            violations.c.person_id.in_(members),
        )
        .order_by(violations.c.id)
    ):
        marks.setdefault(r.person_id, {"confirmed": [], "contested": []})[r.status].append(r.id)
    rows = []
    for stt, p in enumerate(staff, start=1):
        mine = marks.get(p.person_id, {"confirmed": [], "contested": []})
        rating = proposed.get(p.person_id)
        final, capped = rating, False
        if mine["contested"]:
            final = None  # withheld, capped or not, until the contest is decided
        elif rating is not None and mine["confirmed"]:
            final, capped = scale.apply_cap(rating)
        rows.append(
            SheetRow(
                stt,
                p.person_id,
                p.full_name,
                p.position,
                rating,
                final,
                capped,
                mine["confirmed"],
                mine["contested"],
                _note(mine, scale, rating),
                bool(mine["contested"]),
            )
        )
    shut = closure(conn, head.id, month)
    return Sheet(
        unit,
        head.name,
        head.parent_name,
        month,
        scale.kind,
        scale.describe_cap(),
        rows,
        shut.closed_at if shut else None,
        shut.closed_by if shut else None,
    )


def _note(mine: dict[str, list[int]], scale: Scale, rating: str | None) -> str:
    parts = []
    if mine["confirmed"]:
        ids = ", ".join(f"#{i}" for i in mine["confirmed"])
        parts.append(f"Vi phạm Chỉ thị 01/CT-UBND ({ids}): tối đa {scale.describe_cap()}")
        if rating is None:
            parts.append("chưa có đề xuất")
    if mine["contested"]:
        ids = ", ".join(f"#{i}" for i in mine["contested"])
        parts.append(f"{AWAITING.capitalize()} ({ids}): chưa có kết quả")
    return "; ".join(parts)
