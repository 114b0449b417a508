"""The queue of review items (DOC-002/003 findings): an inspector promotes one to a violation,
choosing the person with a search-as-you-type picker, or closes it as "not a violation".

Both go through the register (`register.review_items.promote` / `close`, audited there); a refusal
comes back inline, in the page's language, with the typed reason and the chosen person kept.
Heads and leaders see the items in their scope (a head: documents of their unit); only
inspectors act.  The picker's JSON (`/review/items/people?q=`) lists people in the same scope.
"""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from congvu.register import review, review_items
from congvu.register.accounts import Principal
from congvu.register.schema import documents, people
from congvu.web import decisions
from congvu.web.auth import checked_form, require
from congvu.web.highlight import highlight
from congvu.web.i18n import translator
from congvu.web.params import RowId
from congvu.web.scope import may, people_clause, unit_scope
from congvu.web.state import state
from congvu.web.templating import language, render

router = APIRouter()
PAGE = 50  # items per page: the oldest first, a day's work


def documents_clause(who: Principal) -> sa.ColumnElement[bool]:
    """Which documents' review items `who` may see: all for inspectors and leaders, a head their
    unit's, nobody else any."""
    if may(who, "see_units"):
        return unit_scope(who, documents.c.unit_id)
    return sa.false()


def _page(
    request: Request,
    who: Principal,
    *,
    error: str | None = None,
    failed: int | None = None,
    reason: str = "",
    person: str = "",
    status_code: int = 200,
) -> Response:
    web = state(request)
    with web.store.begin() as conn:
        items = review_items.open_items(conn, documents_clause(who), limit=PAGE)
        choices = (
            review_items.search_people(conn, "", people_clause(who), limit=500)
            if may(who, "promote_review")
            else []
        )
    for item in items:
        item["marked"] = highlight(str(item["excerpt"] or ""), [str(item["address"] or "")])
    return render(
        request,
        "review_items.html",
        status_code=status_code,
        items=items,
        people=choices,
        can_act=may(who, "promote_review"),
        error=error,
        failed=failed,
        reason=reason,
        person=person,
        done=request.query_params.get("done"),
    )


@router.get("/review/items")
def queue(request: Request, who: Annotated[Principal, Depends(require("review_queue"))]) -> Response:
    return _page(request, who)


@router.get("/review/items/people")
def people_search(
    request: Request, who: Annotated[Principal, Depends(require("promote_review"))], q: str = ""
) -> JSONResponse:
    """The picker's suggestions: people whose name or id contains `q` (diacritics optional)."""
    with state(request).store.begin() as conn:
        found = review_items.search_people(conn, q[:80], people_clause(who), limit=20)
    return JSONResponse([{"id": p["person_id"], "name": p["full_name"], "unit": p["unit"]} for p in found])


def _visible(request: Request, who: Principal, finding_id: int) -> None:
    """404 unless the finding is a review item `who` may see."""
    with state(request).store.begin() as conn:
        if review_items.item(conn, finding_id, documents_clause(who)) is None:
            raise HTTPException(404, "not found")


@router.post("/review/items/{finding_id}/promote")
async def promote(
    request: Request, finding_id: RowId, who: Annotated[Principal, Depends(require("promote_review"))]
) -> Response:
    form = await checked_form(request)
    reason = str(form.get("reason") or "")
    person = str(form.get("person_id") or "").strip()
    _visible(request, who, finding_id)
    web = state(request)
    try:
        with web.store.begin() as conn:  # the person must be one `who` may see
            seen = conn.execute(
                sa.select(people.c.person_id).where(people.c.person_id == person, people_clause(who))
            ).first()
        if person and seen is None:
            raise review.ReviewError(f"unknown person {person!r}", "unknown_person", person=person)
        violation_id = await run_in_threadpool(
            review_items.promote, web.store, finding_id, person, reason, who.name
        )
    except review.ReviewError as error:
        message = decisions.refusal(translator(language(request)), error)
        return _page(
            request, who, error=message, failed=finding_id, reason=reason, person=person, status_code=409
        )
    finally:
        web.counts.clear()
    return RedirectResponse(f"/violations/{violation_id}?done=1", status_code=303)


@router.post("/review/items/{finding_id}/close")
async def close(
    request: Request, finding_id: RowId, who: Annotated[Principal, Depends(require("promote_review"))]
) -> Response:
    form = await checked_form(request)
    reason = str(form.get("reason") or "")
    _visible(request, who, finding_id)
    web = state(request)
    try:
        await run_in_threadpool(review_items.close, web.store, finding_id, reason, who.name)
    except review.ReviewError as error:
        message = decisions.refusal(translator(language(request)), error)
        return _page(request, who, error=message, failed=finding_id, reason=reason, status_code=409)
    return RedirectResponse("/review/items?done=1", status_code=303)
