"""Recording off the request path: a bounded asyncio queue drained in batches by a background task.

The policy service only ever calls `submit`, which never blocks: when the queue is full or the
store is down, events go to the disk spool instead and are replayed once the store answers again.
The store write itself runs in a worker thread (SQLAlchemy is synchronous).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from congvu.mailflow.spool import Spool

log = logging.getLogger(__name__)

Writer = Callable[[list[dict[str, Any]]], object]


class Recorder:
    def __init__(
        self,
        writer: Writer | None,
        spool: Spool,
        *,
        queue_size: int = 10_000,
        batch: int = 500,
        linger: float = 0.2,
        retry_seconds: float = 5.0,
    ) -> None:
        self.writer = writer
        self.spool = spool
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(queue_size)
        self.batch = batch
        self.linger = linger
        self.retry_seconds = retry_seconds
        self.store_down_since: float | None = None if writer else time.monotonic()
        self.recorded = 0
        self.spooled = 0
        self._task: asyncio.Task[None] | None = None

    def submit(self, event: dict[str, Any]) -> None:
        """Queue one event; spool it if the queue is full or there is no store to write to."""
        if self.writer is None:
            self.spooled += self.spool.write([event])
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.spooled += self.spool.write([event])

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="congvu-recorder")

    async def _take(self) -> list[dict[str, Any]]:
        items = [await self.queue.get()]
        deadline = time.monotonic() + self.linger
        while len(items) < self.batch:
            if self.queue.empty():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    items.append(await asyncio.wait_for(self.queue.get(), left))
                except TimeoutError:
                    break
            else:
                items.append(self.queue.get_nowait())
        return items

    async def _run(self) -> None:
        assert self.writer is not None
        loop = asyncio.get_running_loop()
        while True:
            items = await self._take()
            await self._write(loop, items)

    async def _write(self, loop: asyncio.AbstractEventLoop, items: list[dict[str, Any]]) -> None:
        assert self.writer is not None
        if (
            self.store_down_since is not None
            and time.monotonic() - self.store_down_since < self.retry_seconds
        ):
            self.spooled += await loop.run_in_executor(None, self.spool.write, items)
            return
        try:
            await loop.run_in_executor(None, self.writer, items)
        except Exception as exc:  # the store is down or refused: keep the events on disk
            if self.store_down_since is None:
                log.error("register unavailable, spooling mail events to %s: %s", self.spool.directory, exc)
            self.store_down_since = time.monotonic()
            self.spooled += await loop.run_in_executor(None, self.spool.write, items)
            return
        self.recorded += len(items)
        if self.store_down_since is not None:
            self.store_down_since = None
            log.warning("register reachable again; replaying the spool")
            try:
                self.recorded += await loop.run_in_executor(None, self.spool.replay, self.writer)
            except Exception as exc:
                log.error("spool replay stopped: %s", exc)
                self.store_down_since = time.monotonic()

    async def close(self, timeout: float = 5.0) -> None:
        """Flush what is queued (to the store, else the spool) and stop."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        left: list[dict[str, Any]] = []
        while not self.queue.empty():
            left.append(self.queue.get_nowait())
        if left and self.writer is not None:
            try:
                await asyncio.wait_for(asyncio.to_thread(self.writer, left), timeout)
                self.recorded += len(left)
                return
            except Exception as exc:
                log.error("final flush failed, spooling %d event(s): %s", len(left), exc)
        if left:
            self.spooled += self.spool.write(left)
