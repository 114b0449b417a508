"""Evidence an inspector can open (issue 12): a mail violation shows the messages that prove it —
time in Đà Nẵng, message-id, queue ids, sender, recipient and the log lines — never a server path."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from congvu.classify import AddressPolicy
from congvu.mailflow.logs import ingest, mail_events
from congvu.mailflow.rules import StaffIndex
from congvu.register.mail import record_mail_events
from congvu.register.schema import violations
from congvu.register.store import Store

ZIMBRA_LOG = Path(__file__).resolve().parents[2] / "examples" / "mail" / "zimbra.log"


def _record_zimbra_log(store: Store) -> int:
    result = ingest([ZIMBRA_LOG], StaffIndex.from_store(store), AddressPolicy(), year=2014)
    record_mail_events(store, mail_events(result), "congvu-mail")
    with store.begin() as conn:
        return conn.execute(
            sa.select(violations.c.id).where(violations.c.key == "mail:MAIL-001:LC-NV-03:2014-06")
        ).scalar_one()


def test_mail_violation_shows_the_messages_that_prove_it(
    store: Store, client_for: Callable[[str], TestClient]
) -> None:
    violation_id = _record_zimbra_log(store)
    inspector = client_for("inspector")
    page = inspector.get(f"/violations/{violation_id}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "16/06/2014 08:15:02" in text  # the log's local time, shown in Asia/Ho_Chi_Minh
    assert "20140616081502.4A1C3B2F01@mail.danang.gov.vn" in text  # message-id
    assert "4A1C3B2F01" in text and "5B2D4C3A12" in text  # the queue ids, before and after the filter
    assert "sontv@danang.gov.vn" in text and "tranvanson75@gmail.com" in text  # sender and recipient
    assert (
        "postfix/submission/smtpd[21301]: 4A1C3B2F01: "
        "client=pc-noivu-03.lienchieu.danang.gov.vn[10.20.1.34], "
        "sasl_method=PLAIN, sasl_username=sontv@danang.gov.vn" in text
    )  # the SASL login line, as the server wrote it
    assert "4A1C3B2F01: from=<sontv@danang.gov.vn>, size=48213" in text  # the qmgr line
    assert "Mã hàng đợi" in text and "Thời điểm (giờ Đà Nẵng)" in text
    assert "Trang –" not in text and "Văn bản" not in text  # no empty document fields for mail
    english = inspector.get(f"/violations/{violation_id}?lang=en")
    assert "Queue IDs" in english.text and "Mail server log lines" in english.text


def test_mail_evidence_is_kept_per_message_and_bounded(store: Store) -> None:
    violation_id = _record_zimbra_log(store)
    with store.begin() as conn:
        evidence = conn.execute(
            sa.select(violations.c.evidence).where(violations.c.id == violation_id)
        ).scalar_one()
    (message,) = evidence["messages"]
    assert evidence["count"] == 1
    assert message["queue_ids"] == ["4A1C3B2F01", "5B2D4C3A12"]
    assert message["message_id"] == "20140616081502.4A1C3B2F01@mail.danang.gov.vn"
    assert message["at"].startswith("2014-06-16T08:15:02") and message["at"].endswith("+07:00")
    assert message["lines"][0].endswith("sasl_username=sontv@danang.gov.vn")
    assert len(message["lines"]) <= 8
