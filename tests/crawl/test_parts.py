"""The crawler's small parts: URL identity, link reading, the per-host throttle, the output formats."""

from __future__ import annotations

import csv
import io

import pytest

from congvu.crawl.fetcher import Throttle, scan_name
from congvu.crawl.links import page_links
from congvu.crawl.report import report_csv
from congvu.crawl.run import CrawlOutcome
from congvu.crawl.urls import BadUrl, host_allowed, normalise, start_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://LienChieu.DaNang.gov.vn:80/tin-tuc#muc-2", "http://lienchieu.danang.gov.vn/tin-tuc"),
        ("https://hoaminh.danang.gov.vn:443", "https://hoaminh.danang.gov.vn/"),
        ("http://127.0.0.1:8080/a?id=3", "http://127.0.0.1:8080/a?id=3"),
        ("mailto:ubndhoaminh@danang.gov.vn", None),
        ("javascript:void(0)", None),
        ("ftp://lienchieu.danang.gov.vn/", None),
    ],
)
def test_normalise(raw: str, expected: str | None) -> None:
    assert normalise(raw) == expected


def test_start_url_accepts_a_bare_host_and_refuses_other_schemes() -> None:
    assert start_url("lienchieu.danang.gov.vn") == "http://lienchieu.danang.gov.vn/"
    with pytest.raises(BadUrl):
        start_url("ftp://lienchieu.danang.gov.vn/")


def test_subdomains_of_an_allowed_domain_are_allowed() -> None:
    allowed = frozenset({"lienchieu.danang.gov.vn"})
    assert host_allowed("hoaminh.lienchieu.danang.gov.vn", allowed)
    assert not host_allowed("lienchieu.danang.gov.vn.evil.example", allowed)
    assert not host_allowed("danang.gov.vn", allowed)


def test_links_follow_base_href_and_meta_refresh_and_skip_media() -> None:
    html = (
        '<html><head><base href="http://lienchieu.danang.gov.vn/vi/">'
        '<meta http-equiv="refresh" content="5; url=/vi/trang-moi.html"></head><body>'
        '<a href="tin-tuc/bai-1.html#binh-luan">Tin</a><a href="tin-tuc/bai-1.html">Tin</a>'
        '<a href="/uploads/QD-123.PDF">Quyết định</a><img src="/anh/a.jpg"><a href="/anh/b.jpg">Ảnh</a>'
        '<a href="mailto:vhtt@danang.gov.vn">Thư</a><iframe src="/lich-tiep-dan.html"></iframe></body></html>'
    ).encode()
    links = [(x.url, x.document) for x in page_links(html, "http://lienchieu.danang.gov.vn/")]
    assert links == [
        ("http://lienchieu.danang.gov.vn/vi/tin-tuc/bai-1.html", False),
        ("http://lienchieu.danang.gov.vn/uploads/QD-123.PDF", True),
        ("http://lienchieu.danang.gov.vn/lich-tiep-dan.html", False),
        ("http://lienchieu.danang.gov.vn/vi/trang-moi.html", False),
    ]


def test_scan_name_picks_the_reader_from_type_then_extension() -> None:
    assert scan_name("text/html", "http://x.vn/tin-tuc.aspx?id=1") == "tin-tuc.aspx.html"
    assert scan_name("application/pdf", "http://x.vn/tai-ve?id=7") == "tai-ve.pdf"
    assert scan_name("application/octet-stream", "http://x.vn/cv-45.docx") == "cv-45.docx"
    assert scan_name("image/jpeg", "http://x.vn/anh.jpg") is None


def test_throttle_waits_per_host_and_honours_crawl_delay() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(1.0, clock=lambda: now[0], sleep=sleep)
    throttle.wait("a.vn")
    throttle.wait("b.vn")
    assert slept == []
    throttle.wait("a.vn")
    assert slept == [1.0]
    throttle.set_host_delay("b.vn", 5)
    throttle.wait("b.vn")
    throttle.wait("b.vn")
    assert slept[-1] == pytest.approx(5.0)


def test_csv_has_one_row_per_finding_and_one_per_page_without() -> None:
    finding = {
        "address": "vhtt.hoaminh@gmail.com",
        "rule": "DOC-001",
        "contact_point": True,
        "class": "public",
    }
    outcome = CrawlOutcome(
        pages=[
            {"url": "http://x.vn/lien-he", "kind": "page", "status": "ok", "verdict": "violation",
             "findings": [finding, {**finding, "address": "b@yahoo.com"}]},
            {"url": "http://x.vn/404", "kind": "page", "status": "error", "error": "HTTP 404 Not Found",
             "verdict": None, "findings": []},
        ]
    )  # fmt: skip
    buf = io.StringIO()
    report_csv(outcome, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [(r["url"], r["address"], r["contact_point"]) for r in rows] == [
        ("http://x.vn/lien-he", "vhtt.hoaminh@gmail.com", "true"),
        ("http://x.vn/lien-he", "b@yahoo.com", "true"),
        ("http://x.vn/404", "", ""),
    ]
    assert rows[2]["error"] == "HTTP 404 Not Found"
