"""Inspector triage in Debian's Chromium (Playwright), on SQLite and on PostgreSQL: from a count on
the overview to its filtered list, sorted by a header, a bulk confirmation with one reason, the
filters kept through the decision, the facets and the language switch.  Screenshots go to
tests/web/artifacts/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from webkit import PASSWORD, PERSONAS, FrozenClock, build_register, copy_db, serving, violation_ids

from congvu.register.store import Store, open_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; scripts/setup.sh installs it in CI", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

from pgkit import pg_schema  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def _serve(store: Store) -> Iterator[str]:
    with serving(store) as base:
        yield base


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, template_db: Path, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    if request.param == "sqlite":
        store = open_store(copy_db(template_db, tmp_path / "r.db"), clock=FrozenClock())
        for base in _serve(store):
            yield base, store
        store.dispose()
        return
    with pg_schema() as (url, schema):
        store = build_register(url, FrozenClock(), search_path=schema)
        for base in _serve(store):
            yield base, store
        store.dispose()


@pytest.fixture
def page() -> Iterator[Page]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


def test_inspector_triages_a_filtered_list_with_a_bulk_decision(
    page: Page, server: tuple[str, Store], request: pytest.FixtureRequest
) -> None:
    base, store = server
    backend = request.node.callspec.params["server"]
    ids = violation_ids(store)
    hm = sorted([ids["27/TB-UBND"], ids["31/TB-UBND"]])
    page.goto(base + "/")
    page.fill("input[name=username]", PERSONAS["inspector"].login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".user")).to_contain_text("Thanh tra")

    # the overview's count of Hòa Minh's pending cases opens exactly those cases
    page.goto(base + "/?month=2014-06")
    page.click("a[href='/violations?month=2014-06&unit=HM&status=pending']")
    expect(page.locator("h1")).to_contain_text("Danh sách vi phạm — 06/2014")
    expect(page.locator("table.triage tbody tr")).to_have_count(2)
    expect(page.locator("#facet-unit a.on")).to_contain_text("UBND phường Hòa Minh 2")

    # a header sorts on the server and keeps the filters
    page.click("table.triage th a:has-text('Họ và tên')")
    assert re.search(r"sort=person", page.url) and "unit=HM" in page.url and "status=pending" in page.url
    names = page.locator("table.triage tbody tr td:nth-child(4)").all_inner_texts()
    assert names == ["Nguyễn Văn An", "Võ Thị Nga"]
    page.screenshot(path=str(ARTIFACTS / f"triage-filtered-{backend}.png"), full_page=True)

    # both selected, one reason, one click: each case decided and audited
    for vid in hm:
        page.check(f"input[name=ids][value='{vid}']")
    page.fill("#bulk textarea[name=reason]", "Đã đối chiếu bản gốc lưu tại Văn phòng UBND phường Hòa Minh")
    page.click("#bulk button[value=confirm]")
    expect(page.locator(".ok")).to_contain_text("Đã ghi nhận quyết định cho 2 vụ việc.")
    expect(page.locator("h1")).to_contain_text("06/2014")
    expect(page.locator("table.triage tbody tr")).to_have_count(0)  # nothing pending is left
    page.screenshot(path=str(ARTIFACTS / f"triage-bulk-done-{backend}.png"), full_page=True)

    # the status facet now counts them as confirmed, within Hòa Minh
    page.click("#facet-status a[data-value=confirmed]")
    expect(page.locator("table.triage tbody tr")).to_have_count(2)
    expect(page.locator("table.triage .badge")).to_have_text(["Đã xác nhận", "Đã xác nhận"])
    assert "unit=HM" in page.url and "status=confirmed" in page.url

    # a case opened from the list leads back to it; the language switch keeps the filters
    page.click(f"a[href^='/violations/{hm[0]}?list=']")
    expect(page.locator("h1 .badge")).to_have_text("Đã xác nhận")
    expect(page.locator("button[value=confirm]")).to_have_count(0)  # decided: no confirm offered
    page.click("a.back")
    assert "status=confirmed" in page.url and "unit=HM" in page.url
    page.click("a.lang")
    expect(page.locator("h1")).to_contain_text("Violations list")
    assert "status=confirmed" in page.url and "unit=HM" in page.url
    expect(page.locator("table.triage .badge")).to_have_text(["Confirmed", "Confirmed"])
    page.screenshot(path=str(ARTIFACTS / f"triage-english-{backend}.png"), full_page=True)
