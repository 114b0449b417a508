"""Where the ingester remembers how far it read and which messages are still in the queue.

Two register tables (`congvu.register.schema.mail`): one checkpoint per log file (by first-line
fingerprint, with the path and inode it was last seen under) and the messages whose lines are not
all read yet, so that a message whose `from=` was in yesterday's run still gets today's `to=`.
They are written after the findings are recorded: a run killed in between reads the same lines
again next time, and recording is idempotent, so nothing is skipped and nothing is counted twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.mailflow.logs.reader import Checkpoint
from congvu.register.schema import mail_log_checkpoints, mail_log_pending
from congvu.register.store import Store

if TYPE_CHECKING:
    from congvu.classify import AddressPolicy
    from congvu.mailflow.logs.ingest import IngestResult
    from congvu.mailflow.origin import ProviderHosts


class RegisterCheckpoints:
    """CheckpointStore over the register: read once up front, written back with the findings."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known: dict[str, Checkpoint] = {}
        self.changed: dict[str, Checkpoint] = {}
        with store.engine.connect() as conn:
            for r in conn.execute(sa.select(mail_log_checkpoints)):
                self.known[r.fingerprint] = Checkpoint(r.fingerprint, r.path, r.inode, r.offset, r.lines)

    def get(self, fingerprint: str) -> Checkpoint | None:
        return self.changed.get(fingerprint) or self.known.get(fingerprint)

    def put(self, checkpoint: Checkpoint) -> None:
        self.changed[checkpoint.fingerprint] = checkpoint

    def pending(self) -> list[dict[str, Any]]:
        with self.store.engine.connect() as conn:
            return [dict(r.data) for r in conn.execute(sa.select(mail_log_pending.c.data))]

    def save(self, conn: Connection, pending: list[dict[str, Any]]) -> None:
        """Write the moved checkpoints and replace the pending messages (inside the caller's transaction)."""
        now = self.store.clock()
        for cp in self.changed.values():
            conn.execute(
                mail_log_checkpoints.delete().where(mail_log_checkpoints.c.fingerprint == cp.fingerprint)
            )
            conn.execute(
                mail_log_checkpoints.insert().values(
                    fingerprint=cp.fingerprint, path=cp.path, inode=cp.inode, offset=cp.offset,
                    lines=cp.lines, updated_at=now,
                )
            )  # fmt: skip
        conn.execute(mail_log_pending.delete())
        rows = {f"{m['host']}/{m['queue_id']}"[:200]: m for m in pending}
        if rows:
            conn.execute(
                mail_log_pending.insert(),
                [{"queue_key": k, "data": v, "updated_at": now} for k, v in rows.items()],
            )


def ingest_new_lines(
    store: Store,
    paths: list[Path],
    policy: AddressPolicy,
    hosts: ProviderHosts,
    *,
    zone: ZoneInfo,
    year: int | None = None,
    from_start: bool = False,
    who: str | None = None,
    version: str | None = None,
) -> tuple[IngestResult, dict[str, int]]:
    """`congvu mail ingest-log`: read the lines the register's checkpoints have not seen (every line
    with `from_start`), judge the reassembled messages and, when `who` is given, record the mail
    events and move the checkpoints in the register.  Returns the result and what was recorded.
    `version`: the policy version (`congvu.policyversion`) `policy` and `hosts` come from, kept on
    every recorded finding and violation."""
    from congvu.mailflow.logs.ingest import ingest, mail_events
    from congvu.mailflow.rules import StaffIndex
    from congvu.register.mail import record_mail_events

    checkpoints = RegisterCheckpoints(store)
    if from_start:
        checkpoints.known.clear()
    pending = [] if from_start else checkpoints.pending()
    index = StaffIndex.from_store(store)
    result = ingest(
        paths, index, policy, zone=zone, checkpoints=checkpoints, pending=pending, year=year, hosts=hosts
    )
    recorded: dict[str, int] = {}
    if who is not None:
        recorded = record_mail_events(store, mail_events(result), who, version).as_dict()
        store.run(lambda conn: checkpoints.save(conn, result.pending))
    return result, recorded
