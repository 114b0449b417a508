"""The monthly report to the chairman, built by `congvu.reports.monthly` when that module exists.

Imported lazily: the web app must start (with the links disabled) before the reports are built.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.register.months import check_month
from congvu.web.auth import require
from congvu.web.pages.overview import pick_month
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def builder() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("congvu.reports.monthly")
    except ImportError:
        return None
    found = getattr(module, "build_monthly", None)
    return found if callable(found) else None


@router.get("/report")
def report_page(request: Request, who: Annotated[Principal, Depends(require("report"))]) -> Response:
    with state(request).store.begin() as conn:
        month = pick_month(request, conn, who)
    return render(request, "report.html", month=month, available=builder() is not None, formats=list(MEDIA))


@router.get("/report/{month}.{fmt}")
async def report_file(
    request: Request, month: str, fmt: str, who: Annotated[Principal, Depends(require("report"))]
) -> Response:
    build = builder()
    if fmt not in MEDIA or build is None:
        raise HTTPException(404, "not found")
    try:
        check_month(month)
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    from congvu.reports.pdf_report import PdfUnavailable

    try:
        data = await asyncio.to_thread(build, state(request).store, month, fmt)
    except PdfUnavailable as error:  # LibreOffice missing, failed or hung: say so, not a 500
        raise HTTPException(503, str(error)) from error
    name = f"bao-cao-{month}.{fmt}"
    return Response(
        bytes(data), media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
