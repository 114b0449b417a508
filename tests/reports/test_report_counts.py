"""The monthly report counts documents the way the register holds them (issue 12, point 5).

June 2014 in Hòa Minh, scanned for real (`scan_bytes`) and recorded: notice 15/TB-UBND with a Gmail
contact, recorded on its own and again inside ho-so-thang-6.zip; plan 18/KH-UBND, clean, whose only
address is the ward's official one (a DOC-000 finding); report 16/BC-UBND warning about a Gmail
impostor (DOC-002), on its own and attached to an e-mail; letter 19/CV-UBND with a look-alike
domain (DOC-003).  Four documents: one violation, two to review, one clean — not six documents with
the clean plan "to review" and the zip counted twice."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from reportkit import INSPECTOR, FrozenClock, postgres_store

from congvu.classify import AddressPolicy
from congvu.register.contents import contents, in_period, split
from congvu.register.directory import example_files, import_files
from congvu.register.recording import record
from congvu.register.review import list_violations, review_findings
from congvu.register.schema import documents
from congvu.register.store import Store, open_store
from congvu.reports.monthly import figures_for
from congvu.reports.periods import month_period
from congvu.scan.document import scan_bytes
from congvu.settings import Limits, load_config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))
import builders

HEAD = "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: {number}\nHòa Minh, ngày {day} tháng 6 năm 2014\n{kind}\n"
NOTICE = (
    HEAD.format(number="15/TB-UBND", day=20, kind="THÔNG BÁO")
    + "Về việc tiếp nhận hồ sơ đăng ký hộ kinh doanh\n"
    + "Mọi chi tiết xin liên hệ: Email: nguyenvanan85@gmail.com\n"
).encode()
PLAN = (
    HEAD.format(number="18/KH-UBND", day=22, kind="KẾ HOẠCH")
    + "Tổ chức ngày hội đọc sách\nĐầu mối liên hệ: Văn phòng UBND phường, Email: hoaminh@danang.gov.vn\n"
).encode()
WARNING = (
    HEAD.format(number="16/BC-UBND", day=23, kind="BÁO CÁO")
    + "Kết quả tiếp nhận phản ánh\nCảnh báo: thời gian qua có đối tượng mạo danh cán bộ phường, sử dụng hộp"
    " thư hoaminh.lienchieu@gmail.com để lừa đảo người dân.\n"
).encode()
LETTER = (
    HEAD.format(number="19/CV-UBND", day=24, kind="CÔNG VĂN")
    + "Về việc gửi báo cáo tháng\nĐề nghị gửi văn bản về hoaminh@danangg.gov.vn trước ngày 30/6.\n"
).encode()


# The ward's clerk sends the report to the district's office as an attachment.
MAILED = builders.build_eml(
    "Gửi báo cáo kết quả tiếp nhận phản ánh tháng 6/2014",
    "Kính gửi Phòng Văn hóa và Thông tin, văn thư gửi báo cáo đính kèm.",
    [("16-BC-UBND.txt", WARNING)],
    from_="vanthu.hoaminh@danang.gov.vn",
    to="vhtt.lienchieu@danang.gov.vn",
    date=datetime(2014, 6, 23, 15, 40, tzinfo=timezone(timedelta(hours=7))),
)

FILES = [
    ("15-TB-UBND.txt", NOTICE),
    ("ho-so-thang-6.zip", builders.build_zip({"15-TB-UBND.txt": NOTICE})),
    ("18-KH-UBND.txt", PLAN),
    ("16-BC-UBND.txt", WARNING),
    ("gui-bao-cao.eml", MAILED),
    ("19-CV-UBND.txt", LETTER),
]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _scanned() -> list[dict[str, Any]]:
    policy, limits = AddressPolicy.from_config(load_config(environ={})), Limits()
    return [
        scan_bytes(data, name, policy, limits, path=f"hom-thu/{name}").as_contract() for name, data in FILES
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    clock = FrozenClock()
    docs = _scanned()
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path_factory.mktemp('counts') / 'r.db'}", clock=clock)
        import_files(opened, example_files(), "Quản trị hệ thống")
        record(opened, docs, INSPECTOR)
        yield opened
        opened.dispose()
        return
    with postgres_store(clock) as (opened, _url):
        import_files(opened, example_files(), "Quản trị hệ thống")
        record(opened, docs, INSPECTOR)
        yield opened


def test_the_scan_names_each_part_by_its_own_hash() -> None:
    by_name = {doc["path"].split("/")[-1]: doc for doc in _scanned()}
    assert by_name["ho-so-thang-6.zip"]["part_sha256"] == {"15-TB-UBND.txt": _sha(NOTICE)}
    assert by_name["gui-bao-cao.eml"]["part_sha256"] == {"16-BC-UBND.txt": _sha(WARNING)}
    assert by_name["15-TB-UBND.txt"]["part_sha256"] == {}
    assert {f["rule"] for f in by_name["18-KH-UBND.txt"]["findings"]} == {"DOC-000"}  # clean, yet a finding


def test_report_counts_each_document_once_by_its_verdict(store: Store) -> None:
    figures = figures_for(store, month_period("2014-06"))
    hoa_minh = next(u for u in figures.units if u.code == "HM")
    assert hoa_minh.documents == 4
    assert hoa_minh.verdicts == {"violation": 1, "review": 2, "clean": 1}
    assert figures.total.documents == 4 and figures.total.verdicts == hoa_minh.verdicts

    period = month_period("2014-06")
    start, end = period.utc_bounds()
    with store.begin() as conn:
        entries = conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one()
        held = {c.key: c.verdict for c in contents(conn, in_period(period.first, period.last, start, end))}
        queue = review_findings(conn)
        cases = list_violations(conn)
    assert entries == 6  # six files in the register, four documents in them
    assert held == {
        _sha(NOTICE): "violation",
        _sha(PLAN): "clean",
        _sha(WARNING): "review",
        _sha(LETTER): "review",
    }
    # The review queue's items, by the document they are in: the warning (on its own and in the
    # e-mail) and the letter — the two documents the report counts as "cần xem xét".
    assert {f["rule"] for f in queue} == {"DOC-002", "DOC-003"} and len(queue) == 3
    # The cases per status are the register's violations, as listed by the register.
    by_status = Counter(v["status"] for v in cases if v["month"] == "2014-06" and v["unit"] == "HM")
    assert {s: n for s, n in hoa_minh.statuses.items() if n} == dict(by_status)


@pytest.mark.parametrize(
    ("path", "parts", "rules", "expected"),
    [
        ("a.docx", {}, {None: {"DOC-000"}}, {"A": "clean"}),
        ("a.docx", {"x.pdf": "X"}, {"x.pdf": {"DOC-001"}}, {"A": "violation"}),  # embedded: one document
        ("a.zip", {"x.pdf": "X", "y.doc": "Y"}, {"y.doc": {"DOC-003"}}, {"X": "clean", "Y": "review"}),
        ("a.eml", {"x.pdf": "X"}, {None: {"DOC-000"}, "x.pdf": {"DOC-002"}}, {"X": "review"}),
        ("a.eml", {"x.pdf": "X"}, {None: {"DOC-001"}}, {"A": "violation", "X": "clean"}),  # the body says it
        ("a.zip", {"b.zip": "B", "b.zip/x.pdf": "X"}, {"b.zip/x.pdf": {"DOC-001"}}, {"X": "violation"}),
        ("a.zip", {}, {"x.pdf": {"DOC-001"}}, {"A/x.pdf": "violation"}),  # recorded before part hashes
        ("a.zip", {}, {}, {"A": "clean"}),
    ],
)
def test_split_finds_the_innermost_documents(
    path: str, parts: dict[str, str], rules: dict[str | None, set[str]], expected: dict[str, str]
) -> None:
    assert split("A", path, parts, rules) == expected
