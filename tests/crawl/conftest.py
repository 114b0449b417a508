"""Fixtures of the website audit tests: the ward site on 127.0.0.1 and a crawler without pauses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sitekit import Site, serve, ward_site

from congvu.classify import AddressPolicy
from congvu.crawl import Crawler, CrawlOptions, CrawlState, Fetcher, FetchPolicy
from congvu.crawl.urls import host_of
from congvu.model import DocumentResult
from congvu.scan.document import scan_bytes
from congvu.settings import Limits

TEST_POLICY = FetchPolicy(
    user_agent="congvu/0.1.0 (+mailto:kiemtra@lienchieu.danang.gov.vn)",
    timeout_seconds=5,
    delay_seconds=0,
    max_page_bytes=256 * 1024,
    max_document_bytes=2 * 1024 * 1024,
    max_redirects=5,
)
MakeCrawler = Callable[..., Crawler]


@pytest.fixture
def site() -> Iterator[Site]:
    pytest.importorskip("fpdf")
    with serve(ward_site()) as running:
        yield running


def judge(data: bytes, name: str, url: str) -> DocumentResult:
    return scan_bytes(data, name, AddressPolicy.default(), Limits(ocr_enabled=False), path=url, origin=url)


@pytest.fixture
def make_crawler(site: Site) -> Iterator[MakeCrawler]:
    opened: list[tuple[Fetcher, CrawlState]] = []

    def make(state_dir: Path | None = None, **options: object) -> Crawler:
        start = [site.url("/")]
        fetcher, state = Fetcher(TEST_POLICY), CrawlState(state_dir)
        opened.append((fetcher, state))
        on_entry = options.pop("on_entry", None)
        opts = CrawlOptions(start, frozenset({host_of(start[0])}), **options)  # type: ignore[arg-type]
        return Crawler(opts, fetcher, judge, state, on_entry=on_entry)  # type: ignore[arg-type]

    yield make
    for fetcher, state in opened:
        fetcher.close()
        state.close()
