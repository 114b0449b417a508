"""Units: the list (visible units only) and one unit's people and violations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.web import queries
from congvu.web.auth import require
from congvu.web.pages.overview import pick_month
from congvu.web.scope import may_see_unit
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()


@router.get("/units")
def unit_list(request: Request, who: Annotated[Principal, Depends(require("see_units"))]) -> Response:
    with state(request).store.begin() as conn:
        month = pick_month(request, conn, who)
        rows = queries.per_unit(conn, who, month)
    return render(request, "units.html", rows=rows, month=month)


@router.get("/units/{code}")
def unit_page(
    request: Request, code: str, who: Annotated[Principal, Depends(require("see_units"))]
) -> Response:
    if not may_see_unit(who, code):
        raise HTTPException(404, "not found")
    with state(request).store.begin() as conn:
        month = pick_month(request, conn, who)
        row = next((r for r in queries.per_unit(conn, who, month) if r["code"] == code), None)
        if row is None:
            raise HTTPException(404, "not found")
        people = queries.unit_people(conn, who, code)
        items = queries.violation_rows(conn, who, unit=code)
    return render(request, "unit.html", unit=row, people=people, items=items, month=month)
