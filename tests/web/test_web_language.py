"""Errors and language (issue 12): every page in both languages without the other one's words,
errors said in the page's language, the language switch keeping the page's parameters, a
violation's history in words, and a decision posted after the session expired kept for after login.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from webkit import PASSWORD, PERSONAS, csrf_of, violation_ids

from congvu.register import review
from congvu.register.store import Store

# Words of the UI (never of the register's data: names, units, documents) in each language.
ENGLISH = (
    "Pending", "Confirmed", "Dismissed", "Contested", "Reason", "Evidence", "Status", "Month", "Unit",
    "Rule", "Save", "Settings", "Overview", "Not found", "Filter", "Download", "Action", "Document",
    "Page", "Line", "Total", "Staff", "Name", "Position", "Units", "Review", "Violations", "Log out",
    "inspector", "leader", "head", "staff", "public mailbox", "violation.", "sheet.", "Proposed",
    "Final", "Note", "Check", "Upload", "Verdict", "Address", "Class", "Next", "Previous", "Show",
    "Code", "Clean", "Violation", "All", "Clear", "Who", "When", "Entity", "policy.", "evaluation.",
    "public", "official", "Home",
)  # fmt: skip
VIETNAMESE = (
    "Chờ xem xét", "Đã xác nhận", "Đã bác bỏ", "Đang khiếu nại", "Lý do", "Chứng cứ", "Trạng thái",
    "Tháng", "Quy tắc", "Lưu", "Cấu hình", "Tổng quan", "Không tìm thấy", "Lọc", "Tải", "Thao tác",
    "Văn bản", "Trang", "Dòng", "Tổng", "Họ và tên", "Chức vụ", "Vi phạm", "Đăng xuất", "Mã",
    "(Thanh tra)", "Lãnh đạo", "Hộp thư công cộng", "Xem", "Kiểm tra", "Chọn", "Tất cả", "Người",
    "Đề xuất", "Kết quả", "Ghi chú", "Nhật ký", "Bảng đánh giá", "Danh sách",
)  # fmt: skip


# Not UI text: scripts, the chart, typed text, quoted evidence, identifiers shown as code.
SKIPPED = ("script", "style", "svg", "textarea", "blockquote", "option", "code")


class _Text(HTMLParser):
    """The text a reader sees (and button/placeholder words), without the register's data
    (`data-free` is not a thing: data cells are told apart by the words lists above)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def foreign(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", text)]


def _pages(store: Store) -> list[str]:
    vid = violation_ids(store)["27/TB-UBND"]
    return [
        "/?month=2014-06",
        "/units?month=2014-06",
        "/units/HM?month=2014-06",
        "/people/HM-03",
        "/violations?month=2014-06",
        "/violations?month=all&sort=person",
        f"/violations/{vid}",
        "/review",
        "/check",
        "/settings",
        "/audit",
        "/sheet?unit=HM&month=2014-06",
        "/report?month=2014-06",
        "/violations/999999",
        "/violations?status=nonsense",
        f"/violations/{vid}/reminder",
        "/directory?q=HM-03",
        "/directory/people/HM-03",
        "/directory/units/new",
        "/users",
        "/account/password",
    ]


# Words a page may show in the other language (none left: the sheet's note is now said per language).
KNOWN: dict[tuple[str, str], set[str]] = {}


@pytest.mark.parametrize("persona", ["inspector", "staff_hm"])
def test_every_page_speaks_one_language(
    client_for: Callable[[str], TestClient], store: Store, persona: str
) -> None:
    review.decide(store, violation_ids(store)["27/TB-UBND"], "confirm", "Đã xác minh bản gốc", "khanhlq")
    client = client_for(persona)
    for path in _pages(store):
        for lang, words in (("vi", ENGLISH), ("en", VIETNAMESE)):
            joiner = "&" if "?" in path else "?"
            response = client.get(f"{path}{joiner}lang={lang}")
            if response.status_code == 403:
                continue  # not this persona's page
            assert f'<html lang="{lang}">' in response.text, path
            found = [
                w for w in foreign(visible(response.text), words) if w not in KNOWN.get((path, lang), ())
            ]
            assert not found, f"{path} in {lang}: {found}"


def test_login_page_speaks_both_languages(app: object) -> None:
    with TestClient(app) as client:  # type: ignore[arg-type]
        assert not foreign(visible(client.get("/login?lang=vi").text), ENGLISH)
        assert not foreign(visible(client.get("/login?lang=en").text), VIETNAMESE)


def test_errors_are_said_in_the_pages_language(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("head_hm")
    missing = client.get("/violations/999999")
    assert missing.status_code == 404 and "Không tìm thấy." in missing.text
    forbidden = client.get("/audit")
    assert forbidden.status_code == 403 and "Bạn không có quyền thực hiện thao tác này." in forbidden.text
    bad = client.get("/units?month=2014-06&page=99999999999999999999999")
    assert bad.status_code in (200, 400)
    bad_number = client.get("/audit?page=x")
    assert "forbidden" not in bad_number.text
    wrong = client.get("/review?before=abc")
    assert wrong.status_code == 400 and "Yêu cầu không hợp lệ." in wrong.text
    assert "bad number" not in wrong.text  # the English detail is not shown to a Vietnamese reader
    not_allowed = client.get("/violations/1/decide")
    assert not_allowed.status_code == 405 and "Thao tác không hợp lệ với trang này." in not_allowed.text
    english = client.get("/review?before=abc&lang=en")
    assert "Bad request." in english.text and "bad number in parameter" in english.text


def test_the_language_link_keeps_the_pages_parameters(client_for: Callable[[str], TestClient]) -> None:
    page = client_for("inspector").get("/violations?month=2014-06&unit=HM&sort=-person").text
    link = re.search(r'href="([^"]+)" class="lang"', page)
    assert link
    query = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)
    assert query == {"month": ["2014-06"], "unit": ["HM"], "sort": ["-person"], "lang": ["en"]}


def test_history_and_rule_are_words_in_the_pages_language(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    vid = violation_ids(store)["27/TB-UBND"]
    review.decide(store, vid, "confirm", "Đã xác minh bản gốc", "khanhlq")
    client = client_for("inspector")
    vi = client.get(f"/violations/{vid}").text
    assert ">Xác nhận vi phạm</td>" in vi and ">Ghi nhận vi phạm</td>" in vi
    assert ">violation.confirmed<" not in vi
    assert "Hộp thư công cộng ghi làm đầu mối liên hệ trong văn bản" in vi
    assert "(dấu hiệu: Email:)" in vi and "public mailbox given" not in vi
    assert "(Thanh tra)" in vi  # the role in the header
    en = client.get(f"/violations/{vid}?lang=en").text
    assert ">Violation confirmed</td>" in en and "public mailbox given as the issuer" in en
    assert "(Inspector)" in en


def test_no_decision_buttons_on_a_decided_case(client_for: Callable[[str], TestClient], store: Store) -> None:
    vid = violation_ids(store)["31/TB-UBND"]
    review.decide(store, vid, "dismiss", "Địa chỉ của đơn vị khác", "khanhlq")
    page = client_for("inspector").get(f"/violations/{vid}").text
    assert 'value="confirm"' not in page and 'value="dismiss"' not in page
    assert 'value="reopen"' in page  # the one transition left


def test_a_decision_posted_after_the_session_expired_is_kept_for_after_login(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    vid = violation_ids(store)["27/TB-UBND"]
    client = client_for("inspector")
    token = csrf_of(client.get(f"/violations/{vid}").text)
    store.clock.now += timedelta(hours=13)  # type: ignore[attr-defined]  # the session is over
    reason = "Đã đối chiếu bản gốc; chị Nga xác nhận hộp thư do anh An tự lập"
    posted = client.post(
        f"/violations/{vid}/decide",
        data={"csrf_token": token, "action": "confirm", "reason": reason, "list": "month=2014-06&unit=HM"},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    target = posted.headers["location"]
    assert target.startswith("/login?") and parse_qs(urlsplit(target).query)["next"] == [f"/violations/{vid}"]
    login_page = client.get(target).text
    assert "Phiên đăng nhập đã hết hạn" in login_page
    logged = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(login_page),
            "username": PERSONAS["inspector"].login,
            "password": PASSWORD,
            "next": f"/violations/{vid}",
        },
        follow_redirects=False,
    )
    assert logged.status_code == 303 and logged.headers["location"] == f"/violations/{vid}"
    page = client.get(logged.headers["location"])
    assert page.status_code == 200
    assert f">{reason}</textarea>" in page.text and "quyết định chưa được ghi" in page.text
    assert 'name="list" value="month=2014-06&amp;unit=HM"' in page.text
    assert "b-confirm resumed" in page.text
    assert "Chờ xem xét" in page.text  # not applied by itself: the person presses the button again
    again = client.get(f"/violations/{vid}").text
    assert "quyết định chưa được ghi" not in again  # offered once


def test_a_bulk_decision_after_expiry_returns_to_its_list(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    vid = violation_ids(store)["27/TB-UBND"]
    client = client_for("inspector")
    token = csrf_of(client.get("/violations?month=2014-06").text)
    store.clock.now += timedelta(hours=13)  # type: ignore[attr-defined]
    posted = client.post(
        "/violations/bulk",
        data={
            "csrf_token": token,
            "action": "dismiss",
            "reason": "Trùng lặp",
            "ids": [str(vid)],
            "list": "month=2014-06",
        },
        follow_redirects=False,
    )
    assert posted.status_code == 303
    target = posted.headers["location"]
    assert parse_qs(urlsplit(target).query)["next"] == ["/violations?month=2014-06"]
    login_page = client.get(target).text
    logged = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(login_page),
            "username": PERSONAS["inspector"].login,
            "password": PASSWORD,
            "next": "/violations?month=2014-06",
        },
        follow_redirects=False,
    )
    page = client.get(logged.headers["location"]).text
    assert f'value="{vid}" aria-label="#{vid}" checked' in page and ">Trùng lặp</textarea>" in page
    assert "b-dismiss resumed" in page and "quyết định chưa được ghi" in page


def test_a_kept_decision_is_never_shown_to_another_user_on_the_same_computer(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    """A typed reason kept across an expired session belongs to whoever typed it: the next person
    to log in on that browser sees an empty form, and their login drops the kept form."""
    from congvu.register import accounts

    accounts.add_user(store, "thuydtt", "inspector", PASSWORD, "Quản trị hệ thống", "LC-VHTT", None)
    vid = violation_ids(store)["27/TB-UBND"]
    client = client_for("inspector")
    token = csrf_of(client.get(f"/violations/{vid}").text)
    store.clock.now += timedelta(hours=13)  # type: ignore[attr-defined]
    reason = "Anh An thừa nhận dùng Gmail cá nhân để gửi công văn cho Sở"
    posted = client.post(
        f"/violations/{vid}/decide",
        data={"csrf_token": token, "action": "confirm", "reason": reason},
        follow_redirects=False,
    )
    assert posted.status_code == 303 and client.cookies.get("congvu_resume")
    # a colleague sits down at the same browser and logs in
    login_page = client.get(posted.headers["location"]).text
    logged = client.post(
        "/login",
        data={"csrf_token": csrf_of(login_page), "username": "thuydtt", "password": PASSWORD,
              "next": f"/violations/{vid}"},
        follow_redirects=False,
    )  # fmt: skip
    assert logged.status_code == 303
    assert (
        "congvu_resume=" in logged.headers["set-cookie"]
        and 'congvu_resume=""' in logged.headers["set-cookie"]
    )
    page = client.get(f"/violations/{vid}").text
    assert reason not in page and "quyết định chưa được ghi" not in page
    # even a cookie copied back is someone else's: not shown
    kept = resume_cookie(vid, reason)
    client.cookies.set("congvu_resume", kept)
    assert reason not in client.get(f"/violations/{vid}").text


def resume_cookie(vid: int, reason: str) -> str:
    """The cookie khanhlq's form posted after expiry leaves behind."""
    import base64
    import json

    data = {
        "path": f"/violations/{vid}/decide",
        "user": "khanhlq",
        "fields": {"action": "confirm", "reason": reason},
    }
    return base64.urlsafe_b64encode(json.dumps(data, ensure_ascii=False).encode()).decode()


def test_a_form_posted_without_any_session_keeps_nothing(
    client_for: Callable[[str], TestClient], store: Store, app: FastAPI
) -> None:
    vid = violation_ids(store)["27/TB-UBND"]
    stranger = TestClient(app)
    posted = stranger.post(
        f"/violations/{vid}/decide",
        data={"csrf_token": "x", "action": "confirm", "reason": "Không rõ ai gõ"},
        follow_redirects=False,
    )
    assert posted.status_code == 303 and "congvu_resume" not in posted.headers.get("set-cookie", "")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_checked_drafts_findings_speak_the_pages_language(
    client_for: Callable[[str], TestClient], lang: str
) -> None:
    client = client_for("staff_hm")
    token = csrf_of(client.get(f"/check?lang={lang}").text)
    draft = (
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: 44/TB-UBND\nHòa Minh, ngày 24 tháng 6 năm 2014\nTHÔNG BÁO\n"
        "Về việc tuyển dụng công chức cấp phường năm 2014\n"
        "Hồ sơ gửi về bộ phận một cửa; thông tin chi tiết liên hệ Email: tuyendung.hoaminh@gmail.com\n"
    )
    result = client.post(
        "/check",
        data={"csrf_token": token},
        files={"file": ("du-thao.txt", draft.encode(), "text/plain")},
    )
    assert result.status_code == 200 and "tuyendung.hoaminh@gmail.com" in result.text
    text = visible(result.text)
    assert not foreign(text, ENGLISH if lang == "vi" else VIETNAMESE), foreign(
        text, ENGLISH if lang == "vi" else VIETNAMESE
    )
    assert ("Hộp thư công cộng" if lang == "vi" else "Public mailbox") in text


def test_a_refused_assignment_is_said_inline(client_for: Callable[[str], TestClient], store: Store) -> None:
    vid = violation_ids(store)["27/TB-UBND"]
    client = client_for("inspector")
    token = csrf_of(client.get(f"/violations/{vid}").text)
    refused = client.post(
        f"/violations/{vid}/assign", data={"csrf_token": token, "person_id": "HM-99", "reason": ""}
    )
    assert refused.status_code == 409
    assert "Không có cán bộ mã HM-99 trong danh bạ." in refused.text and "unknown person" not in refused.text
