"""The crawl judges each page as published at the URL it fetched it from: a ward's notice that
names no body is the ward's on the ward's own *.gov.vn site, and stays review on a company's site.

The two sites are served by the tests' own server on 127.0.0.1, acting as the crawler's HTTP proxy:
the crawler asks for `http://hoaminh.lienchieu.danang.gov.vn/…` and the request never leaves the
machine. The audit itself runs as `congvu crawl` runs it (each download judged in a worker process)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from sitekit import Route, Site, page, serve
from typer.testing import CliRunner

from congvu.cli import app
from congvu.crawl import audit as audit_module
from congvu.crawl.audit import audit
from congvu.crawl.fetcher import Fetcher, FetchPolicy
from congvu.crawl.run import CrawlOptions
from congvu.settings import load_config

ENV = {
    "CONGVU_CRAWL_DELAY_MS": "0",
    "CONGVU_OCR_ENABLED": "0",
    "CONGVU_CRAWL_CONTACT": "mailto:kiemtra@lienchieu.danang.gov.vn",
}
WARD = "http://hoaminh.lienchieu.danang.gov.vn"
COMPANY = "http://vieclam-minhphat.com.vn"
NOTICE = page(
    "Thông báo tập huấn chuyển đổi số",
    "<h1>THÔNG BÁO</h1><p>Về việc đăng ký tham gia lớp tập huấn kỹ năng chuyển đổi số năm 2024</p>"
    "<p>Lớp tập huấn sẽ được tổ chức vào sáng thứ Bảy ngày 15/6/2024 tại hội trường khu dân cư.</p>"
    "<p>Người dân có nhu cầu tham gia đăng ký theo mẫu đính kèm, gửi về email: dangkytaphuan.2024@gmail.com "
    "trước ngày 12/6/2024.</p>",
).replace("CỔNG THÔNG TIN ĐIỆN TỬ UBND PHƯỜNG HÒA MINH".encode(), b"")  # the page's banner is an image


@pytest.fixture
def proxy() -> Iterator[Site]:
    sites = Site()
    for host in (WARD, COMPANY):
        sites.routes[f"{host}/thong-bao/tap-huan.html"] = Route(NOTICE)
    with serve(sites) as running:
        yield running


def _through(proxy: Site) -> type[Fetcher]:
    class Proxied(Fetcher):
        def __init__(self, policy: FetchPolicy) -> None:
            client = httpx.Client(
                proxy=proxy.base,
                headers={"User-Agent": policy.user_agent},
                follow_redirects=False,
                trust_env=False,
            )
            super().__init__(policy, client=client)

    return Proxied


@pytest.mark.parametrize(("host", "verdict"), [(WARD, "violation"), (COMPANY, "review")])
def test_each_page_is_judged_as_published_on_its_site(
    proxy: Site, monkeypatch: pytest.MonkeyPatch, host: str, verdict: str
) -> None:
    monkeypatch.setattr(audit_module, "Fetcher", _through(proxy))
    start = f"{host}/thong-bao/tap-huan.html"
    options = CrawlOptions([start], frozenset({host.removeprefix("http://")}), max_pages=2, max_depth=0)
    outcome = audit(load_config(environ=ENV), options)
    (entry,) = outcome.pages
    assert f"{host}/thong-bao/tap-huan.html" in proxy.paths()  # fetched through the test's server
    assert entry["origin"] == start and entry["verdict"] == verdict
    (finding,) = entry["findings"]
    if verdict == "violation":
        assert "state body: 'hoaminh.lienchieu.danang.gov.vn' (page published on it)" in finding["reason"]
    else:
        assert "no state body is named near it" in finding["reason"]


def test_the_crawl_json_keeps_the_origin(site: Site) -> None:
    """`congvu crawl --format json`: each page's entry carries the URL it was judged as published at."""
    result = CliRunner().invoke(
        app, ["crawl", site.url("/lien-he.html"), "--format", "json", "--max-pages", "1"], env=ENV
    )
    (entry,) = json.loads(result.stdout)["pages"]
    assert entry["origin"] == site.url("/lien-he.html")
