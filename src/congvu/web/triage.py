"""Triage of violations: one filtered, sorted list the way issue trackers do it (Sentry, Purview).

The filters (month, unit or a unit with everything below it, rule, status, assignee) and the sort
live in the URL, so they survive navigation, the pager, the CSV export, a bulk decision and the
"next case" link.  Sorting is server-side over a whitelist of keys (`SORTS`); each key is a
non-null expression with the id as tie-breaker, so that "the next case after #n" is a keyset
comparison on (key, id) that holds even once #n no longer matches the filter (a pending case just confirmed).

Counts per filter value (the facets) are computed for one month at a time: on a million
violations a month is a few tens of thousands of rows, counted from the index
`ix_violations_month_unit_status` (status, unit and person are in its key), and the counts are
kept in the overview's stamp-checked cache.  Across all months the facets are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from starlette.datastructures import QueryParams

from congvu.register.accounts import Principal
from congvu.register.months import check_month
from congvu.register.schema import OPEN_STATUSES, documents, people, units, violations
from congvu.register.tree import subtree
from congvu.web.params import query_int
from congvu.web.queries import STATUSES, _listing
from congvu.web.scope import unit_id_of, violation_clause

PAGE = 50
EXPORT_MAX = 100_000  # a bigger export is a job for `congvu violations list`
ALL_MONTHS = "all"
UNATTRIBUTED = "-"  # the assignee filter for cases with no person yet
STATUS_FILTERS = ("open", *STATUSES)
TOP_PEOPLE = 15  # the assignee facet lists the people with most cases

# sort key -> expression (never NULL: the keyset comparison needs a value)
SORTS: dict[str, Any] = {
    "id": violations.c.id,
    "month": violations.c.month,
    "person": sa.func.coalesce(people.c.full_name, ""),
    "unit": sa.func.coalesce(units.c.name, ""),
    "document": sa.func.coalesce(documents.c.number, ""),
    "rule": violations.c.rule,
    "status": violations.c.status,
    "created": violations.c.created_at,
    "decided": sa.func.coalesce(violations.c.decided_at, violations.c.created_at),
}
DEFAULT_SORT = "-id"


@dataclass(frozen=True, slots=True)
class Triage:
    """What the inspector asked for; empty fields do not filter.  `month` None is every month."""

    month: str | None
    unit: str = ""
    under: str = ""  # a unit code: its whole subtree (the overview's rolled-up rows link here)
    rule: str = ""
    status: str = ""
    person: str = ""
    sort: str = DEFAULT_SORT
    page: int = 0

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    def params(self, **changes: Any) -> dict[str, str]:
        """The filter as URL parameters (defaults left out), with `changes` applied."""
        wanted = replace(self, **changes) if changes else self
        raw = {
            "month": wanted.month or ALL_MONTHS,
            "unit": wanted.unit,
            "under": wanted.under,
            "rule": wanted.rule,
            "status": wanted.status,
            "person": wanted.person,
            "sort": "" if wanted.sort == DEFAULT_SORT else wanted.sort,
            "page": str(wanted.page) if wanted.page else "",
        }
        return {k: v for k, v in raw.items() if v}

    def qs(self, **changes: Any) -> str:
        return urlencode(self.params(**changes))

    def sort_link(self, key: str) -> str:
        """The list sorted by `key`: ascending first, then the other way round (page 1 again)."""
        ascending = self.sort_key != key or self.descending
        return self.qs(sort=key if ascending else f"-{key}", page=0)

    def conditions(self, without: str = "") -> list[ColumnElement[bool]]:
        """WHERE clauses on `violations` alone (no joins), leaving out the dimension `without`."""
        c = violations.c
        out: list[ColumnElement[bool]] = []
        if self.month and without != "month":
            out.append(c.month == self.month)
        if self.unit and without != "unit":
            out.append(c.unit_id == unit_id_of(self.unit))
        if self.under and without != "under":
            out.append(c.unit_id.in_(sa.select(subtree(unit_id_of(self.under)).c.id)))
        if self.rule and without != "rule":
            out.append(c.rule == self.rule)
        if self.status and without != "status":
            out.append(c.status.in_(OPEN_STATUSES) if self.status == "open" else c.status == self.status)
        if self.person and without != "person":
            out.append(c.person_id.is_(None) if self.person == UNATTRIBUTED else c.person_id == self.person)
        return out


def _text(params: QueryParams, name: str, longest: int = 64) -> str:
    from fastapi import HTTPException

    value = (params.get(name) or "").strip()
    if len(value) > longest:
        raise HTTPException(400, f"parameter {name!r} is too long")
    return value


def parse(params: QueryParams, default_month: str) -> Triage:
    """The filter from a query string; unknown values are a 400, never a silent 'everything'."""
    from fastapi import HTTPException

    raw_month = _text(params, "month") or default_month
    month: str | None = None
    if raw_month != ALL_MONTHS:
        try:
            month = check_month(raw_month)
        except ValueError:
            raise HTTPException(400, "bad month in parameter 'month'") from None
    status = _text(params, "status")
    if status and status not in STATUS_FILTERS:
        raise HTTPException(400, "unknown status in parameter 'status'")
    sort = _text(params, "sort") or DEFAULT_SORT
    if sort.lstrip("-") not in SORTS:
        raise HTTPException(400, "unknown sort key in parameter 'sort'")
    return Triage(
        month=month,
        unit=_text(params, "unit"),
        under=_text(params, "under"),
        rule=_text(params, "rule", 16),
        status=status,
        person=_text(params, "person"),
        sort=sort,
        page=query_int(params.get("page"), "page", default=0, high=100_000) or 0,
    )


def sort_of(params: QueryParams) -> str:
    """The `sort` parameter of a page's table, the default when missing or not a key."""
    raw = params.get("sort") or DEFAULT_SORT
    return raw if raw.lstrip("-") in SORTS else DEFAULT_SORT


def sort_links(params: QueryParams, current: str) -> dict[str, str]:
    """For each sort key, this page's query sorted by it (the other way round if it is the key)."""
    kept = [(k, v) for k, v in params.multi_items() if k not in ("sort", "lang", "done")]
    return {key: "?" + urlencode([*kept, ("sort", f"-{key}" if current == key else key)]) for key in SORTS}


def _ordered(query: sa.Select[Any], wanted: Triage) -> sa.Select[Any]:
    key = SORTS[wanted.sort_key]
    if wanted.descending:
        return query.order_by(key.desc(), violations.c.id.desc())
    return query.order_by(key.asc(), violations.c.id.asc())


def _keyed(wanted: Triage, *columns: Any) -> sa.Select[Any]:
    """`columns` of the violations matching `wanted`, joined only to what the sort key needs: the
    filters and every key but the names are columns of `ix_violations_triage`."""
    base: Any = violations
    if wanted.sort_key == "person":
        base = base.outerjoin(people, violations.c.person_id == people.c.person_id)
    elif wanted.sort_key == "unit":
        base = base.outerjoin(units, violations.c.unit_id == units.c.id)
    elif wanted.sort_key == "document":
        base = base.outerjoin(documents, violations.c.document_id == documents.c.id)
    return sa.select(*columns).select_from(base)


def rows(
    conn: Connection, who: Principal, wanted: Triage, *, limit: int = PAGE, offset: int | None = None
) -> list[dict[str, Any]]:
    """Visible violations matching `wanted`, sorted, one page (`limit` + 1 to tell if more follow).

    A page is found by id first (from the index) and only its rows are read in full; an export
    (a large `limit`) reads the rows in one pass."""
    start = wanted.page * PAGE if offset is None else offset
    scope = (violation_clause(who), *wanted.conditions())
    if limit > 1000:
        query = _ordered(_listing().where(*scope), wanted).limit(limit).offset(start)
        return [dict(r) for r in conn.execute(query).mappings()]
    page = _ordered(_keyed(wanted, violations.c.id).where(*scope), wanted).limit(limit).offset(start)
    ids = [int(v) for v in conn.execute(page).scalars()]
    if not ids:
        return []
    found = {r["id"]: dict(r) for r in conn.execute(_listing().where(violations.c.id.in_(ids))).mappings()}
    return [found[i] for i in ids if i in found]


def next_case(conn: Connection, who: Principal, wanted: Triage, after: int) -> int | None:
    """The case that follows #`after` in the filtered, sorted list (None at its end)."""
    key = SORTS[wanted.sort_key]
    value = conn.execute(
        _keyed(wanted, key.label("k")).where(violations.c.id == after, violation_clause(who))
    ).scalar()
    if value is None:
        return None
    vid = violations.c.id
    if wanted.descending:
        beyond = sa.or_(key < value, sa.and_(key == value, vid < after))
    else:
        beyond = sa.or_(key > value, sa.and_(key == value, vid > after))
    query = _ordered(_keyed(wanted, vid).where(violation_clause(who), *wanted.conditions(), beyond), wanted)
    found = conn.execute(query.limit(1)).scalar()
    return int(found) if found is not None else None


def facets(conn: Connection, who: Principal, wanted: Triage) -> dict[str, list[dict[str, Any]]]:
    """Counts per value of each filter, the other filters applied: what clicking it would show."""
    if wanted.month is None:
        return {}
    scope = violation_clause(who)
    c = violations.c

    def grouped(column: Any, without: str) -> list[tuple[Any, int]]:
        query = sa.select(column, sa.func.count()).where(scope, *wanted.conditions(without)).group_by(column)
        return [(value, int(n)) for value, n in conn.execute(query)]

    by_status = dict(grouped(c.status, "status"))
    status = [{"value": s, "n": by_status.get(s, 0)} for s in STATUSES]
    status.insert(0, {"value": "open", "n": sum(by_status.get(s, 0) for s in OPEN_STATUSES)})

    by_unit = dict(grouped(c.unit_id, "unit"))
    names = {
        r.id: (r.code, r.name)
        for r in conn.execute(
            sa.select(units.c.id, units.c.code, units.c.name).where(
                sa.or_(units.c.id.in_(by_unit), units.c.code == wanted.unit)
            )
        )
    }
    for i, (code, _) in names.items():  # the chosen value stays in sight, with its zero
        if code == wanted.unit:
            by_unit.setdefault(i, 0)
    unit = sorted(
        ({"value": names[i][0], "label": names[i][1], "n": n} for i, n in by_unit.items() if i in names),
        key=lambda f: (-f["n"], f["label"]),
    )
    by_rule = dict(grouped(c.rule, "rule"))
    if wanted.rule:
        by_rule.setdefault(wanted.rule, 0)
    rule = [{"value": r, "n": n} for r, n in sorted(by_rule.items(), key=lambda p: (-p[1], p[0]))]

    by_person = sorted(grouped(c.person_id, "person"), key=lambda p: (-p[1], str(p[0])))[:TOP_PEOPLE]
    chosen = None if wanted.person == UNATTRIBUTED else wanted.person
    if wanted.person and all(p != chosen for p, _ in by_person):
        by_person.append((chosen, 0))
    ids = [p for p, _ in by_person if p is not None]
    full = dict(
        conn.execute(
            sa.select(people.c.person_id, people.c.full_name).where(people.c.person_id.in_(ids))
        ).all()
    )
    person = [
        {"value": p if p is not None else UNATTRIBUTED, "label": full.get(p, p) if p else None, "n": n}
        for p, n in by_person
    ]
    return {"status": status, "unit": unit, "rule": rule, "person": person}
