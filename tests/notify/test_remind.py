"""Reminders: who gets them, in Vietnamese, at official addresses only, once, with retries."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from reportkit import Month
from smtpkit import Inbox, start_tls_server
from typer.testing import CliRunner

from congvu.classify.policy import AddressPolicy
from congvu.cli import app
from congvu.notify.outbox import NotOfficial, official_address
from congvu.notify.send import Retry, SendReport, send
from congvu.notify.smtp import SmtpSettings, SmtpTransport
from congvu.register.review import add_manual, decide
from congvu.register.schema import addresses, reminders
from congvu.register.store import open_store

POLICY = AddressPolicy.default()
CAP = "Hoàn thành khá nhiệm vụ"
SENDER = "vhtt.lienchieu@danang.gov.vn"
FAST = Retry(attempts=3, delay=0.01)
# June 2014: Nguyễn Văn An (HM-03, head Lê Văn Hùng) and Lý Thu Thảo (LC-TNMT-02, head Bùi Thành Cường)
EXPECTED_TO = {"annv@danang.gov.vn", "hunglv@danang.gov.vn", "thaolt@danang.gov.vn", "cuongbt@danang.gov.vn"}
KNOWN_PUBLIC = {"nguyenvanan85@gmail.com", "lythuthao86@gmail.com", "buithanhcuong83@yahoo.com.vn"}


def _send(june: Month, port: int, retry: Retry = FAST, store=None) -> SendReport:  # type: ignore[no-untyped-def]
    server = replace(SmtpSettings.defaults(), host="127.0.0.1", port=port, security="none", timeout=5)
    transport = SmtpTransport(server)
    return send(
        store or june.store, "2014-06", POLICY, CAP, transport,
        sender=SENDER, sender_name="Phòng Văn hóa và Thông tin", retry=retry,
    )  # fmt: skip


def _states(june: Month) -> list[tuple[str, str, int]]:
    with june.store.begin() as conn:
        rows = conn.execute(sa.select(reminders.c.address, reminders.c.state, reminders.c.attempts)).all()
    return sorted((r.address, r.state, r.attempts) for r in rows)


def test_violators_and_heads_get_vietnamese_reminders_at_official_addresses(
    june: Month, inbox: Inbox
) -> None:
    report = _send(june, inbox.port)
    assert (len(report.sent), report.already, report.failed, report.skipped) == (4, 0, [], [])
    to = {str(m["To"]) for m in inbox.messages}
    assert to == EXPECTED_TO == {r for rcpts in inbox.recipients for r in rcpts}
    assert not to & KNOWN_PUBLIC
    an = next(m for m in inbox.messages if m["To"] == "annv@danang.gov.vn")
    assert (
        an["Subject"] == "[Nhắc nhở] Vi phạm Chỉ thị 01/CT-UBND về sử dụng thư điện tử công vụ tháng 06/2014"
    )
    text = an.get_content()
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text and "văn bản số 15/UBND-VP" in text
    assert "“Hoàn thành khá nhiệm vụ”" in text
    head = next(m for m in inbox.messages if m["To"] == "hunglv@danang.gov.vn")
    assert head["Subject"].startswith("[Đôn đốc]") and "Nguyễn Văn An" in head.get_content()
    assert all(str(m["From"]).endswith(f"<{SENDER}>") for m in inbox.messages)
    assert {s for _, s, _ in _states(june)} == {"sent"}


def test_re_running_sends_nothing_new(june: Month, inbox: Inbox) -> None:
    _send(june, inbox.port)
    again = _send(june, inbox.port)
    assert (len(again.sent), again.already, len(inbox.messages)) == (0, 4, 4)
    # a violation confirmed later gets its own reminders, the others still none
    extra = add_manual(
        june.store, "HM-05", "2014-06", "Dùng vothinga81@yahoo.com.vn nhận hồ sơ hộ tịch", "Lê Quốc Khánh"
    )
    decide(june.store, extra, "confirm", "Đã xác minh", "Lê Quốc Khánh")
    third = _send(june, inbox.port)
    assert {r.address for r in third.sent} == {"ngavt2@danang.gov.vn", "hunglv@danang.gov.vn"}
    assert len(inbox.messages) == 6 and "vothinga81@yahoo.com.vn" not in {
        str(m["To"]) for m in inbox.messages
    }


@pytest.mark.parametrize("backend", ["june", "june_pg"])
def test_two_workers_at_once_send_each_reminder_once(
    backend: str, request: pytest.FixtureRequest, inbox: Inbox
) -> None:
    june: Month = request.getfixturevalue(backend)
    other = open_store(june.url, clock=june.store.clock)
    reports: list[SendReport] = []
    workers = [
        threading.Thread(target=lambda s=s: reports.append(_send(june, inbox.port, store=s)))
        for s in (june.store, other)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    other.dispose()
    assert sum(len(r.sent) for r in reports) == 4
    assert sorted(str(m["To"]) for m in inbox.messages) == sorted(EXPECTED_TO)


def test_refused_connection_is_retried_with_backoff_and_reported(
    june: Month, closed_port: int, inbox: Inbox
) -> None:
    waits: list[float] = []
    report = _send(june, closed_port, Retry(attempts=3, delay=0.5, sleep=waits.append))
    assert len(report.sent) == 0 and len(report.failed) == 4
    assert all("unreachable" in error for _, error in report.failed)
    assert waits == [0.5, 1.0] * 4  # exponential backoff between the three attempts of each
    assert {(s, a) for _, s, a in _states(june)} == {("failed", 3)}
    later = _send(june, inbox.port)  # the next run retries the failed ones
    assert len(later.sent) == 4 and {s for _, s, _ in _states(june)} == {"sent"}


def test_temporary_4xx_is_retried_then_delivered(june: Month, inbox: Inbox) -> None:
    inbox.fail_next = 2
    report = _send(june, inbox.port)
    assert len(report.sent) == 4 and report.failed == []
    assert sorted(a for _, _, a in _states(june)) == [1, 1, 1, 3]


def test_permanent_5xx_is_not_retried_in_the_run(june: Month, inbox: Inbox) -> None:
    inbox.fail_next, inbox.fail_with = 1, "550 5.1.1 Hộp thư không tồn tại"
    report = _send(june, inbox.port)
    assert len(report.sent) == 3 and len(report.failed) == 1 and "550" in report.failed[0][1]


def test_public_addresses_are_refused_even_when_filed_as_official(june: Month, inbox: Inbox) -> None:
    with pytest.raises(NotOfficial):
        official_address(POLICY, "nguyenvanan85@gmail.com", set())
    with pytest.raises(NotOfficial):  # the person's known personal mailbox, whatever its domain
        official_address(POLICY, "annv@danang.gov.vn", {"annv@danang.gov.vn"})
    with june.store.begin() as conn:  # a directory mistake: a gmail filed as HM-04's official address
        conn.execute(addresses.delete().where(addresses.c.person_id == "HM-04"))
        conn.execute(
            addresses.insert().values(person_id="HM-04", address="maidn.hm@gmail.com", kind="official")
        )
    vid = add_manual(
        june.store, "HM-04", "2014-06", "Gửi hồ sơ địa chính bằng maidn.hm@gmail.com", "Lê Quốc Khánh"
    )
    decide(june.store, vid, "confirm", "Đã xác minh", "Lê Quốc Khánh")
    report = _send(june, inbox.port)
    assert [(s.recipient_id, s.reason) for s in report.skipped] == [
        ("HM-04", "no official address in the directory")
    ]
    assert "maidn.hm@gmail.com" not in {str(m["To"]) for m in inbox.messages}
    assert "hunglv@danang.gov.vn" in {str(m["To"]) for m in inbox.messages}  # the head still hears of it


def test_starttls_and_login(june: Month, tmp_path: Path) -> None:
    box, controller, cert = start_tls_server(tmp_path, "vhtt.lienchieu", "Mat-khau-thu-2014")
    try:
        settings = replace(
            SmtpSettings.defaults(), host="127.0.0.1", port=box.port, security="starttls",
            username="vhtt.lienchieu", password="Mat-khau-thu-2014", ca_file=str(cert), timeout=5,
        )  # fmt: skip
        report = send(june.store, "2014-06", POLICY, CAP, SmtpTransport(settings), sender=SENDER,
                      sender_name="Phòng Văn hóa và Thông tin", retry=FAST)  # fmt: skip
    finally:
        controller.stop()
    assert len(report.sent) == 4 and len(box.messages) == 4


def test_cli_previews_without_send_and_sends_with_it(
    june: Month, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONGVU_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CONGVU_SMTP_PORT", str(inbox.port))
    monkeypatch.setenv("CONGVU_SMTP_SECURITY", "none")
    runner = CliRunner()
    preview = runner.invoke(app, ["remind", "--month", "2014-06", "--db", june.url])
    assert preview.exit_code == 0, preview.output
    assert (
        "4 reminder(s) to send; nothing sent" in preview.output and "hunglv@danang.gov.vn" in preview.output
    )
    assert inbox.messages == [] and _states(june) == []
    sent = runner.invoke(app, ["remind", "--month", "2014-06", "--send", "--db", june.url])
    assert sent.exit_code == 0, sent.output
    assert "4 sent, 0 already sent, 0 failed" in sent.output and len(inbox.messages) == 4
    again = runner.invoke(app, ["remind", "--month", "2014-06", "--send", "--db", june.url])
    assert "0 sent, 4 already sent" in again.output and len(inbox.messages) == 4


def test_cli_reports_delivery_failures_with_exit_code_3(
    june: Month, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in (("HOST", "127.0.0.1"), ("PORT", str(closed_port)), ("SECURITY", "none"),
                        ("ATTEMPTS", "2"), ("RETRY_MS", "1")):  # fmt: skip
        monkeypatch.setenv(f"CONGVU_SMTP_{name}", value)
    result = CliRunner().invoke(app, ["remind", "--month", "2014-06", "--send", "--db", june.url])
    assert result.exit_code == 3
    assert "0 sent, 0 already sent, 4 failed" in result.output
