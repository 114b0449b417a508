"""Real Postfix (Debian's package) with the policy service and the milter on loopback.

Each test starts its own Postfix instance (own config, queue and data directories), the two congvu
services as real processes on the bundled example directory, and an aiosmtpd sink that plays the
outside world; mail goes in with smtplib.  Skipped only when Postfix is absent (or we are not root)
and CI is not set; in CI it must run.
"""

from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from netkit import free_port
from postfixkit import PostfixInstance, postfix_available, wait_port

from congvu.register.directory import example_files, import_files
from congvu.register.schema import findings, violations
from congvu.register.store import open_store

STAFF_OFFICIAL = "trungvt@danang.gov.vn"  # Võ Thành Trung, Văn phòng (bundled example directory)
STAFF_GMAIL = "vothanhtrung71@gmail.com"  # his known personal mailbox
COLLEAGUE = "thaolt@danang.gov.vn"
CITIZEN = "tranthibich.hoaminh@gmail.com"  # a resident of Hòa Minh ward: must always be delivered

if not postfix_available():
    reason = "Debian postfix is not installed (or not running as root): apt-get install -y postfix"
    if os.environ.get("CI"):
        pytest.fail(reason + " — CI is set, these tests must run", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


class Sink:
    """The outside world: whatever Postfix relays lands here."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.content if isinstance(envelope.content, bytes) else b""
        self.received.append((str(envelope.mail_from), list(envelope.rcpt_tos), data))
        return "250 OK"

    def wait_for(self, rcpt: str, timeout: float = 15.0) -> bytes:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for _, rcpts, data in self.received:
                if rcpt in rcpts:
                    return data
            time.sleep(0.05)
        raise AssertionError(f"{rcpt} never reached the sink; got {[r for _, r, _ in self.received]}")


@dataclass
class Stack:
    postfix: PostfixInstance
    sink: Sink
    services: dict[str, subprocess.Popen[bytes]]
    db_url: str

    def smtp(self) -> smtplib.SMTP:
        return smtplib.SMTP("127.0.0.1", self.postfix.smtpd_port, timeout=30)

    def kill(self, name: str) -> None:
        proc = self.services[name]
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)


def _service(kind: str, port: int, db_url: str, spool: Path, log: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "congvu.mailflow.serve",
        kind,
        "--listen",
        f"127.0.0.1:{port}",
        "--mode",
        "reject",
    ]
    cmd += ["--db", db_url, "--spool", str(spool)]
    env = {**os.environ, "CONGVU_MAILFLOW_MILTER_WORKERS": "1"}
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    db_url = f"sqlite:///{tmp_path / 'register.db'}"
    store = open_store(db_url)
    import_files(store, example_files(), "test")
    store.dispose()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    policy_port, milter_port = free_port(), free_port()
    services = {
        "policy": _service("policy", policy_port, db_url, tmp_path / "spool-p", tmp_path / "policy.log"),
        "milter": _service("milter", milter_port, db_url, tmp_path / "spool-m", tmp_path / "milter.log"),
    }
    postfix = PostfixInstance.create(controller.port, policy_port, milter_port)
    try:
        wait_port(policy_port)
        wait_port(milter_port)
        postfix.start()
        yield Stack(postfix, sink, services, db_url)
    finally:
        postfix_log = postfix.log()
        postfix.stop()
        controller.stop()
        # Cleanup, not a check (test_mail_metrics checks the graceful stop): both services are told
        # at once and given a minute, since on a loaded machine (CI's OCR tests beside this one) a
        # milter once took longer than 15 s to exit after logging "stopped"; then they are killed,
        # and always reaped, so no stray process outlives its test.
        running = [proc for proc in services.values() if proc.poll() is None]
        for proc in running:
            proc.send_signal(signal.SIGTERM)
        for proc in running:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        sys.stderr.write(postfix_log[-4000:])


def message(sender: str, to: list[str], subject: str, header_from: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = header_from or sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg.set_content("Kính gửi anh chị,\nVăn phòng gửi lịch họp giao ban tuần 23.\nTrân trọng.")
    return msg


def _violations(db_url: str, timeout: float = 10.0) -> set[tuple[str, str]]:
    store = open_store(db_url)
    try:
        end = time.monotonic() + timeout
        found: set[tuple[str, str]] = set()
        while time.monotonic() < end:
            with store.engine.connect() as conn:
                found = {(r.rule, r.person_id) for r in conn.execute(sa.select(violations))}
            if len(found) >= 2:
                break
            time.sleep(0.2)
        return found
    finally:
        store.dispose()


def _findings(db_url: str, at_least: int, timeout: float = 60.0) -> list[tuple[str, str]]:
    """(rule, excerpt) of the recorded findings, once there are `at_least` of them."""
    store = open_store(db_url)
    try:
        end = time.monotonic() + timeout
        found: list[tuple[str, str]] = []
        while time.monotonic() < end:
            with store.engine.connect() as conn:
                found = [(r.rule, r.excerpt) for r in conn.execute(sa.select(findings))]
            if len(found) >= at_least:
                break
            time.sleep(0.2)
        return sorted(found)
    finally:
        store.dispose()


def test_reject_mode_refuses_staff_public_mailboxes_and_delivers_citizens(stack: Stack) -> None:
    with stack.smtp() as smtp:
        msg = message(STAFF_OFFICIAL, [STAFF_GMAIL, CITIZEN], "Lịch họp giao ban")
        refused = smtp.send_message(msg, STAFF_OFFICIAL, [STAFF_GMAIL, CITIZEN])
        assert set(refused) == {STAFF_GMAIL}  # only the staff member's Gmail is refused
        code, text = refused[STAFF_GMAIL]
        assert code == 554 and text.startswith(b"5.7.1") and b"MAIL-001 Vi pham Chi thi 01/CT-UBND" in text
        with pytest.raises(smtplib.SMTPRecipientsRefused) as err:
            smtp.send_message(message(STAFF_GMAIL, [COLLEAGUE], "Báo cáo tuần"), STAFF_GMAIL, [COLLEAGUE])
        assert b"MAIL-002" in err.value.recipients[COLLEAGUE][1]
        assert (
            smtp.send_message(message(CITIZEN, [STAFF_OFFICIAL], "Đơn đề nghị"), CITIZEN, [STAFF_OFFICIAL])
            == {}
        )
    assert b"Subject:" in stack.sink.wait_for(CITIZEN)
    stack.sink.wait_for(STAFF_OFFICIAL)  # a citizen writing in is delivered too
    assert all(STAFF_GMAIL not in r and COLLEAGUE not in r for _, r, _ in stack.sink.received)
    # Refused and recorded, but charged to no one: this client logged in as nobody and is no Gmail
    # server, so nothing proves who sent either message (before: two pending violations, issue 16.7).
    recorded = _findings(stack.db_url, 2)
    assert {rule for rule, _ in recorded} >= {"MAIL-001", "MAIL-002"}
    assert all(excerpt.endswith("(unverified)") for _, excerpt in recorded)
    assert _violations(stack.db_url, timeout=1.0) == set()


def test_a_login_and_a_confirmed_gmail_server_are_charged(stack: Stack) -> None:
    """XCLIENT plays what Postfix otherwise learns itself: a SASL login, a forward-confirmed name."""
    with stack.smtp() as smtp:
        smtp.ehlo("pc-vanphong-02.lienchieu.danang.gov.vn")
        code, _ = smtp.docmd("XCLIENT", "LOGIN=trungvt NAME=pc-vanphong-02.lienchieu.danang.gov.vn")
        assert code == 220
        smtp.ehlo_resp = None
        with pytest.raises(smtplib.SMTPRecipientsRefused) as err:
            smtp.send_message(
                message(STAFF_OFFICIAL, [STAFF_GMAIL], "Lịch họp"), STAFF_OFFICIAL, [STAFF_GMAIL]
            )
        assert b"MAIL-001" in err.value.recipients[STAFF_GMAIL][1]
    with stack.smtp() as smtp:
        smtp.ehlo("mail-sor-f41.google.com")
        assert smtp.docmd("XCLIENT", "NAME=mail-sor-f41.google.com")[0] == 220
        smtp.ehlo_resp = None
        with pytest.raises(smtplib.SMTPRecipientsRefused) as err:
            smtp.send_message(message(STAFF_GMAIL, [COLLEAGUE], "Báo cáo tuần"), STAFF_GMAIL, [COLLEAGUE])
        assert b"MAIL-002" in err.value.recipients[COLLEAGUE][1]
    # the recording process runs at the lowest CPU priority: on a busy machine it may take a while
    assert _violations(stack.db_url, timeout=60.0) == {("MAIL-001", "LC-VP-02"), ("MAIL-002", "LC-VP-02")}


def test_milter_rejects_a_public_from_header_and_passes_clean_mail(stack: Stack) -> None:
    with stack.smtp() as smtp:
        forged = message(
            STAFF_OFFICIAL, [COLLEAGUE], "Kế hoạch tháng 6", header_from=f"Võ Thành Trung <{STAFF_GMAIL}>"
        )
        with pytest.raises(smtplib.SMTPDataError) as err:
            smtp.send_message(forged, STAFF_OFFICIAL, [COLLEAGUE])
        assert err.value.smtp_code == 550 and b"MAIL-002" in err.value.smtp_error
        clean = message(STAFF_OFFICIAL, [COLLEAGUE], "Kế hoạch tháng 6")
        assert smtp.send_message(clean, STAFF_OFFICIAL, [COLLEAGUE]) == {}
    stack.sink.wait_for(COLLEAGUE)
    assert len(stack.sink.received) == 1


def test_killing_the_services_does_not_stop_delivery(stack: Stack) -> None:
    stack.kill("policy")
    stack.kill("milter")
    with stack.smtp() as smtp:  # default_action=DUNNO and milter_default_action=accept
        assert (
            smtp.send_message(
                message(STAFF_OFFICIAL, [STAFF_GMAIL], "Gửi tạm"), STAFF_OFFICIAL, [STAFF_GMAIL]
            )
            == {}
        )
    stack.sink.wait_for(STAFF_GMAIL)
