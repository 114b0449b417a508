"""The web app's /metrics and /healthz over a real uvicorn on 127.0.0.1: counters move after pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from fastapi.testclient import TestClient
from netkit import Samples, samples
from webkit import FrozenClock, copy_db, login, serving

from congvu.register.store import Store, open_store
from congvu.settings import Config
from congvu.web import create_app


@pytest.fixture
def served(template_db: Path, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    store = open_store(copy_db(template_db, tmp_path / "register.db"), clock=FrozenClock())
    with serving(store) as base:
        yield base, store
    store.dispose()


def _scrape(client: httpx.Client) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


def _requests(samples: Samples, route: str, method: str, status: str) -> float:
    key = ("congvu_web_requests_total", (("method", method), ("route", route), ("status", status)))
    return samples.get(key, 0.0)


def test_pages_fetched_move_the_counters_by_route_template(served: tuple[str, Store]) -> None:
    url, _ = served
    with httpx.Client(base_url=url) as client:
        before = _scrape(client)
        login(cast(TestClient, client), "inspector")  # GET /login, then POST /login → 303
        assert client.get("/violations").status_code == 200
        assert client.get("/violations/1").status_code in (200, 404)
        assert client.get("/violations/999999").status_code == 404
        assert client.get("/khong-co-trang-nay").status_code == 404
        after = _scrape(client)
    assert _requests(after, "/login", "POST", "303") - _requests(before, "/login", "POST", "303") == 1
    assert _requests(after, "/violations", "GET", "200") - _requests(before, "/violations", "GET", "200") == 1
    # one series for every violation's page, whatever its number
    assert _requests(after, "/violations/{violation_id}", "GET", "404") >= 1
    assert not any("999999" in dict(labels).get("route", "") for _, labels in after)
    assert _requests(after, "unmatched", "GET", "404") == 1
    hist = ("congvu_web_request_seconds_count", (("route", "/violations"),))
    assert after[hist] - before.get(hist, 0.0) == 1
    assert after[("congvu_web_request_seconds_sum", (("route", "/violations"),))] > 0


def test_health_answers_while_the_register_does(served: tuple[str, Store]) -> None:
    url, store = served
    with httpx.Client(base_url=url) as client:
        ok = client.get("/healthz")
        assert ok.status_code == 200 and ok.json() == {"status": "ok", "register": "sqlite"}
        store.engine.dispose()
        Path(str(store.engine.url.database)).unlink()  # the register's file is gone
        Path(str(store.engine.url.database)).mkdir()  # and a folder stands in its place
        down: Any = client.get("/healthz")
    assert down.status_code == 503 and down.json()["status"] == "unhealthy"


def test_metrics_off_by_setting(store: Store) -> None:
    client = TestClient(create_app(store, Config({"metrics.web": False}), inline_check=True))
    assert client.get("/metrics").status_code == 404
    assert client.get("/healthz").status_code == 404
