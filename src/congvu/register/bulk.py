"""Inserts that add only what is not there yet, and the one hot path: findings by the hundred thousand.

`insert_ignore` is INSERT … ON CONFLICT (keys) DO NOTHING, the idempotency of recording.

SQLAlchemy's per-row parameter processing costs more than the database here, so findings go in
as plain tuples: `executemany` of INSERT … ON CONFLICT DO NOTHING on SQLite, and COPY into a
temporary table then INSERT … SELECT … ON CONFLICT DO NOTHING on PostgreSQL.  Same semantics as
the Core insert (idempotent by identity), several times faster.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from congvu import pacing

FINDING_COLUMNS = (
    "source",
    "rule",
    "evidence_hash",
    "document_id",
    "address",
    "as_written",
    "class",
    "provider",
    "contact_point",
    "obfuscated",
    "page",
    "line",
    "excerpt",
    "reason",
    "part",
    "cue",
    "recorded_at",
)
_IDENTITY = "(source, rule, evidence_hash)"


def dialect_insert(conn: Connection, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both PostgreSQL and SQLite have it)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def insert_ignore(conn: Connection, table: sa.Table, keys: list[str]) -> Any:
    """INSERT … ON CONFLICT (keys) DO NOTHING: the idempotency of recording."""
    return dialect_insert(conn, table).on_conflict_do_nothing(index_elements=keys)


def insert_findings(conn: Connection, rows: Sequence[tuple[Any, ...]], policy: str | None = None) -> int:
    """Insert rows (in FINDING_COLUMNS order) that are not already there, each stamped with the
    policy version `policy` (column `policy`); returns how many were new."""
    if not rows:
        return 0
    columns = ", ".join(f'"{c}"' for c in FINDING_COLUMNS)
    if conn.dialect.name == "postgresql":
        return _copy_postgresql(conn, rows, columns, policy)
    # The time as sqlite3 itself would bind it (its registered datetime adapter, which is what a
    # datetime in the row got before), adapted once per distinct time, not once per row.
    last = len(FINDING_COLUMNS) - 1
    adapt = sqlite3.adapters.get((datetime, sqlite3.PrepareProtocol))
    stamps = {
        t: adapt(t) if adapt is not None and type(t) is datetime else t for t in {row[last] for row in rows}
    }
    rows = [(*row[:last], stamps[row[last]], policy) for row in rows]
    marks = ", ".join("?" for _ in FINDING_COLUMNS)
    statement = (
        f'INSERT INTO findings ({columns}, "policy") VALUES ({marks}, ?) ON CONFLICT {_IDENTITY} DO NOTHING'
    )
    pieces = pacing.pieces(rows, 32)
    return sum(int(conn.exec_driver_sql(statement, list(piece)).rowcount) for piece in pieces)


def _copy_postgresql(
    conn: Connection, rows: Sequence[tuple[Any, ...]], columns: str, policy: str | None
) -> int:
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS findings_in ON COMMIT DROP AS "
            f"SELECT {columns} FROM findings WITH NO DATA"
        )
        cur.execute("TRUNCATE findings_in")
        with cur.copy(f"COPY findings_in ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute(
            f'INSERT INTO findings ({columns}, "policy") SELECT {columns}, %s::varchar FROM findings_in '
            f"ON CONFLICT {_IDENTITY} DO NOTHING",
            (policy,),
        )
        return int(cur.rowcount)
