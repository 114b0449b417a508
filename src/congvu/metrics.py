"""Prometheus `/metrics` and a `/healthz` for the services that have no HTTP side of their own.

The policy service, the milter and the fleet's workers speak Postfix's or Celery's protocols, not
HTTP: each serves its metrics on a small loopback listener of its own (`metrics.*_port`, 0 = off),
in a daemon thread, so a scrape never runs on the event loop that answers Postfix.  What is
counted stays with the service (plain counters it keeps anyway); a `Collector` reads them when
Prometheus scrapes, so the request path pays nothing for being observed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

# (healthy, details): healthy → 200, else 503; the details are the JSON body
Health = Callable[[], tuple[bool, dict[str, Any]]]
_WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def wsgi_app(registry: CollectorRegistry, health: Health) -> _WsgiApp:
    """`/metrics` (the registry, text format) and `/healthz` (JSON); anything else is 404."""
    metrics = make_wsgi_app(registry)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return metrics(environ, start_response)
        if path == "/healthz":
            try:
                ok, details = health()
            except Exception as exc:  # a broken check is an unhealthy service, not a dead listener
                ok, details = False, {"error": str(exc)}
            body = json.dumps({"status": "ok" if ok else "unhealthy", **details}).encode()
            start_response(
                "200 OK" if ok else "503 Service Unavailable",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found: /metrics or /healthz\n"]

    return app


class MetricsListener:
    """A loopback HTTP listener serving `wsgi_app(registry, health)` from a daemon thread."""

    def __init__(self, registry: CollectorRegistry, health: Health, host: str = "127.0.0.1", port: int = 0):
        self.registry = registry
        self.health = health
        self.host = host
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> tuple[str, int]:
        """Bind and serve; returns the bound (host, port) (port 0 picks a free one)."""
        self._server = make_server(
            self.host,
            self.port,
            wsgi_app(self.registry, self.health),
            ThreadingWSGIServer,
            handler_class=_Quiet,
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="congvu-metrics", daemon=True)
        self._thread.start()
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
