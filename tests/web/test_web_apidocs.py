"""`/api/docs` works offline: the page names only same-origin files, each is served, and the page
carries the strict content-security policy (no CDN, no inline script)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webkit import FrozenClock, copy_db

from congvu.register.store import open_store
from congvu.settings import Config
from congvu.web import create_app


@pytest.fixture
def client(template_db: Path, tmp_path: Path) -> TestClient:
    store = open_store(copy_db(template_db, tmp_path / "r.db"), clock=FrozenClock())
    return TestClient(create_app(store, Config(), inline_check=True))


def test_api_docs_use_only_same_origin_assets(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "cdn" not in csp
    html = page.text
    assert "<script>" not in html and "style=" not in html  # nothing the policy would refuse
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    wanted = {"/static/apidocs/swagger-ui-bundle.js", "/static/apidocs/swagger-ui.css", "/static/apidocs.js"}
    assert wanted <= set(assets)
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), url
        got = client.get(url)
        assert got.status_code == 200, url
        assert len(got.content) > 100, url
    assert 'data-openapi-url="/api/openapi.json"' in html
    schema = client.get("/api/openapi.json").json()
    assert any(path.startswith("/api/v1/") for path in schema["paths"])


def test_swagger_bundle_is_javascript_and_the_start_script_reads_the_schema_url(client: TestClient) -> None:
    bundle = client.get("/static/apidocs/swagger-ui-bundle.js")
    assert "javascript" in bundle.headers["content-type"]
    assert "SwaggerUIBundle" in bundle.text
    start = client.get("/static/apidocs.js").text
    assert "data-openapi-url" in start and "validatorUrl: null" in start
