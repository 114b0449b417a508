"""`/api/docs` without a CDN: the Swagger UI files come from the `fastapi-offline` package and are
served by the app itself, so the page works on an office network with no Internet access and under
the strict content-security policy (`script-src 'self'`, no inline script).

FastAPI's own docs page loads Swagger UI from jsDelivr and starts it with an inline `<script>`;
both are refused by the policy, which left the page blank.  Here the start-up code is a static
file (`static/apidocs.js`) that reads the schema's address from a `data-` attribute."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse

ASSETS_URL = "/static/apidocs"
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"


def docs_page(title: str, openapi_url: str) -> str:
    """The Swagger UI page: only same-origin files, no inline script or style."""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} – Swagger UI</title>"
        f'<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css">'
        f'<link rel="icon" type="image/png" href="{ASSETS_URL}/favicon.png">'
        "</head><body>"
        f'<div id="swagger-ui" data-openapi-url="{openapi_url}"></div>'
        f'<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>'
        '<script src="/static/apidocs.js"></script>'
        "</body></html>\n"
    )


def mount(app: FastAPI, docs_url: str, openapi_url: str) -> None:
    """Serve the Swagger UI assets and the docs page.  Call before mounting `/static`, which would
    otherwise take `/static/apidocs/...` for its own folder."""
    app.mount(ASSETS_URL, StaticFiles(directory=str(ASSETS_DIR)), name="apidocs")
    page = docs_page(app.title, openapi_url)

    @app.get(docs_url, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(page)
