"""End to end in Debian's Chromium (driven by Playwright with executable_path): every role logs in,
a staff member checks a draft, the inspector confirms a violation, the head downloads the sheet, the
leader the report.  Screenshots go to tests/web/artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from webkit import PASSWORD, PERSONAS, FrozenClock, copy_db, serving, violation_ids

from congvu.register.store import Store, open_store
from congvu.web.pages.report import builder

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; scripts/setup.sh installs it in CI", pytrace=False)
    pytest.skip(
        f"{CHROMIUM} is not installed (apt-get install chromium); set CI=1 to fail instead",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    store = open_store(copy_db(template_db, tmp_path_factory.mktemp("e2e") / "r.db"), clock=FrozenClock())
    with serving(store) as base:
        yield base, store
    store.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def login_page(chromium: Browser, base: str, persona: str, **context: object) -> Page:
    """A fresh browser context (Vietnamese, 1280×900 unless `context` says otherwise) logged in as
    `persona` through the login form; the page once the header names the user."""
    options: dict[str, object] = {"locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}
    page = chromium.new_context(**(options | context)).new_page()  # type: ignore[arg-type]
    page.goto(base + "/")
    page.fill("input[name=username]", PERSONAS[persona].login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".user")).to_contain_text(PERSONAS[persona].login)
    return page


def _login(browser: Browser, base: str, persona: str) -> Page:
    page = login_page(browser, base, persona, accept_downloads=True)
    page.screenshot(path=str(ARTIFACTS / f"{persona}-home.png"), full_page=True)
    return page


def test_every_role_logs_in_and_sees_their_landing_page(browser: Browser, server: tuple[str, Store]) -> None:
    base, _ = server
    landing = {
        "inspector": "Tổng quan",
        "leader": "Tổng quan",
        "head_hm": "Tổng quan",
        "staff_hm": "Nguyễn Văn An",
    }
    for persona, heading in landing.items():
        page = _login(browser, base, persona)
        expect(page.locator("h1")).to_contain_text(heading)
        page.context.close()


def test_staff_checks_a_draft(browser: Browser, server: tuple[str, Store], tmp_path: Path) -> None:
    base, _ = server
    draft = tmp_path / "du-thao-thong-bao.txt"
    draft.write_text(
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: 44/TB-UBND\nHòa Minh, ngày 24 tháng 6 năm 2014\nTHÔNG BÁO\n"
        "Về việc tuyển dụng công chức cấp phường năm 2014\n"
        "Hồ sơ gửi về bộ phận một cửa; thông tin chi tiết liên hệ Email: tuyendung.hoaminh@gmail.com\n",
        encoding="utf-8",
    )
    page = _login(browser, base, "staff_hm")
    page.click("nav >> text=Kiểm tra văn bản")
    page.set_input_files("input[type=file]", str(draft))
    page.click("button:has-text('Kiểm tra')")
    expect(page.locator(".verdict")).to_contain_text("Vi phạm")
    expect(page.locator("mark").first).to_have_text("tuyendung.hoaminh@gmail.com")
    page.screenshot(path=str(ARTIFACTS / "staff-check.png"), full_page=True)
    page.context.close()


def test_inspector_confirms_a_violation(browser: Browser, server: tuple[str, Store]) -> None:
    base, store = server
    vid = violation_ids(store)["27/TB-UBND"]
    page = _login(browser, base, "inspector")
    page.click("nav >> text=Xem xét vi phạm")
    expect(page.locator(f"#v{vid} mark")).to_have_text("nguyenvanan85@gmail.com")
    page.click(f"#v{vid} h3 a")
    page.fill("textarea[name=reason]", "Đã đối chiếu bản gốc lưu tại Văn phòng UBND phường")
    page.click("button[value=confirm]")
    expect(page.locator("h1 .badge")).to_have_text("Đã xác nhận")
    page.screenshot(path=str(ARTIFACTS / "inspector-confirmed.png"), full_page=True)
    page.context.close()


def test_head_downloads_the_sheet(browser: Browser, server: tuple[str, Store], tmp_path: Path) -> None:
    base, _ = server
    page = _login(browser, base, "head_hm")
    page.goto(base + "/sheet?unit=HM&month=2014-06")
    expect(page.locator("h1")).to_contain_text("UBND phường Hòa Minh")
    with page.expect_download() as info:
        page.click("text=Tải bảng XLSX")
    target = tmp_path / "sheet.xlsx"
    info.value.save_as(target)
    assert target.read_bytes()[:2] == b"PK"
    page.screenshot(path=str(ARTIFACTS / "head-sheet.png"), full_page=True)
    page.context.close()


def test_leader_gets_the_report(browser: Browser, server: tuple[str, Store], tmp_path: Path) -> None:
    base, _ = server
    page = _login(browser, base, "leader")
    page.goto(base + "/report?month=2014-06")
    if builder() is None:
        expect(page.locator(".button.disabled").first).to_be_visible()
    else:
        with page.expect_download(timeout=120_000) as info:
            page.click("a.button:has-text('DOCX')")
        target = tmp_path / "report.docx"
        info.value.save_as(target)
        assert target.read_bytes()[:2] == b"PK"
    page.screenshot(path=str(ARTIFACTS / "leader-report.png"), full_page=True)
    page.context.close()


def test_staff_contests_from_his_record_and_the_inspector_decides_finally(
    browser: Browser, server: tuple[str, Store]
) -> None:
    from congvu.register import review

    base, store = server
    vid = violation_ids(store)["12/TB-UBND"]  # anh An's May notice with the ward's Gmail
    review.decide(store, vid, "confirm", "Đã đối chiếu bản lưu tại Văn phòng UBND phường", "khanhlq")
    page = _login(browser, base, "staff_hm")
    page.click(f"a[href='/violations/{vid}#decide']")
    page.fill(
        "textarea[name=reason]", "Hộp thư phuonghoaminh.lc@gmail.com do văn thư lập, tôi chỉ ký văn bản"
    )
    page.click("button[value=contest]")
    expect(page.locator("h1 .badge")).to_have_text("Đang khiếu nại")
    expect(page.locator("button[value=contest]")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "staff-contested.png"), full_page=True)
    page.context.close()

    inspector = _login(browser, base, "inspector")
    inspector.goto(base + "/?month=2014-05")
    inspector.click("a.tile.s-contested")  # the contested count links to the filtered list
    inspector.click(f"#r{vid} a[href^='/violations/{vid}']")
    inspector.fill("textarea[name=reason]", "Anh An ký văn bản ghi hộp thư công cộng làm đầu mối liên hệ")
    inspector.click("button[value=confirm]")
    expect(inspector.locator("h1 .badge")).to_have_text("Đã xác nhận")
    expect(inspector.locator("button[value=reopen]")).to_be_visible()
    inspector.screenshot(path=str(ARTIFACTS / "inspector-final-decision.png"), full_page=True)
    inspector.context.close()

    again = _login(browser, base, "staff_hm")
    again.goto(f"{base}/violations/{vid}")
    expect(again.locator("text=quyết định cuối cùng")).to_be_visible()
    expect(again.locator("button[value=contest]")).to_have_count(0)
    again.context.close()


def test_api_docs_render_offline_under_the_csp(browser: Browser, server: tuple[str, Store]) -> None:
    """Swagger UI draws the congvu operations from the app's own files; the console shows no
    content-security-policy refusal and no request leaves the origin."""
    base, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((base, "data:")) else None)
    page.goto(base + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("congvu API")
    expect(page.locator(".opblock-summary-path").first).to_contain_text("/api/v1/")
    assert page.locator(".opblock").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    assert not errors, errors
    assert not foreign, foreign


def test_inspector_filters_the_audit_trail(browser: Browser, server: tuple[str, Store]) -> None:
    """The filter form works under the CSP and its choice survives into the CSV link."""
    base, _ = server
    page = _login(browser, base, "inspector")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.click("nav >> text=Nhật ký")
    page.select_option("select[name=action]", "violation.created")
    page.click("form.filters button[type=submit]")
    expect(page.locator("tbody tr").first).to_contain_text("Ghi nhận vi phạm")
    cells = page.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert cells and set(cells) == {"Ghi nhận vi phạm"}
    assert "action=violation.created" in (page.locator("a[href^='/audit.csv']").get_attribute("href") or "")
    page.screenshot(path=str(ARTIFACTS / "inspector-audit.png"), full_page=False)
    page.context.close()
    assert not errors, errors
