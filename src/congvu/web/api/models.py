"""Response shapes for the OpenAPI document.  Extra fields are allowed: the scan contract may grow."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ContractFinding(BaseModel):
    model_config = ConfigDict(extra="allow")
    address: str
    as_written: str
    class_: Literal["official", "public", "other"] | None = None
    provider: str | None
    contact_point: bool
    obfuscated: bool
    rule: str
    reason: str
    page: int | None
    line: int | None
    excerpt: str
    part: str | None
    cue: str | None


class ContractDocument(BaseModel):
    """One document object of the `congvu scan --format json` contract."""

    model_config = ConfigDict(extra="allow")
    path: str
    status: Literal["ok", "error"]
    error: str | None
    verdict: Literal["violation", "review", "clean"] | None
    metadata: dict[str, str | None]
    findings: list[dict[str, Any]]
    sha256: str | None
    format: str | None
    pages: int | None
    ocr_pages: int
    parts: list[str]
    part_sha256: dict[str, str] = {}  # each part's own hash: one document through any container
    warnings: list[str]
    origin: str | None = None  # the URL the document was published at, when known


class Violation(BaseModel):
    id: int
    person_id: str | None
    full_name: str | None
    unit: str | None
    month: str
    status: Literal["pending", "confirmed", "dismissed", "contested"]
    rule: str
    document_number: str | None
    evidence: dict[str, Any]


class ViolationDetail(Violation):
    findings: list[dict[str, Any]]


class ViolationList(BaseModel):
    violations: list[Violation]


class Problem(BaseModel):
    detail: str


class ContestRequest(BaseModel):
    """Why the person (or their head, for staff) contests the confirmed violation."""

    reason: str = Field(min_length=1, max_length=4000)


class ContestResult(BaseModel):
    id: int
    status: Literal["contested"]


class Refusal(Problem):
    """A contest the register refuses: `code` is stable (final, contested_once, window_closed,
    head_own_case, not_the_person, wrong_state, sheet_closed, reason_required)."""

    code: str
