"""The document check: upload a draft, get the verdict with the addresses marked in their context.

Nothing is recorded and nothing is kept: the bytes go to the checker and are dropped.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.web.auth import checked_form, require
from congvu.web.highlight import highlight
from congvu.web.state import state
from congvu.web.templating import render
from congvu.web.upload import accepted_suffixes, read_upload

router = APIRouter()


@router.get("/check")
def check_page(request: Request, who: Annotated[Principal, Depends(require("check"))]) -> Response:
    return render(request, "check.html", result=None, accept=",".join(accepted_suffixes()))


@router.post("/check")
async def check(request: Request, who: Annotated[Principal, Depends(require("check"))]) -> Response:
    form = await checked_form(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise HTTPException(400, "no file")
    web = state(request)
    try:
        data, name = await read_upload(upload, web.max_upload)  # type: ignore[arg-type]
    finally:
        await form.close()  # the spooled temporary file goes now, not at garbage collection
    result = await asyncio.to_thread(web.checker.check, data, name)
    contract = result.as_contract()
    findings = [
        {**f, "marked": highlight(str(f["excerpt"]), [str(f["as_written"]), str(f["address"])])}
        for f in contract["findings"]  # type: ignore[attr-defined]
    ]
    return render(
        request,
        "check.html",
        result=contract,
        findings=findings,
        seconds=round(result.seconds, 2),
        accept=",".join(accepted_suffixes()),
    )
