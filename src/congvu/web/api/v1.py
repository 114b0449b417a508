"""/api/v1: the document check and the violations a token may see.

A token is bound to a role and, for a head, a unit: the same visibility rules as the pages apply
(`congvu.web.scope`), and a violation outside them is a 404, indistinguishable from a missing one.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials

from congvu.register import review
from congvu.register.accounts import Principal
from congvu.web import decisions, queries
from congvu.web.api.models import (
    ContestRequest,
    ContestResult,
    ContractDocument,
    Problem,
    Refusal,
    ViolationDetail,
    ViolationList,
)
from congvu.web.auth import api_principal, bearer
from congvu.web.scope import may
from congvu.web.state import state
from congvu.web.templating import file_name
from congvu.web.upload import read_upload

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing or invalid bearer token"},
    403: {"model": Problem, "description": "The token's role may not do this"},
}
router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


def token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    return api_principal(request, credentials)


@router.post(
    "/check",
    response_model=ContractDocument,
    responses={
        400: {"model": Problem, "description": "Malformed multipart body"},
        413: {"model": Problem, "description": "File too large"},
        415: {"model": Problem, "description": "Unsupported file type"},
    },
    summary="Check a draft document",
)
async def check(
    request: Request,
    who: Annotated[Principal, Depends(token)],
    file: Annotated[UploadFile, File(description="The document to check (.docx, .pdf, .txt, …)")],
) -> dict[str, Any]:
    """One document object of the `congvu scan --format json` contract; nothing is recorded."""
    if not may(who, "check"):
        raise HTTPException(403, "forbidden")
    web = state(request)
    data, name = await read_upload(file, web.max_upload)
    result = await asyncio.to_thread(web.checker.check, data, name)
    return result.as_contract()


def _shape(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "person_id": row["person_id"],
        "full_name": row["full_name"],
        "unit": row["unit"],
        "month": row["month"],
        "status": row["status"],
        "rule": row["rule"],
        "document_number": row["number"],
        "evidence": _named(row["evidence"] or {}),
    }


def _named(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence with the document's file name in place of the server's path."""
    if evidence.get("path"):
        return {**evidence, "path": file_name(evidence["path"])}
    return evidence


@router.get("/violations", response_model=ViolationList, summary="Violations this token may see")
def list_violations(
    request: Request,
    who: Annotated[Principal, Depends(token)],
    month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None,
    unit: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    status: Literal["pending", "confirmed", "dismissed", "contested"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    with state(request).store.begin() as conn:
        rows = queries.violation_rows(
            conn, who, month=month, unit=unit, status=status, limit=limit, offset=offset
        )
    return {"violations": [_shape(r) for r in rows]}


@router.get(
    "/violations/{violation_id}",
    response_model=ViolationDetail,
    responses={404: {"model": Problem, "description": "No such violation, or not visible to this token"}},
    summary="One violation with its evidence",
)
def get_violation(
    request: Request,
    violation_id: Annotated[int, Path(ge=1, le=2**62)],
    who: Annotated[Principal, Depends(token)],
) -> dict[str, Any]:
    with state(request).store.begin() as conn:
        row = queries.one_violation(conn, who, violation_id)
    if row is None:
        raise HTTPException(404, "not found")
    return {**_shape(row), "findings": row["findings"]}


@router.post(
    "/violations/{violation_id}/contest",
    response_model=ContestResult,
    responses={
        400: {"model": Problem, "description": "Malformed JSON body"},
        404: {"model": Problem, "description": "No such violation, or not visible to this token"},
        409: {"model": Refusal, "description": "Refused: already contested, final, too late, …"},
    },
    summary="Contest a confirmed violation (once per decision, within the window)",
)
def contest(
    request: Request,
    violation_id: Annotated[int, Path(ge=1, le=2**62)],
    body: ContestRequest,
    who: Annotated[Principal, Depends(token)],
) -> Any:
    """The person contests their own confirmed violation, or a head one of their staff's (never
    their own).  The inspector then decides again, and that decision is final."""
    if not may(who, "contest"):
        raise HTTPException(403, "forbidden")
    try:
        decisions.decide_in_scope(state(request), who, violation_id, "contest", body.reason)
    except review.ReviewError as error:
        return JSONResponse({"detail": str(error), "code": error.code}, status_code=409)
    return {"id": violation_id, "status": "contested"}
