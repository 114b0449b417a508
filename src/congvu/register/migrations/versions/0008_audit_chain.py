"""The audit trail becomes a hash chain, and SQLite refuses INSERT OR REPLACE on it.

Revision ID: 0008_audit_chain
Revises: 0007_memberships
Create Date: 2026-12-06

Triggers alone did not keep the trail append-only against the application itself: on SQLite
`INSERT OR REPLACE` deletes the old row without firing the delete trigger, and whoever owns the
table can drop its triggers.  Each row now carries its place (`seq`), the previous row's hash and
its own (as `congvu.register.audit_chain` computes them), so `congvu audit verify` finds a
rewrite; existing rows are chained here in id order.  On SQLite a BEFORE INSERT trigger refuses a
row that would replace one.  On PostgreSQL the separate owner role is set up by hand
(docs/security.md): this revision only revokes what PUBLIC could have been given.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008_audit_chain"
down_revision = "0007_memberships"
branch_labels = None
depends_on = None

_SQLITE_NO_REPLACE = (
    "CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events "
    "WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id) "
    "OR (NEW.seq IS NOT NULL AND EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.seq)) "
    "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END"
)
_SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END"
)


# The chain as `congvu.register.audit_chain` computed it at this revision, copied so that the
# migration keeps producing the same hashes whatever the live module becomes.
GENESIS = "0" * 64


def _stamp(at: datetime) -> str:
    moment = at.astimezone(UTC) if at.tzinfo else at
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds")


def _json_value(value: Any) -> Any:
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False))


def _digest(prev_hash: str, row: dict[str, Any]) -> str:
    body = json.dumps(
        [
            row["seq"],
            _stamp(row["at"]),
            row["who"],
            row["action"],
            row["entity"],
            row["entity_id"],
            _json_value(row["before"]),
            _json_value(row["after"]),
            row["reason"],
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def chain(rows: list[dict[str, Any]], seq: int, prev_hash: str) -> list[dict[str, Any]]:
    for row in rows:
        seq += 1
        row["seq"] = seq
        row["prev_hash"] = prev_hash
        row["hash"] = prev_hash = _digest(prev_hash, row)
    return rows


def _chain_existing(bind: sa.engine.Connection) -> None:
    typed = sa.Table(
        "audit_events",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True)),
        sa.Column("who", sa.String),
        sa.Column("action", sa.String),
        sa.Column("entity", sa.String),
        sa.Column("entity_id", sa.String),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("reason", sa.Text),
        sa.Column("seq", sa.BigInteger),
        sa.Column("prev_hash", sa.String),
        sa.Column("hash", sa.String),
    )
    rows = [dict(r) for r in bind.execute(sa.select(typed).order_by(typed.c.id)).mappings()]
    if not rows:
        return
    chain(rows, 0, GENESIS)
    bind.execute(
        typed.update()
        .where(typed.c.id == sa.bindparam("row_id"))
        .values(seq=sa.bindparam("s"), prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")),
        [{"row_id": r["id"], "s": r["seq"], "p": r["prev_hash"], "h": r["hash"]} for r in rows],
    )


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    op.add_column("audit_events", sa.Column("seq", sa.BigInteger))
    op.add_column("audit_events", sa.Column("prev_hash", sa.String(64)))
    op.add_column("audit_events", sa.Column("hash", sa.String(64)))
    # Chaining the rows already there is the one update the trail ever gets: the guard is lifted
    # for it inside this transaction and put back before the revision commits.
    if postgres:
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update")
        _chain_existing(bind)
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update")
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER ON audit_events FROM PUBLIC")
    else:
        op.execute("DROP TRIGGER audit_events_no_update")
        _chain_existing(bind)
        op.execute(_SQLITE_NO_UPDATE)
    op.create_index("ux_audit_seq", "audit_events", ["seq"], unique=True)
    if not postgres:
        op.execute(_SQLITE_NO_REPLACE)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_replace")
    op.drop_index("ux_audit_seq", table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        for column in ("hash", "prev_hash", "seq"):
            batch.drop_column(column)
