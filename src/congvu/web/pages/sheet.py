"""The monthly evaluation sheet of a unit: view, proposals (heads for their unit), XLSX download."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.register.evaluation import EvaluationError, build_sheet, set_proposal
from congvu.register.months import check_month
from congvu.register.sheet_xlsx import write_sheet
from congvu.web import queries
from congvu.web.auth import checked_form, require
from congvu.web.pages.overview import pick_month
from congvu.web.scope import may, may_see_unit, proposal_unit
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit(request: Request, who: Principal) -> str:
    code = request.query_params.get("unit") or who.unit_code or "LC"
    if not may_see_unit(who, code):
        raise HTTPException(404, "not found")
    return code


@router.get("/sheet")
def sheet_page(request: Request, who: Annotated[Principal, Depends(require("sheet"))]) -> Response:
    web = state(request)
    code = _unit(request, who)
    with web.store.begin() as conn:
        month = pick_month(request, conn, who)
        try:
            sheet = build_sheet(conn, code, month, web.scale)
        except LookupError as error:
            raise HTTPException(404, "not found") from error
        units = queries.per_unit(conn, who, month)
    return render(
        request,
        "sheet.html",
        sheet=sheet,
        unit=code,
        month=month,
        units=units,
        can_propose=may(who, "propose"),
        levels=_levels(web.scale),
    )


def _levels(scale: object) -> list[str]:
    return list(getattr(scale, "levels", []) or [])


@router.get("/sheet/xlsx")
def sheet_xlsx(request: Request, who: Annotated[Principal, Depends(require("sheet"))]) -> Response:
    web = state(request)
    code = _unit(request, who)
    try:
        month = check_month(request.query_params.get("month", ""))
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    with web.store.begin() as conn:
        try:
            sheet = build_sheet(conn, code, month, web.scale)
        except LookupError as error:
            raise HTTPException(404, "not found") from error
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "sheet.xlsx"
        write_sheet(sheet, target)
        data = target.read_bytes()
    filename = f"danh-gia-{code}-{month}.xlsx"
    return Response(
        data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@router.post("/sheet/propose")
async def propose(request: Request, who: Annotated[Principal, Depends(require("propose"))]) -> Response:
    form = await checked_form(request)
    web = state(request)
    person_id, month = str(form.get("person_id") or ""), str(form.get("month") or "")
    try:
        check_month(month)
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    with web.store.begin() as conn:
        unit = proposal_unit(conn, who, person_id, month)
    if unit is None:
        raise HTTPException(404, "not found")
    scope = who.unit_code if who.role == "head" else None  # checked again inside the transaction
    try:
        set_proposal(web.store, person_id, month, str(form.get("rating") or ""), web.scale, who.name, scope)
    except (ValueError, EvaluationError) as error:
        raise HTTPException(400, str(error)) from error
    return RedirectResponse(f"/sheet?unit={unit}&month={month}", status_code=303)
