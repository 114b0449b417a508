"""The audit trail, newest first: who did what, when and why."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.register.schema import audit_events
from congvu.web.auth import require
from congvu.web.params import query_int
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()
PAGE = 100


@router.get("/audit")
def audit_page(request: Request, who: Annotated[Principal, Depends(require("audit"))]) -> Response:
    entity = request.query_params.get("entity") or None
    page = query_int(request.query_params.get("page"), "page", default=0, high=1_000_000) or 0
    query = sa.select(audit_events).order_by(audit_events.c.id.desc()).limit(PAGE).offset(page * PAGE)
    if entity:
        query = query.where(audit_events.c.entity == entity)
    with state(request).store.begin() as conn:
        events = [dict(r) for r in conn.execute(query).mappings()]
    return render(request, "audit.html", events=events, entity=entity, page=page, more=len(events) == PAGE)
