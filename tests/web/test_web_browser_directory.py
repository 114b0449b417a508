"""Reminders, the directory and a password change (issue 12), walked in Debian's Chromium: the
inspector previews and sends a confirmed violation's reminder and adds a person (a typo refused on
its field first); a member of staff changes their password and logs in with the new one.
Screenshots go to tests/web/artifacts/."""

from __future__ import annotations

from test_web_browser import ARTIFACTS, browser, server  # noqa: F401  (fixtures, skip if no Chromium)
from webkit import PASSWORD, PERSONAS, violation_ids

from congvu.register import review
from congvu.register.store import Store

from playwright.sync_api import Browser, Page, expect  # isort: skip  (after the Chromium check above)

NEW_PASSWORD = "Mật-khẩu-mới-Hòa-Minh-7"


def _login(page: Page, base: str, name: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def test_inspector_reminds_and_adds_a_person_then_staff_change_their_password(
    browser: Browser,  # noqa: F811
    server: tuple[str, Store],  # noqa: F811
) -> None:
    base, store = server
    vid = violation_ids(store)["27/TB-UBND"]
    review.decide(store, vid, "confirm", "Đã đối chiếu văn bản gốc", PERSONAS["inspector"].login)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, base, PERSONAS["inspector"].login, PASSWORD)

    page.goto(f"{base}/violations/{vid}")
    expect(page.locator("table.reminders")).to_contain_text("Chưa gửi nhắc nhở nào.")
    page.click("text=Xem trước thư nhắc nhở")
    letter = page.locator("pre.mail-body").first
    expect(letter).to_contain_text("Kính gửi: Ông/Bà Nguyễn Văn An,")
    expect(page.locator("dd.address").first).to_have_text("annv@danang.gov.vn")
    page.screenshot(path=str(ARTIFACTS / "inspector-reminder-preview.png"), full_page=True)
    page.click("button:has-text('Gửi nhắc nhở')")
    expect(page.locator("p.ok")).to_contain_text("Đã đưa thư nhắc nhở vào hàng đợi gửi")
    history = page.locator("table.reminders tbody")
    expect(history).to_contain_text("annv@danang.gov.vn")
    expect(history).to_contain_text("Đang chờ gửi")
    expect(history).to_contain_text("25/06/2014 10:00")  # Đà Nẵng time
    page.screenshot(path=str(ARTIFACTS / "inspector-reminder-sent.png"), full_page=True)

    page.goto(base + "/directory")
    page.click("text=Thêm cán bộ")
    page.fill("#f-person_id", "HM-09")
    page.fill("#f-full_name", "Trần Thị Bích Ngọc")
    page.fill("#f-unit", "HM")
    page.fill("#f-position", "Công chức Văn hóa - Xã hội")
    page.fill("#f-official_emails", "ngocttb@danang,gov.vn")  # a comma for the dot
    page.click("form.directory-form button[type=submit]")
    expect(page.locator(".field-error[data-field=official_emails]")).to_contain_text(
        "không phải địa chỉ thư điện tử"
    )
    expect(page.locator("#f-full_name")).to_have_value("Trần Thị Bích Ngọc")  # kept
    page.screenshot(path=str(ARTIFACTS / "inspector-person-refused.png"), full_page=True)
    page.fill("#f-official_emails", "ngocttb@danang.gov.vn")
    page.click("form.directory-form button[type=submit]")
    expect(page.locator("p.ok")).to_contain_text("HM-09")
    page.fill("input[name=q]", "bich ngoc")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.people tbody")).to_contain_text("ngocttb@danang.gov.vn")
    page.screenshot(path=str(ARTIFACTS / "inspector-directory-search.png"), full_page=True)
    context.close()

    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, base, PERSONAS["staff_hm"].login, PASSWORD)
    page.click("header a.password")
    page.fill("input[name=current]", PASSWORD)
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=again]", NEW_PASSWORD)
    page.click("form.password-form button[type=submit]")
    expect(page.locator("p.ok")).to_have_text("Đã đổi mật khẩu.")
    page.screenshot(path=str(ARTIFACTS / "staff-password-changed.png"), full_page=True)
    page.click("header button.link")  # log out
    _login(page, base, PERSONAS["staff_hm"].login, PASSWORD)
    expect(page.locator("p.error")).to_contain_text("Sai tên đăng nhập hoặc mật khẩu")
    _login(page, base, PERSONAS["staff_hm"].login, NEW_PASSWORD)
    expect(page.locator("header .user")).to_contain_text(PERSONAS["staff_hm"].login)
    # a refused form (400), a wrong password (401) and the favicon (404) are answers, not script errors
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    context.close()
