"""Each role's month in Debian's Chromium, on SQLite and on PostgreSQL (issue 12, Done when).

June 2014 in Liên Chiểu: the inspector triages Hòa Minh's pending notices and confirms both with one
reason; anh An (HM-03, staff) contests his own case from his record; the head of Hòa Minh cannot
close the month while it is contested; the inspector sees the contest on the overview and decides
again (final); a week later, the contest windows over, the head closes the sheet; the inspector
promotes a review item with the person picker; the head reads the closed sheet on a 390 px phone;
the leader previews the report.  Screenshots: tests/web/artifacts/month-*-{sqlite,postgresql}.png.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_web_browser import ARTIFACTS, CHROMIUM, browser, login_page  # noqa: F401  (skip if no Chromium)
from test_web_review_items import review_document
from webkit import INSPECTOR, FrozenClock, build_register, copy_db, serving, violation_ids

from congvu.register.recording import record
from congvu.register.schema import reminders
from congvu.register.store import Store, open_store

from pgkit import pg_schema  # isort: skip
from playwright.sync_api import Browser, Page, expect  # isort: skip  (after the Chromium check above)

PHONE = {"width": 390, "height": 844}
WARD_GMAIL = "hoaminh.lienchieu@gmail.com"


def _serve(store: Store) -> Iterator[str]:
    record(store, [review_document("16/BC-UBND", "HÒA MINH", WARD_GMAIL)], INSPECTOR)
    with serving(store) as base:
        yield base


@pytest.fixture(params=["sqlite", "postgresql"])
def month(
    request: pytest.FixtureRequest, template_db: Path, tmp_path: Path
) -> Iterator[tuple[str, Store, FrozenClock, str]]:
    """(base URL, register, the app's clock, backend) — the clock is moved on during the walk."""
    clock = FrozenClock()
    if request.param == "sqlite":
        store = open_store(copy_db(template_db, tmp_path / "r.db"), clock=clock)
        for base in _serve(store):
            yield base, store, clock, "sqlite"
        store.dispose()
        return
    with pg_schema() as (url, schema):
        store = build_register(url, clock, search_path=schema)
        for base in _serve(store):
            yield base, store, clock, "postgresql"
        store.dispose()


def test_each_roles_month(
    browser: Browser,  # noqa: F811
    month: tuple[str, Store, FrozenClock, str],
) -> None:
    base, store, clock, backend = month
    started = time.monotonic()
    ids = violation_ids(store)
    an_case, nga_case = ids["27/TB-UBND"], ids["31/TB-UBND"]

    def shot(page: Page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"month-{name}-{backend}.png"), full_page=True)

    # 1. the inspector: from the overview's count to Hòa Minh's pending list, one bulk confirmation
    inspector = login_page(browser, base, "inspector")
    inspector.goto(base + "/?month=2014-06")
    inspector.click("a[href='/violations?month=2014-06&unit=HM&status=pending']")
    rows = inspector.locator("table.triage tbody tr")
    expect(rows).to_have_count(2)
    assert "unit=HM" in inspector.url and "status=pending" in inspector.url
    for vid in (an_case, nga_case):
        inspector.check(f"input[name=ids][value='{vid}']")
    inspector.fill(
        "#bulk textarea[name=reason]", "Đã đối chiếu bản gốc lưu tại Văn phòng UBND phường Hòa Minh"
    )
    inspector.click("#bulk button[value=confirm]")
    expect(inspector.locator(".ok")).to_contain_text("Đã ghi nhận quyết định cho 2 vụ việc.")
    expect(rows).to_have_count(0)
    expect(inspector.locator("#facet-unit a.on")).to_contain_text("Hòa Minh")  # the filters survive it
    shot(inspector, "1-triage")

    # 2. anh An contests his own case from his record
    staff = login_page(browser, base, "staff_hm")
    staff.goto(base + "/people/HM-03")
    expect(staff.locator("main")).to_contain_text("Hoàn thành khá nhiệm vụ")  # the cap, explained
    staff.click(f"a[href='/violations/{an_case}#decide']")
    expect(staff.locator("button[value=confirm]")).to_have_count(0)
    staff.fill("#decide textarea[name=reason]", "Hộp thư do văn thư lập thay, tôi không dùng")
    staff.click("#decide button[value=contest]")
    expect(staff.locator("h1 .badge")).to_have_text("Đang khiếu nại")
    expect(staff.locator("button[value=contest]")).to_have_count(0)  # once per decision
    shot(staff, "2-staff-contested")
    with store.begin() as conn:  # the inspector's official e-mail waits in the outbox (no SMTP here)
        queued = conn.execute(
            sa.select(reminders.c.role, reminders.c.address, reminders.c.state).where(
                reminders.c.violation_id == an_case
            )
        ).all()
    assert [tuple(r) for r in queued] == [("contest", "khanhlq@danang.gov.vn", "pending")]

    # 3. the head cannot close the month while the case is contested
    head = login_page(browser, base, "head_hm")
    head.goto(base + "/sheet?unit=HM&month=2014-06")
    state = head.locator("section.sheet-state")
    expect(state).to_contain_text("Chưa thể khóa bảng:")
    expect(state.locator("li", has_text=f"#{an_case}")).to_contain_text("đang khiếu nại")
    expect(state.locator("button[value=close]")).to_have_count(0)
    expect(head.locator("#row-HM-03 td.final")).to_have_text("Chờ giải quyết khiếu nại")
    token = head.locator("input[name=csrf_token]").first.get_attribute("value") or ""
    forced = head.request.post(
        base + "/sheet/close",
        form={"csrf_token": token, "unit": "HM", "month": "2014-06", "action": "close"},
        max_redirects=0,
    )
    assert forced.status == 409 and "Chưa thể khóa bảng" in forced.text()  # the register refuses too
    shot(head, "3-head-close-refused")

    # 4. the inspector is told on the overview (and by e-mail, queued) and decides again: final
    inspector.goto(base + "/?month=2014-06")
    expect(inspector.locator("a.tile.s-contested")).to_contain_text("cần quyết định lại")
    notice = inspector.locator("p.contest-notice a")
    expect(notice).to_contain_text("Có 1 vụ việc đang khiếu nại")
    notice.click()
    assert "month=all" in inspector.url and "status=contested" in inspector.url
    expect(inspector.locator("table.triage tbody tr")).to_have_count(1)
    inspector.click(f"a[href^='/violations/{an_case}?list=']")
    inspector.fill("#decide textarea[name=reason]", "Văn bản do anh An ký; giữ nguyên kết luận")
    inspector.click("#decide button[value=confirm]")
    expect(inspector.locator("h1 .badge")).to_have_text("Đã xác nhận")
    expect(inspector.locator("main")).to_contain_text("quyết định cuối cùng")
    shot(inspector, "4-final-decision")
    staff.goto(base + f"/violations/{an_case}")
    expect(staff.locator("button[value=contest]")).to_have_count(0)

    # 5. a week later (contest windows over, sessions expired): the head closes the month
    clock.now = datetime.fromisoformat("2014-07-04T02:00:00+00:00")
    head = login_page(browser, base, "head_hm")
    head.goto(base + "/sheet?unit=HM&month=2014-06")
    expect(head.locator("#row-HM-03 td.final")).to_have_text("")  # decided, nothing proposed yet
    head.locator("select[name='rating:HM-03']").select_option("Hoàn thành xuất sắc nhiệm vụ")
    head.click("button:has-text('Lưu bảng đánh giá')")
    expect(head.locator(".confirm")).to_contain_text("Hoàn thành khá nhiệm vụ")  # will be capped
    head.click("button[name=confirm]")
    expect(head.locator("#row-HM-03 td.final")).to_have_text("Hoàn thành khá nhiệm vụ")
    head.click("section.sheet-state button[value=close]")
    expect(head.locator("section.sheet-state")).to_contain_text("Bảng đánh giá đã khóa lúc 04/07/2014 09:00")
    expect(head.locator("form[action='/sheet/save']")).to_have_count(0)
    shot(head, "5-head-closed")

    # 6. the review queue: the inspector makes the ward's Gmail in 16/BC-UBND anh An's violation
    inspector = login_page(browser, base, "inspector")
    inspector.click("nav >> text=Cần xem xét")
    card = inspector.locator("article.review-item", has_text=WARD_GMAIL)
    search = card.locator("input.person-search")
    search.press_sequentially("nguyen van a", delay=30)
    expect(card.locator("datalist option[value='Nguyễn Văn An — HM-03']")).to_have_count(1)
    search.fill("Nguyễn Văn An — HM-03")
    expect(card.locator("select.person-picker")).to_have_value("HM-03")
    card.locator("form.promote textarea[name=reason]").fill("Văn thư xác nhận hộp thư do anh An lập")
    card.locator("button.b-promote").click()
    expect(inspector).to_have_url(re.compile(r"/violations/\d+\?done=1$"))
    expect(inspector.locator("dl")).to_contain_text("Nguyễn Văn An")
    shot(inspector, "6-review-promoted")

    # 7. the closed sheet on the head's phone: the table scrolls in its box, never the page
    phone = login_page(browser, base, "head_hm", viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(base + "/sheet?unit=HM&month=2014-06")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    final = phone.locator("#row-HM-03 td.final")
    final.scroll_into_view_if_needed()
    expect(final).to_be_in_viewport()
    assert phone.evaluate("window.scrollX") == 0
    shot(phone, "7-sheet-390")

    # 8. the leader previews the report: Hòa Minh's three cases (two confirmed, the promoted one
    # pending), its sheet named as closed, each confirmed case linked to its page
    leader = login_page(browser, base, "leader")
    leader.goto(base + "/report?month=2014-06")
    expect(leader.locator("#preview-title")).to_have_text("Xem trước báo cáo")
    hoa_minh = leader.locator("table.report-cases tbody tr", has_text="UBND phường Hòa Minh")
    expect(hoa_minh.locator("td").nth(2)).to_have_text("3")  # Ghi nhận
    expect(hoa_minh.locator("td").nth(3)).to_have_text("1")  # Chờ xem xét: the promoted item
    expect(hoa_minh.locator("td").nth(4)).to_have_text("2")  # Đã xác nhận
    expect(hoa_minh.locator("td").nth(5)).to_have_text("0")  # Khiếu nại: decided
    closed = leader.locator("dt", has_text="Bảng đánh giá đã khóa").locator("xpath=following-sibling::dd[1]")
    expect(closed).to_contain_text("Hòa Minh")
    expect(leader.locator(f"a[href='/violations/{an_case}']").first).to_contain_text(f"#{an_case}")
    shot(leader, "8-report-preview")

    elapsed = time.monotonic() - started
    print(f"\nmonth walk on {backend}: {elapsed:.1f} s")
    assert elapsed < 60, f"the month's walk took {elapsed:.0f} s on {backend}"
