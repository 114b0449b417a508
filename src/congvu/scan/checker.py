"""Running the document check for an upload, away from the web server's own memory and time.

An upload is untrusted: it is parsed (never executed) in a worker process with the same address-space
limit and wall-clock timeout as `congvu scan` (`congvu.workers`), so a zip bomb or a pathological
PDF costs one worker, not the server.  `InlineChecker` runs in the calling thread, for tests and
benchmarks.
"""

from __future__ import annotations

from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Protocol

from pebble import ProcessExpired

from congvu.classify import AddressPolicy
from congvu.model import DocumentResult
from congvu.scan.document import scan_bytes
from congvu.settings import Config, Limits
from congvu.workers import WorkerPool, context, failure_text


class Checker(Protocol):
    def check(self, data: bytes, name: str, origin: str | None = None) -> DocumentResult: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class _CheckContext:
    """What a checker (inline, or each worker of a pool) judges uploads with."""

    policy: AddressPolicy
    limits: Limits

    @classmethod
    def from_config(cls, config: Config, limits: Limits) -> _CheckContext:
        return cls(AddressPolicy.from_config(config), limits)

    def check(self, data: bytes, name: str, origin: str | None = None) -> DocumentResult:
        return scan_bytes(data, name, self.policy, self.limits, origin=origin)


class InlineChecker:
    def __init__(self, config: Config) -> None:
        self.context = _CheckContext.from_config(config, Limits.from_config(config))

    def check(self, data: bytes, name: str, origin: str | None = None) -> DocumentResult:
        return self.context.check(data, name, origin)

    def close(self) -> None:
        return None


def _work(data: bytes, name: str, origin: str | None = None) -> DocumentResult:
    return context(_CheckContext).check(data, name, origin)


class PoolChecker:
    """A small pool of worker processes, started on first use."""

    def __init__(self, config: Config, workers: int = 2) -> None:
        self.config, self.limits, self.workers = config, Limits.from_config(config), workers
        # not tied (no PR_SET_PDEATHSIG): its first use may be from a request thread that exits later
        self._pool = WorkerPool(
            workers, self.limits, _CheckContext.from_config, lambda: (self.config, self.limits), tied=False
        )

    def check(self, data: bytes, name: str, origin: str | None = None) -> DocumentResult:
        """`name`'s verdict, judged in a worker; `origin`: the URL it was published at (a crawl's)."""
        future = self._pool.schedule(_work, (data, name, origin), timeout=self.limits.max_seconds)
        try:
            result: DocumentResult = future.result()
            return result
        except (FutureTimeout, ProcessExpired, MemoryError) as exc:  # anything else is a bug: raised
            return DocumentResult(
                name, "error", failure_text(exc, self.limits.max_seconds, "limits.max_seconds"), origin=origin
            )

    def close(self) -> None:
        self._pool.close()
