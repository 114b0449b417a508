"""Evidence kept through the one path (issue 12): a policy event's envelope and the bound on the
messages a mail violation keeps; `congvu originals purge` from the command line, audited."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register.mail import MAX_MESSAGES, record_mail_events
from congvu.register.originals import Originals
from congvu.register.recording import record
from congvu.register.schema import audit_events, violations
from congvu.register.store import Store, open_store

STAFF_GMAIL = "vothanhtrung71@gmail.com"


def _policy_event(n: int) -> dict[str, Any]:
    return {
        "source": f"policy:{n:06d}",
        "at": f"2014-06-{1 + n % 28:02d}T01:{n % 60:02d}:05+00:00",
        "envelope": {
            "sender": "trungvt@danang.gov.vn",
            "recipient": STAFF_GMAIL,
            "sasl_username": "trungvt@danang.gov.vn",
            "queue_id": f"4B{n:08X}",
        },
        "findings": [
            {
                "rule": "MAIL-001",
                "address": STAFF_GMAIL,
                "counterpart": f"trungvt+{n}@danang.gov.vn",
                "person_id": "LC-VP-02",
                "unit": "LC-VP",
                "direction": "to-public",
                "reason": "MAIL-001 (Chỉ thị 01/CT-UBND): thư công vụ gửi tới hộp thư công cộng",
                "provider": "Gmail",
            }
        ],
    }


def test_policy_events_keep_envelope_evidence_bounded(org: Store) -> None:
    record_mail_events(org, [_policy_event(n) for n in range(MAX_MESSAGES + 7)], "congvu-policy")
    with org.begin() as conn:
        evidence = conn.execute(
            sa.select(violations.c.evidence).where(violations.c.key == "mail:MAIL-001:LC-VP-02:2014-06")
        ).scalar_one()
    assert evidence["count"] == MAX_MESSAGES + 7 and len(evidence["messages"]) == MAX_MESSAGES
    first = evidence["messages"][0]
    assert first["queue_ids"] == ["4B00000000"]
    assert (first["sender"], first["recipient"]) == ("trungvt@danang.gov.vn", STAFF_GMAIL)
    assert first["login"] == "trungvt@danang.gov.vn" and first["lines"] == []
    assert first["at"] == "2014-06-01T01:00:05+00:00" and first["message_id"] is None


def test_purge_command_honours_the_retention(example_register: str, tmp_path: Path, monkeypatch: Any) -> None:
    data = "Công văn số 88/UBND-VP, liên hệ: vothanhtrung71@gmail.com".encode()
    upload = tmp_path / "88-UBND-VP.pdf"
    upload.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    finding = {
        "address": STAFF_GMAIL, "as_written": STAFF_GMAIL, "class": "public", "provider": "Gmail",
        "contact_point": True, "obfuscated": False, "rule": "DOC-001", "reason": "public mailbox as contact",
        "page": 1, "line": 12, "excerpt": f"liên hệ: {STAFF_GMAIL}", "part": None, "cue": "liên hệ:",
    }  # fmt: skip
    doc = {"path": str(upload), "status": "ok", "sha256": sha, "metadata": {}, "findings": [finding]}
    kept = Originals.at(tmp_path / "originals")
    store = open_store(example_register, clock=lambda: datetime(2014, 6, 3, tzinfo=UTC))
    record(store, [doc], "khanhlq", originals=kept)
    with store.begin() as conn:
        conn.execute(sa.update(violations).values(status="dismissed"))
    store.dispose()
    assert kept.find(sha) is not None
    monkeypatch.setenv("CONGVU_EVIDENCE_ORIGINALS_DIR", str(kept.root))
    monkeypatch.setenv("CONGVU_CLOCK", "2019-06-04T00:00:00+00:00")
    runner = CliRunner()
    args = ["originals", "purge", "--format", "json", "--db", example_register, "--by", "khanhlq"]
    kept_days = runner.invoke(app, [*args, "--days", "3650"])
    assert kept_days.exit_code == 0, kept_days.output
    assert json.loads(kept_days.stdout)["removed"] == 0 and kept.find(sha) is not None
    result = runner.invoke(app, args)  # evidence.retention_days: 1825 days, passed by 2019
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"removed": 1, "retention_days": 1825}
    assert kept.find(sha) is None
    store = open_store(example_register)
    with store.begin() as conn:
        who = conn.execute(
            sa.select(audit_events.c.who).where(audit_events.c.action == "originals.purged")
        ).scalar_one()
    store.dispose()
    assert who == "khanhlq"


def test_archive_events_keep_the_message_id(org: Store) -> None:
    event = _policy_event(3)
    del event["envelope"]
    event.update(source="archive:CAK9x2Pq7vN4@mail.gmail.com", message_id="CAK9x2Pq7vN4@mail.gmail.com")
    event["findings"][0]["from"] = "trungvt@danang.gov.vn"
    record_mail_events(org, [event], "congvu-archive")
    with org.begin() as conn:
        evidence = conn.execute(sa.select(violations.c.evidence)).scalar_one()
    (message,) = evidence["messages"]
    assert message["message_id"] == "CAK9x2Pq7vN4@mail.gmail.com"
    assert (message["sender"], message["recipient"]) == ("trungvt@danang.gov.vn", STAFF_GMAIL)
    assert message["queue_ids"] == [] and message["login"] is None
