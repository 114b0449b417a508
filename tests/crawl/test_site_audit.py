"""The crawler against the ward site on 127.0.0.1: every page and document gets the right verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_POLICY, MakeCrawler, judge
from sitekit import DOCX_CONTACT, HIDDEN_CONTACT, PDF_CONTACT, PUBLIC_CONTACT, Route, Site, page

from congvu.model import Finding


def by_path(site: Site, pages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {p["url"].removeprefix(site.base): p for p in pages}


def rules(entry: dict[str, Any]) -> dict[str, str]:
    return {f["address"]: f["rule"] for f in entry["findings"]}


def test_every_page_and_document_gets_its_verdict(site: Site, make_crawler: MakeCrawler) -> None:
    outcome = make_crawler().run()
    pages = by_path(site, outcome.pages)
    assert pages["/lien-he.html"]["verdict"] == "violation"
    assert rules(pages["/lien-he.html"]) == {PUBLIC_CONTACT: "DOC-001"}
    assert pages["/gioi-thieu.html"]["verdict"] == "clean"
    assert rules(pages["/gioi-thieu.html"]) == {"ubndhoaminh@danang.gov.vn": "DOC-000"}
    applicants = pages["/thong-bao/danh-sach-thi-sinh.html"]
    assert applicants["verdict"] == "review"
    assert set(rules(applicants).values()) == {"DOC-002"}
    assert not any(f["contact_point"] for f in applicants["findings"])
    pdf, docx = pages["/van-ban/ke-hoach-15-KH-UBND.pdf"], pages["/van-ban/cong-van-45-UBND.docx"]
    assert (pdf["kind"], pdf["format"], pdf["verdict"], rules(pdf)) == (
        "document", "pdf", "violation", {PDF_CONTACT: "DOC-001"},
    )  # fmt: skip
    assert (docx["format"], docx["verdict"], rules(docx)) == ("docx", "violation", {DOCX_CONTACT: "DOC-001"})
    assert pages["/"]["verdict"] == "clean" and pages["/"]["kind"] == "page"
    broken = pages["/tin-cu.html"]
    assert (broken["status"], broken["error"], broken["verdict"]) == ("error", "HTTP 404 Not Found", None)
    loop = pages["/vong-lap"]
    assert loop["status"] == "error" and loop["error"].startswith("redirect loop: ")
    assert loop["error"].endswith(f"{site.url('/vong-lap-2')} → {site.url('/vong-lap')}")
    huge = pages["/bao-cao-lon.html"]
    assert huge["status"] == "error" and "stopped reading (crawl.max_page_mb)" in huge["error"]
    assert set(pages) == {
        "/", "/lien-he.html", "/gioi-thieu.html", "/thong-bao/danh-sach-thi-sinh.html",
        "/van-ban/ke-hoach-15-KH-UBND.pdf", "/van-ban/cong-van-45-UBND.docx", "/tin-cu.html",
        "/vong-lap", "/bao-cao-lon.html",
    }  # fmt: skip


def test_robots_exclusion_media_and_other_sites_are_never_fetched(
    site: Site, make_crawler: MakeCrawler
) -> None:
    outcome = make_crawler().run()
    assert outcome.skipped == [{"url": site.url("/noi-bo/danh-ba.html"), "reason": "excluded by robots.txt"}]
    fetched = site.paths()
    assert fetched[0] == "/robots.txt" and fetched.count("/robots.txt") == 1
    assert "/noi-bo/danh-ba.html" not in fetched and "/anh/logo.png" not in fetched
    assert not any(HIDDEN_CONTACT in str(p) for p in outcome.pages)
    assert all("example.invalid" not in p["url"] for p in outcome.pages)


def test_every_request_names_congvu_and_a_contact(site: Site, make_crawler: MakeCrawler) -> None:
    make_crawler().run()
    agents = {r.headers.get("user-agent") for r in site.log}
    assert agents == {TEST_POLICY.user_agent}


def test_findings_are_those_of_the_scan_engine(site: Site, make_crawler: MakeCrawler) -> None:
    """Same engine, same shape: the crawl entry of the PDF equals `congvu scan` of the same bytes."""
    pages = by_path(site, make_crawler().run().pages)
    data = site.routes["/van-ban/ke-hoach-15-KH-UBND.pdf"].body
    scanned = judge(
        data, "ke-hoach-15-KH-UBND.pdf", site.url("/van-ban/ke-hoach-15-KH-UBND.pdf")
    ).as_contract()
    entry = pages["/van-ban/ke-hoach-15-KH-UBND.pdf"]
    assert entry["findings"] == scanned["findings"] and entry["verdict"] == scanned["verdict"]
    assert entry["sha256"] == scanned["sha256"] and entry["metadata"] == scanned["metadata"]
    contract_keys = set(
        Finding("a@b.c", "a@b.c", "public", None, True, False, "DOC-001", "", 1, 1, "").as_contract()
    )
    assert all(set(f) == contract_keys for p in pages.values() for f in p["findings"])


def test_max_depth_reads_the_start_page_and_its_documents_only(site: Site, make_crawler: MakeCrawler) -> None:
    pages = by_path(site, make_crawler(max_depth=0).run().pages)
    assert set(pages) == {"/", "/van-ban/ke-hoach-15-KH-UBND.pdf", "/van-ban/cong-van-45-UBND.docx"}
    assert "/lien-he.html" not in site.paths()


def test_max_pages_stops_the_run(site: Site, make_crawler: MakeCrawler) -> None:
    outcome = make_crawler(max_pages=3).run()
    assert len(outcome.pages) == 3 and outcome.stopped_at_max_pages
    assert len([p for p in site.paths() if p != "/robots.txt"]) == 3


def test_declared_size_over_the_limit_is_refused_before_reading(
    site: Site, make_crawler: MakeCrawler
) -> None:
    site.routes["/"] = Route(page("Trang chủ", "<p>Tin tức</p>" * 40_000))
    entry = make_crawler().run().pages[0]
    assert entry["status"] == "error" and entry["error"].startswith("response is ")
    assert "the limit is 0.2 MB (crawl.max_page_mb)" in entry["error"]


def test_a_redirect_off_the_allowed_domains_is_not_followed(site: Site, make_crawler: MakeCrawler) -> None:
    site.routes["/"] = Route(page("Trang chủ", '<a href="/cong-dich-vu">Dịch vụ công</a>'))
    site.routes["/cong-dich-vu"] = Route(status=302, headers={"Location": "http://example.invalid/dvc"})
    pages = by_path(site, make_crawler().run().pages)
    error = pages["/cong-dich-vu"]["error"]
    assert error == "redirects to http://example.invalid/dvc: outside the allowed domains (--allow-domain)"


def test_a_redirect_to_a_page_already_read_is_not_judged_twice(site: Site, make_crawler: MakeCrawler) -> None:
    site.routes["/"] = Route(
        page("Trang chủ", '<a href="/lien-he.html">Liên hệ</a><a href="/lh">Liên hệ</a>')
    )
    site.routes["/lh"] = Route(status=301, headers={"Location": "/lien-he.html"})
    outcome = make_crawler().run()
    assert [p["url"] for p in outcome.pages] == [site.url("/"), site.url("/lien-he.html")]
    assert outcome.skipped == [
        {"url": site.url("/lh"), "reason": f"redirects to {site.url('/lien-he.html')}, already checked"}
    ]


@pytest.mark.parametrize(("status", "pages_read"), [(404, 9), (503, 0)])
def test_missing_robots_allows_all_and_unreachable_robots_forbids_all(
    site: Site, make_crawler: MakeCrawler, status: int, pages_read: int
) -> None:
    site.routes["/robots.txt"] = Route(b"", status=status, content_type="text/plain")
    outcome = make_crawler().run()
    assert len(outcome.pages) == pages_read + (1 if status == 404 else 0)  # + the danh-ba page
    if status == 503:
        assert outcome.skipped[0]["reason"].startswith("robots.txt unreachable (HTTP 503")
        assert site.paths() == ["/robots.txt"]


def test_recrawl_sends_validators_and_reuses_unchanged_results(
    site: Site, make_crawler: MakeCrawler, tmp_path: Path
) -> None:
    first = by_path(site, make_crawler(tmp_path).run().pages)
    site.log.clear()
    second = make_crawler(tmp_path).run()
    again = by_path(site, second.pages)
    conditional = {r.path: r.headers.get("if-none-match") for r in site.log}
    assert conditional["/lien-he.html"] == '"lien-he-v1"' and conditional["/"] == '"trang-chu-v1"'
    assert second.not_modified == 3  # the three pages that have an ETag
    assert (
        again["/lien-he.html"]["reused"]
        and again["/lien-he.html"]["findings"] == first["/lien-he.html"]["findings"]
    )
    assert not again["/van-ban/ke-hoach-15-KH-UBND.pdf"]["reused"]
    assert {u: p["verdict"] for u, p in again.items()} == {u: p["verdict"] for u, p in first.items()}
    # the page changes: a new ETag, so it is judged again
    site.routes["/lien-he.html"] = Route(
        page("Liên hệ", "<p>Địa chỉ: 150 Tôn Đức Thắng</p><p>Điện thoại: 0236.3842 111</p>"
             "<p>Email: ubndhoaminh@danang.gov.vn</p>"),
        etag='"lien-he-v2"',
    )  # fmt: skip
    third = by_path(site, make_crawler(tmp_path).run().pages)
    assert third["/lien-he.html"]["verdict"] == "clean" and not third["/lien-he.html"]["reused"]
    full = by_path(site, make_crawler(tmp_path, conditional=False).run().pages)
    assert not any(p["reused"] for p in full.values())


class Interrupted(Exception):
    pass


def test_resume_after_interruption_reads_only_what_is_left(
    site: Site, make_crawler: MakeCrawler, tmp_path: Path
) -> None:
    done: list[str] = []

    def stop_after_three(entry: dict[str, Any]) -> None:
        done.append(entry["url"])
        if len(done) == 3:
            raise Interrupted

    with pytest.raises(Interrupted):
        make_crawler(tmp_path, on_entry=stop_after_three).run()
    before = site.paths()
    resumed = make_crawler(tmp_path)
    outcome = resumed.run()
    assert outcome.resumed
    after = site.paths()[len(before) :]
    assert not set(after) & {u.removeprefix(site.base) for u in done}
    assert len(outcome.pages) == 9 and [p["url"] for p in outcome.pages[:3]] == done
    assert by_path(site, outcome.pages)["/lien-he.html"]["verdict"] == "violation"
    # the run is finished: the next one starts again from the start page
    assert not make_crawler(tmp_path).run().resumed
