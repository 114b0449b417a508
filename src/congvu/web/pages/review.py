"""The review queue and one violation's evidence, with the decisions each role may take."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from congvu.register import audit, review
from congvu.register.accounts import Principal
from congvu.web import queries
from congvu.web.auth import checked_form, current_user, require
from congvu.web.highlight import highlight
from congvu.web.indexes import OPEN_STATUSES
from congvu.web.params import RowId, query_int
from congvu.web.scope import may
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()
DECISIONS = ("confirm", "dismiss", "contest")
QUEUE_PAGE = 25  # cards per page of the review queue: one screenful or two, cheap to render


def _evidence(item: dict[str, object]) -> list[dict[str, object]]:
    """Excerpts with the addresses marked, from the evidence the recorder kept."""
    evidence = item.get("evidence") or {}
    excerpts = evidence.get("excerpts", []) if isinstance(evidence, dict) else []
    return [
        {**e, "marked": highlight(str(e.get("excerpt") or ""), [str(e.get("address") or "")])}
        for e in excerpts
    ]


@router.get("/review")
def queue(request: Request, who: Annotated[Principal, Depends(require("review_queue"))]) -> Response:
    status = request.query_params.get("status") or "open"
    month = request.query_params.get("month") or None
    before = query_int(request.query_params.get("before"), "before")
    statuses = OPEN_STATUSES if status == "open" else (status,)
    with state(request).store.begin() as conn:
        items, next_before = queries.queue_page(
            conn, who, statuses, month=month, before=before, limit=QUEUE_PAGE
        )
    for item in items:
        item["marked"] = _evidence(item)
    return render(
        request,
        "review.html",
        items=items,
        status=status,
        month=month,
        before=before,
        next_before=next_before,
        decisions=_allowed(who),
    )


def _allowed(who: Principal) -> list[str]:
    return [d for d in DECISIONS if may(who, d)]


@router.get("/violations/{violation_id}")
def violation_page(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(current_user)]
) -> Response:
    with state(request).store.begin() as conn:
        item = queries.one_violation(conn, who, violation_id)
        if item is None:
            raise HTTPException(404, "not found")
        events = audit.history(conn, "violation", str(violation_id))
    for f in item["findings"]:
        f["marked"] = highlight(f["excerpt"], [f["as_written"], f["address"]])
    return render(
        request,
        "violation.html",
        item=item,
        events=events,
        decisions=_allowed(who),
        can_assign=may(who, "assign"),
        marked=_evidence(item),
        message=request.query_params.get("done"),
    )


@router.post("/violations/{violation_id}/decide")
async def decide(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(current_user)]
) -> Response:
    form = await checked_form(request)
    action = str(form.get("action") or "")
    if action not in DECISIONS or not may(who, action):
        raise HTTPException(403, "forbidden")
    web = state(request)
    with web.store.begin() as conn:
        if queries.one_violation(conn, who, violation_id) is None:
            raise HTTPException(404, "not found")
    try:
        review.decide(web.store, violation_id, action, str(form.get("reason") or ""), who.name)
    except review.ReviewError as error:
        raise HTTPException(409, str(error)) from error
    finally:
        web.counts.clear()
    return RedirectResponse(f"/violations/{violation_id}?done=1", status_code=303)


@router.post("/violations/{violation_id}/assign")
async def assign(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(require("assign"))]
) -> Response:
    form = await checked_form(request)
    web = state(request)
    with web.store.begin() as conn:
        if queries.one_violation(conn, who, violation_id) is None:
            raise HTTPException(404, "not found")
    try:
        review.assign(
            web.store,
            violation_id,
            str(form.get("person_id") or "").strip(),
            str(form.get("reason") or ""),
            who.name,
        )
    except review.ReviewError as error:
        raise HTTPException(409, str(error)) from error
    finally:
        web.counts.clear()
    return RedirectResponse(f"/violations/{violation_id}?done=1", status_code=303)
