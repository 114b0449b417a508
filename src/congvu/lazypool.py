"""A pebble process pool started on first use, started anew after it stopped, and closed once.

Shared by the web upload checker and the milter: both run untrusted input in worker processes
that are killed on a time-out and replaced by pebble, and both must not fork before the server
has finished starting (hence "lazy")."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from pebble import ProcessPool


class LazyPool:
    def __init__(
        self, workers: int, initializer: Callable[..., None], initargs: Callable[[], tuple[Any, ...]]
    ) -> None:
        """`initargs` is called when a pool starts (so it can name the process starting it)."""
        self.workers, self.initializer, self.initargs = workers, initializer, initargs
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()
        self.restarts = 0

    def get(self) -> ProcessPool:
        with self._lock:
            if self._pool is not None and not self._pool.active:  # stopped or broken: start anew
                self._pool, self.restarts = None, self.restarts + 1
            if self._pool is None:
                self._pool = ProcessPool(
                    max_workers=self.workers, initializer=self.initializer, initargs=self.initargs()
                )
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join()
                self._pool = None
