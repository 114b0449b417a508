"""The document check: upload a draft, get the verdict with the addresses marked in their context.

A check records nothing and keeps nothing: the bytes go to the checker and are dropped — staff
check their drafts before issuing them, which is the point.  Only an inspector's explicit
"Kiểm tra và ghi vào sổ" (a second button, shown to inspectors alone) records the document through
the one recording path (`upload.record_upload`), its original kept like `congvu record` keeps it.
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
from congvu.web.scope import may
from congvu.web.state import state
from congvu.web.templating import render
from congvu.web.upload import accepted_suffixes, read_upload, record_upload

router = APIRouter()


@router.get("/check")
def check_page(request: Request, who: Annotated[Principal, Depends(require("check"))]) -> Response:
    return render(
        request,
        "check.html",
        result=None,
        accept=",".join(accepted_suffixes()),
        can_record=may(who, "record_upload"),
    )


@router.post("/check")
async def check(request: Request, who: Annotated[Principal, Depends(require("check"))]) -> Response:
    form = await checked_form(request)
    recording = form.get("action") == "record"
    if recording and not may(who, "record_upload"):
        await form.close()
        raise HTTPException(403, "forbidden")
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
    recorded = None
    if recording and contract.get("status") == "ok":  # an unreadable file is not a document to record
        recorded = await asyncio.to_thread(record_upload, web, who.name, data, name, dict(contract))
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
        can_record=may(who, "record_upload"),
        recording=recording,
        recorded=recorded,
    )
