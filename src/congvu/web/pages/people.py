"""A person's record: who they are and every violation attributed to them (visible ones only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.register.months import check_month
from congvu.web import decisions, queries, triage
from congvu.web.auth import current_user
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()
LISTED = 200  # a person's violations shown at once (all of them, in practice)


@router.get("/people/{person_id}")
def person_page(
    request: Request, person_id: str, who: Annotated[Principal, Depends(current_user)]
) -> Response:
    month = request.query_params.get("month") or None  # from a sheet or a violation of that month
    if month is not None:
        try:
            check_month(month)
        except ValueError as error:
            raise HTTPException(400, str(error)) from error
    with state(request).store.begin() as conn:
        found = queries.person(conn, who, person_id, month)
        if found is None:
            raise HTTPException(404, "not found")
        sort = triage.sort_of(request.query_params)
        listed = triage.Triage(month=None, person=person_id, sort=sort)
        items = triage.rows(conn, who, listed, limit=LISTED, offset=0)
        history = queries.person_units(conn, person_id)
    web = state(request)
    days = decisions.contest_days(web)
    now = web.store.clock()
    for item in items:  # "contest until …" where this viewer may contest it now
        until = decisions.deadline(item, days)
        item["contest_until"] = until if until and now < until and decisions.may_contest(who, item) else None
    return render(
        request,
        "person.html",
        person=found,
        items=items,
        history=history,
        own=who.person_id == person_id,
        cap=web.scale.describe_cap(),
        sort=sort,
        sort_links=triage.sort_links(request.query_params, sort),
    )
