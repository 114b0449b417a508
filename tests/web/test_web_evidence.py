"""Evidence an inspector can open (issue 12): a mail violation shows the messages that prove it —
time in Đà Nẵng, message-id, queue ids, sender, recipient and the log lines — never a server path."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient
from webkit import _doc, login

from congvu.classify import AddressPolicy
from congvu.mailflow.logs import ingest, mail_events
from congvu.mailflow.rules import StaffIndex
from congvu.register import review
from congvu.register.mail import record_mail_events
from congvu.register.originals import Originals, purge
from congvu.register.recording import record
from congvu.register.schema import audit_events, documents, violations
from congvu.register.store import Store
from congvu.settings import Config
from congvu.web import create_app

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


# --- the original document, kept by hash -------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _recorded_upload(store: Store, tmp_path: Path) -> tuple[int, bytes, Originals, Path]:
    """A document uploaded to the server's inbox, judged and recorded with the originals store."""
    inbox = tmp_path / "srv-congvu-inbox" / "2014-06"
    inbox.mkdir(parents=True)
    upload = inbox / "41-TB-UBND.docx"
    data = "PK\x03\x04 Thông báo số 41/TB-UBND, Email: nguyenvanan85@gmail.com".encode() * 50
    upload.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    doc = {
        **_doc("41/TB-UBND", "UBND PHƯỜNG HÒA MINH", "Nguyễn Văn An", "nguyenvanan85@gmail.com", "2014-06-23")
    }
    doc.update(path=str(upload), sha256=sha)
    kept = Originals.at(tmp_path / "originals")
    record(store, [doc], "khanhlq", originals=kept)
    with store.begin() as conn:
        violation_id = conn.execute(
            sa.select(violations.c.id)
            .join(documents, documents.c.id == violations.c.document_id)
            .where(documents.c.sha256 == sha)
        ).scalar_one()
    return violation_id, data, kept, tmp_path / "srv-congvu-inbox"


def _client(store: Store, kept: Originals, persona: str) -> TestClient:
    app = create_app(store, Config(values={"evidence.originals_dir": str(kept.root)}), inline_check=True)
    return login(TestClient(app), persona)


def test_original_is_kept_by_hash_atomically_and_read_only(store: Store, tmp_path: Path) -> None:
    _, data, kept, _ = _recorded_upload(store, tmp_path)
    sha = hashlib.sha256(data).hexdigest()
    path = kept.path_for(sha)
    assert path == kept.root / sha[:2] / sha and path.read_bytes() == data
    assert not os.stat(path).st_mode & 0o222  # read-only
    assert not list(path.parent.glob(".incoming-*"))  # no temporary file left behind
    assert kept.keep(data) == sha  # idempotent
    assert kept.keep_file(tmp_path / "missing.docx", "0" * 64) is False
    assert kept.find("../../etc/passwd") is None


def test_inspector_opens_the_original_in_scope_only_and_the_purge_removes_it(
    store: Store, tmp_path: Path
) -> None:
    violation_id, data, kept, inbox = _recorded_upload(store, tmp_path)
    inspector = _client(store, kept, "inspector")
    page = inspector.get(f"/violations/{violation_id}")
    assert page.status_code == 200
    assert "Mở bản gốc" in page.text and f'href="/violations/{violation_id}/original"' in page.text
    assert str(inbox) not in page.text and str(kept.root) not in page.text  # no server path shown
    assert "41-TB-UBND.docx" in page.text  # the file name only
    assert "Open original" in inspector.get(f"/violations/{violation_id}?lang=en").text

    got = inspector.get(f"/violations/{violation_id}/original")
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == DOCX
    assert got.headers["content-disposition"].startswith("attachment;")
    assert "41-TB-UBND.docx" in got.headers["content-disposition"]

    assert _client(store, kept, "head_hm").get(f"/violations/{violation_id}/original").status_code == 200
    outsider = _client(store, kept, "head_hhb")  # head of another ward: out of scope
    assert outsider.get(f"/violations/{violation_id}/original").status_code == 404
    assert outsider.get(f"/violations/{violation_id}").status_code == 404

    later = dataclasses.replace(store, clock=lambda: datetime(2019, 7, 1, tzinfo=UTC))
    assert purge(later, kept, 1825, "khanhlq") == []  # the case is still open: its evidence stays
    review.decide(store, violation_id, "dismiss", "Địa chỉ của đơn vị đã được thay thế.", "khanhlq")
    assert purge(store, kept, 1825, "khanhlq") == []  # within the retention
    sha = hashlib.sha256(data).hexdigest()
    assert purge(later, kept, 1825, "khanhlq") == [sha]
    assert kept.find(sha) is None
    gone = inspector.get(f"/violations/{violation_id}/original")
    assert gone.status_code == 404
    assert "Mở bản gốc" not in inspector.get(f"/violations/{violation_id}").text
    with store.begin() as conn:
        purged = (
            conn.execute(sa.select(audit_events).where(audit_events.c.action == "originals.purged"))
            .mappings()
            .one()
        )
    assert purged["after"]["sha256"] == [sha] and purged["who"] == "khanhlq"
