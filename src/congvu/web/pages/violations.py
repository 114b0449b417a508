"""The triage list: filters and sort in the URL, counts per filter value, CSV of the filtered list,
and bulk confirm/dismiss of the selected cases with one reason.

A bulk decision is the single decision repeated: each case goes through `decisions.decide_in_scope`
(the one path the violation page and the API use), so it is audited per case and refused exactly
as it would be alone — out of scope as "not found", a decided case as "status changed", and so on;
the refusals are listed per case in the page's language, and the typed reason is kept.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.responses import RedirectResponse, Response

from congvu.output.cells import csv_row
from congvu.register import review
from congvu.register.accounts import Principal
from congvu.web import decisions, flash, i18n, queries, resume, triage
from congvu.web.auth import checked_form, require
from congvu.web.cache import register_stamp, scope_key
from congvu.web.params import query_int
from congvu.web.scope import may
from congvu.web.state import WebState, state
from congvu.web.templating import file_name, language, render

router = APIRouter()
BULK = ("confirm", "dismiss")
BULK_MAX = 200  # four pages of the list: a bigger batch is a job for the CLI


def wanted_from(request: Request, who: Principal, params: QueryParams) -> triage.Triage:
    raw_month = params.get("month")
    if raw_month:
        return triage.parse(params, raw_month)
    with state(request).store.begin() as conn:
        month = queries.default_month(conn, state(request).store, who)
    return triage.parse(params, month)


def list_response(
    request: Request, who: Principal, wanted: triage.Triage, status_code: int = 200, **extra: Any
) -> Response:
    web = state(request)
    with web.store.begin() as conn:
        found = triage.rows(conn, who, wanted, limit=triage.PAGE + 1)
        counts = web.counts.get(
            ("triage", scope_key(who), tuple(wanted.params(sort=triage.DEFAULT_SORT, page=0).items())),
            register_stamp(conn),
            lambda: triage.facets(conn, who, wanted),
        )
    lang = language(request)
    return render(
        request,
        "triage.html",
        status_code=status_code,
        items=found[: triage.PAGE],
        more=len(found) > triage.PAGE,
        wanted=wanted,
        facets=counts,
        can_bulk=[a for a in BULK if may(who, a)],
        rule_name=i18n.namer(i18n.RULE_TITLES, lang),
        columns=COLUMNS,
        **extra,
    )


# (sort key, message key) of the list's columns, in order
COLUMNS = (
    ("id", "number_sign"),
    ("month", "month"),
    ("person", "person"),
    ("unit", "unit"),
    ("document", "document"),
    ("rule", "rule"),
    ("status", "status"),
    ("created", "recorded_at"),
)


@router.get("/violations")
def violation_list(request: Request, who: Annotated[Principal, Depends(require("review_queue"))]) -> Response:
    wanted = wanted_from(request, who, request.query_params)
    done = flash.take(request, who.name, "/violations")
    if done is not None:
        response = list_response(request, who, wanted, **_shown(request, done))
        flash.forget(response)
        return response
    pending = resume.take(request, "/violations/bulk", who.name)
    if pending is None:
        return list_response(request, who, wanted)
    ids = {int(v) for v in pending.get("ids", []) if str(v).isdigit()}
    response = list_response(
        request, who, wanted, reason=pending.get("reason", ""), selected=ids, resumed=pending.get("action")
    )
    resume.forget(response)
    return response


def _shown(request: Request, done: dict[str, Any]) -> dict[str, Any]:
    """A bulk decision's flash as the list template's fields, refusals in the page's language."""
    t = i18n.translator(language(request))
    refused = [
        (int(vid), decisions.refusal(t, review.ReviewError("", str(code), **dict(params or {}))))
        for vid, code, params in done.get("refused") or []
    ]
    action = str(done.get("action") or "")
    return {
        "bulk_action": action if action in BULK else "",
        "bulk_done": [int(v) for v in done.get("done") or []],
        "bulk_refused": refused,
        "bulk_refused_more": int(done.get("refused_more") or 0),
        "reason": str(done.get("reason") or ""),
        "selected": {vid for vid, _ in refused},
    }


@router.get("/violations.csv")
def violation_csv(request: Request, who: Annotated[Principal, Depends(require("review_queue"))]) -> Response:
    """The filtered list, every page of it, in the list's order (UTF-8 with BOM for Excel)."""
    wanted = wanted_from(request, who, request.query_params)
    lang = language(request)
    t = i18n.translator(lang)
    rule_name = i18n.namer(i18n.RULE_TITLES, lang)
    with state(request).store.begin() as conn:
        found = triage.rows(conn, who, wanted, limit=triage.EXPORT_MAX, offset=0)
    out = io.StringIO()
    writer = csv.writer(out)
    keys = (
        "number_sign",
        "month",
        "person_code",
        "person",
        "unit_code",
        "unit",
        "document",
        "file",
        "rule",
        "rule_title",
        "status",
        "recorded_at",
        "decided_at",
    )
    writer.writerow(csv_row(t(k) for k in keys))
    for v in found:
        writer.writerow(
            csv_row(
                [
                    v["id"],
                    v["month"],
                    v["person_id"] or "",
                    v["full_name"] or "",
                    v["unit"] or "",
                    v["unit_name"] or "",
                    v["number"] or "",
                    file_name(v["path"]),
                    v["rule"],
                    rule_name(v["rule"]),
                    t(v["status"]),
                    i18n.fmt_date(v["created_at"], with_time=True),
                    i18n.fmt_date(v["decided_at"], with_time=True),
                ]
            )
        )
    name = "vi-pham.csv" if lang == "vi" else "violations.csv"
    return csv_response(out.getvalue(), name)


def csv_response(text: str, name: str) -> Response:
    return Response(
        "\ufeff" + text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _bulk(web: WebState, who: Principal, ids: list[int], action: str, reason: str) -> list[Any]:
    """Each case on its own, through the one decide-in-scope path: [id, refusal code, its
    parameters] for each case refused."""
    refused: list[Any] = []
    for vid in ids:
        try:
            decisions.decide_in_scope(web, who, vid, action, reason)
        except HTTPException:  # out of scope or gone: the same 404 a single decision gets
            refused.append([vid, "unknown", {}])
        except review.ReviewError as error:
            refused.append([vid, error.code, {k: str(v) for k, v in error.params.items()}])
    return refused


@router.post("/violations/bulk")
async def bulk_decide(
    request: Request, who: Annotated[Principal, Depends(require("review_queue"))]
) -> Response:
    """Decide the selected cases, then answer 303 to the list with the same filters, where a flash
    says what was done (POST → redirect → GET: a reload never decides again).  A form refused as a
    whole (no case, no reason, too many) decides nothing and comes back at once, 400."""
    form = await checked_form(request)
    action = str(form.get("action") or "")
    reason = str(form.get("reason") or "")
    if action not in BULK or not may(who, action):
        raise HTTPException(403, "forbidden")
    back = QueryParams(str(form.get("list") or ""))
    ids = sorted({query_int(str(v), "ids") or 0 for v in form.getlist("ids")} - {0})
    wanted = await run_in_threadpool(wanted_from, request, who, back)
    t = i18n.translator(language(request))
    error = None
    if not ids:
        error = t("err_none_selected")
    elif len(ids) > BULK_MAX:
        error = t("err_too_many").format(n=BULK_MAX)
    elif not reason.strip():
        error = t("err_reason_required")
    if error:
        return list_response(request, who, wanted, 400, error=error, reason=reason, selected=set(ids))
    web = state(request)
    refused = await run_in_threadpool(_bulk, web, who, ids, action, reason)
    no = {vid for vid, _code, _params in refused}
    query = wanted.params()
    if "lang" in request.query_params:
        query["lang"] = language(request)
    response = RedirectResponse("/violations" + (f"?{urlencode(query)}" if query else ""), status_code=303)
    kept = {"action": action, "done": [v for v in ids if v not in no], "refused": refused}
    flash.put(
        response, who.name, "/violations", kept | ({"reason": reason} if refused else {}), web.secure_cookies
    )
    return response
