"""Recording off the request path: mail events are written to the register by a separate process.

Why a process: writing events (SQLAlchemy, ~100 µs of Python each) in a thread of the serving
process holds the GIL for milliseconds at a time, and every Postfix request arriving meanwhile waits
for it. In the serving process `submit` only appends to a list; every `linger` seconds (or every
`batch` events) the list is pickled once and handed to a sender thread, which writes it to a pipe
(the GIL is released while it writes). The recording process turns the records into events
(`expand`), writes them in batches, spools them to disk while the register is down and replays the
spool when it answers again.

Nothing is lost and nothing doubled:
- the recording process acknowledges every batch once it is in the register or in the spool; when
  that process dies, or has not acknowledged everything when `close` times out, the serving process
  spools the unacknowledged batches itself (`Spool.write_new`, whole files, so a replay running in
  the other process never reads half of one) and starts a new recording process;
- a batch stored twice that way is harmless: findings and violations have identities in the register;
- past `queue_size` events waiting in the recording process, new batches go straight to the spool.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from congvu import pacing
from congvu.mailflow.spool import Spool

log = logging.getLogger(__name__)

Writer = Callable[[list[dict[str, Any]]], object]
Expand = Callable[[Any], dict[str, Any]]
_CLOSE = b""  # parent → recording process: no more batches, finish and say goodbye
_IDLE = object()
_NICE = 19  # where SCHED_IDLE is not available


def _lowest_priority() -> None:
    """Run the recording process only on CPU time nothing else wants (Linux SCHED_IDLE).

    Answering Postfix comes first.  Under plain `nice` the recording process still wakes up on the
    serving core and delays answers by a millisecond or more (p99 2.3–2.8 ms with SCHED_IDLE against
    4.8–5.1 ms with nice 10 at 40,000 requests/s, bench/README.md).  If it starves on a saturated
    machine, events wait in its backlog, then in the spool, which is replayed once it runs again:
    slower recording, nothing lost.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(OSError):
            os.nice(_NICE)


def _expand_all(expand: Expand | None, records: list[Any]) -> list[dict[str, Any]]:
    if expand is None:
        return records
    events = []
    for record in records:
        pacing.pace()
        try:
            events.append(expand(record))
        except Exception:  # a record that cannot become an event cannot be stored either
            log.exception("mail event dropped: cannot expand %r", record)
    return events


class Recorder:
    """The serving process's side: `submit` (cheap, never blocks) and the sender thread."""

    def __init__(
        self,
        writer: Writer | None,
        spool: Spool,
        *,
        queue_size: int = 10_000,
        batch: int = 500,
        linger: float = 0.05,
        retry_seconds: float = 5.0,
        expand: Expand | None = None,
        max_outbox: int = 200,
        idle: bool = True,
    ) -> None:
        self.writer = writer  # pickled into the recording process: a module-level callable
        # Batches waiting for the sender thread.  It only waits when the recording process stops
        # reading its pipe (hung, stopped); past this many (10 s at the default linger), batches are
        # spooled here: memory stays bounded and nothing is lost.
        self.max_outbox = max_outbox
        self.spool = spool
        self.queue_size = queue_size
        self.batch = batch
        self.linger = linger
        self.retry_seconds = retry_seconds
        self.expand = expand
        # SCHED_IDLE and paced (the default, for a serving host): answers to Postfix come first.
        # False runs it as an ordinary process, for a host that only records, or for a check of what
        # it records that must finish in bounded time on a machine whose cores are all busy (a
        # SCHED_IDLE process there may get no CPU for minutes).
        self.idle = idle
        self.recorded = 0
        self.spooled = 0
        self._pending: list[Any] = []
        self._outbox: queue.SimpleQueue[tuple[int, int, bytes] | None] = queue.SimpleQueue()
        self._serial = itertools.count(1)
        self._timer: asyncio.TimerHandle | None = None
        self._sender: threading.Thread | None = None
        self._process: Any = None
        self._conn: Connection | None = None
        self._started_at = 0.0
        self._close_timeout = 10.0
        self._outbox_full = False

    def submit(self, record: Any) -> None:
        """Take one record (an event, or what `expand` makes one of); never blocks, never raises."""
        self._pending.append(record)
        if len(self._pending) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        records, self._pending = self._pending, []
        if not records:
            return
        seq = next(self._serial)
        try:
            data = pickle.dumps((seq, records), pickle.HIGHEST_PROTOCOL)
        except Exception:
            log.exception("mail events not picklable; spooling %d here", len(records))
            self.spooled += self.spool.write_new(_expand_all(self.expand, records))
            return
        if self._outbox.qsize() >= self.max_outbox:
            if not self._outbox_full:
                log.error("the recording process is not taking events: spooling them here")
            self._outbox_full = True
            self._spool_here(data)
            return
        if self._outbox_full and self._outbox.qsize() < self.max_outbox // 2:
            self._outbox_full = False  # taking them again: the next stall is logged anew
        self._outbox.put((seq, len(records), data))

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._start_process()
        self._sender = threading.Thread(target=self._send_loop, name="congvu-recorder", daemon=True)
        self._sender.start()

        def tick() -> None:
            self._flush()
            self._timer = loop.call_later(self.linger, tick)

        self._timer = loop.call_later(self.linger, tick)

    def _start_process(self) -> None:
        if self._conn is not None:
            self._conn.close()
        ctx = multiprocessing.get_context("spawn")  # no fork of a process with threads and a loop
        ours, theirs = ctx.Pipe(duplex=True)
        args = (theirs, self.writer, str(self.spool.directory), self.spool.rotate_bytes, self.expand,
                self.queue_size, self.batch, self.retry_seconds, self.idle)  # fmt: skip
        process = ctx.Process(target=_recording_process, args=args, name="congvu-recording", daemon=True)
        process.start()
        theirs.close()
        self._process, self._conn, self._started_at = process, ours, time.monotonic()

    def _alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _take_acks(self, unacked: dict[int, tuple[int, bytes]]) -> bool:
        """Read what the recording process acknowledged; False once it said goodbye or is gone."""
        conn = self._conn
        try:
            while conn is not None and conn.poll():
                message = conn.recv()
                if message is None:
                    return False
                seqs, recorded, spooled = message
                for seq in seqs:
                    unacked.pop(seq, None)
                self.recorded += recorded
                self.spooled += spooled
        except (EOFError, OSError):
            return False
        return True

    def _rescue(self, unacked: dict[int, tuple[int, bytes]], why: str) -> None:
        """Spool (here) every batch the recording process has not acknowledged."""
        if not unacked:
            return
        log.error("%s: spooling %d unacknowledged event(s)", why, sum(n for n, _ in unacked.values()))
        for seq in sorted(unacked):
            self._spool_here(unacked[seq][1])
        unacked.clear()

    def _spool_here(self, data: bytes) -> None:
        _, records = pickle.loads(data)
        self.spooled += self.spool.write_new(_expand_all(self.expand, records))

    def _send_loop(self) -> None:
        unacked: dict[int, tuple[int, bytes]] = {}
        while True:
            try:
                item: Any = self._outbox.get(timeout=0.2)
            except queue.Empty:
                item = _IDLE
            if not self._take_acks(unacked) or not self._alive():
                self._rescue(unacked, "the recording process stopped")
                if time.monotonic() - self._started_at >= self.retry_seconds:
                    self._start_process()  # a new one replays the spool once the store answers
            if item is None:
                break
            if item is _IDLE:
                continue
            seq, count, data = item
            if not self._alive():
                self._spool_here(data)
                continue
            unacked[seq] = (count, data)
            try:
                assert self._conn is not None
                self._conn.send_bytes(data)
            except OSError:
                self._rescue(unacked, "the recording process is unreachable")
            except Exception:  # a bug here must not silently drop what is in flight
                log.exception("mail event sender failed")
                self._rescue(unacked, "mail event sender failed")
        self._finish(unacked)

    def _finish(self, unacked: dict[int, tuple[int, bytes]]) -> None:
        """Closing: let the recording process write the rest, wait for it, spool what it did not ack."""
        deadline = time.monotonic() + self._close_timeout
        conn = self._conn
        try:
            if conn is not None and self._alive():
                conn.send_bytes(_CLOSE)
                while time.monotonic() < deadline:
                    if conn.poll(0.05) and not self._take_acks(unacked):
                        break  # goodbye: everything it had is acknowledged
                    if not self._alive():
                        self._take_acks(unacked)
                        break
        except (EOFError, OSError):
            pass
        self._rescue(unacked, "the recording process stopped without confirming them")
        if self._process is not None:
            self._process.join(max(0.0, deadline - time.monotonic()))
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(5)
        if conn is not None:
            conn.close()

    async def close(self, timeout: float = 10.0) -> None:
        """Flush what is pending to the recording process (else the spool), wait for it, stop it."""
        if self._timer is not None:
            self._timer.cancel()
        self._flush()
        self._close_timeout = timeout
        self._outbox.put(None)
        if self._sender is not None:
            await asyncio.to_thread(self._sender.join)
            return
        while (item := self._outbox.get()) is not None:  # never started: spool it all here
            self._spool_here(item[2])


class _Writing:
    """The recording process: a reader thread keeps the pipe drained, the main thread writes."""

    def __init__(
        self,
        conn: Connection,
        writer: Writer | None,
        spool: Spool,
        expand: Expand | None,
        queue_size: int,
        batch: int,
        retry_seconds: float,
    ) -> None:
        self.conn, self.writer, self.spool, self.expand = conn, writer, spool, expand
        self.queue_size, self.batch, self.retry_seconds = queue_size, batch, retry_seconds
        self.backlog: deque[tuple[int, list[Any]]] = deque()
        self.waiting = 0  # events in the backlog
        self.closing = False
        self.cond = threading.Condition()
        self.send_lock = threading.Lock()
        self.store_down_since: float | None = None
        self.replay_due = bool(spool.files())  # left by an earlier run: replayed on the first success
        # Events also reach the spool while the register is up (a backlog past `queue_size`, batches
        # the serving process spooled itself): every `retry_seconds` a successful write looks for them.
        self.next_spool_look = time.monotonic() + retry_seconds

    def ack(self, seqs: list[int], recorded: int, spooled: int) -> None:
        # the serving process may be gone; the events are stored or spooled anyway
        with self.send_lock, contextlib.suppress(OSError):
            self.conn.send((seqs, recorded, spooled))

    def read(self) -> None:
        while True:
            try:
                data = self.conn.recv_bytes()
            except (EOFError, OSError):
                data = _CLOSE  # the serving process is gone: write what we have and stop
            if data == _CLOSE:
                with self.cond:
                    self.closing = True
                    self.cond.notify()
                return
            seq, records = pickle.loads(data)
            with self.cond:
                if self.waiting + len(records) <= self.queue_size:
                    self.backlog.append((seq, records))
                    self.waiting += len(records)
                    self.cond.notify()
                    continue
            spooled = self.spool.write(_expand_all(self.expand, records))  # too much waiting
            self.replay_due = True
            self.ack([seq], 0, spooled)

    def run(self) -> None:
        threading.Thread(target=self.read, name="congvu-recording-reader", daemon=True).start()
        while True:
            with self.cond:
                while not self.backlog and not self.closing:
                    self.cond.wait()
                if not self.backlog:
                    break
                seqs: list[int] = []
                records: list[Any] = []
                while self.backlog and (not records or len(records) + len(self.backlog[0][1]) <= self.batch):
                    seq, more = self.backlog.popleft()
                    seqs.append(seq)
                    records.extend(more)
                self.waiting -= len(records)
            recorded, spooled = self.store_or_spool(_expand_all(self.expand, records))
            self.ack(seqs, recorded, spooled)
        with self.send_lock, contextlib.suppress(OSError):
            self.conn.send(None)
        self.conn.close()

    def store_or_spool(self, events: list[dict[str, Any]]) -> tuple[int, int]:
        """(recorded, spooled): the register if it answers, else the spool; replays after an outage."""
        if self.writer is None:
            return 0, self.spool.write(events)
        if (
            self.store_down_since is not None
            and time.monotonic() - self.store_down_since < self.retry_seconds
        ):
            return 0, self.spool.write(events)
        try:
            self.writer(events)
        except Exception as exc:  # the store is down or refused: keep the events on disk
            if self.store_down_since is None:
                log.error("register unavailable, spooling mail events to %s: %s", self.spool.directory, exc)
            self.store_down_since = time.monotonic()
            return 0, self.spool.write(events)
        recorded = len(events)
        if not self.replay_due and time.monotonic() >= self.next_spool_look:
            self.next_spool_look = time.monotonic() + self.retry_seconds
            self.replay_due = bool(self.spool.files())
        if self.store_down_since is not None or self.replay_due:
            if self.store_down_since is not None:
                log.warning("register reachable again; replaying the spool")
            self.store_down_since = None
            self.replay_due = False
            try:
                recorded += self.spool.replay(self.writer)
            except Exception as exc:
                log.error("spool replay stopped: %s", exc)
                self.store_down_since = time.monotonic()
        return recorded, 0


def _recording_process(
    conn: Connection,
    writer: Writer | None,
    spool_dir: str,
    rotate_bytes: int,
    expand: Expand | None,
    queue_size: int,
    batch: int,
    retry_seconds: float,
    idle: bool = True,
) -> None:
    """Entry point of the recording process (spawned: it starts from a clean interpreter)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the serving process, which closes us
    if idle:
        _lowest_priority()
        pacing.enable()  # and hand the core back every 0.3 ms of work (congvu.pacing says why)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    spool = Spool(Path(spool_dir), rotate_bytes)
    _Writing(conn, writer, spool, expand, queue_size, batch, retry_seconds).run()
