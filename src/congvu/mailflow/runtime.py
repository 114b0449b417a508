"""What the policy service and the milter share at run time: the store (opened lazily and reopened
after outages), the directory index kept fresh, and the recorder with its spool.

The services must start and answer even when the register is down (fail-open), so nothing here
raises to the caller: an unreachable store means an empty directory (nothing flagged) and events
spooled to disk until it answers.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from congvu.mailflow.recorder import Recorder
from congvu.mailflow.rules import StaffIndex
from congvu.mailflow.spool import Spool
from congvu.register.mail import record_mail_events
from congvu.register.store import Store, open_store

log = logging.getLogger(__name__)


class StoreWriter:
    """Opens the register on first use and again after a failure; callable as the recorder's writer."""

    def __init__(self, url: str, who: str = "congvu-mail") -> None:
        self.url = url
        self.who = who
        self._store: Store | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, str]:
        """Only the address travels (to the recording process), which opens its own store."""
        return {"url": self.url, "who": self.who}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.__init__(state["url"], state["who"])  # type: ignore[misc]

    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.url)
            return self._store

    def _reset(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.dispose()
            self._store = None

    def __call__(self, events: list[dict[str, Any]]) -> object:
        try:
            return record_mail_events(self.store(), events, self.who)
        except Exception:
            self._reset()
            raise

    def load_index(self) -> StaffIndex:
        try:
            return StaffIndex.from_store(self.store())
        except Exception:
            self._reset()
            raise

    def close(self) -> None:
        self._reset()


def stamped(expand: Callable[[Any], dict[str, Any]] | None, policy: str, record: Any) -> dict[str, Any]:
    """The event of `record` (`expand`ed, or the record itself) naming the policy version that
    judged it, unless it names one already."""
    event = dict(expand(record) if expand is not None else record)
    event.setdefault("policy", policy)
    return event


def make_recorder(
    writer: StoreWriter | None,
    spool_dir: str | Path,
    queue_size: int = 10_000,
    expand: Callable[[Any], dict[str, Any]] | None = None,
    policy: str | None = None,
) -> Recorder:
    """The recorder: `submit` records go to a recording process, which writes (or spools) them.
    `policy`: the policy version (`congvu.policyversion`) the service judges under, stamped on every
    event before it is written or spooled, so the register keeps it on each finding and violation."""
    if policy is not None:
        expand = partial(stamped, expand, policy)  # a partial of a module function: picklable
    return Recorder(writer, Spool(spool_dir), queue_size=queue_size, expand=expand)


async def first_index(writer: StoreWriter | None) -> StaffIndex:
    """The directory at start; empty (nothing flagged, everything passes) if the store is down."""
    if writer is None:
        return StaffIndex()
    try:
        index = await asyncio.to_thread(writer.load_index)
    except Exception as exc:
        log.error("directory unavailable at start (%s): nothing is flagged until it answers", exc)
        return StaffIndex()
    log.info("directory: %d official, %d known personal addresses", len(index.official), len(index.personal))
    return index


async def keep_index_fresh(
    writer: StoreWriter, apply: Callable[[StaffIndex], None], every: float, retry: float = 10.0
) -> None:
    """Reload the directory every `every` seconds (sooner, `retry`, after a failure)."""
    wait = every
    while True:
        await asyncio.sleep(wait)
        try:
            apply(await asyncio.to_thread(writer.load_index))
            wait = every
        except Exception as exc:
            log.error("directory reload failed, keeping the previous one: %s", exc)
            wait = retry
