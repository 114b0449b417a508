"""The web app's Prometheus metrics: requests by route template and status, time per route.

Routes are labelled by their template (`/violations/{violation_id}`), never by the path asked
for, so a scanner walking random addresses adds one `unmatched` series, not one per address.
Plain ASGI, like `SecurityHeaders`: no extra task or body copy per request.
"""

from __future__ import annotations

import os
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, values
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNMATCHED = "unmatched"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_dir() -> str | None:
    """The folder the web processes share their metrics through, when prometheus-client was
    imported in its multiprocess mode (the variable set before the process started: `serve.run`
    sets it for its workers); else None and each process reports its own."""
    folder = os.environ.get(MULTIPROC_ENV)
    return folder if folder and values.ValueClass is not values.MutexValue else None


def exposition_registry(own: CollectorRegistry) -> CollectorRegistry:
    """What `/metrics` shows: in multiprocess mode every process's counts added up from the
    shared folder (whichever process the scrape reaches), else this process's registry."""
    folder = multiprocess_dir()
    if folder is None:
        return own
    merged = CollectorRegistry()
    MultiProcessCollector(merged, path=folder)
    return merged


class WebMetrics:
    """The app's own registry (one per app: tests build many apps in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "congvu_web_requests",
            "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.seconds = Histogram(
            "congvu_web_request_seconds",
            "Time to answer a request (to the start of the response), by route template.",
            ["route"],
            registry=self.registry,
        )


def route_template(scope: Scope) -> str:
    """The matched route's path template; `/static` for the static files; else `unmatched`."""
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    if str(scope.get("path", "")).startswith("/static/"):
        return "/static"
    return UNMATCHED


class RequestMetrics:
    """Counts each HTTP request by route template and status and times it, into `metrics`."""

    def __init__(self, app: ASGIApp, metrics: WebMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets when the app raises before answering
        elapsed: float | None = None

        async def send_and_note(message: Message) -> None:
            nonlocal status, elapsed
            if message["type"] == "http.response.start":
                status = int(message["status"])
                elapsed = time.perf_counter() - started
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = route_template(scope)
            self.metrics.requests.labels(route, scope.get("method", ""), str(status)).inc()
            self.metrics.seconds.labels(route).observe(
                elapsed if elapsed is not None else time.perf_counter() - started
            )
