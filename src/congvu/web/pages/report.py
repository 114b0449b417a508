"""The monthly report to the chairman, built by `congvu.reports.monthly` when that module exists.

Imported lazily: the web app must start (with the links disabled) before the reports are built.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy.engine import Connection
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.register.months import check_month
from congvu.web.auth import require
from congvu.web.pages.overview import pick_month
from congvu.web.scope import level_for
from congvu.web.state import WebState, state
from congvu.web.templating import language, render

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
    """The downloads, and a preview of the report in the page's language: the same figures, tables
    and charts as the Word file (`congvu.reports.figures`, `docx_report`'s rows, `charts`)."""
    web = state(request)
    with web.store.begin() as conn:
        level = _level(conn, request, who)
        month = pick_month(request, conn, who)
    preview = _preview(web, month, level) if builder() is not None else None
    return render(
        request,
        "report.html",
        month=month,
        available=builder() is not None,
        formats=list(MEDIA),
        preview=preview,
        charts=CHARTS,
        level=level,
        level_query=f"?unit={level}" if request.query_params.get("unit") else "",
    )


def _level(conn: Connection, request: Request, who: Principal) -> str | None:
    """The unit the report is drawn at (`?unit=`, else the top of `who`'s scope); 404 outside it."""
    try:
        return level_for(conn, who, request.query_params.get("unit") or None)
    except LookupError as outside:
        raise HTTPException(404, "not found") from outside


CHARTS = ("trend", "units")
PREVIEW_CASES = 200  # the preview lists this many cases; the Word file lists them all
DOCS_COLUMNS = ("stt", "unit", "staff", "checked", "violation", "review", "clean")
CASES_COLUMNS = (
    "stt", "unit", "recorded", "pending", "confirmed", "contested", "dismissed", "violators", "capped",
)  # fmt: skip


def _preview(web: WebState, month: str, level: str | None) -> dict[str, Any]:
    from congvu.reports.docx_report import cases_rows, docs_rows
    from congvu.reports.monthly import figures_for
    from congvu.reports.periods import month_period

    figures = figures_for(web.store, month_period(month), web.config, level)
    trend = figures.trend
    return {
        "figures": figures,
        "docs_rows": docs_rows(figures),
        "cases_rows": cases_rows(figures),
        "docs_columns": DOCS_COLUMNS,
        "cases_columns": CASES_COLUMNS,
        "checked_units": sum(1 for u in figures.units if u.documents),
        "previous": trend[-2] if len(trend) > 1 else None,
        "cases": figures.cases[:PREVIEW_CASES],
        "more_cases": max(len(figures.cases) - PREVIEW_CASES, 0),
    }


@router.get("/report/chart/{month}/{key}.png")
async def report_chart(
    request: Request, month: str, key: str, who: Annotated[Principal, Depends(require("report"))]
) -> Response:
    """One of the report's charts for the preview, labelled in the page's language."""
    if key not in CHARTS or builder() is None:
        raise HTTPException(404, "not found")
    try:
        check_month(month)
    except ValueError as error:
        raise HTTPException(400, str(error)) from error
    from congvu.reports.charts import trend_chart, unit_chart
    from congvu.reports.monthly import figures_for
    from congvu.reports.periods import month_period

    web, lang = state(request), language(request)
    with web.store.begin() as conn:
        level = _level(conn, request, who)
    figures = await asyncio.to_thread(figures_for, web.store, month_period(month), web.config, level)
    draw = (
        (lambda: trend_chart(figures.trend, lang))
        if key == "trend"
        else (lambda: unit_chart(figures.active_units, lang))
    )
    png = await asyncio.to_thread(draw)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=60"})


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

    with state(request).store.begin() as conn:
        level = _level(conn, request, who)
    try:
        data = await asyncio.to_thread(partial(build, level=level), state(request).store, month, fmt)
    except PdfUnavailable as error:  # LibreOffice missing, failed or hung: say so, not a 500
        raise HTTPException(503, str(error)) from error
    asked = request.query_params.get("unit")
    name = f"bao-cao-{month}-{asked}.{fmt}" if asked else f"bao-cao-{month}.{fmt}"
    return Response(
        bytes(data), media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
