"""Running the document check for an upload, away from the web server's own memory and time.

An upload is untrusted: it is parsed (never executed) in a worker process with the same address-space
limit and wall-clock timeout as `congvu scan`, so a zip bomb or a pathological PDF costs one worker,
not the server.  `InlineChecker` runs in the calling thread, for tests and benchmarks.
"""

from __future__ import annotations

from concurrent.futures import TimeoutError as FutureTimeout
from typing import Protocol

from pebble import ProcessExpired

from congvu.classify import AddressPolicy
from congvu.lazypool import LazyPool
from congvu.model import DocumentResult
from congvu.scan import scan_bytes
from congvu.settings import Config, Limits

_policy: AddressPolicy | None = None
_limits: Limits | None = None


class Checker(Protocol):
    def check(self, data: bytes, name: str) -> DocumentResult: ...

    def close(self) -> None: ...


class InlineChecker:
    def __init__(self, config: Config) -> None:
        self.policy = AddressPolicy.from_config(config)
        self.limits = Limits.from_config(config)

    def check(self, data: bytes, name: str) -> DocumentResult:
        return scan_bytes(data, name, self.policy, self.limits)

    def close(self) -> None:
        return None


def _init(config: Config, limits: Limits) -> None:
    global _policy, _limits
    from congvu.runner import limit_worker

    limit_worker(limits)
    _policy, _limits = AddressPolicy.from_config(config), limits


def _work(data: bytes, name: str) -> DocumentResult:
    assert _policy is not None and _limits is not None
    return scan_bytes(data, name, _policy, _limits)


class PoolChecker:
    """A small pool of worker processes, started on first use."""

    def __init__(self, config: Config, workers: int = 2) -> None:
        self.config, self.limits, self.workers = config, Limits.from_config(config), workers
        self._pool = LazyPool(workers, _init, lambda: (self.config, self.limits))

    def check(self, data: bytes, name: str) -> DocumentResult:
        future = self._pool.get().schedule(_work, args=(data, name), timeout=self.limits.max_seconds)
        try:
            result: DocumentResult = future.result()
            return result
        except FutureTimeout:
            msg = f"took longer than {self.limits.max_seconds:g} s (limits.max_seconds); stopped"
        except ProcessExpired as exc:
            msg = f"the reader crashed on this file (exit code {exc.exitcode}); possibly out of memory"
        except MemoryError:
            msg = "out of memory (limits.max_memory_mb)"
        return DocumentResult(name, "error", msg)

    def close(self) -> None:
        self._pool.close()
