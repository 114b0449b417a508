"""Upload limits shared by the check page and the API: size (413) and type (415) before any parsing.

The bytes are only ever handed to the checker; they are never written under a served path, never
echoed back, and the file name is reduced to its last component before use.  Only an inspector's
explicit "Kiểm tra và ghi vào sổ" records an upload (`record_upload`); a check is never recorded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import sqlalchemy as sa
from fastapi import HTTPException, UploadFile

from congvu import extract
from congvu.clock import LOCAL
from congvu.register.schema import documents, violation_occurrences, violations
from congvu.web.state import WebState

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
CHUNK = 256 * 1024


def safe_name(raw: str | None) -> str:
    """The last path component only (browsers on Windows send C:\\…), never empty."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name.strip()
    return name[:200] or "upload"


def accepted_suffixes() -> list[str]:
    return sorted({ext for fmt in extract.FORMATS for ext in fmt.extensions})


async def read_upload(file: UploadFile, max_bytes: int) -> tuple[bytes, str]:
    """The upload's bytes and safe name; 415 for a type congvu does not read, 413 when too big."""
    name = safe_name(file.filename)
    if extract.format_for(name) is None:
        raise HTTPException(415, f"unsupported file type; accepted: {' '.join(accepted_suffixes())}")
    chunks: list[bytes] = []
    size = 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise HTTPException(413, f"file larger than {max_bytes // (1024 * 1024)} MB")
        chunks.append(chunk)
    return b"".join(chunks), name


@dataclass(frozen=True, slots=True)
class Recorded:
    """What recording an uploaded document did: its document row, the cases it is (new or known),
    whether it was new to the register and whether its original is kept."""

    document_id: int | None
    violations: list[int]
    new_document: bool
    violations_new: int
    original_kept: bool


def record_upload(web: WebState, who: str, data: bytes, name: str, contract: dict[str, Any]) -> Recorded:
    """Record a document an inspector checked in the app, through the one recording path
    (`register.recording.record`, as `congvu record` does): the document by its content, its
    findings and the violations they open, under the policy version in force (adopted in the audit
    trail when new).  The same content is one case: a document already in the register adds an
    occurrence to its case when it arrives under another name or on another day (its path is
    `web-upload/<yyyy-mm-dd>/<name>`, Asia/Ho_Chi_Minh), and nothing when recorded twice the same day
    under the same name.  The original is kept in the content-addressed store
    (`register.originals`, when `originals_dir` is set) as `congvu record` keeps it."""
    from congvu.policyversion import policy_version
    from congvu.register.originals import configured
    from congvu.register.policies import adopt
    from congvu.register.recording import record
    from congvu.register.results import JudgedDocument

    store = web.store
    day = store.clock().astimezone(LOCAL).date().isoformat()
    item = {**contract, "path": f"web-upload/{day}/{name}"}
    doc = JudgedDocument.from_contract(item)
    version = policy_version(web.config)
    with store.begin() as conn:
        adopt(conn, version.as_dict(), who, store.clock(), "web upload recorded: judged under this version")
    report = record(store, [item], who, policy=version.hash)
    kept = False
    originals = configured(web.config)
    if originals is not None and doc.findings and hashlib.sha256(data).hexdigest() == doc.identity:
        originals.keep(data, doc.identity)
        kept = True
    with store.begin() as conn:
        document_id = conn.execute(
            sa.select(documents.c.id).where(documents.c.sha256 == doc.identity)
        ).scalar_one_or_none()
        met = sa.select(violation_occurrences.c.violation_id).where(
            violation_occurrences.c.container == doc.identity
        )
        mine: sa.ColumnElement[bool] = violations.c.id.in_(met)
        if document_id is not None:
            mine = sa.or_(mine, violations.c.document_id == document_id)
        cases = [
            int(v)
            for v in conn.execute(sa.select(violations.c.id).where(mine).order_by(violations.c.id)).scalars()
        ]
    web.counts.clear()
    return Recorded(document_id, cases, report.documents_new > 0, report.violations_new, kept)
