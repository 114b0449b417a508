"""Settings as the app sees them: official domains, the public-mailbox lists, and a domain look-up;
and the preview of a candidate address policy on the register's past, then its adoption (issue 14).

The lists come from the settings file (congvu.toml / CONGVU_* variables, docs/settings.md), the one
source every command reads, so they are shown here rather than edited in a second place.  A
candidate is edited in a form and previewed (`congvu.web.whatif`: nothing is written); an inspector
may then adopt it (audited as `congvu policy adopt` does), and the page shows the lines the settings
file must carry for the commands to judge under it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from congvu.classify import AddressPolicy
from congvu.policyversion import policy_version
from congvu.register.accounts import Principal
from congvu.register.months import month_of
from congvu.settings import EvaluationSettings, PolicySettings, WebSettings
from congvu.web import whatif
from congvu.web.auth import checked_form, require
from congvu.web.scope import may
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()


def _page(request: Request, who: Principal, status_code: int = 200, **extra: Any) -> Response:
    web = state(request)
    config = web.config
    policy = AddressPolicy.from_config(config)
    listed = PolicySettings.of(config)
    domain = (request.query_params.get("domain") or "").strip()[:253]
    answer = policy.classify_domain(domain) if domain else None
    context: dict[str, Any] = {
        "fields": whatif.form_values(whatif.current(config)),
        "month": month_of(None, web.store.clock()),
        "preview": None,
        "error": None,
        "adopted": None,
    }
    context.update(extra)
    return render(
        request,
        "settings.html",
        status_code=status_code,
        official=list(listed.official_domains),
        extra=list(listed.extra_public_domains),
        not_public=list(listed.not_public),
        public_size=policy.public_size,
        domain=domain,
        answer=answer,
        cap=EvaluationSettings.of(config).cap,
        source=config.source,
        version=policy_version(config).hash,
        in_force=whatif.in_force_hash(web.store),
        may_adopt=may(who, "edit_settings"),
        modes=whatif.MODES,
        max_log_mb=whatif.MAX_LOG_BYTES // (1024 * 1024),
        **context,
    )


@router.get("/settings")
def settings_page(request: Request, who: Annotated[Principal, Depends(require("settings"))]) -> Response:
    return _page(request, who)


@router.post("/settings/preview")
async def preview(request: Request, who: Annotated[Principal, Depends(require("settings"))]) -> Response:
    """Xem trước / preview: the candidate's what-if on the month (and on a mail log); nothing written."""
    form = await checked_form(request)
    web = state(request)
    month = str(form.get("month") or "").strip()[:7]
    try:
        candidate, after = whatif.candidate_from(form, web.config)
        log = await whatif.read_log(form)
    except whatif.CandidateError as error:
        return _page(request, who, 400, fields=_echo(form, web.config), month=month, error=error)
    finally:
        await form.close()  # the uploaded log's spooled file, read or not
    try:
        shown = await run_in_threadpool(
            whatif.preview, web.store, who, web.config, after, month,
            float(WebSettings.of(web.config).whatif_seconds), log,
        )  # fmt: skip
    except whatif.PreviewBusy:
        busy = whatif.CandidateError("preview", "busy")
        return _page(request, who, 503, fields=whatif.form_values(candidate), month=month, error=busy)
    except ValueError as error:  # a month that is no month
        bad = whatif.CandidateError("month", "bad_month", str(error)[:100])
        return _page(request, who, 400, fields=whatif.form_values(candidate), month=month, error=bad)
    return _page(
        request,
        who,
        fields=whatif.form_values(candidate),
        month=month,
        preview=shown,
        diff=policy_version(web.config).diff(policy_version(after)),
        after_hash=policy_version(after).hash,
    )


@router.post("/settings/adopt")
async def adopt(request: Request, who: Annotated[Principal, Depends(require("settings"))]) -> Response:
    """Áp dụng / adopt: the previewed candidate's version put in force, audited (inspectors only)."""
    form = await checked_form(request)
    if not may(who, "edit_settings"):
        raise HTTPException(403, "forbidden")
    web = state(request)
    month = str(form.get("month") or "").strip()[:7]
    try:
        candidate, after = whatif.candidate_from(form, web.config)
    except whatif.CandidateError as error:
        return _page(request, who, 400, fields=_echo(form, web.config), month=month, error=error)
    reason = str(form.get("reason") or "").strip()[:2000]
    refused = None
    if not reason:
        refused = whatif.CandidateError("reason", "reason_needed")
    elif form.get("confirm") != "yes":
        refused = whatif.CandidateError("confirm", "confirm_needed")
    if refused is not None:
        return _page(request, who, 400, fields=whatif.form_values(candidate), month=month, error=refused)
    version, diff = await run_in_threadpool(whatif.adopt, web.store, who, web.config, after, reason)
    adopted = {
        "hash": version.hash,
        "diff": diff,
        "already": diff is None,
        "toml": candidate.toml(web.config),
    }
    return _page(request, who, fields=whatif.form_values(candidate), month=month, adopted=adopted)


def _echo(form: Any, config: Any) -> dict[str, str]:
    """The form as typed, to show it again beside the error (not a candidate: it did not parse)."""
    now = whatif.form_values(whatif.current(config))
    return {name: str(form.get(name))[:20000] if form.get(name) is not None else now[name] for name in now}
