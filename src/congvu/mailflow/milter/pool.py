"""The milter's worker processes: the heavy half of a message runs here, confined like `scan`'s.

A message is untrusted input. Its attachments are parsed in a worker (`congvu.workers`) with the
same address-space limit as `congvu scan`, and a per-message time limit that *kills* the worker when
it runs out (an abandoned future would leave it reading, and every later message would queue behind
it). pebble replaces a killed or crashed worker by itself, so one bad message costs that message's
judgement and nothing more; workers die with the milter (`PR_SET_PDEATHSIG`).
"""

from __future__ import annotations

import asyncio

from congvu.mailflow.milter.inspect import Analysis, MessageContext, analyse
from congvu.settings import Limits
from congvu.workers import WorkerPool, failure_text


class AnalysisFailed(Exception):
    """The heavy half gave no analysis: timed out, its worker died, or it raised."""


class AnalysisPool:
    def __init__(self, config_source: str | None, workers: int, limits: Limits, seconds: float) -> None:
        self.seconds = seconds
        self._pool = WorkerPool(workers, limits, MessageContext.load, lambda: (config_source,))

    async def analyse(self, raw: bytes) -> Analysis:
        future = self._pool.schedule(analyse, (raw,), timeout=self.seconds)
        try:
            result: Analysis = await asyncio.wrap_future(future)
            return result
        except Exception as exc:  # a time-out, a dead worker, or raised inside it (MemoryError…)
            text = failure_text(exc, self.seconds, "mailflow.milter_judge_seconds", what="message")
            raise AnalysisFailed(text) from exc

    def close(self) -> None:
        self._pool.close()
