"""A violation's reminder: the preview (the text notify sends), the send, and the history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.web import queries, reminders
from congvu.web.auth import checked_form, require
from congvu.web.params import RowId
from congvu.web.scope import may
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()


def _item(request: Request, who: Principal, violation_id: int) -> dict[str, Any]:
    """The violation if `who` may see it; 404 otherwise (out of scope looks like missing)."""
    with state(request).store.begin() as conn:
        item = queries.one_violation(conn, who, violation_id)
    if item is None:
        raise HTTPException(404, "not found")
    return item


def _page(
    request: Request,
    who: Principal,
    item: dict[str, Any],
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    shown = reminders.preview(state(request), item)
    return render(
        request,
        "reminder.html",
        status_code=status_code,
        item=item,
        preview=shown,
        can_send=may(who, "remind") and shown.status == "confirmed" and bool(shown.messages),
        error=error,
        sent=request.query_params.get("sent"),
    )


@router.get("/violations/{violation_id}/reminder")
def reminder_page(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(require("remind_preview"))]
) -> Response:
    return _page(request, who, _item(request, who, violation_id))


@router.post("/violations/{violation_id}/reminder")
async def send_reminder(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(require("remind"))]
) -> Response:
    await checked_form(request)
    item = _item(request, who, violation_id)
    web = state(request)
    try:
        await run_in_threadpool(reminders.queue, web, who.name, item, web.transport)
    except reminders.ReminderRefused as refused:
        return _page(request, who, item, error=f"err_remind_{refused.code}", status_code=409)
    return RedirectResponse(f"/violations/{violation_id}/reminder?sent=1", status_code=303)
