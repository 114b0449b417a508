"""Recording scan results: attribution, idempotence, identity, months on a frozen clock."""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from regdocs import document, finding
from regkit import INSPECTOR, STAFF_ID, Backend

from congvu.register.recording import record
from congvu.register.results import JudgedFinding
from congvu.register.review import assign, list_violations, review_findings
from congvu.register.schema import documents, findings, violation_findings, violations
from congvu.register.store import Store


def _counts(store: Store) -> tuple[int, int, int]:
    with store.begin() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (documents, findings, violations)
        )


def test_signer_in_capitals_without_diacritics_is_attributed(org: Store) -> None:
    record(org, [document("15/UBND-VP", signer="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNGUYEN VAN AN")], INSPECTOR)
    with org.begin() as conn:
        (v,) = list_violations(conn)
    assert (v["person_id"], v["unit"], v["month"], v["status"], v["rule"]) == (
        STAFF_ID,
        "HM",
        "2014-06",
        "pending",
        "DOC-001",
    )
    assert (
        v["evidence"]["addresses"] == ["nguyenvanan85@gmail.com"] and v["evidence"]["number"] == "15/UBND-VP"
    )


def test_issuer_spelled_out_matches_the_ubnd_unit(org: Store) -> None:
    record(org, [document("16/UBND", issuer="ỦY BAN NHÂN DÂN PHƯỜNG HOÀ KHÁNH BẮC", signer=None)], INSPECTOR)
    with org.begin() as conn:
        (v,) = list_violations(conn)
    assert v["person_id"] is None and v["unit"] == "HKB"


def test_recording_the_same_document_twice_creates_nothing_new(org: Store) -> None:
    docs = [
        document("15/UBND-VP"),
        document("16/UBND-VP", findings=[finding("hoaminh.ubnd@yahoo.com", "DOC-002")]),
    ]
    first = record(org, docs, INSPECTOR)
    second = record(org, docs, INSPECTOR)
    assert (first.documents_new, first.findings_new, first.violations_new) == (2, 2, 1)
    assert (second.documents_new, second.findings_new, second.violations_new, second.documents_known) == (
        0,
        0,
        0,
        2,
    )
    assert _counts(org) == (2, 2, 1)


def test_review_findings_make_no_violation_but_are_listed(org: Store) -> None:
    record(
        org,
        [
            document(
                "17/UBND",
                findings=[
                    finding("ubnd.hoaminh@gmail.com", "DOC-002"),
                    finding("vanthu@dannang.gov.vn", "DOC-003"),
                ],
            )
        ],
        INSPECTOR,
    )
    with org.begin() as conn:
        assert list_violations(conn) == []
        assert [f["rule"] for f in review_findings(conn)] == ["DOC-002", "DOC-003"]


def test_finding_identity_ignores_the_line_number() -> None:
    a = JudgedFinding.from_contract(finding("x@gmail.com", line=12))
    b = JudgedFinding.from_contract(finding("x@gmail.com", line=40))
    assert a.evidence_hash("DOC-001") == b.evidence_hash("DOC-001")
    assert a.evidence_hash("DOC-001") != a.evidence_hash("DOC-002")


def test_document_without_sha256_is_identified_by_content(org: Store) -> None:
    doc = document("18/UBND", sha=False)
    record(org, [doc], INSPECTOR)
    record(org, [dict(doc)], INSPECTOR)
    assert _counts(org) == (1, 1, 1)


def test_ambiguous_signer_is_left_for_the_inspector(org: Store, tmp_path: Path) -> None:
    from congvu.register.directory import import_files

    twin = tmp_path / "them.csv"
    twin.write_text(
        "person_id,full_name,unit,position\nHKN-09,Nguyễn Văn An,HKN,Công chức Tư pháp - Hộ tịch\n",
        encoding="utf-8",
    )
    import_files(org, [twin], INSPECTOR)
    record(org, [document("19/UBND", issuer="Sở Nội vụ", signer="Nguyễn Văn An")], INSPECTOR)
    with org.begin() as conn:
        (v,) = list_violations(conn)
    assert v["person_id"] is None and v["unit"] is None
    assign(org, v["id"], STAFF_ID, "đối chiếu chữ ký", INSPECTOR)
    with org.begin() as conn:
        (v,) = list_violations(conn)
    assert (v["person_id"], v["unit"]) == (STAFF_ID, "HM")


def test_month_is_the_document_date_else_the_event_time_in_ho_chi_minh(backend: Backend, org: Store) -> None:
    backend.clock.set("2014-06-30T17:30:00+00:00")  # 00:30 on 1 July in Đà Nẵng
    record(org, [document("21/UBND", date=None), document("22/UBND", date="2014-06-30")], INSPECTOR)
    with org.begin() as conn:
        months = {v["evidence"]["number"]: v["month"] for v in list_violations(conn)}
    assert months == {"21/UBND": "2014-07", "22/UBND": "2014-06"}


def test_violation_is_linked_to_its_findings(org: Store) -> None:
    record(
        org,
        [
            document(
                "23/UBND",
                findings=[
                    finding("a.hm@gmail.com"),
                    finding("b.hm@gmail.com"),
                    finding("c.hm@gmail.com", "DOC-002"),
                ],
            )
        ],
        INSPECTOR,
    )
    with org.begin() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(violation_findings)).scalar_one() == 2


def test_two_recorders_at_once_lose_nothing(backend: Backend, org: Store) -> None:
    batches = [[document(f"{n}/UBND-HM") for n in range(k, k + 60)] for k in (0, 30)]  # 30 shared
    stores = [backend.reopen(), backend.reopen()]
    errors: list[BaseException] = []

    def run(store: Store, docs: list[dict]) -> None:
        try:
            record(store, docs, INSPECTOR, batch_size=7)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(s, b)) for s, b in zip(stores, batches, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.dispose()
    assert errors == []
    assert _counts(org) == (90, 90, 90)


def test_end_to_end_from_a_text_document(org: Store, tmp_path: Path) -> None:
    from congvu.scan.runner import scan_paths
    from congvu.settings import Config

    text = tmp_path / "cv-25-ubnd.txt"
    text.write_text(
        "UBND QUẬN LIÊN CHIỂU\nUBND PHƯỜNG HÒA MINH\nSố: 25/UBND-VP\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Liên Chiểu, ngày 20 tháng 6 năm 2014\nV/v báo cáo tình hình sử dụng thư điện tử công vụ\n"
        "Kính gửi: Phòng Văn hóa và Thông tin quận\n...\n"
        "Địa chỉ: 01 Nguyễn Văn Cừ; Điện thoại: 0511.3731xxx; Email: nguyenvanan85@gmail.com\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n",
        encoding="utf-8",
    )
    docs = [r.as_contract() for r in scan_paths([text], Config(), workers=1)]
    report = record(org, docs, INSPECTOR)
    assert report.documents_new == 1
