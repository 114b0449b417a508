"""Settings as the app sees them: official domains, the public-mailbox lists, and a domain look-up.

The lists come from the settings file (congvu.toml / CONGVU_* variables, docs/settings.md), the one
source every command reads, so they are shown here rather than edited in a second place.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from congvu.classify import AddressPolicy
from congvu.register.accounts import Principal
from congvu.settings import EvaluationSettings, PolicySettings
from congvu.web.auth import require
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()


@router.get("/settings")
def settings_page(request: Request, who: Annotated[Principal, Depends(require("settings"))]) -> Response:
    config = state(request).config
    policy = AddressPolicy.from_config(config)
    listed = PolicySettings.of(config)
    domain = (request.query_params.get("domain") or "").strip()[:253]
    answer = policy.classify_domain(domain) if domain else None
    return render(
        request,
        "settings.html",
        official=list(listed.official_domains),
        extra=list(listed.extra_public_domains),
        not_public=list(listed.not_public),
        public_size=policy.public_size,
        domain=domain,
        answer=answer,
        cap=EvaluationSettings.of(config).cap,
        source=config.source,
    )
