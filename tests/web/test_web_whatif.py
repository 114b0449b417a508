"""The settings page's policy preview without a browser: refusals name their field and write nothing,
the preview is bounded (deadline, one at a time), only inspectors adopt (issue 14)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from webkit import csrf_of

from congvu.register.policies import ADOPTED
from congvu.register.schema import audit_events, violations
from congvu.register.store import Store
from congvu.settings import Config
from congvu.web import create_app
from congvu.web import whatif as web_whatif

Client = Callable[[str], TestClient]


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    token = csrf_of(client.get("/settings").text)
    base = {
        "csrf_token": token,
        "official_domains": "danang.gov.vn",
        "extra_public_domains": "",
        "not_public": "",
        "lookalike_distance": "1",
        "mode": "monitor",
        "cap": "Hoàn thành khá nhiệm vụ",
        "month": "2014-06",
    }
    return base | fields


def _count(store: Store, table: sa.Table, *where: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())


def test_preview_lists_the_cases_a_removed_domain_would_drop(client_for: Client, store: Store) -> None:
    inspector = client_for("inspector")
    page = inspector.post("/settings/preview", data=_form(inspector, not_public="gmail.com"))
    assert page.status_code == 200, page.text
    assert 'id="would-disappear"' in page.text and "nguyenvanan85@gmail.com" in page.text
    assert "hoangthulinh79@gmail.com" in page.text  # Hòa Hiệp Bắc's June case too
    assert "vothinga81@yahoo.com.vn" not in page.text.split('id="would-disappear"')[1]  # Yahoo stays public
    assert 'id="adopt-form"' in page.text
    english = inspector.post("/settings/preview?lang=en", data=_form(inspector, not_public="gmail.com"))
    assert "Cases that would disappear" in english.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("extra_public_domains", "thu dien tu!vn", "Không phải tên miền hợp lệ"),
        ("lookalike_distance", "mười", "Số không hợp lệ"),
        ("mode", "block", "Chế độ không hợp lệ"),
        ("official_domains", "", "Cần ít nhất một tên miền công vụ"),
        ("cap", "Xuất sắc hơn cả", "Mức giới hạn không phù hợp thang đánh giá"),
        ("month", "2014-13", "Tháng không hợp lệ"),
    ],
)
def test_a_bad_field_is_refused_with_its_name(
    client_for: Client, store: Store, field: str, value: str, message: str
) -> None:
    inspector = client_for("inspector")
    page = inspector.post("/settings/preview", data=_form(inspector, **{field: value}))
    assert page.status_code == 400
    assert message in page.text and 'id="preview"' not in page.text
    assert value in page.text or not value  # what was typed is shown again


def test_the_preview_is_bounded_in_time_and_one_at_a_time(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webkit import login

    app: FastAPI = create_app(store, Config({"web.whatif_seconds": 0}), inline_check=True)
    with TestClient(app) as client:
        login(client, "inspector")
        page = client.post("/settings/preview", data=_form(client, not_public="gmail.com"))
        assert page.status_code == 200
        assert 'id="too-long"' in page.text and "congvu whatif register --month 2014-06" in page.text
        assert 'id="would-disappear"' not in page.text
        assert web_whatif._LOCK.acquire(blocking=False)  # another preview running in this process
        try:
            busy = client.post("/settings/preview", data=_form(client, not_public="gmail.com"))
        finally:
            web_whatif._LOCK.release()
        assert busy.status_code == 503 and "Đang có một lượt xem trước khác" in busy.text


def test_only_inspectors_adopt_and_only_with_reason_and_confirmation(
    client_for: Client, store: Store
) -> None:
    leader = client_for("leader")
    assert leader.post("/settings/adopt", data=_form(leader, reason="Thử", confirm="yes")).status_code == 403
    staff = client_for("staff_hm")
    assert staff.get("/settings").status_code == 403
    assert staff.post("/settings/preview", data={"month": "2014-06"}).status_code == 403
    inspector = client_for("inspector")
    no_reason = inspector.post("/settings/adopt", data=_form(inspector, extra_public_domains="thudientu.vn"))
    assert no_reason.status_code == 400 and "Cần nêu lý do áp dụng" in no_reason.text
    unconfirmed = inspector.post(
        "/settings/adopt",
        data=_form(inspector, extra_public_domains="thudientu.vn", reason="Theo văn bản Sở"),
    )
    assert unconfirmed.status_code == 400 and "Cần đánh dấu ô xác nhận" in unconfirmed.text
    no_csrf = _form(inspector, reason="Theo văn bản Sở", confirm="yes") | {"csrf_token": "sai"}
    assert inspector.post("/settings/adopt", data=no_csrf).status_code == 403
    assert _count(store, audit_events, audit_events.c.action == ADOPTED) == 0
    cases = _count(store, violations)
    done = inspector.post(
        "/settings/adopt",
        data=_form(inspector, extra_public_domains="thudientu.vn", reason="Theo văn bản Sở", confirm="yes"),
    )
    assert done.status_code == 200 and 'id="adopted"' in done.text
    assert _count(store, audit_events, audit_events.c.action == ADOPTED) == 2  # the baseline, then it
    again = inspector.post(
        "/settings/adopt",
        data=_form(inspector, extra_public_domains="thudientu.vn", reason="Lần nữa", confirm="yes"),
    )
    assert "đã được áp dụng" in again.text
    assert _count(store, audit_events, audit_events.c.action == ADOPTED) == 2
    assert _count(store, violations) == cases  # nothing is re-judged silently


def test_a_mail_log_in_monitor_mode_is_not_replayed_and_says_why(client_for: Client, store: Store) -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "mail" / "zimbra.log"
    inspector = client_for("inspector")
    files = {"mail_log": ("zimbra.log", example.read_bytes(), "text/plain")}
    monitor = inspector.post("/settings/preview", data=_form(inspector, not_public="gmail.com"), files=files)
    assert (
        monitor.status_code == 200
        and 'id="mail-note"' in monitor.text
        and 'id="mail-rows"' not in monitor.text
    )
    rejecting = inspector.post(
        "/settings/preview", data=_form(inspector, not_public="gmail.com", mode="reject"), files=files
    )
    rows = rejecting.text.split('id="mail-rows"', 1)[1].split("</table>", 1)[0]
    # the forwarding to Gmail goes; the Gmail sender is no longer vouched for by Gmail's servers
    assert rows.count("<tr data-action") == 2 and "MAIL-003" in rows and "MAIL-002" in rows
    assert 'data-citizen="yes" data-action="reject"' not in rejecting.text
    assert '<b id="refused-to-citizen">0</b>' in rejecting.text
