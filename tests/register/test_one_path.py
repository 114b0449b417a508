"""The typed boundary (`register.results`) and the one recording path (`register.violations`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
import sqlalchemy as sa
from auditkit import audited
from regdocs import document, finding, web_page
from regkit import INSPECTOR, Backend
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register.recording import record
from congvu.register.results import ContractError, CrawledPage, JudgedDocument, evidence_hash
from congvu.register.schema import audit_events, documents, findings, violation_findings, violations
from congvu.register.store import Store
from congvu.register.violations import (
    NewFinding,
    NewViolation,
    finding_rows,
    open_violations,
    record_findings,
)
from congvu.register.web_findings import record_crawl


def test_a_document_is_read_once_into_typed_fields() -> None:
    doc = JudgedDocument.from_contract(document("15/UBND-VP"))
    assert doc.status == "ok"
    assert doc.header.number == "15/UBND-VP"
    assert doc.header.signer == "Nguyễn Văn An"
    (f,) = doc.findings
    assert (f.rule, f.address, f.cls, f.page, f.line) == (
        "DOC-001",
        "nguyenvanan85@gmail.com",
        "public",
        1,
        38,
    )
    assert doc.meta["type_name"] == "Công văn"  # extra metadata is stored as given


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        (lambda d: d["findings"][0].update(page="trang 1"), "documents[0].findings[0].page"),
        (lambda d: d["findings"][0].update(address=["a@gmail.com"]), "documents[0].findings[0].address"),
        (lambda d: d.update(findings={"address": "a@gmail.com"}), "documents[0].findings"),
        (lambda d: d.update(metadata="UBND PHƯỜNG HÒA MINH"), "documents[0].metadata"),
        (lambda d: d["metadata"].update(signer=7), "documents[0].metadata.signer"),
        (lambda d: d.update(status=True), "documents[0].status"),
    ],
)
def test_a_broken_contract_names_the_field(broken: Callable[[dict[str, Any]], None], field: str) -> None:
    doc = document("15/UBND-VP")
    broken(doc)
    with pytest.raises(ContractError) as caught:
        JudgedDocument.from_contract(doc, "documents[0]")
    assert caught.value.where == field
    assert str(caught.value).startswith(f"{field}: expected")


def test_a_recorded_page_needs_its_url() -> None:
    with pytest.raises(ContractError, match=r"pages\[2\]\.url"):
        CrawledPage.from_contract({"status": "ok", "findings": []}, "pages[2]")
    assert CrawledPage.from_contract({"status": "error", "error": "timeout"}).status == "error"


def _counts(store: Store) -> tuple[int, int, int]:
    with store.begin() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (documents, findings, violations)
        )


def test_record_from_json_refuses_a_broken_file_before_writing(backend: Backend, tmp_path: Path) -> None:
    good, bad = document("15/UBND-VP"), document("16/UBND-VP")
    bad["findings"][0]["line"] = "dòng 38"
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps({"documents": [good, bad]}, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["record", str(scan), "--db", backend.url])
    assert result.exit_code == 1
    assert "documents[1].findings[0].line: expected an integer or null, got 'dòng 38'" in result.output
    assert _counts(backend.store) == (0, 0, 0)  # the good document was not recorded either


def _row(source: str, address: str, digest: str, now: datetime) -> NewFinding:
    return NewFinding(
        source, "DOC-001", digest, None, address, address, "public", "Gmail", True, False, None, None,
        f"Mọi thắc mắc xin liên hệ: {address}", "public mailbox given as a contact", None, None, now,
    )  # fmt: skip


def test_a_new_source_records_through_the_one_path(org: Store) -> None:
    """What a new source does (the fleet's workers): findings, then open_violations."""
    now = datetime(2014, 6, 20, 2, 0, tzinfo=UTC)
    first = _row("fleet:worker-1", "vanthu.hoaminh@gmail.com", "a" * 64, now)
    second = _row("fleet:worker-2", "vanthu.hoaminh@gmail.com", "b" * 64, now)

    def opened(row: NewFinding) -> list[int]:
        new = NewViolation(
            key="fleet:hoaminh:DOC-001",
            rule="DOC-001",
            month="2014-06",
            evidence={"addresses": [row.address]},
            findings=(row.identity,),
            noted={"worker": row.source},
        )
        with org.begin() as conn:
            assert record_findings(conn, [row]) == 1
            return [m.id for m in open_violations(conn, [new], INSPECTOR, now, "ghi nhận từ máy quét")]

    (vid,) = opened(first)
    assert opened(second) == []  # the same key opens nothing twice ...
    with org.begin() as conn:
        linked = conn.execute(
            sa.select(sa.func.count())
            .select_from(violation_findings)
            .where(violation_findings.c.violation_id == vid)
        ).scalar_one()
        (event,) = conn.execute(
            sa.select(audit_events.c.after, audit_events.c.reason).where(audit_events.c.entity_id == str(vid))
        ).all()
    assert linked == 2  # ... but links the new finding to the violation already open
    assert event.after == {"status": "pending", "key": "fleet:hoaminh:DOC-001", "worker": "fleet:worker-1"}
    assert event.reason == "ghi nhận từ máy quét"


def test_documents_and_web_pages_audit_the_same_shape(org: Store) -> None:
    record(org, [document("15/UBND-VP")], INSPECTOR)
    page = web_page("tiepdan.hoaminh@gmail.com")
    record_crawl(org, [page], INSPECTOR)
    events = audited(org.engine, "violation.created")
    with org.begin() as conn:
        keys = conn.execute(sa.select(violations.c.key).order_by(violations.c.id)).scalars().all()
    assert [e.after["key"] for e in events] == keys
    assert [e.after["status"] for e in events] == ["pending", "pending"]
    assert [e.reason for e in events] == ["recorded from a scan", "recorded from a website crawl"]
    assert events[1].after["url"] == page["url"]


def _varied_document() -> dict[str, Any]:
    """Findings whose fields take every shape the contract allows (nulls, parts, spacing, cues)."""
    spaced = finding("phongvanhoa.lc@gmail.com", excerpt="Liên hệ:   phòng Văn hóa -\n  Thông tin")
    spaced.update(as_written="phongvanhoa.lc @ gmail . com", obfuscated=True, part="ho-so/giay-moi.docx")
    bare = finding("hoso.hoaminh@yahoo.com", "DOC-002", line=7)
    bare.update(as_written=None, excerpt=None, page=None, line=None, provider=None, cue=None)
    del bare["part"]  # left out of the contract: read as null
    return document("21/UBND-VP", findings=[finding("nguyenvanan85@gmail.com"), spaced, bare])


def test_rows_built_in_one_pass_are_the_typed_findings_rows() -> None:
    """`finding_rows` (the hot path, from the checked contract) gives exactly the rows that
    `NewFinding.judged` gives from the typed findings: same values, same evidence hashes."""
    doc = JudgedDocument.from_contract(_varied_document())
    now = datetime(2014, 6, 20, 2, 0, tzinfo=UTC)
    source = f"doc:{doc.identity}"
    fast = finding_rows(doc, source, 7, now)
    typed = [tuple(NewFinding.judged(source, f, f.rule, 7, now)) for f in doc.findings]
    assert fast == typed
    assert doc.rules == {"DOC-001", "DOC-002"}
    spaced, bare = doc.findings[1:]
    assert fast[1][2] == spaced.evidence_hash() == evidence_hash(
        "DOC-001", "phongvanhoa.lc@gmail.com", "phongvanhoa.lc @ gmail . com",
        "Liên hệ: phòng Văn hóa - Thông tin", "ho-so/giay-moi.docx",
    )  # fmt: skip
    assert (bare.excerpt, bare.as_written, bare.part, bare.page) == ("", None, None, None)
    assert fast[2][12] == "" and fast[2][2] == bare.evidence_hash()


def test_a_finding_given_as_another_mapping_is_read_like_a_dict() -> None:
    item = _varied_document()
    plain = JudgedDocument.from_contract(item)
    item["findings"] = [MappingProxyType(f) for f in item["findings"]]
    proxied = JudgedDocument.from_contract(item)
    assert proxied.findings == plain.findings
    now = datetime(2014, 6, 20, 2, 0, tzinfo=UTC)
    assert finding_rows(proxied, "doc:x", 1, now) == finding_rows(plain, "doc:x", 1, now)


def test_findings_keep_the_time_as_sqlite_binds_it(tmp_path: Path) -> None:
    """The findings insert adapts the time once per batch, to what sqlite3 stored per row before."""
    from congvu.register.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'so-dang-ky.db'}")
    try:
        now = datetime(2014, 6, 20, 2, 0, 5, 123456, tzinfo=UTC)
        rows = [_row("doc:a", f"hoso{i}@gmail.com", f"{i:064x}", now) for i in range(3)]
        with store.begin() as conn:
            assert record_findings(conn, rows, "p" * 12) == 3
            stored = conn.exec_driver_sql("SELECT DISTINCT recorded_at, policy FROM findings").all()
            typed = conn.execute(sa.select(findings.c.recorded_at)).scalars().all()
        assert stored == [("2014-06-20 02:00:05.123456+00:00", "p" * 12)]
        assert {t.replace(tzinfo=UTC) for t in typed} == {now}
    finally:
        store.dispose()
