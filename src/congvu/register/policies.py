"""Policy changes in the audit log: which policy version is in force, who adopted it, when, why, the diff.

The policy itself lives in the settings file (`congvu.policyversion`); the register records, as an
audit event `policy.adopted` (entity "policy", id its hash), each version the first time it is put
in force: by `congvu policy adopt --reason …` (who and why), or by `congvu record` when it judges
documents under a version that is not the last one adopted (the reason says so).  The event keeps
the whole version (`PolicyVersion.as_dict()`) and the diff against the previous one, so the chain
of events is the policy's history, tamper-evident like every audit event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.policyversion import content_diff
from congvu.register import audit
from congvu.register.schema import audit_events

ADOPTED = "policy.adopted"


def in_force(conn: Connection) -> dict[str, Any] | None:
    """The last version adopted (its `as_dict()` as audited), or None."""
    row = conn.execute(
        sa.select(audit_events.c.after)
        .where(audit_events.c.action == ADOPTED)
        .order_by(audit_events.c.id.desc())
        .limit(1)
    ).first()
    return dict(row[0]["version"]) if row is not None and row[0] else None


def adopt(
    conn: Connection, version: dict[str, Any], who: str, now: datetime, reason: str
) -> dict[str, Any] | None:
    """Audit `version` (a `PolicyVersion.as_dict()`) as the policy in force unless it already is;
    returns the diff recorded ({} for the first version), or None when nothing was recorded."""
    last = in_force(conn)
    if last is not None and last.get("hash") == version["hash"]:
        return None
    diff = content_diff(last, version) if last is not None else {}
    audit.append(
        conn,
        now,
        [
            audit.Event(
                who, ADOPTED, "policy", str(version["hash"]),
                {"hash": last.get("hash")} if last is not None else None,
                {"hash": version["hash"], "version": version, "diff": diff},
                reason,
            )
        ],
    )  # fmt: skip
    return diff
