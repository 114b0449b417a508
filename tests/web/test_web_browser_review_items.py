"""The review queue in Debian's Chromium (issue 12): the inspector types part of a name without
diacritics into the person picker, picks Nguyễn Văn An from the suggestions and makes the Hòa Minh
warning's Gmail address a violation.  Screenshots go to tests/web/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_web_review_items import review_document
from webkit import INSPECTOR, PASSWORD, PERSONAS, FrozenClock, copy_db, serving

from congvu.register.recording import record
from congvu.register.store import Store, open_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402


@pytest.fixture
def server(template_db: Path, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    store = open_store(copy_db(template_db, tmp_path / "r.db"), clock=FrozenClock())
    record(store, [review_document("16/BC-UBND", "HÒA MINH", "hoaminh.lienchieu@gmail.com")], INSPECTOR)
    with serving(store) as base:
        yield base, store
    store.dispose()


def test_inspector_promotes_a_review_item_with_the_picker(server: tuple[str, Store]) -> None:
    base, _store = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
        page.goto(base + "/")
        page.fill("input[name=username]", PERSONAS["inspector"].login)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.click("nav >> text=Cần xem xét")
        expect(page.locator("h1")).to_have_text("Văn bản cần xem xét (DOC-002, DOC-003)")
        card = page.locator("article.review-item", has_text="hoaminh.lienchieu@gmail.com")
        expect(card.locator("select.person-picker")).to_be_hidden()  # the script took over
        search = card.locator("input.person-search")
        search.press_sequentially("nguyen van a", delay=40)
        option = card.locator("datalist option[value='Nguyễn Văn An — HM-03']")
        expect(option).to_have_count(1)
        search.fill("Nguyễn Văn An — HM-03")  # what choosing the suggestion puts in the field
        expect(card.locator("select.person-picker")).to_have_value("HM-03")
        card.locator("form.promote textarea[name=reason]").fill("Văn thư xác nhận hộp thư do anh An lập")
        page.screenshot(path=str(ARTIFACTS / "review-items-picker.png"), full_page=True)
        card.locator("button.b-promote").click()
        expect(page).to_have_url(re.compile(r"/violations/\d+\?done=1$"))
        expect(page.locator("dl")).to_contain_text("Nguyễn Văn An")
        page.screenshot(path=str(ARTIFACTS / "review-items-promoted.png"), full_page=True)
        page.goto(base + "/review/items")
        expect(page.locator("main")).to_contain_text("Không còn văn bản nào cần xem xét.")
        browser.close()
