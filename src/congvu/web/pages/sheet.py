"""The monthly evaluation sheet of a unit: view, proposals (heads for their unit), XLSX download."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.register.closures import ClosedSheet, blocking_cases, close_sheet, reopen_sheet
from congvu.register.evaluation import EvaluationError, Sheet, build_sheet, propose_many, set_proposal
from congvu.register.months import check_month
from congvu.register.scales import Scale
from congvu.register.schema import units as units_table
from congvu.register.sheet_xlsx import write_sheet
from congvu.web import decisions, queries
from congvu.web.auth import checked_form, require
from congvu.web.i18n import translator
from congvu.web.pages.overview import pick_month
from congvu.web.scope import may, proposal_unit, store_sees_unit
from congvu.web.state import state
from congvu.web.templating import language, render

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHOICE = "rating:"  # the whole-sheet form names each row's choice "rating:<person_id>"


@dataclass
class SheetDraft:
    """A whole-sheet save in progress: the choices as typed (kept on refusal), the changes they
    make (person_id -> (old, new)), the cap each would meet, and the refusals per row."""

    choices: dict[str, str] = field(default_factory=dict)
    changes: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    capped: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    confirming: bool = False


def _unit(request: Request, who: Principal) -> str:
    code = request.query_params.get("unit") or who.unit_code or "LC"
    if not store_sees_unit(state(request).store, who, code):
        raise HTTPException(404, "not found")
    return code


@router.get("/sheet")
def sheet_page(request: Request, who: Annotated[Principal, Depends(require("sheet"))]) -> Response:
    return _sheet_response(request, who)


def _sheet_response(
    request: Request,
    who: Principal,
    *,
    unit: str | None = None,
    month: str | None = None,
    error: str | None = None,
    reason: str = "",
    status_code: int = 200,
    draft: SheetDraft | None = None,
) -> Response:
    web = state(request)
    code = unit or _unit(request, who)
    days = decisions.contest_days(web)
    with web.store.begin() as conn:
        month = month or pick_month(request, conn, who)
        try:
            sheet = build_sheet(conn, code, month, web.scale)
        except LookupError as error_:
            raise HTTPException(404, "not found") from error_
        units = queries.per_unit(conn, who, month)
        unit_id = conn.execute(sa.select(units_table.c.id).where(units_table.c.code == code)).scalar_one()
        blocking = blocking_cases(conn, unit_id, month, web.store.clock(), days)
    closed = sheet.closed_at is not None
    return render(
        request,
        "sheet.html",
        status_code=status_code,
        sheet=sheet,
        unit=code,
        month=month,
        units=units,
        can_propose=may(who, "propose") and not closed,
        can_close=may(who, "close_sheet") and not closed and not blocking,
        can_reopen=may(who, "close_sheet") and closed,
        blocking=blocking if may(who, "close_sheet") and not closed else [],
        levels=_levels(web.scale),
        error=error,
        reason=reason,
        draft=draft or SheetDraft(),
        saved=_saved(request),
    )


def _saved(request: Request) -> int | None:
    raw = request.query_params.get("saved", "")
    return int(raw) if raw.isdigit() else None


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
    t = translator(language(request))
    try:
        set_proposal(web.store, person_id, month, str(form.get("rating") or ""), web.scale, who.name, scope)
    except ValueError:
        return _sheet_response(
            request, who, unit=unit, month=month, error=t("err_bad_rating"), status_code=400
        )
    except EvaluationError as error:
        closed = any(e.field == "month" for e in error.errors)
        message = t("err_sheet_closed") if closed else str(error.errors[0].message)
        return _sheet_response(request, who, unit=unit, month=month, error=message, status_code=409)
    return RedirectResponse(f"/sheet?unit={unit}&month={month}", status_code=303)


@router.post("/sheet/close")
async def close(request: Request, who: Annotated[Principal, Depends(require("close_sheet"))]) -> Response:
    """Close (action=close) or reopen (action=reopen, with a reason) a unit-month's sheet."""
    form = await checked_form(request)
    web = state(request)
    code, month = str(form.get("unit") or ""), str(form.get("month") or "")
    action, reason = str(form.get("action") or ""), str(form.get("reason") or "")
    try:
        check_month(month)
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    if not store_sees_unit(state(request).store, who, code) or action not in ("close", "reopen"):
        raise HTTPException(404, "not found")
    try:
        if action == "close":
            close_sheet(web.store, code, month, who.name, decisions.contest_days(web))
        else:
            reopen_sheet(web.store, code, month, reason, who.name)
    except ClosedSheet as error:
        message = decisions.refusal(translator(language(request)), error)
        return _sheet_response(
            request, who, unit=code, month=month, error=message, reason=reason, status_code=409
        )
    return RedirectResponse(f"/sheet?unit={code}&month={month}", status_code=303)


@router.post("/sheet/save")
async def save(request: Request, who: Annotated[Principal, Depends(require("propose"))]) -> Response:
    """The whole sheet at once.  Without `confirm`: show the changes (old → new, and where the cap
    will lower a rating) for confirmation.  With it: save every acceptable row (one audited change
    per changed row); refused rows come back inline with their choice kept."""
    form = await checked_form(request)
    web = state(request)
    code, month = str(form.get("unit") or ""), str(form.get("month") or "")
    try:
        check_month(month)
    except ValueError as bad:
        raise HTTPException(400, str(bad)) from bad
    if not store_sees_unit(state(request).store, who, code):
        raise HTTPException(404, "not found")
    choices = {
        key[len(CHOICE) :]: str(value).strip()
        for key, value in form.multi_items()
        if key.startswith(CHOICE) and isinstance(value, str)
    }
    t = translator(language(request))
    with web.store.begin() as conn:
        try:
            sheet = build_sheet(conn, code, month, web.scale)
        except LookupError as missing:
            raise HTTPException(404, "not found") from missing
    draft = _draft(sheet, choices, web.scale, t)
    if form.get("confirm") != "1" or draft.errors:
        draft.confirming = not draft.errors and bool(draft.changes)
        message = t("err_sheet_rows") if draft.errors else (None if draft.changes else t("no_changes"))
        status = 400 if draft.errors else 200
        return _sheet_response(
            request, who, unit=code, month=month, draft=draft, error=message, status_code=status
        )
    scope = who.unit_code if who.role == "head" else code
    wanted = {pid: new for pid, (_old, new) in draft.changes.items()}
    try:
        changed, refused = propose_many(web.store, month, wanted, web.scale, who.name, scope)
    except EvaluationError as refusal:
        raise HTTPException(404, "not found") from refusal
    if refused:
        draft.errors = {pid: t(f"err_{r.code}") for pid, r in refused.items()}
        return _sheet_response(
            request, who, unit=code, month=month, draft=draft, error=t("err_sheet_rows"), status_code=409
        )
    return RedirectResponse(f"/sheet?unit={code}&month={month}&saved={changed}", status_code=303)


def _draft(sheet: Sheet, choices: dict[str, str], scale: Scale, t: Callable[[str], str]) -> SheetDraft:
    """What the typed choices would change on `sheet`; a choice for someone not on it is refused."""
    draft = SheetDraft(choices=choices)
    rows = {r.person_id: r for r in sheet.rows}
    for pid, raw in choices.items():
        if not raw:
            continue  # an empty choice leaves the row untouched
        row = rows.get(pid)
        if row is None:
            draft.errors[pid] = t("err_off_sheet")
            continue
        try:
            value = scale.parse(raw)
        except ValueError:
            draft.errors[pid] = t("err_bad_rating")
            continue
        if value == row.proposed:
            continue
        draft.changes[pid] = (row.proposed, value)
        if row.violations:
            final, lowered = scale.apply_cap(value)
            if lowered:
                draft.capped[pid] = final
    return draft
