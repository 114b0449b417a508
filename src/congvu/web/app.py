"""The application factory: one FastAPI app with the page routers, the API router and static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from congvu.register.scales import Scale, scale_from_settings
from congvu.register.store import Store
from congvu.settings import Config, load_config
from congvu.web.api import v1
from congvu.web.auth import LoginRequired, Throttle
from congvu.web.checker import Checker, InlineChecker, PoolChecker
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


def _scale(config: Config) -> Scale:
    return scale_from_settings(
        list(config.get("evaluation.scale")),
        str(config.get("evaluation.cap")),
        int(config.get("evaluation.points_max")),
    )


def create_app(
    store: Store,
    config: Config | None = None,
    *,
    checker: Checker | None = None,
    inline_check: bool = False,
    secure_cookies: bool = False,
    max_upload: int = MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The web app over an open store.  `inline_check` scans uploads in-process (tests, benches);
    otherwise they go to worker processes with the scan limits."""
    config = config or load_config()
    if checker is None:
        checker = InlineChecker(config) if inline_check else PoolChecker(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.web.checker.close()

    app = FastAPI(
        lifespan=lifespan,
        title="congvu API",
        version="1",
        description="Document check and violations register for e-office systems (Chỉ thị 01/CT-UBND).",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.web = WebState(store, config, checker, _scale(config), Throttle(), max_upload, secure_cookies)
    app.mount("/static", StaticFiles(directory=str(resources.files("congvu.web") / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    app.include_router(v1.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if not request.url.path.startswith("/static"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        key = {403: "forbidden", 404: "not_found"}.get(exc.status_code)
        return render(
            request,
            "error.html",
            exc.status_code,
            message_key=key,
            detail=str(exc.detail),
            code=exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, 422)
        return render(request, "error.html", 400, message_key=None, detail="invalid request", code=400)

    return app
