"""The queue of review items in the web app (issue 12): DOC-002/003 findings reach the inspector,
who makes one a violation (choosing the person) or closes it as "not a violation", with a reason;
refusals come back inline in the page's language with what was typed kept; heads see their unit's
items and act on none.  Both databases."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response
from webkit import INSPECTOR, csrf_of

from congvu.register.recording import record
from congvu.register.schema import audit_events, review_outcomes, violations
from congvu.register.store import Store

WARNING = (
    "Cảnh báo: thời gian qua có đối tượng mạo danh cán bộ phường, sử dụng hộp thư "
    "{address} để lừa đảo người dân."
)


def review_document(number: str, ward: str, address: str, rule: str = "DOC-002") -> dict[str, Any]:
    return {
        "path": f"van-ban/{number.replace('/', '-')}.docx",
        "status": "ok",
        "error": None,
        "verdict": "review",
        "metadata": {
            "issuer": f"UBND QUẬN LIÊN CHIỂU\nUBND PHƯỜNG {ward}",
            "number": number,
            "type_code": "BC",
            "date": "2014-06-23",
            "subject": "Báo cáo kết quả tiếp nhận phản ánh tháng 6 năm 2014",
            "signer": None,
        },
        "findings": [
            {
                "address": address,
                "as_written": address,
                "class": "public",
                "provider": "Gmail",
                "contact_point": False,
                "obfuscated": False,
                "rule": rule,
                "reason": "public address in text",
                "page": 1,
                "line": 12,
                "excerpt": WARNING.format(address=address),
                "part": None,
                "cue": None,
            }
        ],
        "sha256": hashlib.sha256(number.encode()).hexdigest(),
        "format": "docx",
    }


@pytest.fixture
def hm(store: Store) -> int:
    """Record a Hòa Minh and a Hòa Hiệp Bắc review item; the Hòa Minh item's finding id."""
    record(
        store,
        [
            review_document("16/BC-UBND", "HÒA MINH", "hoaminh.lienchieu@gmail.com"),
            review_document("44/BC-UBND", "HÒA HIỆP BẮC", "hoahiepbac.ubnd@gmail.com"),
        ],
        INSPECTOR,
    )
    with store.begin() as conn:
        rows = conn.execute(sa.text("SELECT address, id FROM findings WHERE rule = 'DOC-002'")).all()
    return {address: fid for address, fid in rows}["hoaminh.lienchieu@gmail.com"]


def _post(client: TestClient, url: str, **data: str) -> Response:
    token = csrf_of(client.get("/check").text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def test_inspector_promotes_an_item_to_a_violation(inspector: TestClient, hm: int, store: Store) -> None:
    page = inspector.get("/review/items").text
    assert "Văn bản cần xem xét" in page and "hoaminh.lienchieu@gmail.com" in page
    assert f'action="/review/items/{hm}/promote"' in page and "Nguyễn Văn An (HM-03, HM)" in page
    assert '<select name="person_id" class="person-picker"' in page  # works without the script
    assert 'src="/static/picker.js"' in page

    suggestions = inspector.get("/review/items/people", params={"q": "nguyen van an"}).json()
    assert {"id": "HM-03", "name": "Nguyễn Văn An", "unit": "HM"} in suggestions

    reason = "Văn thư xác nhận hộp thư do anh An lập và dùng để nhận hồ sơ"
    done = _post(inspector, f"/review/items/{hm}/promote", person_id="HM-03", reason=reason)
    assert done.status_code == 303
    vid = int(done.headers["location"].split("/")[2].split("?")[0])
    case = inspector.get(done.headers["location"]).text
    assert "Nguyễn Văn An" in case and "hoaminh.lienchieu@gmail.com" in case
    with store.begin() as conn:
        row = conn.execute(sa.select(violations).where(violations.c.id == vid)).mappings().one()
        events = conn.execute(
            sa.select(audit_events.c.action, audit_events.c.reason).where(audit_events.c.entity_id == str(hm))
        ).all()
    assert (row["person_id"], row["rule"], row["status"], row["month"]) == (
        "HM-03",
        "DOC-002",
        "pending",
        "2014-06",
    )
    assert ("review.promoted", reason) in [tuple(e) for e in events]
    assert "hoaminh.lienchieu@gmail.com" not in inspector.get("/review/items").text  # left the queue

    again = _post(inspector, f"/review/items/{hm}/promote", person_id="HM-03", reason=reason)
    assert again.status_code == 409 and f"Mục số {hm} đã được xử lý" in again.text


def test_refusals_inline_with_the_reason_kept(inspector: TestClient, hm: int, store: Store) -> None:
    reason = "Chưa rõ ai lập hộp thư, cần xác minh thêm với văn thư phường"
    nobody = _post(inspector, f"/review/items/{hm}/promote", person_id="HM-99", reason=reason)
    assert nobody.status_code == 409
    assert "Không có cán bộ mã HM-99 trong danh bạ." in nobody.text and reason in nobody.text
    unchosen = _post(inspector, f"/review/items/{hm}/promote", person_id="", reason=reason)
    assert unchosen.status_code == 409 and "Vui lòng chọn cán bộ vi phạm." in unchosen.text

    empty = _post(inspector, f"/review/items/{hm}/close?lang=en", reason="  ")
    assert empty.status_code == 409 and "Please give a reason." in empty.text

    closed = _post(
        inspector, f"/review/items/{hm}/close", reason="Hộp thư mạo danh, phường đã cảnh báo người dân"
    )
    assert closed.status_code == 303
    twice = _post(inspector, f"/review/items/{hm}/close", reason="Bấm lại lần nữa")
    assert twice.status_code == 409 and f"Item {hm} has already been decided" in twice.text  # lang kept
    with store.begin() as conn:
        outcome = conn.execute(sa.select(review_outcomes.c.outcome).where(review_outcomes.c.finding_id == hm))
        assert outcome.scalar_one() == "closed"
        assert (
            conn.execute(
                sa.select(sa.func.count()).select_from(violations).where(violations.c.rule == "DOC-002")
            ).scalar_one()
            == 0
        )


def test_heads_see_their_unit_and_act_on_nothing(hm: int, client_for: Callable[[str], TestClient]) -> None:
    head = client_for("head_hm")
    page = head.get("/review/items").text
    assert "hoaminh.lienchieu@gmail.com" in page and "hoahiepbac.ubnd@gmail.com" not in page
    assert "/promote" not in page
    assert _post(head, f"/review/items/{hm}/close", reason="Không vi phạm").status_code == 403
    assert head.get("/review/items/people", params={"q": "an"}).status_code == 403
    assert client_for("staff_hm").get("/review/items").status_code == 403


def test_the_violation_page_lists_where_the_document_was_found(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    """Notice 27/TB-UBND, recorded on its own, arrives again inside a .zip: one case, two places."""
    from webkit import DOCUMENTS, violation_ids

    notice = DOCUMENTS[0]
    inner = {**notice["findings"][0], "part": "27-TB-UBND.docx"}
    carrier = {
        **notice,
        "path": "hom-thu/ho-so-thang-6.zip",
        "findings": [inner],
        "part_sha256": {"27-TB-UBND.docx": notice["sha256"]},
        "sha256": hashlib.sha256(b"ho-so-thang-6.zip").hexdigest(),
        "format": "zip",
    }
    record(store, [carrier], INSPECTOR)
    vid = violation_ids(store)["27/TB-UBND"]
    with store.begin() as conn:
        n = conn.execute(
            sa.select(sa.func.count()).select_from(violations).where(violations.c.rule == "DOC-001")
        )
        assert n.scalar_one() == 4  # as many as before: the zip added no case
    page = client_for("inspector").get(f"/violations/{vid}").text
    assert "Nơi gặp văn bản (2)" in page
    assert '<td class="path">27-TB-UBND.docx</td>' in page
    assert '<td class="path">ho-so-thang-6.zip/27-TB-UBND.docx</td>' in page
    assert "hom-thu/" not in page and "van-ban/" not in page  # no server folders
