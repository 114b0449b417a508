"""Pages each role sees: Vietnamese text with diacritics, dd/mm/yyyy, the chart, the review flow."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from webkit import csrf_of, violation_ids

from congvu.register.store import Store


def test_login_page_is_vietnamese_and_english_on_request(app: object) -> None:
    client = TestClient(app)  # type: ignore[arg-type]
    assert "Đăng nhập" in client.get("/login").text
    english = client.get("/login?lang=en")
    assert "Log in" in english.text
    assert "Log in" in client.get("/login").text  # the choice is remembered


def test_pages_require_login(app: object) -> None:
    client = TestClient(app)  # type: ignore[arg-type]
    response = client.get("/review", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/review")


def test_overview_shows_month_trend_and_units(client_for: Callable[[str], TestClient]) -> None:
    page = client_for("inspector").get("/")
    assert page.status_code == 200
    text = page.text
    assert "Tổng quan — Tháng 06/2014" in text
    assert "<svg" in text and "05/2014" in text  # trend over 12 months, months as mm/yyyy
    assert "UBND phường Hòa Minh" in text and "UBND phường Hòa Hiệp Bắc" in text
    assert "Chờ xem xét" in text


def test_head_overview_lists_only_their_unit(client_for: Callable[[str], TestClient]) -> None:
    text = client_for("head_hm").get("/").text
    assert "UBND phường Hòa Minh" in text
    assert "UBND phường Hòa Hiệp Bắc" not in text


def test_staff_lands_on_their_own_record(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("staff_hm")
    response = client.get("/", follow_redirects=False)
    assert response.headers["location"] == "/people/HM-03"
    page = client.get("/people/HM-03").text
    assert "Nguyễn Văn An" in page and "27/TB-UBND" in page
    assert "31/TB-UBND" not in page  # a colleague's violation


def test_inspector_confirms_with_reason_and_it_is_audited(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    client = client_for("inspector")
    vid = violation_ids(store)["27/TB-UBND"]
    queue = client.get("/review").text
    assert "<mark>nguyenvanan85@gmail.com</mark>" in queue
    page = client.get(f"/violations/{vid}")
    assert "Trang 1, Dòng 31" in page.text
    response = client.post(
        f"/violations/{vid}/decide",
        data={"csrf_token": csrf_of(page.text), "action": "confirm", "reason": "Đã đối chiếu văn bản gốc"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = client.get(f"/violations/{vid}").text
    assert "Đã xác nhận" in after and "Đã đối chiếu văn bản gốc" in after
    assert "25/06/2014 10:00" in after  # audit time in Asia/Ho_Chi_Minh, dd/mm/yyyy
    audit = client.get("/audit").text
    assert "Xác nhận vi phạm" in audit and "khanhlq" in audit and ">violation.confirmed<" not in audit


def test_head_contests_on_behalf_of_staff_but_cannot_confirm(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    from congvu.register import review

    vid = violation_ids(store)["27/TB-UBND"]
    review.decide(store, vid, "confirm", "Đã xác minh", "khanhlq")
    client = client_for("head_hm")
    token = csrf_of(client.get(f"/violations/{vid}").text)
    refused = client.post(
        f"/violations/{vid}/decide", data={"csrf_token": token, "action": "dismiss", "reason": "x"}
    )
    assert refused.status_code == 403
    done = client.post(
        f"/violations/{vid}/decide",
        data={"csrf_token": token, "action": "contest", "reason": "Anh An đã dùng thư công vụ từ 15/6"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Đang khiếu nại" in client.get(f"/violations/{vid}").text


def test_document_check_highlights_addresses(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("staff_hm")
    page = client.get("/check")
    draft = (
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU\nỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\n"
        "Số: 40/TB-UBND\nHòa Minh, ngày 20 tháng 6 năm 2014\nTHÔNG BÁO\n"
        "Về việc tiếp nhận hồ sơ đăng ký kinh doanh\n"
        "Mọi thắc mắc xin liên hệ Văn phòng UBND phường, Email: ubndhoaminh.lc@gmail.com\n"
        "CHỦ TỊCH\nLê Văn Hùng\n"
    )
    response = client.post(
        "/check",
        data={"csrf_token": csrf_of(page.text)},
        files={"file": ("du-thao.txt", draft.encode("utf-8"), "text/plain")},
    )
    assert response.status_code == 200
    assert "Vi phạm" in response.text
    assert "<mark>ubndhoaminh.lc@gmail.com</mark>" in response.text


def test_sheet_view_proposal_and_xlsx(client_for: Callable[[str], TestClient], store: Store) -> None:
    from congvu.register import review

    review.decide(store, violation_ids(store)["27/TB-UBND"], "confirm", "Đã xác minh", "khanhlq")
    client = client_for("head_hm")
    page = client.get("/sheet?unit=HM&month=2014-06")
    assert "Nguyễn Văn An" in page.text
    saved = client.post(
        "/sheet/propose",
        data={
            "csrf_token": csrf_of(page.text),
            "person_id": "HM-03",
            "month": "2014-06",
            "rating": "Hoàn thành xuất sắc nhiệm vụ",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    xlsx = client.get("/sheet/xlsx?unit=HM&month=2014-06")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c for c in r if c is not None] for r in sheet.iter_rows(values_only=True)]
    an = next(r for r in rows if "Nguyễn Văn An" in r)
    assert "Hoàn thành xuất sắc nhiệm vụ" in an and "Hoàn thành khá nhiệm vụ" in an  # proposed, then capped


def test_report_links_follow_the_reports_module(
    client_for: Callable[[str], TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from congvu.web.pages import report

    client = client_for("leader")
    monkeypatch.setattr(report, "builder", lambda: None)
    assert 'aria-disabled="true"' in client.get("/report?month=2014-06").text
    assert client.get("/report/2014-06.docx").status_code == 404
    fake = lambda store, month, fmt, level=None: f"{month}:{fmt}".encode()  # noqa: E731
    monkeypatch.setattr(report, "builder", lambda: fake)
    assert 'href="/report/2014-06.docx"' in client.get("/report?month=2014-06").text
    got = client.get("/report/2014-06.xlsx")
    assert got.status_code == 200 and got.content == b"2014-06:xlsx"


def test_settings_show_domains_and_classify_one(client_for: Callable[[str], TestClient]) -> None:
    text = client_for("inspector").get("/settings?domain=dng.vnn.vn").text
    assert "danang.gov.vn" in text and "<b>Hộp thư công cộng</b>" in text  # the class in the page's language


def test_person_page_shows_the_units_over_time_after_a_merge(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    from datetime import date

    from congvu.register import units

    page = client_for("inspector").get("/people/HM-03").text
    assert "Quá trình công tác" not in page  # one unit so far: nothing to show
    units.merge(store, "HM", "HKB", date(2025, 7, 1), "Lê Quốc Khánh", "sáp nhập phường")
    page = client_for("inspector").get("/people/HM-03").text
    assert "Quá trình công tác" in page
    assert "UBND phường Hòa Minh (HM)" in page and "30/06/2025" in page
    assert "UBND phường Hòa Khánh Bắc (HKB)" in page and "01/07/2025" in page


def test_the_icon_is_served_so_browsers_log_no_404(app: FastAPI) -> None:
    """Chromium asks every page's icon after it loads: /favicon.ico answered 404, a console error
    that made the report-preview browser test flaky (issue 12)."""
    client = TestClient(app)  # no login: the login page asks for it too
    login_page = client.get("/login").text
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in login_page
    for url in ("/favicon.ico", "/static/favicon.svg"):
        icon = client.get(url)
        assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
        assert icon.content.startswith(b"<svg")
