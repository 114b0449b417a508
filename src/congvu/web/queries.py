"""Read-only questions the pages ask the register, always within the asker's visibility."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.clock import LOCAL
from congvu.register.accounts import Principal
from congvu.register.schema import (
    documents,
    findings,
    memberships,
    people,
    units,
    violation_findings,
    violations,
)
from congvu.register.store import Store
from congvu.register.tree import within
from congvu.register.violations import occurrences
from congvu.web.scope import people_clause, unit_scope, violation_clause

STATUSES = ("pending", "confirmed", "dismissed", "contested")


def months_back(month: str, count: int) -> list[str]:
    """`count` months ending with `month`, oldest first."""
    year, mon = int(month[:4]), int(month[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{mon:02d}")
        year, mon = (year - 1, 12) if mon == 1 else (year, mon - 1)
    return out[::-1]


def default_month(conn: Connection, store: Store, who: Principal) -> str:
    """This month in Đà Nẵng, unless it has no violations yet and an earlier month does."""
    now = store.clock().astimezone(LOCAL)
    current = f"{now.year:04d}-{now.month:02d}"
    latest = conn.execute(
        sa.select(sa.func.max(violations.c.month)).where(violation_clause(who), violations.c.month <= current)
    ).scalar()
    has_current = latest == current
    return current if has_current or latest is None else str(latest)


def trend(conn: Connection, who: Principal, month: str) -> tuple[list[str], dict[str, list[int]]]:
    """Violations per month and status over the 12 months ending with `month`."""
    months = months_back(month, 12)
    counts = {s: [0] * 12 for s in STATUSES}
    rows = conn.execute(
        sa.select(violations.c.month, violations.c.status, sa.func.count())
        .where(violation_clause(who), violations.c.month.between(months[0], months[-1]))
        .group_by(violations.c.month, violations.c.status)
    )
    for m, status, n in rows:
        if status in counts:
            counts[status][months.index(m)] = int(n)
    return months, counts


def contested_count(conn: Connection, who: Principal) -> int:
    """Contested cases of every month within `who`'s scope: each awaits an inspector's decision."""
    query = sa.select(sa.func.count()).where(violation_clause(who), violations.c.status == "contested")
    return int(conn.execute(query.select_from(violations)).scalar() or 0)


def per_unit(conn: Connection, who: Principal, month: str, level: str | None = None) -> list[dict[str, Any]]:
    """One row per visible open unit: people, violations by status this month, heads among violators.

    Drawn at a `level` (a unit code, checked against the scope by the caller), the rows are that
    unit (its own people and cases) and then each unit directly below it with everything of its
    subtree added in (a district's wards count in the district), so the units below compare."""
    scope = unit_scope(who, units.c.id)
    staff = sa.select(people.c.unit_id, sa.func.count().label("n")).group_by(people.c.unit_id).subquery()
    rows = conn.execute(
        sa.select(
            units.c.id,
            units.c.code,
            units.c.name,
            units.c.kind,
            units.c.parent_id,
            units.c.valid_to,
            staff.c.n,
        )
        .select_from(units.outerjoin(staff, staff.c.unit_id == units.c.id))
        .where(scope if level is None else sa.and_(scope, within(level, units.c.id)))
        .order_by(units.c.id)
    ).all()
    blank = {s: 0 for s in (*STATUSES, "heads")}
    stats: dict[int, dict[str, int]] = {}
    for unit_id, status, is_head, n in conn.execute(
        sa.select(violations.c.unit_id, violations.c.status, people.c.is_head, sa.func.count())
        .select_from(violations.outerjoin(people, violations.c.person_id == people.c.person_id))
        .where(violation_clause(who), violations.c.month == month)
        .group_by(violations.c.unit_id, violations.c.status, people.c.is_head)
    ):
        entry = stats.setdefault(unit_id, dict(blank))
        entry[status] = entry.get(status, 0) + int(n)
        if is_head:
            entry["heads"] += int(n)
    people_of = {r.id: r.n or 0 for r in rows}
    shown = rows
    if level is not None:
        top = next((r.id for r in rows if r.code == level), None)
        parent = {r.id: r.parent_id for r in rows}
        below_top = {r.id for r in rows if r.parent_id == top}

        def under(unit_id: int) -> int:
            """The row `unit_id` counts in: itself at the top or just below it, else its ancestor there."""
            seen = 0
            while unit_id != top and unit_id not in below_top and seen < 32:
                unit_id, seen = parent.get(unit_id) or top or unit_id, seen + 1
            return unit_id

        rolled: dict[int, dict[str, int]] = {}
        staff_count: dict[int, int] = {}
        for r in rows:
            into = under(r.id)
            staff_count[into] = staff_count.get(into, 0) + people_of[r.id]
            own = stats.get(r.id, blank)
            entry = rolled.setdefault(into, dict(blank))
            for key in entry:
                entry[key] += own.get(key, 0)
        stats, people_of = rolled, staff_count
        shown = [r for r in rows if r.id == top or r.id in below_top]
    parents = {r.parent_id for r in rows}
    out = []
    for r in shown:
        if r.valid_to is not None:
            continue
        s = stats.get(r.id, blank)
        out.append(
            {
                "code": r.code,
                "name": r.name,
                "kind": r.kind,
                "people": people_of.get(r.id, 0),
                **s,
                "total": sum(s[st] for st in STATUSES),
                "below": r.id in parents,
            }
        )
    return out


def _listing() -> sa.Select[Any]:
    """Violations with person, unit and document, the columns the lists show."""
    return sa.select(
        violations.c.id,
        violations.c.month,
        violations.c.status,
        violations.c.rule,
        violations.c.person_id,
        violations.c.evidence,
        violations.c.created_at,
        violations.c.decided_at,
        violations.c.decision_no,
        violations.c.contested_no,
        violations.c.final,
        people.c.full_name,
        units.c.code.label("unit"),
        units.c.name.label("unit_name"),
        documents.c.number,
        documents.c.path,
        documents.c.subject,
        documents.c.date,
    ).select_from(
        violations.outerjoin(people, violations.c.person_id == people.c.person_id)
        .outerjoin(units, violations.c.unit_id == units.c.id)
        .outerjoin(documents, violations.c.document_id == documents.c.id)
    )


def violation_rows(
    conn: Connection,
    who: Principal,
    *,
    month: str | None = None,
    unit: str | None = None,
    status: str | None = None,
    person: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Visible violations, newest first, with person, unit and document for the lists."""
    query = (
        _listing().where(violation_clause(who)).order_by(violations.c.id.desc()).limit(limit).offset(offset)
    )
    if month:
        query = query.where(violations.c.month == month)
    if unit:
        query = query.where(units.c.code == unit)
    if status:
        query = query.where(violations.c.status == status)
    if person:
        query = query.where(violations.c.person_id == person)
    return [dict(r) for r in conn.execute(query).mappings()]


def queue_page(
    conn: Connection,
    who: Principal,
    statuses: tuple[str, ...],
    *,
    month: str | None = None,
    before: int | None = None,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of the review queue, newest first, and the id to continue from (None at the end).

    Keyset, not OFFSET: the next page starts below the last id shown, so page 200 costs what page 1
    does and a decision taken meanwhile does not shift rows between pages.  The status list
    ('pending', 'contested') matches the partial index `ix_violations_open` word for word.
    """
    query = (
        _listing()
        .where(violation_clause(who), violations.c.status.in_(statuses))
        .order_by(violations.c.id.desc())
        .limit(limit + 1)
    )
    if month:
        query = query.where(violations.c.month == month)
    if before is not None:
        query = query.where(violations.c.id < before)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (int(rows[-1]["id"]) if more else None)


def one_violation(conn: Connection, who: Principal, violation_id: int) -> dict[str, Any] | None:
    """A visible violation with its findings (the evidence), or None when missing or not visible."""
    query = (
        sa.select(
            violations,
            people.c.full_name,
            units.c.code.label("unit"),
            units.c.name.label("unit_name"),
            documents.c.number,
            documents.c.path,
            documents.c.subject,
            documents.c.date.label("doc_date"),
            documents.c.issuer,
            documents.c.signer,
        )
        .select_from(
            violations.outerjoin(people, violations.c.person_id == people.c.person_id)
            .outerjoin(units, violations.c.unit_id == units.c.id)
            .outerjoin(documents, violations.c.document_id == documents.c.id)
        )
        .where(violations.c.id == violation_id, violation_clause(who))
    )
    row = conn.execute(query).mappings().first()
    if row is None:
        return None
    item = dict(row)
    item["findings"] = [
        dict(f)
        for f in conn.execute(
            sa.select(
                findings.c.address,
                findings.c.as_written,
                findings.c.page,
                findings.c.line,
                findings.c.excerpt,
                findings.c.reason,
                findings.c.part,
                findings.c.cue,
                findings.c.rule,
            )
            .select_from(findings.join(violation_findings, violation_findings.c.finding_id == findings.c.id))
            .where(violation_findings.c.violation_id == violation_id)
            .order_by(findings.c.id)
        ).mappings()
    ]
    item["occurrences"] = [{**o, "shown": _shown(o)} for o in occurrences(conn, violation_id)]
    return item


def _shown(occurrence: dict[str, Any]) -> str:
    """Where a document was met, without the server's folders: the file's name and the path
    inside it ("ho-so-thang-6.zip/27-TB-UBND.docx")."""
    from congvu.web.templating import file_name

    path, file = str(occurrence["path"]), str(occurrence.get("file") or "")
    if file and path.startswith(file):
        return file_name(file) + path[len(file) :]
    return file_name(path)


def person(
    conn: Connection, who: Principal, person_id: str, month: str | None = None
) -> dict[str, Any] | None:
    """The person if `who` may see them (today, or on the sheet of `month`; see `people_clause`)."""
    row = (
        conn.execute(
            sa.select(people, units.c.code.label("unit"), units.c.name.label("unit_name"))
            .select_from(people.join(units, people.c.unit_id == units.c.id))
            .where(people.c.person_id == person_id, people_clause(who, month))
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def person_units(conn: Connection, person_id: str) -> list[dict[str, Any]]:
    """The person's units over time, oldest first (the caller has checked they may see the person)."""
    return [
        dict(r)
        for r in conn.execute(
            sa.select(
                units.c.code.label("unit"),
                units.c.name.label("unit_name"),
                memberships.c.valid_from,
                memberships.c.valid_to,
            )
            .select_from(memberships.join(units, memberships.c.unit_id == units.c.id))
            .where(memberships.c.person_id == person_id)
            .order_by(memberships.c.id)
        ).mappings()
    ]


def unit_people(conn: Connection, who: Principal, code: str) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in conn.execute(
            sa.select(people.c.person_id, people.c.full_name, people.c.position, people.c.is_head)
            .select_from(people.join(units, people.c.unit_id == units.c.id))
            .where(units.c.code == code, people_clause(who))
            .order_by(people.c.is_head.desc(), people.c.person_id)
        ).mappings()
    ]
