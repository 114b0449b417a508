"""The application factory: one FastAPI app with the page routers, the API router and static files."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib import resources
from urllib.parse import quote

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from congvu.notify.send import Transport
from congvu.register.scales import Scale, scale_from_settings
from congvu.register.store import Store
from congvu.scan.checker import Checker, InlineChecker, PoolChecker
from congvu.settings import (
    Config,
    EvaluationSettings,
    MetricsSettings,
    SmtpSettings,
    WebSettings,
    from_environment,
    load_config,
)
from congvu.web import apidocs, resume
from congvu.web.api import v1
from congvu.web.auth import LoginRequired
from congvu.web.i18n import MESSAGES
from congvu.web.metrics import RequestMetrics, WebMetrics, exposition_registry
from congvu.web.pages import ROUTERS
from congvu.web.state import WebState
from congvu.web.templating import render
from congvu.web.upload import MAX_UPLOAD_BYTES

# No script may run but our own files, nothing may frame the app, uploads cannot be sniffed as HTML.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds SECURITY_HEADERS (and no-store outside /static) to every response, unless set.

    Plain ASGI rather than `@app.middleware("http")`: that wrapper runs each request in an extra
    task and copies the response body through a stream, a measurable share of a 5 ms page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    if key not in headers:
                        headers[key] = value
                if not static and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error_page(
    request: Request, code: int, detail: str, headers: Mapping[str, str] | None = None
) -> Response:
    """An error said in the page's language (`http_<code>`); the technical detail (English, for
    whoever reads the logs) stays in the English page and in a comment of the Vietnamese one."""
    key = f"http_{code}" if f"http_{code}" in MESSAGES else f"http_{500 if code >= 500 else 400}"
    response = render(request, "error.html", code, message_key=key, detail=detail, code=code)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


_THREADS = from_environment("web.threads")
PAGE_THREADS: int = WebSettings.defaults().threads if _THREADS is None else _THREADS


def _scale(config: Config) -> Scale:
    return scale_from_settings(EvaluationSettings.of(config))


def mount_metrics(app: FastAPI, store: Store) -> None:
    """`/metrics` (Prometheus: requests by route and status, time per route) and `/healthz` (the
    register answers a query: 200, else 503).  Neither asks for a login: serve them to the
    monitoring network only, never through the public reverse proxy (docs/metrics.md)."""
    metrics = WebMetrics()
    app.state.metrics = metrics
    app.add_middleware(RequestMetrics, metrics=metrics)

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return Response(
            generate_latest(exposition_registry(metrics.registry)), media_type=CONTENT_TYPE_LATEST
        )

    @app.get("/healthz", include_in_schema=False)
    def health() -> Response:
        try:
            with store.begin() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception as exc:  # the register down: the app cannot serve a page
            return JSONResponse({"status": "unhealthy", "register": str(exc)}, 503)
        return JSONResponse({"status": "ok", "register": store.dialect})


def create_app(
    store: Store,
    config: Config | None = None,
    *,
    checker: Checker | None = None,
    inline_check: bool = False,
    secure_cookies: bool = False,
    max_upload: int = MAX_UPLOAD_BYTES,
    threads: int = PAGE_THREADS,
    transport: Transport | None = None,
) -> FastAPI:
    """The web app over an open store.  `inline_check` scans uploads in-process (tests, benches);
    otherwise they go to worker processes with the scan limits.  Reminders sent from a page are
    delivered through `transport`, else through SMTP when `smtp.host` is set, else left queued."""
    config = config or load_config()
    smtp = SmtpSettings.of(config)
    if transport is None and smtp.host:
        from congvu.notify.smtp import SmtpTransport

        transport = SmtpTransport(smtp)
    if checker is None:
        checker = InlineChecker(config) if inline_check else PoolChecker(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Pages are synchronous and mostly Python work under the GIL: a few threads keep the core
        # busy while one waits for the database; forty (anyio's default) only take turns with the
        # GIL and stretch every request.  Requests beyond these wait their turn in order.
        to_thread.current_default_thread_limiter().total_tokens = threads
        # What is alive now (modules, routes, templates, the pool) lives as long as the process.
        # Freezing it keeps the collector's full passes (about 90 ms over these objects, every
        # thread stopped meanwhile) off the request path.
        gc.collect()
        gc.freeze()
        yield
        app.state.web.checker.close()

    app = FastAPI(
        lifespan=lifespan,
        title="congvu API",
        version="1",
        description="Document check and violations register for e-office systems (Chỉ thị 01/CT-UBND).",
        docs_url=None,  # served by `apidocs` from local files: the CDN page breaks under the CSP
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.web = WebState(
        store, config, checker, _scale(config), max_upload, secure_cookies, transport=transport
    )
    apidocs.mount(app, "/api/docs", "/api/openapi.json")
    app.mount("/static", StaticFiles(directory=str(resources.files("congvu.web") / "static")), name="static")
    icon = (resources.files("congvu.web") / "static" / "favicon.svg").read_bytes()

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Every page names /static/favicon.svg; a browser still asks /favicon.ico for anything else
        # it shows (an image, a JSON answer). A 404 there was a console error in every browser test.
        return Response(icon, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})

    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    app.include_router(v1.router)

    app.add_middleware(SecurityHeaders)
    if MetricsSettings.of(config).web:
        mount_metrics(app, store)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _exc: LoginRequired) -> Response:
        kept = await resume.keep(request)  # a form posted after the session expired
        if kept is not None:
            return resume.login_redirect(*kept, secure=app.state.web.secure_cookies)
        if request.method != "GET":  # never send the browser to GET a POST-only address
            return RedirectResponse("/login", status_code=303)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        return error_page(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, 422)
        return error_page(request, 400, "invalid request")

    return app
