"""The milter's worker processes: the heavy half of a message runs here, confined like `scan`'s.

A message is untrusted input. Its attachments are parsed in a worker with the same address-space
limit as `congvu scan`, and a per-message time limit that *kills* the worker when it runs out (an
abandoned future would leave it reading, and every later message would queue behind it). pebble
replaces a killed or crashed worker by itself, so one bad message costs that message's judgement
and nothing more; workers die with the milter (`PR_SET_PDEATHSIG`).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import TimeoutError as FutureTimeout

from pebble import ProcessExpired

from congvu.lazypool import LazyPool
from congvu.mailflow.milter.inspect import Analysis, analyse, init_worker
from congvu.settings import Limits


class AnalysisFailed(Exception):
    """The heavy half gave no analysis: timed out, its worker died, or it raised."""


def _init(config_source: str | None, limits: Limits, parent_pid: int) -> None:
    from congvu.runner import die_with_parent, limit_worker

    die_with_parent(parent_pid)
    limit_worker(limits)
    init_worker(config_source)


class AnalysisPool:
    def __init__(self, config_source: str | None, workers: int, limits: Limits, seconds: float) -> None:
        self.seconds = seconds
        self._pool = LazyPool(workers, _init, lambda: (config_source, limits, os.getpid()))

    async def analyse(self, raw: bytes) -> Analysis:
        future = self._pool.get().schedule(analyse, args=(raw,), timeout=self.seconds)
        try:
            result: Analysis = await asyncio.wrap_future(future)
            return result
        except FutureTimeout as exc:
            raise AnalysisFailed(f"took longer than {self.seconds:g} s; its worker was stopped") from exc
        except ProcessExpired as exc:
            raise AnalysisFailed(
                f"its worker died (exit code {exc.exitcode}); possibly out of memory"
            ) from exc
        except Exception as exc:  # raised inside the worker and sent back (MemoryError, RecursionError…)
            raise AnalysisFailed(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        self._pool.close()
