"""The web app's Prometheus metrics: requests by route template and status, time per route.

Routes are labelled by their template (`/violations/{violation_id}`), never by the path asked
for, so a scanner walking random addresses adds one `unmatched` series, not one per address.
Plain ASGI, like `SecurityHeaders`: no extra task or body copy per request.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNMATCHED = "unmatched"


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
