"""A fleet worker's Prometheus metrics and health (`metrics.worker_port`, served by `congvu worker`).

Tasks by queue and state (done, failed, known: answered from the register) and the pages read
come from the counts the task keeps anyway (`tasks.counts`, `tasks.pages`, the same numbers
`congvu queue status` shows); tasks running now, their time and retries from Celery's signals.
Documents per second is `rate(congvu_fleet_tasks_total[1m])` in Prometheus; OCR pages per
second `rate(congvu_fleet_pages_total{kind="ocr_pages"}[1m])`; the queues' depth is asked of the
broker when Prometheus scrapes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

from celery import Celery, signals
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from congvu.fleet import client, tasks

_log = logging.getLogger(__name__)

# a text file takes milliseconds, a scanned PDF minutes of OCR
TASK_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)


class _TaskCounts(Collector):
    def collect(self) -> Iterator[Any]:
        by_state = CounterMetricFamily(
            "congvu_fleet_tasks",
            "Files this worker finished, by queue and state (known: answered from the register).",
            labels=["queue", "state"],
        )
        for queue, states in sorted(tasks.counts().items()):
            for state, n in sorted(states.items()):
                by_state.add_metric([queue, state], n)
        yield by_state
        pages = CounterMetricFamily(
            "congvu_fleet_pages",
            "Pages of the files this worker read, by queue; kind=ocr_pages: of them, pages OCR'd.",
            labels=["queue", "kind"],
        )
        for (queue, kind), n in sorted(tasks.pages().items()):
            pages.add_metric([queue, kind], n)
        yield pages


class _QueueDepth(Collector):
    """Messages ready and consumers of this worker's queues, asked of the broker at scrape time."""

    def __init__(self, app: Celery, queues: tuple[str, ...]) -> None:
        self.app = app
        self.queues = queues

    def collect(self) -> Iterator[Any]:
        ready = GaugeMetricFamily(
            "congvu_fleet_queue_messages", "Tasks waiting in the queue.", labels=["queue"]
        )
        consumers = GaugeMetricFamily(
            "congvu_fleet_queue_consumers", "Workers taking from the queue.", labels=["queue"]
        )
        up = 1
        try:
            for name in self.queues:
                messages, n = client.depth(self.app, name)
                if messages is not None:
                    ready.add_metric([name], messages)
                    consumers.add_metric([name], n)
        except Exception as exc:  # the broker unreachable: say so, keep the rest of the scrape
            _log.warning("queue depth unknown: %s", exc)
            up = 0
        yield ready
        yield consumers
        yield GaugeMetricFamily("congvu_fleet_broker_up", "1 when the broker answered this scrape.", value=up)


class WorkerMetrics:
    """The registry of one worker process and the signal handlers that feed it; with `app`, the
    depth of `queues` too (one broker round trip per scrape)."""

    def __init__(self, app: Celery | None = None, queues: tuple[str, ...] = ()) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_TaskCounts())
        if app is not None:
            self.registry.register(_QueueDepth(app, queues))
        self.running = Gauge("congvu_fleet_tasks_running", "Tasks being run now.", registry=self.registry)
        self.seconds = Histogram(
            "congvu_fleet_task_seconds",
            "Time a task ran, by task name.",
            ["task"],
            buckets=TASK_BUCKETS,
            registry=self.registry,
        )
        self.retries = Counter(
            "congvu_fleet_task_retries", "Tasks put back for a retry.", ["task"], registry=self.registry
        )
        self.ready = False
        self._started: dict[str, float] = {}
        self._lock = threading.Lock()

    def connect(self) -> None:
        """Listen to Celery's signals (for the life of the process: a worker has one of these)."""
        signals.task_prerun.connect(self._prerun, weak=False)
        signals.task_postrun.connect(self._postrun, weak=False)
        signals.task_retry.connect(self._retry, weak=False)
        signals.worker_ready.connect(self._ready, weak=False)
        signals.worker_shutting_down.connect(self._stopping, weak=False)

    def _prerun(self, task_id: str | None = None, **_: Any) -> None:
        self.running.inc()
        with self._lock:
            self._started[str(task_id)] = time.perf_counter()

    def _postrun(self, task_id: str | None = None, task: Any = None, **_: Any) -> None:
        self.running.dec()
        with self._lock:
            started = self._started.pop(str(task_id), None)
        if started is not None:
            self.seconds.labels(getattr(task, "name", "?")).observe(time.perf_counter() - started)

    def _retry(self, sender: Any = None, **_: Any) -> None:
        self.retries.labels(getattr(sender, "name", "?")).inc()

    def _ready(self, **_: Any) -> None:
        self.ready = True

    def _stopping(self, **_: Any) -> None:
        self.ready = False

    def health(self) -> tuple[bool, dict[str, Any]]:
        """Healthy from Celery's `worker_ready` (consuming its queues) until it starts shutting down."""
        with self._lock:
            running = len(self._started)
        return self.ready, {"ready": self.ready, "running": running}
