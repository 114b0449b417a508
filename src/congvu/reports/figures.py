"""The numbers of one reporting period, computed once and rendered three ways (DOCX, XLSX, PDF).

Everything the chairman reads comes from here, so the Word report, the spreadsheet and the web
download can never disagree.  Queries are grouped per unit in SQL; only the cap (which depends on
the rating scale) goes through the evaluation sheet, and only for units with a confirmed case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register import tree
from congvu.register.contents import VERDICTS, contents, in_period
from congvu.register.evaluation import build_sheet
from congvu.register.review import STATUSES
from congvu.register.scales import Scale
from congvu.register.schema import documents, people, sheet_closures, units, violations
from congvu.reports.mailfigures import MailRule, mail_findings
from congvu.reports.periods import Period, months_back

UNASSIGNED = "Chưa xác định đơn vị"
KIND_ORDER = {"district": 0, "office": 1, "ward": 2}


@dataclass
class UnitFigures:
    code: str
    name: str
    kind: str
    staff: int = 0
    documents: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    violators: int = 0  # distinct people with a confirmed violation in the period
    capped: int = 0  # (person, month) pairs whose rating the cap lowered

    @property
    def violations(self) -> int:
        return sum(self.statuses.values())

    def add(self, other: UnitFigures) -> None:
        self.staff += other.staff
        self.documents += other.documents
        self.violators += other.violators
        self.capped += other.capped
        for key in VERDICTS:
            self.verdicts[key] += other.verdicts[key]
        for key in STATUSES:
            self.statuses[key] += other.statuses[key]


@dataclass(frozen=True, slots=True)
class Case:
    """One violation as section III lists it: who, where, which document, what evidence."""

    violation_id: int
    month: str
    status: str
    rule: str
    full_name: str
    position: str
    unit_name: str
    number: str | None
    doc_date: str | None
    addresses: tuple[str, ...]
    excerpt: str | None
    page: int | None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: str
    recorded: int
    confirmed: int
    violators: int


@dataclass
class Figures:
    period: Period
    units: list[UnitFigures]
    total: UnitFigures
    cases: list[Case]
    trend: list[TrendPoint]
    mail: list[MailRule]
    generated_at: datetime
    cap: str = ""  # the rating cap as the scale words it, for the text
    closed_sheets: list[str] = field(default_factory=list)  # "Unit name (mm/yyyy)", closed ones

    def closed_text(self) -> str:
        """The closed sheets in one line of the report (which ratings are signed and final)."""
        if not self.closed_sheets:
            return "chưa có đơn vị nào khóa bảng đánh giá"
        return f"{len(self.closed_sheets)} bảng: " + "; ".join(self.closed_sheets)

    @property
    def active_units(self) -> list[UnitFigures]:
        """Units with something to report (charts would drown in zeros otherwise)."""
        return [u for u in self.units if u.violations or u.documents]


def _in(level: str | None, column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """Rows of the subtree of `level` (every row without one)."""
    return sa.true() if level is None else tree.within(level, column)


def _units(conn: Connection, period: Period, level: str | None) -> dict[int | None, UnitFigures]:
    rows = conn.execute(
        sa.select(units.c.id, units.c.code, units.c.name, units.c.kind)
        .where(
            sa.or_(units.c.valid_from.is_(None), units.c.valid_from <= period.last),
            sa.or_(units.c.valid_to.is_(None), units.c.valid_to >= period.first),
            _in(level, units.c.id),
        )
        .order_by(units.c.id)
    ).all()
    return {r.id: UnitFigures(r.code, r.name, r.kind) for r in rows}


def _unit_for(table: dict[int | None, UnitFigures], conn: Connection, unit_id: int | None) -> UnitFigures:
    """A unit outside the period's directory (merged away since) still owns its past figures."""
    if unit_id not in table:
        row = conn.execute(
            sa.select(units.c.code, units.c.name, units.c.kind).where(units.c.id == unit_id)
        ).first()
        table[unit_id] = UnitFigures(row.code, row.name, row.kind) if row else UnitFigures("", UNASSIGNED, "")
    return table[unit_id]


def _staff(conn: Connection, period: Period, table: dict[int | None, UnitFigures], level: str | None) -> None:
    query = (
        sa.select(people.c.unit_id, sa.func.count())
        .where(
            _in(level, people.c.unit_id),
            sa.or_(people.c.active_from.is_(None), people.c.active_from <= period.last),
            sa.or_(people.c.active_to.is_(None), people.c.active_to >= period.first),
        )
        .group_by(people.c.unit_id)
    )
    for unit_id, count in conn.execute(query):
        _unit_for(table, conn, unit_id).staff = int(count)


def _documents(
    conn: Connection, period: Period, table: dict[int | None, UnitFigures], level: str | None
) -> None:
    """Documents dated in the period (undated ones: recorded in it), each once however many
    containers carried it, by verdict (`congvu.register.contents`: the register's own count)."""
    start, end = period.utc_bounds()
    where = sa.and_(in_period(period.first, period.last, start, end), _in(level, documents.c.unit_id))
    for item in contents(conn, where):
        unit = _unit_for(table, conn, item.unit_id)
        unit.documents += 1
        unit.verdicts[item.verdict] += 1


def _violations(
    conn: Connection, period: Period, table: dict[int | None, UnitFigures], scale: Scale, level: str | None
) -> None:
    in_period = sa.and_(violations.c.month.in_(period.months), _in(level, violations.c.unit_id))
    for unit_id, status, count in conn.execute(
        sa.select(violations.c.unit_id, violations.c.status, sa.func.count())
        .where(in_period)
        .group_by(violations.c.unit_id, violations.c.status)
    ):
        _unit_for(table, conn, unit_id).statuses[status] = int(count)
    confirmed = sa.and_(in_period, violations.c.status == "confirmed", violations.c.person_id.is_not(None))
    for unit_id, count in conn.execute(
        sa.select(violations.c.unit_id, sa.func.count(sa.distinct(violations.c.person_id)))
        .where(confirmed)
        .group_by(violations.c.unit_id)
    ):
        _unit_for(table, conn, unit_id).violators = int(count)
    pairs = conn.execute(
        sa.select(units.c.code, violations.c.month, violations.c.unit_id)
        .join(units, units.c.id == violations.c.unit_id)
        .where(confirmed)
        .distinct()
    ).all()
    for code, month, unit_id in pairs:
        sheet = build_sheet(conn, code, month, scale)
        _unit_for(table, conn, unit_id).capped += sum(1 for row in sheet.rows if row.capped)


def _cases(conn: Connection, period: Period, level: str | None) -> list[Case]:
    """Confirmed and contested cases (pending ones are not yet anyone's violation)."""
    query = (
        sa.select(
            violations.c.id,
            violations.c.month,
            violations.c.status,
            violations.c.rule,
            violations.c.evidence,
            people.c.full_name,
            people.c.position,
            units.c.name.label("unit_name"),
        )
        .select_from(
            violations.outerjoin(people, people.c.person_id == violations.c.person_id).outerjoin(
                units, units.c.id == violations.c.unit_id
            )
        )
        .where(
            violations.c.month.in_(period.months),
            violations.c.status.in_(("confirmed", "contested")),
            _in(level, violations.c.unit_id),
        )
        .order_by(violations.c.month, units.c.name, people.c.full_name, violations.c.id)
    )
    out = []
    for r in conn.execute(query):
        evidence: dict[str, Any] = r.evidence or {}
        excerpts = evidence.get("excerpts") or [{}]
        first = excerpts[0] if isinstance(excerpts[0], dict) else {}
        out.append(
            Case(
                violation_id=int(r.id),
                month=r.month,
                status=r.status,
                rule=r.rule,
                full_name=r.full_name or "(chưa xác định)",
                position=r.position or "",
                unit_name=r.unit_name or UNASSIGNED,
                number=evidence.get("number"),
                doc_date=evidence.get("date"),
                addresses=tuple(evidence.get("addresses") or ()),
                excerpt=first.get("excerpt") or evidence.get("reason"),
                page=first.get("page"),
            )
        )
    return out


def _trend(conn: Connection, period: Period, level: str | None) -> list[TrendPoint]:
    months = months_back(period.months[-1], 12)
    counts: dict[str, list[int]] = {m: [0, 0, 0] for m in months}
    is_confirmed = sa.case((violations.c.status == "confirmed", 1), else_=0)
    violator = sa.case((violations.c.status == "confirmed", violations.c.person_id), else_=None)
    for month, total, confirmed, people_count in conn.execute(
        sa.select(
            violations.c.month,
            sa.func.count(),
            sa.func.sum(is_confirmed),
            sa.func.count(sa.distinct(violator)),
        )
        .where(violations.c.month.in_(months), _in(level, violations.c.unit_id))
        .group_by(violations.c.month)
    ):
        counts[month] = [int(total), int(confirmed or 0), int(people_count)]
    return [TrendPoint(m, *counts[m]) for m in months]


def collect(
    conn: Connection, period: Period, scale: Scale, now: datetime, level: str | None = None
) -> Figures:
    """All the figures of `period`, per unit (district first, then offices, then wards) and in total.

    Drawn at a `level` (a unit code), only that unit's subtree counts, and the rows compare the
    units directly below it: the level's own row, then each unit below with its whole subtree
    added in (a district's wards in the district).  Mail-flow findings count by the unit their
    violation charges; those charged to nobody only at the top of the tree."""
    table = _units(conn, period, level)
    _staff(conn, period, table, level)
    _documents(conn, period, table, level)
    _violations(conn, period, table, scale, level)
    rows = list(table.values()) if level is None else _rolled_up(conn, table, level)
    ordered = sorted(rows, key=lambda u: (u.code == "", KIND_ORDER.get(u.kind, 3)))
    total = UnitFigures("", "Tổng cộng", "")
    for unit in ordered:
        total.add(unit)
    cases, trend = _cases(conn, period, level), _trend(conn, period, level)
    mail = mail_findings(conn, period, level, level is None or _is_top(conn, level))
    closed = [
        f"{table[uid].name if uid in table else code} ({month[5:7]}/{month[:4]})"
        for month in period.months
        for code, uid in _closed_units(conn, month, level)
    ]
    return Figures(period, ordered, total, cases, trend, mail, now, scale.describe_cap(), closed)


def _is_top(conn: Connection, level: str) -> bool:
    """Whether `level` heads its tree (the mail system's whole reach, so its mail counts are its own)."""
    return conn.execute(sa.select(units.c.parent_id).where(units.c.code == level)).scalar() is None


def _rolled_up(conn: Connection, table: dict[int | None, UnitFigures], level: str) -> list[UnitFigures]:
    """The level's row and one row per unit directly below it, each with its subtree added in."""
    parent = dict(
        conn.execute(sa.select(units.c.id, units.c.parent_id).where(tree.within(level, units.c.id))).all()
    )
    top = conn.execute(sa.select(units.c.id).where(units.c.code == level)).scalar()
    out: dict[int | None, UnitFigures] = {}
    for unit_id, figures in list(table.items()):
        into, steps = unit_id, 0
        while into is not None and into != top and parent.get(into) != top and steps < tree.MAX_DEPTH:
            into, steps = parent.get(into), steps + 1
        if into not in out:
            own = _unit_for(table, conn, into)  # a unit below merged away since: named all the same
            out[into] = UnitFigures(own.code, own.name, own.kind)
        out[into].add(figures)
    return list(out.values())


def _closed_units(conn: Connection, month: str, level: str | None) -> list[tuple[str, int]]:
    rows = conn.execute(
        sa.select(units.c.code, units.c.id)
        .join(sheet_closures, sheet_closures.c.unit_id == units.c.id)
        .where(sheet_closures.c.month == month, _in(level, units.c.id))
        .order_by(units.c.id)
    )
    return [(r.code, r.id) for r in rows]
