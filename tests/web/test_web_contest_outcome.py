"""The person hears the outcome of their contest (issue 12): a dismissal after a contest mails them,
at their official address, through the outbox (once, audited); a final confirmation does not send
that notice (the month's reminder tells them), nor does the dismissal of a case never contested.

Anh An (HM-03, annv@danang.gov.vn) contests his confirmed violation for 27/TB-UBND; the inspector
Lê Quốc Khánh (khanhlq) decides again.  The clock: 25/06/2014 10:00 in Đà Nẵng."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from webkit import csrf_of, login, violation_ids

from congvu.register import audit, review
from congvu.register.schema import reminders
from congvu.register.store import Store
from congvu.settings import Config
from congvu.web import create_app


class Recorder:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.messages.append(message)


def _decide(client: TestClient, vid: int, action: str, reason: str) -> None:
    token = csrf_of(client.get(f"/violations/{vid}").text)
    done = client.post(
        f"/violations/{vid}/decide",
        data={"csrf_token": token, "action": action, "reason": reason},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


@pytest.fixture
def contested(store: Store) -> int:
    vid = violation_ids(store)["27/TB-UBND"]
    review.decide(store, vid, "confirm", "Đã đối chiếu văn bản gốc", "khanhlq")
    review.decide(store, vid, "contest", "Hộp thư do văn thư lập thay, tôi không dùng", "annv")
    return vid


def _dismissal_rows(store: Store, vid: int) -> list[tuple[str, str, str]]:
    with store.begin() as conn:
        query = sa.select(reminders.c.recipient_id, reminders.c.address, reminders.c.state).where(
            reminders.c.violation_id == vid, reminders.c.role == "dismissed"
        )
        return [tuple(r) for r in conn.execute(query)]


def test_a_dismissal_after_a_contest_mails_the_person(store: Store, contested: int) -> None:
    transport = Recorder()
    with TestClient(create_app(store, Config(), inline_check=True, transport=transport)) as client:
        _decide(login(client, "inspector"), contested, "dismiss", "Văn thư lập hộp thư, không phải anh An")
    assert [str(m["To"]) for m in transport.messages] == ["annv@danang.gov.vn"]
    message = transport.messages[0]
    assert str(message["Subject"]) == f"[Kết quả khiếu nại] Vi phạm #{contested} tháng 06/2014 đã được hủy bỏ"
    text = message.get_content()
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text and "đã được hủy bỏ" in text
    assert "quyết định cuối cùng" in text and "27/TB-UBND" in text
    assert _dismissal_rows(store, contested) == [("HM-03", "annv@danang.gov.vn", "sent")]
    with store.begin() as conn:
        events = [e for e in audit.history(conn, "violation") if e["action"] == "dismissal.notice_queued"]
    assert len(events) == 1 and events[0]["who"] == "khanhlq"
    assert events[0]["after"]["recipients"] == [{"person_id": "HM-03", "address": "annv@danang.gov.vn"}]


def test_without_smtp_the_notice_waits_in_the_outbox_for_remind_send(store: Store, contested: int) -> None:
    with TestClient(create_app(store, Config(), inline_check=True)) as client:
        _decide(login(client, "inspector"), contested, "dismiss", "Văn thư lập hộp thư, không phải anh An")
    assert _dismissal_rows(store, contested) == [("HM-03", "annv@danang.gov.vn", "pending")]
    from congvu.classify.policy import AddressPolicy
    from congvu.notify.send import send

    transport = Recorder()
    report = send(
        store, "2014-06", AddressPolicy.from_config(Config()), "Hoàn thành nhiệm vụ", transport,
        sender="thanhtra@danang.gov.vn", sender_name="Thanh tra quận Liên Chiểu", violation_id=contested,
    )  # fmt: skip
    assert [r.role for r in report.sent] == ["dismissed"]
    assert [str(m["To"]) for m in transport.messages] == ["annv@danang.gov.vn"]
    assert _dismissal_rows(store, contested) == [("HM-03", "annv@danang.gov.vn", "sent")]


def test_no_outcome_notice_for_a_final_confirmation_or_an_uncontested_dismissal(
    store: Store, contested: int
) -> None:
    transport = Recorder()
    other = violation_ids(store)["31/TB-UBND"]
    with TestClient(create_app(store, Config(), inline_check=True, transport=transport)) as client:
        inspector = login(client, "inspector")
        _decide(inspector, contested, "confirm", "Văn bản do anh An ký, vi phạm giữ nguyên")
        _decide(inspector, other, "dismiss", "Địa chỉ của đơn vị bạn, không phải của cán bộ")
    assert transport.messages == []
    assert _dismissal_rows(store, contested) == [] and _dismissal_rows(store, other) == []
