"""Units: the list (visible units only) and one unit's people and violations."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import Response

from congvu.output.cells import csv_row
from congvu.register.accounts import Principal
from congvu.web import queries, triage
from congvu.web.auth import require
from congvu.web.i18n import translator
from congvu.web.pages.overview import UNIT_COLUMNS, pick_month, sort_units
from congvu.web.pages.violations import csv_response
from congvu.web.scope import store_sees_unit
from congvu.web.state import state
from congvu.web.templating import language, render

router = APIRouter()


@router.get("/units")
def unit_list(request: Request, who: Annotated[Principal, Depends(require("see_units"))]) -> Response:
    with state(request).store.begin() as conn:
        month = pick_month(request, conn, who)
        rows = queries.per_unit(conn, who, month)
    rows, sort = sort_units(rows, request.query_params.get("sort"))
    return render(request, "units.html", rows=rows, month=month, sort=sort, unit_columns=UNIT_COLUMNS)


@router.get("/units.csv")
def unit_csv(request: Request, who: Annotated[Principal, Depends(require("see_units"))]) -> Response:
    """The per-unit table of the overview and the units page, for one month."""
    with state(request).store.begin() as conn:
        month = pick_month(request, conn, who)
        rows = queries.per_unit(conn, who, month)
    rows, _ = sort_units(rows, request.query_params.get("sort"))
    lang = language(request)
    t = translator(lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row([t("month"), t("code"), *(t(label) for _, label in UNIT_COLUMNS)]))
    for r in rows:
        writer.writerow(csv_row([month, r["code"], *(r[key] for key, _ in UNIT_COLUMNS)]))
    return csv_response(out.getvalue(), f"don-vi-{month}.csv" if lang == "vi" else f"units-{month}.csv")


PEOPLE_SORTS = ("person_id", "full_name", "position")


def sort_people(rows: list[dict[str, Any]], raw: str | None) -> tuple[list[dict[str, Any]], str]:
    """A unit's people by a whitelisted column (`psort`), heads first when none is asked."""
    key = (raw or "").lstrip("-")
    if key not in PEOPLE_SORTS:
        return rows, ""
    return sorted(rows, key=lambda r: str(r[key] or ""), reverse=(raw or "").startswith("-")), str(raw)


def people_links(request: Request, current: str) -> dict[str, str]:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("psort", "lang")]
    return {k: "?" + urlencode([*kept, ("psort", f"-{k}" if current == k else k)]) for k in PEOPLE_SORTS}


@router.get("/units/{code}")
def unit_page(
    request: Request, code: str, who: Annotated[Principal, Depends(require("see_units"))]
) -> Response:
    if not store_sees_unit(state(request).store, who, code):
        raise HTTPException(404, "not found")
    with state(request).store.begin() as conn:
        month = pick_month(request, conn, who)
        row = next((r for r in queries.per_unit(conn, who, month) if r["code"] == code), None)
        if row is None:
            raise HTTPException(404, "not found")
        people = queries.unit_people(conn, who, code)
        sort = triage.sort_of(request.query_params)
        items = triage.rows(conn, who, triage.Triage(month=None, unit=code, sort=sort), limit=200, offset=0)
    people, psort = sort_people(people, request.query_params.get("psort"))
    return render(
        request,
        "unit.html",
        unit=row,
        people=people,
        items=items,
        month=month,
        sort=sort,
        sort_links=triage.sort_links(request.query_params, sort),
        psort=psort,
        people_links=people_links(request, psort),
    )


@router.get("/units/{code}/people.csv")
def unit_people_csv(
    request: Request, code: str, who: Annotated[Principal, Depends(require("see_units"))]
) -> Response:
    """A unit's people as its page lists them (the head first)."""
    if not store_sees_unit(state(request).store, who, code):
        raise HTTPException(404, "not found")
    with state(request).store.begin() as conn:
        found = queries.unit_people(conn, who, code)
    lang = language(request)
    t = translator(lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row([t("person_code"), t("person"), t("position")]))
    for p in found:
        writer.writerow(csv_row([p["person_id"], p["full_name"], p["position"] or ""]))
    stem = "can-bo" if lang == "vi" else "people"
    return csv_response(out.getvalue(), f"{stem}-{code}.csv")
