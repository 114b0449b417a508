"""Reminders in the web app (issue 12): the inspector previews a confirmed violation's reminder —
the very text `congvu remind` sends — and sends it through the notify outbox, to official
addresses only; the violation page shows the history in Đà Nẵng time.

Anh An (HM-03, Hòa Minh) has a confirmed violation for 27/TB-UBND; his official address is
annv@danang.gov.vn, his head Lê Văn Hùng (HM-01) hunglv@danang.gov.vn.  The clock: 25/06/2014
03:00 UTC, 10:00 in Đà Nẵng."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response
from markupsafe import escape
from webkit import csrf_of, login, violation_ids

from congvu.classify.policy import AddressPolicy
from congvu.notify import outbox
from congvu.notify.messages import body
from congvu.register import audit, review
from congvu.register.schema import addresses, reminders
from congvu.register.store import Store
from congvu.settings import Config
from congvu.web import create_app

CONFIRM = "Đã đối chiếu văn bản gốc: hộp thư cá nhân của anh An"


@pytest.fixture
def confirmed(store: Store) -> int:
    vid = violation_ids(store)["27/TB-UBND"]
    review.decide(store, vid, "confirm", CONFIRM, "khanhlq")
    return vid


def _send(client: TestClient, vid: int, token: str | None = None) -> Response:
    token = token if token is not None else csrf_of(client.get("/check").text)
    return client.post(f"/violations/{vid}/reminder", data={"csrf_token": token}, follow_redirects=False)


def _outbox(store: Store, vid: int) -> dict[str, tuple[str, str]]:
    with store.begin() as conn:
        rows = conn.execute(
            sa.select(reminders.c.recipient_id, reminders.c.address, reminders.c.state).where(
                reminders.c.violation_id == vid
            )
        ).all()
    return {r.recipient_id: (r.address, r.state) for r in rows}


def _official_only(store: Store, person_id: str, address: str) -> None:
    """Make the directory list `address` as the person's only (so-called) official address."""
    with store.begin() as conn:
        conn.execute(addresses.delete().where(addresses.c.person_id == person_id))
        conn.execute(addresses.insert().values(person_id=person_id, address=address, kind="official"))


def test_preview_is_the_text_notify_sends(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    page = client_for("inspector").get(f"/violations/{confirmed}/reminder").text
    with store.begin() as conn:
        cap = str(Config().get("evaluation.cap"))
        planned, skipped = outbox.plan(conn, "2014-06", AddressPolicy(), cap, confirmed)
    assert not skipped and {r.address for r in planned} == {"annv@danang.gov.vn", "hunglv@danang.gov.vn"}
    assert "[Nhắc nhở] Vi phạm Chỉ thị 01/CT-UBND" in page and "[Đôn đốc]" in page
    assert "Kính gửi: Ông/Bà Nguyễn Văn An," in page and "Kính gửi: Ông/Bà Lê Văn Hùng," in page
    sender = str(Config().get("report.issuer_text"))
    for reminder in planned:  # each letter word for word as notify builds it
        assert str(escape(body(reminder, sender))) in page
    assert '<dd class="address">annv@danang.gov.vn</dd>' in page
    assert '<dd class="address">nguyenvanan85@gmail.com' not in page  # never his Gmail
    assert f'action="/violations/{confirmed}/reminder"' in page
    assert "Chưa gửi nhắc nhở nào." in page


def test_send_queues_in_the_outbox_audited_and_shows_history(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    inspector = client_for("inspector")
    done = _send(inspector, confirmed)
    assert done.status_code == 303 and done.headers["location"].endswith("/reminder?sent=1")
    assert _outbox(store, confirmed) == {
        "HM-03": ("annv@danang.gov.vn", "pending"),
        "HM-01": ("hunglv@danang.gov.vn", "pending"),
    }
    with store.begin() as conn:
        events = audit.history(conn, "violation", str(confirmed))
    queued = [e for e in events if e["action"] == "reminder.queued"]
    assert len(queued) == 1 and queued[0]["who"] == "khanhlq"
    page = inspector.get(f"/violations/{confirmed}").text
    history = page.split("Lịch sử nhắc nhở")[1]
    assert "Đang chờ gửi" in history and "25/06/2014 10:00" in history and "annv@danang.gov.vn" in history
    assert "Gửi thư nhắc nhở" in page  # the audit row in words
    # sending again adds no second row (the outbox's one row per recipient)
    assert _send(inspector, confirmed).status_code == 303
    assert len(_outbox(store, confirmed)) == 2
    english = inspector.get(f"/violations/{confirmed}?lang=en").text
    assert "Reminder history" in english and "Queued" in english


class Recorder:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.messages.append(message)


def test_send_delivers_through_the_outbox_when_there_is_a_transport(store: Store, confirmed: int) -> None:
    transport = Recorder()
    app = create_app(store, Config(), inline_check=True, transport=transport)
    with TestClient(app) as client:
        inspector = login(client, "inspector")
        assert _send(inspector, confirmed).status_code == 303
        assert sorted(str(m["To"]) for m in transport.messages) == [
            "annv@danang.gov.vn",
            "hunglv@danang.gov.vn",
        ]
        assert {state for _, state in _outbox(store, confirmed).values()} == {"sent"}
        page = inspector.get(f"/violations/{confirmed}/reminder").text
        assert page.count("Đã gửi") >= 2
        assert _send(inspector, confirmed).status_code == 303
        assert len(transport.messages) == 2  # never twice


def test_public_address_is_refused_and_explained(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    _official_only(store, "HM-03", "nguyenvanan85@gmail.com")  # a Gmail typed as "official"
    inspector = client_for("inspector")
    page = inspector.get(f"/violations/{confirmed}/reminder").text
    assert "danh bạ không có địa chỉ thư điện tử công vụ của người nhận" in page and "Nguyễn Văn An" in page
    assert _send(inspector, confirmed).status_code == 303  # his head can still be reminded
    assert _outbox(store, confirmed) == {"HM-01": ("hunglv@danang.gov.vn", "pending")}
    _official_only(store, "HM-01", "phuonghoaminh.lc@gmail.com")
    refused = _send(inspector, confirmed)
    assert refused.status_code == 409
    assert "không người nhận nào có địa chỉ thư điện tử công vụ" in refused.text
    assert "phuonghoaminh.lc@gmail.com" not in {a for a, _ in _outbox(store, confirmed).values()}


def test_only_confirmed_violations_get_reminders(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    pending = violation_ids(store)["31/TB-UBND"]
    inspector = client_for("inspector")
    refused = _send(inspector, pending)
    assert refused.status_code == 409 and "Chỉ gửi nhắc nhở cho vi phạm đã được xác nhận." in refused.text
    assert _outbox(store, pending) == {}


def test_roles_scope_and_csrf(client_for: Callable[[str], TestClient], store: Store, confirmed: int) -> None:
    assert client_for("head_hhb").get(f"/violations/{confirmed}/reminder").status_code == 404
    assert client_for("staff_hm").get(f"/violations/{confirmed}/reminder").status_code == 403
    head = client_for("head_hm")
    seen = head.get(f"/violations/{confirmed}/reminder")
    assert seen.status_code == 200 and "Kính gửi: Ông/Bà Nguyễn Văn An," in seen.text
    assert f'action="/violations/{confirmed}/reminder"' not in seen.text  # no send button for a head
    assert _send(head, confirmed).status_code == 403
    assert _send(client_for("leader"), confirmed).status_code == 403
    inspector = client_for("inspector")
    assert _send(inspector, confirmed, token="forged").status_code == 403
    assert _send(inspector, 999_999).status_code == 404
    assert _outbox(store, confirmed) == {}
