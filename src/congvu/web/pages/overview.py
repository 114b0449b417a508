"""The overview: this month, the 12-month trend, and the per-unit table."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.register.months import check_month
from congvu.web import queries
from congvu.web.auth import current_user, request_stamp
from congvu.web.cache import scope_key
from congvu.web.charts import stacked_bars
from congvu.web.i18n import fmt_month, translator
from congvu.web.scope import may, may_see_unit
from congvu.web.state import state
from congvu.web.templating import fragment, language, render

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
    return _asked_month(request) or queries.default_month(conn, state(request).store, who)  # type: ignore[arg-type]


def _asked_month(request: Request) -> str | None:
    raw = request.query_params.get("month")
    if raw:
        try:
            return check_month(raw)
        except ValueError:
            pass
    return None


@router.get("/")
def overview(request: Request, who: Annotated[Principal, Depends(current_user)]) -> Response:
    """The month's figures for the reader's scope.

    The page's main part is kept per (scope, role, month, level, sort, language) under the
    register's stamp (read with the session): fifty inspectors looking at the same month render it
    once, and a request that finds it does no other database work than its session look-up."""
    if not may(who, "see_units"):
        lang = request.query_params.get("lang")
        keep = f"?{urlencode({'lang': lang})}" if lang else ""  # the language link keeps its choice
        return RedirectResponse((f"/people/{who.person_id}" if who.person_id else "/check") + keep, 303)
    web = state(request)
    level = request.query_params.get("level") or None
    stamp = request_stamp(request)
    month = _asked_month(request)
    if level is not None or month is None:
        with web.store.begin() as conn:
            if level is not None and not may_see_unit(conn, who, level):
                raise HTTPException(404, "not found")
            month = month or queries.default_month(conn, web.store, who)
    sort = request.query_params.get("sort")
    key = ("overview", who.role, scope_key(who), month, level, sort, language(request))
    main = web.counts.get(key, stamp, lambda: _main(request, who, month, level, sort))
    return render(request, "overview.html", main=main)


def _main(request: Request, who: Principal, month: str, level: str | None, sort: str | None) -> Markup:
    web = state(request)
    with web.store.begin() as conn:
        months, counts = queries.trend(conn, who, month)
        rows = queries.per_unit(conn, who, month, level)
        awaiting = queries.contested_count(conn, who) if may(who, "confirm") else 0
    t = translator(language(request))
    chart = stacked_bars([fmt_month(m) for m in months], counts, {s: t(s) for s in counts})
    totals = {s: sum(r[s] for r in rows) for s in (*queries.STATUSES, "heads", "total")}
    violators = totals["total"]
    heads_share = round(100 * totals["heads"] / violators) if violators else None
    rows, shown_sort = sort_units(rows, sort)
    return fragment(
        request,
        "_overview_main.html",
        month=month,
        chart=chart,
        rows=rows,
        totals=totals,
        heads_share=heads_share,
        awaiting=awaiting,  # contests of any month, for who decides them
        prev=queries.months_back(month, 2)[0],
        unit_columns=UNIT_COLUMNS,
        sort=shown_sort,
        level=level,
    )
