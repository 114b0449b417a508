"""What the worker fleet already judged: a scan result by content (sha256) and policy version.

A result is kept only when the file was read (`status == "ok"`): an error may be the machine's
(a time-out under load), not the document's, and is worth another try."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from congvu.register.bulk import insert_ignore
from congvu.register.schema import fleet_results
from congvu.register.store import Store


def known(store: Store, sha256: str, policy: str) -> dict[str, Any] | None:
    """The stored result (the scan JSON contract of one document), or None."""
    query = sa.select(fleet_results.c.result).where(
        fleet_results.c.sha256 == sha256, fleet_results.c.policy == policy
    )
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    return dict(row[0]) if row is not None else None


def remember(store: Store, result: dict[str, Any], policy: str) -> bool:
    """Keep a judged document's result; False when it was not kept (unread, or already there)."""
    digest = result.get("sha256")
    if result.get("status") != "ok" or not isinstance(digest, str):
        return False
    row = {"sha256": digest, "policy": policy, "result": result, "judged_at": store.clock()}
    with store.engine.begin() as conn:
        done = conn.execute(insert_ignore(conn, fleet_results, ["sha256", "policy"]).values(**row))
    return bool(done.rowcount)
