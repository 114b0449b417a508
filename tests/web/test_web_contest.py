"""The contest and the closed month in the web app and the API (issue 12), as each role meets them.

Anh An (HM-03, staff of Hòa Minh) contests his confirmed violation from his own page; the head of
Hòa Minh (HM-01) contests for staff but never his own case; a closed sheet refuses proposals
until it is reopened with a reason.  The app's clock is Wednesday 25/06/2014, 10:00 in Đà Nẵng."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from webkit import INSPECTOR, csrf_of, violation_ids

from congvu.register import accounts, review
from congvu.register.store import Store

CONFIRM = "Đã đối chiếu văn bản gốc: hộp thư cá nhân của anh An"


@pytest.fixture
def confirmed(store: Store) -> int:
    vid = violation_ids(store)["27/TB-UBND"]
    review.decide(store, vid, "confirm", CONFIRM, "khanhlq")
    return vid


def _post(client: TestClient, url: str, **data: str) -> Response:
    token = csrf_of(client.get("/check").text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def test_staff_contests_from_their_own_page_once(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    an = client_for("staff_hm")
    own = an.get("/people/HM-03").text
    assert 'sort=status">Trạng thái</a></th>' in own and f'href="/violations/{confirmed}#decide"' in own
    assert "Hoàn thành khá nhiệm vụ" in own  # the cap explained on his own page
    page = an.get(f"/violations/{confirmed}").text
    assert 'value="contest"' in page and "Khiếu nại thay cán bộ" not in page
    assert 'value="confirm"' not in page and 'value="dismiss"' not in page
    reason = "Hộp thư do văn thư lập thay, tôi không dùng"
    done = _post(an, f"/violations/{confirmed}/decide", action="contest", reason=reason)
    assert done.status_code == 303
    after = an.get(f"/violations/{confirmed}").text
    assert "Đang khiếu nại" in after and 'value="contest"' not in after  # no button that would 409
    assert "được giữ lại cho đến khi thanh tra quyết định lại" in after

    inspector = client_for("inspector")
    assert "/violations?month=2014-06&amp;status=contested" in inspector.get("/?month=2014-06").text
    assert f"#{confirmed}" in inspector.get("/violations?month=2014-06&status=contested").text
    sheet = inspector.get("/sheet?unit=HM&month=2014-06").text
    assert "Chờ giải quyết khiếu nại" in sheet
    assert (
        _post(inspector, f"/violations/{confirmed}/decide", action="confirm", reason="Giữ nguyên").status_code
        == 303
    )
    final = an.get(f"/violations/{confirmed}").text
    assert "quyết định cuối cùng" in final and 'value="contest"' not in final

    again = "Tôi xin khiếu nại lần nữa vì có chứng cứ mới"
    refused = _post(an, f"/violations/{confirmed}/decide?lang=en", action="contest", reason=again)
    assert refused.status_code == 409
    text = refused.text
    assert "The decision after a contest is final" in text and again in text  # inline, reason kept


def test_a_head_contests_for_staff_but_not_his_own_case(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    own = review.add_manual(store, "HM-01", "2014-06", "Ông Hùng gửi báo cáo tháng bằng Gmail", INSPECTOR)
    review.decide(store, own, "confirm", "Đã xác minh", "khanhlq")
    hung = client_for("head_hm")
    assert 'value="contest"' not in hung.get(f"/violations/{own}").text
    reason = "Tôi không dùng hộp thư đó"
    refused = _post(hung, f"/violations/{own}/decide", action="contest", reason=reason)
    assert refused.status_code == 409
    assert "không được khiếu nại vụ việc của chính mình" in refused.text and reason in refused.text
    assert "Khiếu nại thay cán bộ" in hung.get(f"/violations/{confirmed}").text
    ok = _post(
        hung, f"/violations/{confirmed}/decide", action="contest", reason="Anh An dùng thư công vụ từ 15/6"
    )
    assert ok.status_code == 303


def test_a_contested_case_blocks_closing_and_a_closed_month_refuses_proposals(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    hung = client_for("head_hm")
    url = "/sheet?unit=HM&month=2014-06"
    assert 'value="close"' not in hung.get(url).text  # still contestable: not offered
    assert f"#{confirmed}" in hung.get(url).text
    review.decide(store, confirmed, "contest", "Không phải hộp thư của tôi", "annv")
    refused = _post(hung, "/sheet/close", unit="HM", month="2014-06", action="close")
    assert refused.status_code == 409 and "Chưa thể khóa bảng" in refused.text
    review.decide(store, confirmed, "dismiss", "Văn thư xác nhận đã lập hộp thư thay", "khanhlq")
    assert 'value="close"' in hung.get(url).text
    assert _post(hung, "/sheet/close", unit="HM", month="2014-06", action="close").status_code == 303
    closed = hung.get(url).text
    assert "Bảng đánh giá đã khóa lúc" in closed and 'action="/sheet/propose"' not in closed
    proposal = _post(
        hung, "/sheet/propose", person_id="HM-03", month="2014-06", rating="Hoàn thành tốt nhiệm vụ"
    )
    assert proposal.status_code == 409 and "đã khóa" in proposal.text
    no_reason = _post(hung, "/sheet/close", unit="HM", month="2014-06", action="reopen", reason=" ")
    assert no_reason.status_code == 409 and "Vui lòng ghi lý do" in no_reason.text
    why = "Phòng Nội vụ đề nghị rà soát lại xếp loại"
    assert (
        _post(hung, "/sheet/close", unit="HM", month="2014-06", action="reopen", reason=why).status_code
        == 303
    )
    again = _post(
        hung, "/sheet/propose", person_id="HM-03", month="2014-06", rating="Hoàn thành tốt nhiệm vụ"
    )
    assert again.status_code == 303
    trail = client_for("inspector").get("/audit").text
    assert "sheet.reopened" in trail and why in trail


def test_api_contest_once_and_never_by_a_head_for_a_head(app: FastAPI, store: Store, confirmed: int) -> None:
    client = TestClient(app)
    head = {"Authorization": "Bearer " + accounts.create_token(store, "e-office HM", "head", "test", "HM")}
    inspector = {"Authorization": "Bearer " + accounts.create_token(store, "e-office", "inspector", "test")}
    url = f"/api/v1/violations/{confirmed}/contest"
    assert client.post(url, json={"reason": "x"}, headers=inspector).status_code == 403
    done = client.post(url, json={"reason": "Anh An dùng thư công vụ từ 15/6"}, headers=head)
    assert done.status_code == 200 and done.json() == {"id": confirmed, "status": "contested"}
    review.decide(store, confirmed, "confirm", "Giữ nguyên kết luận", "khanhlq")
    again = client.post(url, json={"reason": "Khiếu nại lần hai"}, headers=head)
    assert again.status_code == 409 and again.json()["code"] == "final"
    own = review.add_manual(store, "HM-01", "2014-06", "Ông Hùng gửi báo cáo bằng Gmail", INSPECTOR)
    review.decide(store, own, "confirm", "Đã xác minh", "khanhlq")
    mine = client.post(f"/api/v1/violations/{own}/contest", json={"reason": "Không phải tôi"}, headers=head)
    assert mine.status_code == 409 and mine.json()["code"] == "head_own_case"
    other = {"Authorization": "Bearer " + accounts.create_token(store, "e-office HHB", "head", "test", "HHB")}
    assert client.post(url, json={"reason": "x"}, headers=other).status_code == 404
