"""The audit trail's hash chain: each row carries the hash of its content and of the row before.

Triggers stop UPDATE and DELETE, but not someone who can drop a trigger, nor SQLite's
`INSERT OR REPLACE` (its implicit delete fires no delete trigger).  The chain makes such a
rewrite visible afterwards: `verify` recomputes every hash in order and names the first row that
does not match.  Whoever can write the table can also recompute the whole chain from the row they
changed onwards, so the head hash that `verify` prints is worth noting somewhere the application
cannot write (a signed minute, a ticket): `verify --head` then proves the trail still contains it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register.schema import audit_events

GENESIS = "0" * 64
_LOCK_CLASS = 7262002  # pg_advisory_xact_lock(class, schema): one appender per audit table at a time
_SQLITE_TRIGGERS = ("audit_events_no_update", "audit_events_no_delete", "audit_events_no_replace")
_PG_TRIGGERS = ("audit_events_no_update", "audit_events_no_truncate")
_REWRITE = frozenset({"UPDATE", "DELETE", "TRUNCATE", "TRIGGER"})


def stamp(at: datetime) -> str:
    """The instant as the chain hashes it: UTC, microseconds.  Naive values are UTC (SQLite
    stores what `append` gives it, already in UTC, without the offset)."""
    moment = at.astimezone(UTC) if at.tzinfo else at
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds")


def json_value(value: Any) -> Any:
    """`value` as it reads back from a JSON column (tuples become lists, keys strings), so the hash
    of what is written equals the hash of what is read."""
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False))


def digest(prev_hash: str, row: Mapping[str, Any]) -> str:
    """sha256 over the previous hash and the row's content, position included."""
    body = json.dumps(
        [
            row["seq"],
            stamp(row["at"]),
            row["who"],
            row["action"],
            row["entity"],
            row["entity_id"],
            json_value(row["before"]),
            json_value(row["after"]),
            row["reason"],
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def lock_head(conn: Connection) -> tuple[int, str]:
    """Take the chain for this transaction and return (last seq, last hash).

    SQLite transactions already hold the write lock (BEGIN IMMEDIATE).  On PostgreSQL an advisory
    lock, released at commit, makes concurrent appenders take turns: appends are the last writes
    of a transaction, so the turn is short and nobody waits for anything while holding it."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(:c, hashtext(current_schema()))"), {"c": _LOCK_CLASS}
        )
    last = conn.execute(
        sa.select(audit_events.c.seq, audit_events.c.hash)
        .where(audit_events.c.seq.is_not(None))
        .order_by(audit_events.c.seq.desc())
        .limit(1)
    ).first()
    return (0, GENESIS) if last is None else (int(last.seq), str(last.hash))


def chain(rows: list[dict[str, Any]], seq: int, prev_hash: str) -> list[dict[str, Any]]:
    """Give each new row its place and hashes, following (seq, prev_hash)."""
    for row in rows:
        seq += 1
        row["seq"] = seq
        row["prev_hash"] = prev_hash
        row["hash"] = prev_hash = digest(prev_hash, row)
    return rows


@dataclass
class Verification:
    """What `congvu audit verify` reports: rows checked, the head, and what is wrong."""

    rows: int = 0
    head: str = GENESIS
    broken: str | None = None  # the first broken row, in words
    problems: list[str] = field(default_factory=list)  # everything wrong, the broken row first
    warnings: list[str] = field(default_factory=list)  # weaker set-ups, not tampering

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(conn: Connection) -> Iterator[Any]:
    col = audit_events.c
    query = sa.select(audit_events).order_by(col.seq.is_(None), col.seq, col.id)
    yield from conn.execution_options(stream_results=True, yield_per=2000).execute(query).mappings()


def _first_break(row: Mapping[str, Any], expected_seq: int, prev_hash: str) -> str | None:
    where = f"row id {row['id']}"
    if row["seq"] is None:
        return f"{where} ({row['action']}) is not in the chain: written without audit.append"
    where += f" (seq {row['seq']})"
    if row["seq"] != expected_seq:
        return f"{where}: expected seq {expected_seq}; the rows in between were removed"
    if row["prev_hash"] != prev_hash:
        return f"{where}: does not follow the row before it (removed or rewritten rows)"
    if row["hash"] != digest(prev_hash, row):
        return f"{where}: its content no longer matches its hash (rewritten)"
    return None


def verify(conn: Connection, head: str | None = None) -> Verification:
    """Walk the chain in order; the first mismatch is `broken`.  `head`: a hash noted earlier that
    must still be in the chain (detects a removed tail, or a chain recomputed after a rewrite)."""
    result = Verification()
    prev_hash, seen_head = GENESIS, head is None
    for row in _rows(conn):
        result.rows += 1
        if result.broken is None:
            problem = _first_break(row, result.rows, prev_hash)
            if problem:
                result.broken = problem
                result.problems.append(problem)
            else:
                prev_hash = row["hash"]
                seen_head = seen_head or row["hash"] == head
    result.head = prev_hash
    if not seen_head and result.broken is None:
        result.problems.append(
            f"the head noted earlier ({head}) is no longer in the chain: rows were removed or rewritten"
        )
    result.problems += missing_guards(conn)
    result.warnings += owner_warnings(conn)
    return result


def missing_guards(conn: Connection) -> list[str]:
    """The append-only triggers that are gone (or disabled): someone removed a guard."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            sa.text(
                "SELECT t.tgname, t.tgenabled FROM pg_trigger t "
                "WHERE t.tgrelid = to_regclass('audit_events') AND NOT t.tgisinternal"
            )
        ).all()
        state = {str(name): str(enabled) for name, enabled in rows}
        out = [f"trigger {name} is missing" for name in _PG_TRIGGERS if name not in state]
        out += [f"trigger {name} is disabled" for name in _PG_TRIGGERS if state.get(name) == "D"]
        return out
    present = set(
        conn.execute(
            sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
        ).scalars()
    )
    return [f"trigger {name} is missing" for name in _SQLITE_TRIGGERS if name not in present]


def owner_warnings(conn: Connection) -> list[str]:
    """On PostgreSQL: is there a separate application role, and can any non-owner rewrite?

    The table's owner can drop or disable its triggers, so the application should connect as a
    role that was granted SELECT and INSERT only (`congvu audit grant`)."""
    if conn.dialect.name != "postgresql":
        return []
    grants = conn.execute(
        sa.text(
            "SELECT pg_get_userbyid(a.grantee), a.privilege_type "
            "FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.oid = to_regclass('audit_events') AND a.grantee <> c.relowner"
        )
    ).all()
    out = []
    if not any(privilege == "INSERT" for _, privilege in grants):
        out.append(
            "no role but the owner of audit_events writes it: the application can drop the "
            "triggers; connect it as a separate role (congvu audit grant, docs/security.md)"
        )
    risky = sorted({f"{role} ({privilege})" for role, privilege in grants if privilege in _REWRITE})
    if risky:
        out.append("roles that may rewrite the audit trail: " + ", ".join(risky))
    return out
