"""The evaluation sheet on a phone (issue 12), in Debian's Chromium at a 390 px viewport: the page
does not scroll sideways, the table scrolls inside its own box so the result column is reachable,
and the head saves the whole sheet through its confirmation step.  Screenshots go to
tests/web/artifacts/."""

from __future__ import annotations

from test_web_browser import ARTIFACTS, browser, server  # noqa: F401  (fixtures, skip if no Chromium)
from webkit import PASSWORD, PERSONAS

from congvu.register.store import Store

from playwright.sync_api import Browser, expect  # isort: skip  (after the Chromium check above)

PHONE = {"width": 390, "height": 844}


def test_the_sheet_on_a_phone_scrolls_inside_its_box_and_saves_whole(
    browser: Browser,  # noqa: F811
    server: tuple[str, Store],  # noqa: F811
) -> None:
    base, _ = server
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base + "/")
    page.fill("input[name=username]", PERSONAS["head_hm"].login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(base + "/sheet?unit=HM&month=2014-06")
    expect(page.locator("h1")).to_contain_text("Hòa Minh")

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE["width"], f"the page scrolls sideways: {page_width} px"
    box = page.locator(".scroll").first
    inner, shown = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert inner > shown, "the table fits without scrolling: the test would prove nothing"
    result = page.locator("table.sheet th", has_text="Kết quả")
    before = result.bounding_box()
    assert before is not None and before["x"] >= PHONE["width"]  # off screen at first
    result.scroll_into_view_if_needed()
    after = result.bounding_box()
    assert after is not None and after["x"] >= 0 and after["x"] + after["width"] <= PHONE["width"] + 1
    assert box.evaluate("e => e.scrollLeft") > 0  # reached by scrolling the box, not the page
    assert page.evaluate("window.scrollX") == 0
    page.screenshot(path=str(ARTIFACTS / "head-sheet-390.png"), full_page=True)

    choice = page.locator("select[name='rating:HM-04']")
    expect(choice).to_have_value("")  # nobody pre-selected
    choice.select_option("Hoàn thành tốt nhiệm vụ")
    page.click("button:has-text('Lưu bảng đánh giá')")
    expect(page.locator(".confirm")).to_contain_text("Xác nhận lưu 1 thay đổi")
    page.screenshot(path=str(ARTIFACTS / "head-sheet-390-confirm.png"), full_page=True)
    page.click("button[name=confirm]")
    expect(page.locator("p.ok")).to_have_text("Đã lưu 1 thay đổi.")
    expect(page.locator("select[name='rating:HM-04']")).to_have_value("Hoàn thành tốt nhiệm vụ")
    final = page.locator("#row-HM-04 td.final")
    final.scroll_into_view_if_needed()
    expect(final).to_have_text("Hoàn thành tốt nhiệm vụ")
    expect(final).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "head-sheet-390-saved.png"), full_page=True)
    context.close()


def test_the_leader_previews_the_report_with_its_charts(
    browser: Browser,  # noqa: F811
    server: tuple[str, Store],  # noqa: F811
) -> None:
    base, _ = server
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.goto(base + "/")
    page.fill("input[name=username]", PERSONAS["leader"].login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(base + "/report?month=2014-06")
    expect(page.locator("#preview-title")).to_have_text("Xem trước báo cáo")
    expect(page.locator("table.report-docs tbody tr.total td").nth(1)).to_have_text("Tổng cộng")
    charts = page.locator("figure.report-chart img")
    expect(charts).to_have_count(2)
    for i in range(2):
        charts.nth(i).scroll_into_view_if_needed()
        expect(charts.nth(i)).to_be_visible()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=charts.nth(i).element_handle()
        )
    page.screenshot(path=str(ARTIFACTS / "leader-report-preview.png"), full_page=True)
    page.goto(base + "/report?month=2014-06&lang=en")
    expect(page.locator("#preview-title")).to_have_text("Report preview")
    expect(page.locator("figure.report-chart figcaption").first).to_have_text(
        "Chart 1. Violations over the last 12 months"
    )
    page.screenshot(path=str(ARTIFACTS / "leader-report-preview-en.png"), full_page=True)
    # the browser asks for the page's icon once the page has loaded: the flaky console 404 was
    # /favicon.ico, which the app did not serve; wait for it rather than race it
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    assert errors == []
    context.close()
