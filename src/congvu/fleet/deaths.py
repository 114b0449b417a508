"""How many times a task's worker really died, as opposed to losing the broker (issue 13).

Why not the broker's count alone: RabbitMQ 3.10's quorum queues add one to a message's
`x-delivery-count` whenever it goes back to the queue, and a message goes back both when its
worker dies (`kill -9`, out of memory) and when its worker only loses the connection (a network
blip, the broker restarted). A file being read through two blips would be reported as "killed its
worker twice" and never read. The broker cannot tell the two apart; the worker's liveness can.

Why in the register: it is the one store every worker reaches on a path other than the broker's,
so a broker outage does not silence it. Each worker process keeps one row in `fleet_workers`: a
heartbeat count bumped every `BEAT_SECONDS`, and the ids of the tasks it is running (written as
each task starts and ends). A redelivered task that the broker says was delivered
`MAX_DELIVERIES - 1` times or more looks up the rows naming it, waits `STALE_SECONDS`, and counts
as deaths the rows whose heartbeat did not move meanwhile: their worker is gone with the task. A
worker that only lost the broker goes on beating (and goes on judging the file; the copies are
answered from the results and recorded once), so it is no death. Comparing counts rather than
timestamps needs no clock agreed between machines.

The cost: two one-row writes per task and one per worker every `BEAT_SECONDS`, next to a recording
transaction that writes the document and its findings; the wait is paid only by a task already
delivered `MAX_DELIVERIES - 1` times. Without a register (`--no-results`), or with it unreachable,
the broker's count is used as it is: a blip may then count as a death, and the file is reported
as an `error` (never a violation) rather than risk a redelivery loop.
A death the register missed (the worker killed before it wrote the task's start) is not counted:
the file is read once more, and the broker's `x-delivery-limit` still bounds the deliveries.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid

import sqlalchemy as sa

from congvu.register.schema import fleet_workers
from congvu.register.store import Store

BEAT_SECONDS = 2.0
STALE_SECONDS = 3 * BEAT_SECONDS  # no heartbeat for this long: the worker is gone
KEEP_ROWS_SECONDS = 7 * 86400  # rows of workers silent for this long are removed at a start

_log = logging.getLogger(__name__)


class Heartbeat:
    """This worker process's row in `fleet_workers`: beats in a thread, and the tasks it runs."""

    def __init__(self, store: Store, name: str) -> None:
        self.store = store
        self.worker = f"{name} {os.getpid()} {uuid.uuid4().hex[:8]}"[:200]  # one per process life
        self.running: set[str] = set()
        self.beats = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._prune()
        self.beat()
        self._thread = threading.Thread(target=self._loop, name="congvu-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def started(self, task_id: str) -> None:
        with self._lock:
            self.running.add(task_id)
        self.beat()

    def finished(self, task_id: str) -> None:
        with self._lock:
            self.running.discard(task_id)
        self.beat()

    def beat(self) -> bool:
        """Write the row (a new beat count, the running tasks); False when the register refused."""
        with self._lock:
            self.beats += 1
            row = {
                "beats": self.beats,
                "beat_at": self.store.clock(),
                "running": " ".join(sorted(self.running)),
            }
            try:
                with self.store.engine.begin() as conn:
                    where = fleet_workers.c.worker == self.worker
                    if not conn.execute(sa.update(fleet_workers).where(where).values(**row)).rowcount:
                        conn.execute(sa.insert(fleet_workers).values(worker=self.worker, **row))
            except Exception as exc:  # the register down: judging goes on; deaths fall back to the broker
                _log.warning("heartbeat not written (register unreachable): %s", exc)
                return False
        return True

    def _loop(self) -> None:
        while not self._stop.wait(BEAT_SECONDS):
            self.beat()

    def _prune(self) -> None:
        try:
            cutoff = self.store.clock().timestamp() - KEEP_ROWS_SECONDS
            with self.store.engine.begin() as conn:
                rows = conn.execute(sa.select(fleet_workers.c.worker, fleet_workers.c.beat_at)).all()
                old = [w for w, at in rows if at is not None and _seconds(at) < cutoff]
                if old:
                    conn.execute(sa.delete(fleet_workers).where(fleet_workers.c.worker.in_(old)))
        except Exception as exc:
            _log.warning("old heartbeats not pruned: %s", exc)


def _seconds(at: object) -> float:
    from datetime import UTC, datetime

    assert isinstance(at, datetime)
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()


def _naming(store: Store, task_id: str, me: str) -> dict[str, int]:
    """Other workers' rows that list `task_id` as running: worker → its beat count."""
    query = sa.select(fleet_workers.c.worker, fleet_workers.c.beats, fleet_workers.c.running).where(
        fleet_workers.c.running.contains(task_id)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return {w: int(n) for w, n, running in rows if w != me and task_id in str(running).split()}


def deaths(heartbeat: Heartbeat | None, task_id: str, delivered_before: int) -> int:
    """How many earlier deliveries of `task_id` ended with their worker's death: the register's
    count when it can tell (see the module's docstring), else the broker's (`delivered_before`).
    Blocks for `STALE_SECONDS` when some worker still lists the task."""
    if heartbeat is None:
        return delivered_before
    try:
        before = _naming(heartbeat.store, task_id, heartbeat.worker)
        if not before:
            return 0
        time.sleep(STALE_SECONDS)
        after = _naming(heartbeat.store, task_id, heartbeat.worker)
    except Exception as exc:
        _log.warning("register unreachable, the broker's delivery count decides: %s", exc)
        return delivered_before
    dead = sum(1 for worker, beats in before.items() if after.get(worker) == beats)
    return min(dead, delivered_before)
