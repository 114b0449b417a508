"""Upload limits shared by the check page and the API: size (413) and type (415) before any parsing.

The bytes are only ever handed to the checker; they are never written under a served path, never
echoed back, and the file name is reduced to its last component before use.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

from fastapi import HTTPException, UploadFile

from congvu import extract

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
