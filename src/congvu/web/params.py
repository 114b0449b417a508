"""Numbers from the URL, checked before they reach the register.

A number the database cannot hold (`?page=99999999999999999999`) made SQLite raise OverflowError
and PostgreSQL "out of range": a 500 for what is the client's mistake. Every number a page or the
API reads from a URL goes through here (or a bounded `Path`/`Query`), and a bad one is a 400.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Path

MAX_ID = 2**62  # inside both databases' 64-bit integers, with room for offsets
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


def query_int(raw: str | None, name: str, *, default: int | None = None, high: int = MAX_ID) -> int | None:
    """`raw` as a whole number in [0, high]; `default` when absent; 400 when it is anything else."""
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19 or int(raw) > high:
        raise HTTPException(400, f"bad number in parameter {name!r}")
    return int(raw)
