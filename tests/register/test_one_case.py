"""One case per document (issue 12): the same notice as a .docx, inside a .zip, attached to an
e-mail and uploaded again is one violation with its occurrences, and the report counts it once.

Scanned for real (`scan_bytes`): notice 15/TB-UBND of UBND phường Hòa Minh gives a Gmail address
as its contact.  A copy saved again (other bytes, same issuer, number and date) is the same case by
its administrative identity; notice 15/TB-UBND of phường Hòa Khánh Bắc is another document."""

from __future__ import annotations

import io
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import docx
import sqlalchemy as sa

from congvu.classify import AddressPolicy
from congvu.register.recording import record
from congvu.register.review import list_violations
from congvu.register.schema import violation_occurrences, violations
from congvu.register.store import Store
from congvu.register.violations import occurrences
from congvu.reports.monthly import figures_for
from congvu.reports.periods import month_period
from congvu.scan.document import scan_bytes
from congvu.settings import Limits, load_config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))
import builders

WHO = "Lê Quốc Khánh"
CLERK, OFFICE = "vanthu.hoaminh@danang.gov.vn", "vhtt.lienchieu@danang.gov.vn"
SENT = datetime(2014, 6, 20, 9, 15, tzinfo=timezone(timedelta(hours=7)))


def _notice(ward: str = "HÒA MINH", *, note: str = "") -> bytes:
    document = docx.Document()
    for line in (
        "UBND QUẬN LIÊN CHIỂU",
        f"ỦY BAN NHÂN DÂN PHƯỜNG {ward}",
        "Số: 15/TB-UBND",
        f"{ward.title()}, ngày 20 tháng 6 năm 2014",
        "THÔNG BÁO",
        "Về việc tiếp nhận hồ sơ đăng ký hộ kinh doanh",
        "Mọi chi tiết xin liên hệ: Email: nguyenvanan85@gmail.com",
        note,
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _mail(name: str, data: bytes) -> bytes:
    """The ward's clerk sends the notice to the district's office as an attachment."""
    return builders.build_eml(
        "Gửi thông báo số 15/TB-UBND",
        "Kính gửi Phòng Văn hóa và Thông tin, văn thư gửi thông báo đính kèm.",
        [(name, data)],
        from_=CLERK,
        to=OFFICE,
        date=SENT,
    )


def _scan(name: str, data: bytes, folder: str = "hom-thu") -> dict[str, Any]:
    policy, limits = AddressPolicy.from_config(load_config(environ={})), Limits()
    return scan_bytes(data, name, policy, limits, path=f"{folder}/{name}").as_contract()


def _doc_cases(store: Store) -> list[dict[str, Any]]:
    with store.begin() as conn:
        return [v for v in list_violations(conn) if v["rule"] == "DOC-001"]


def test_one_notice_four_ways_is_one_case_with_four_occurrences(org: Store) -> None:
    notice = _notice()
    arrivals = [
        _scan("15-TB-UBND.docx", notice),
        _scan("ho-so-thang-6.zip", builders.build_zip({"15-TB-UBND.docx": notice})),
        _scan("gui-thong-bao.eml", _mail("15-TB-UBND.docx", notice)),
        _scan("15-TB-UBND.docx", notice, folder="tai-len-lai"),  # the same file uploaded again
    ]
    assert all(doc["verdict"] == "violation" for doc in arrivals)
    for doc in arrivals:  # each arrives on its own, as they would over a month
        record(org, [doc], WHO)
    record(org, arrivals, WHO)  # and all of them again: nothing new

    cases = _doc_cases(org)
    assert len(cases) == 1
    with org.begin() as conn:
        met = occurrences(conn, cases[0]["id"])
        total = conn.execute(sa.select(sa.func.count()).select_from(violations)).scalar_one()
    assert total == 1
    assert [m["path"] for m in met] == [
        "hom-thu/15-TB-UBND.docx",
        "hom-thu/ho-so-thang-6.zip/15-TB-UBND.docx",
        "hom-thu/gui-thong-bao.eml/15-TB-UBND.docx",
        "tai-len-lai/15-TB-UBND.docx",
    ]
    assert len({m["container"] for m in met}) == 3  # the re-upload is the same file as the first

    figures = figures_for(org, month_period("2014-06"))
    hoa_minh = next(u for u in figures.units if u.code == "HM")
    assert hoa_minh.documents == 1 and hoa_minh.verdicts["violation"] == 1
    assert sum(hoa_minh.statuses.values()) == len(cases) == 1


def test_all_at_once_in_one_batch_is_one_case(org: Store) -> None:
    notice = _notice()
    record(
        org,
        [
            _scan("ho-so-thang-6.zip", builders.build_zip({"15-TB-UBND.docx": notice})),
            _scan("15-TB-UBND.docx", notice),
        ],
        WHO,
    )
    cases = _doc_cases(org)
    assert len(cases) == 1
    with org.begin() as conn:
        n = conn.execute(sa.select(sa.func.count()).select_from(violation_occurrences)).scalar_one()
    assert n == 2


def test_a_copy_saved_again_is_the_same_case_by_issuer_number_and_date(org: Store) -> None:
    record(org, [_scan("15-TB-UBND.docx", _notice())], WHO)
    resaved = _notice(note="(Bản sao lưu lại)")
    record(org, [_scan("15-TB-UBND-ban-sao.docx", resaved, folder="tai-len-lai")], WHO)
    cases = _doc_cases(org)
    assert len(cases) == 1
    with org.begin() as conn:
        assert len(occurrences(conn, cases[0]["id"])) == 2
    hoa_minh = next(u for u in figures_for(org, month_period("2014-06")).units if u.code == "HM")
    assert hoa_minh.documents == 1 and hoa_minh.verdicts["violation"] == 1  # the report agrees


def test_same_number_from_two_wards_is_two_cases(org: Store) -> None:
    record(org, [_scan("hoa-minh-15.docx", _notice("HÒA MINH"))], WHO)
    record(org, [_scan("hoa-khanh-bac-15.docx", _notice("HÒA KHÁNH BẮC"))], WHO)
    cases = _doc_cases(org)
    assert len(cases) == 2
    assert len({c["unit"] for c in cases}) == 2


def test_two_recorders_at_once_with_the_file_and_its_zip_open_one_case_each(org: Store) -> None:
    """Six notices, recorded as .docx by one recorder and inside .zip files by another at the same
    time: six cases, each with both occurrences (the content key is unique: the loser joins)."""
    import threading

    notices = [_notice(note=f"Phụ lục {n}") for n in range(6)]
    loose = [_scan(f"tb-{n}.docx", data) for n, data in enumerate(notices)]
    zipped = [
        _scan(f"ho-so-{n}.zip", builders.build_zip({f"tb-{n}.docx": data})) for n, data in enumerate(notices)
    ]
    # Distinct documents: other numbers, so the issuer/number/date identity does not join them.
    for n, docs in enumerate(zip(loose, zipped, strict=True)):
        for doc in docs:
            doc["metadata"]["number"] = f"{20 + n}/TB-UBND"
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def run(docs: list[dict[str, Any]]) -> None:
        try:
            start.wait()
            for doc in docs:
                record(org, [doc], WHO)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=(docs,)) for docs in (loose, zipped)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    cases = _doc_cases(org)
    assert len(cases) == 6
    with org.begin() as conn:
        assert all(len(occurrences(conn, c["id"])) == 2 for c in cases)
