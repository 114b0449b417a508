"""The review queue and one violation's evidence, with the decisions each role may take."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse
from markupsafe import Markup
from sqlalchemy.engine import Connection
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.responses import Response

from congvu.register import audit, originals, review
from congvu.register.accounts import Principal
from congvu.register.schema import OPEN_STATUSES, documents
from congvu.web import decisions, i18n, queries, reminders, resume, triage
from congvu.web.auth import checked_form, current_user, request_stamp, require
from congvu.web.cache import scope_key
from congvu.web.highlight import highlight
from congvu.web.i18n import translator
from congvu.web.params import RowId, query_int
from congvu.web.scope import may
from congvu.web.state import WebState, state
from congvu.web.templating import file_name, fragment, language, render

router = APIRouter()
DECISIONS = ("confirm", "dismiss", "contest", "reopen")
QUEUE_PAGE = 25  # cards per page of the review queue: one screenful or two, cheap to render


def _evidence(item: dict[str, object]) -> list[dict[str, object]]:
    """Excerpts with the addresses marked, from the evidence the recorder kept."""
    evidence = item.get("evidence") or {}
    excerpts = evidence.get("excerpts", []) if isinstance(evidence, dict) else []
    return [
        {**e, "marked": highlight(str(e.get("excerpt") or ""), [str(e.get("address") or "")])}
        for e in excerpts
    ]


def _mail(item: dict[str, object]) -> dict[str, object] | None:
    """A mail violation's messages (the first ones the recorder kept) and how many there are."""
    if not str(item.get("rule") or "").startswith("MAIL-"):
        return None
    evidence = item.get("evidence")
    kept = evidence.get("messages", []) if isinstance(evidence, dict) else []
    messages = [m for m in kept if isinstance(m, dict)]
    linked = item.get("findings")
    count = len(linked) if isinstance(linked, list) and linked else len(messages)
    return {"messages": messages, "count": max(count, len(messages))}


def _original(web: WebState, conn: Connection, item: dict[str, Any]) -> tuple[Path, str] | None:
    """The kept original of the violation's document and the name to give it, or None."""
    store = originals.configured(web.config)
    if store is None or item.get("document_id") is None:
        return None
    sha = conn.execute(
        sa.select(documents.c.sha256).where(documents.c.id == item["document_id"])
    ).scalar_one_or_none()
    found = store.find(sha)
    return None if found is None else (found, file_name(item.get("path")) or f"{sha}.bin")


@router.get("/violations/{violation_id}/original")
def original_document(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(current_user)]
) -> Response:
    """The violation's original document, as an attachment, for whoever may see the violation
    (404 otherwise, and when it is not kept); read from the store by hash, never by a path given."""
    web = state(request)
    with web.store.begin() as conn:
        item = queries.one_violation(conn, who, violation_id)
        if item is None:
            raise HTTPException(404, "not found")
        found = _original(web, conn, item)
    if found is None:
        raise HTTPException(404, "not found")
    path, name = found
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        path,
        media_type=media,
        filename=name,
        content_disposition_type="attachment",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/review")
def queue(request: Request, who: Annotated[Principal, Depends(require("review_queue"))]) -> Response:
    """One page of open cases; the cards are kept per (scope, role, filter, page, language) under
    the register's stamp, as the overview's figures are, so a decision anywhere shows at once."""
    status = request.query_params.get("status") or "open"
    month = request.query_params.get("month") or None
    before = query_int(request.query_params.get("before"), "before")
    web = state(request)
    key = ("review", who.role, scope_key(who), status, month, before, language(request))
    main = web.counts.get(key, request_stamp(request), lambda: _cards(request, who, status, month, before))
    return render(request, "review.html", main=main)


def _cards(request: Request, who: Principal, status: str, month: str | None, before: int | None) -> Markup:
    statuses = OPEN_STATUSES if status == "open" else (status,)
    with state(request).store.begin() as conn:
        items, next_before = queries.queue_page(
            conn, who, statuses, month=month, before=before, limit=QUEUE_PAGE
        )
    for item in items:
        item["marked"] = _evidence(item)
    return fragment(
        request,
        "_review_main.html",
        items=items,
        status=status,
        month=month,
        before=before,
        next_before=next_before,
    )


def _allowed(who: Principal) -> list[str]:
    return [d for d in DECISIONS if may(who, d)]


def _list_of(request: Request, who: Principal, raw: str | None) -> tuple[str, triage.Triage | None]:
    """The triage list this case was opened from (its query string rides along as `list`)."""
    if not raw or not may(who, "review_queue"):
        return "", None
    try:
        params = QueryParams(raw)
        wanted = triage.parse(params, params.get("month") or triage.ALL_MONTHS)
    except HTTPException:
        return "", None
    return wanted.qs(), wanted  # rebuilt from the parsed filter: nothing else rides along


def _violation_response(
    request: Request,
    who: Principal,
    violation_id: int,
    *,
    error: str | None = None,
    reason: str = "",
    status_code: int = 200,
    back: str | None = None,
    resumed: str | None = None,
) -> Response:
    web = state(request)
    days = decisions.contest_days(web)
    back, wanted = _list_of(request, who, back if back is not None else request.query_params.get("list"))
    done = request.query_params.get("done")
    with web.store.begin() as conn:
        item = queries.one_violation(conn, who, violation_id)
        if item is None:
            raise HTTPException(404, "not found")
        events = audit.history(conn, "violation", str(violation_id))
        offered, shut = decisions.offered(conn, who, item, web.store.clock(), days)
        following = triage.next_case(conn, who, wanted, violation_id) if wanted and done else None
        original = _original(web, conn, item)
    shown = reminders.history(web, violation_id) if may(who, "remind_preview") else None
    lang = language(request)
    for f in item["findings"]:
        f["marked"] = highlight(f["excerpt"], [f["as_written"], f["address"]])
        f["reason_text"] = i18n.reason_text(f, lang)
    return render(
        request,
        "violation.html",
        status_code=status_code,
        item=item,
        events=events,
        decisions=offered,
        closed=shut,
        deadline=decisions.deadline(item, days),
        can_assign=may(who, "assign"),
        marked=_evidence(item),
        mail=_mail(item),
        original=original is not None,
        message=done,
        error=error,
        reason=reason,
        back=back,
        next_case=following,
        resumed=resumed,
        reminder_rows=shown,
    )


@router.get("/violations/{violation_id}")
def violation_page(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(current_user)]
) -> Response:
    pending = resume.take(request, f"/violations/{violation_id}/decide", who.name)
    if pending is None:
        return _violation_response(request, who, violation_id)
    response = _violation_response(
        request,
        who,
        violation_id,
        reason=pending.get("reason", ""),
        back=pending.get("list"),
        resumed=pending.get("action"),
    )
    resume.forget(response)
    return response


@router.post("/violations/{violation_id}/decide")
async def decide(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(current_user)]
) -> Response:
    """A decision or a contest; a refusal re-renders the page with the reason still typed in."""
    form = await checked_form(request)
    action = str(form.get("action") or "")
    reason = str(form.get("reason") or "")
    back = str(form.get("list") or "")
    if action not in DECISIONS or not may(who, action):
        raise HTTPException(403, "forbidden")
    try:
        await run_in_threadpool(decisions.decide_in_scope, state(request), who, violation_id, action, reason)
    except review.ReviewError as error:
        message = decisions.refusal(translator(language(request)), error)
        return _violation_response(
            request, who, violation_id, error=message, reason=reason, status_code=409, back=back
        )
    tail = f"&{urlencode({'list': back})}" if back else ""
    return RedirectResponse(f"/violations/{violation_id}?done=1{tail}", status_code=303)


@router.post("/violations/{violation_id}/assign")
async def assign(
    request: Request, violation_id: RowId, who: Annotated[Principal, Depends(require("assign"))]
) -> Response:
    form = await checked_form(request)
    web = state(request)
    decisions.require_in_scope(web, who, violation_id)
    try:
        review.assign(
            web.store,
            violation_id,
            str(form.get("person_id") or "").strip(),
            str(form.get("reason") or ""),
            who.name,
        )
    except review.ReviewError as error:
        message = decisions.refusal(translator(language(request)), error)
        return _violation_response(request, who, violation_id, error=message, status_code=409)
    finally:
        web.counts.clear()
    return RedirectResponse(f"/violations/{violation_id}?done=1", status_code=303)
