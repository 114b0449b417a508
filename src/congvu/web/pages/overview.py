"""The overview: this month, the 12-month trend, and the per-unit table."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.register.months import check_month
from congvu.web import queries
from congvu.web.auth import current_user
from congvu.web.cache import register_stamp, scope_key
from congvu.web.charts import stacked_bars
from congvu.web.i18n import fmt_month, translator
from congvu.web.scope import may, may_see_unit
from congvu.web.state import state
from congvu.web.templating import language, render

router = APIRouter()
# (sort key, message key) of the per-unit table; the keys are the only sorts accepted
UNIT_COLUMNS = (
    ("name", "unit"),
    ("people", "people"),
    ("total", "total"),
    ("pending", "pending"),
    ("confirmed", "confirmed"),
    ("contested", "contested"),
    ("dismissed", "dismissed"),
)


def sort_units(rows: list[dict[str, Any]], raw: str | None) -> tuple[list[dict[str, Any]], str]:
    """The per-unit rows in the asked order (a whitelisted key, `-` for descending); as the
    register lists the units when the key is missing or unknown."""
    sort = raw or ""
    key = sort.lstrip("-")
    if key not in dict(UNIT_COLUMNS):
        return rows, ""
    return sorted(rows, key=lambda r: r[key], reverse=sort.startswith("-")), sort


def pick_month(request: Request, conn: object, who: Principal) -> str:
    raw = request.query_params.get("month")
    if raw:
        try:
            return check_month(raw)
        except ValueError:
            pass
    return queries.default_month(conn, state(request).store, who)  # type: ignore[arg-type]


@router.get("/")
def overview(request: Request, who: Annotated[Principal, Depends(current_user)]) -> Response:
    if not may(who, "see_units"):
        lang = request.query_params.get("lang")
        keep = f"?{urlencode({'lang': lang})}" if lang else ""  # the language link keeps its choice
        return RedirectResponse((f"/people/{who.person_id}" if who.person_id else "/check") + keep, 303)
    web = state(request)
    level = request.query_params.get("level") or None
    with web.store.begin() as conn:
        if level is not None and not may_see_unit(conn, who, level):
            raise HTTPException(404, "not found")
        month = pick_month(request, conn, who)
        months, counts, rows, awaiting = web.counts.get(
            (scope_key(who), month, level),
            register_stamp(conn),
            lambda: (
                *queries.trend(conn, who, month),
                queries.per_unit(conn, who, month, level),
                queries.contested_count(conn, who),
            ),
        )
    t = translator(language(request))
    chart = stacked_bars([fmt_month(m) for m in months], counts, {s: t(s) for s in counts})
    totals = {s: sum(r[s] for r in rows) for s in (*queries.STATUSES, "heads", "total")}
    violators = totals["total"]
    heads_share = round(100 * totals["heads"] / violators) if violators else None
    rows, sort = sort_units(rows, request.query_params.get("sort"))
    return render(
        request,
        "overview.html",
        month=month,
        chart=chart,
        rows=rows,
        totals=totals,
        heads_share=heads_share,
        awaiting=awaiting if may(who, "confirm") else 0,  # contests of any month, for who decides them
        prev=queries.months_back(month, 2)[0],
        unit_columns=UNIT_COLUMNS,
        sort=sort,
        level=level,
    )
