"""Review and the monthly cap, the persona way: an inspector, two ward heads, a staff member."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from regdocs import document
from regkit import HEAD_HOA_KHANH_BAC, HEAD_HOA_MINH, INSPECTOR, STAFF, STAFF_ID, Backend

from congvu.register import audit
from congvu.register.evaluation import EvaluationError, build_sheet, import_proposals, set_proposal
from congvu.register.recording import record
from congvu.register.review import ReviewError, add_manual, decide, list_violations
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale, PointsScale
from congvu.register.sheet_xlsx import write_sheet
from congvu.register.store import Store

LEVELS = LevelScale(DEFAULT_LEVELS, DEFAULT_CAP)
BEST = DEFAULT_LEVELS[0]


def _row(store: Store, unit: str, month: str, person: str, scale=LEVELS):  # type: ignore[no-untyped-def]
    with store.begin() as conn:
        return next(r for r in build_sheet(conn, unit, month, scale).rows if r.person_id == person)


@pytest.fixture
def recorded(org: Store) -> int:
    record(org, [document("15/UBND-VP")], INSPECTOR)
    set_proposal(org, STAFF_ID, "2014-06", BEST, LEVELS, HEAD_HOA_MINH)
    set_proposal(org, "HKB-03", "2014-06", BEST, LEVELS, HEAD_HOA_KHANH_BAC)
    with org.begin() as conn:
        return int(list_violations(conn)[0]["id"])


def test_pending_and_dismissed_violations_never_cap(org: Store, recorded: int) -> None:
    assert _row(org, "HM", "2014-06", STAFF_ID).final == BEST
    decide(org, recorded, "dismiss", "Địa chỉ của người dân, không phải của cơ quan", INSPECTOR)
    row = _row(org, "HM", "2014-06", STAFF_ID)
    assert (row.final, row.capped, row.violations) == (BEST, False, [])


def test_confirmed_violation_caps_that_month_only_and_is_named(org: Store, recorded: int) -> None:
    decide(org, recorded, "confirm", "Đã xác minh: hộp thư cá nhân của ông An", INSPECTOR)
    row = _row(org, "HM", "2014-06", STAFF_ID)
    assert (row.proposed, row.final, row.capped, row.violations) == (BEST, DEFAULT_CAP, True, [recorded])
    assert f"#{recorded}" in row.note
    set_proposal(org, STAFF_ID, "2014-07", BEST, LEVELS, HEAD_HOA_MINH)
    assert _row(org, "HM", "2014-07", STAFF_ID).final == BEST  # another month is not capped
    other = _row(org, "HKB", "2014-06", "HKB-03")  # the other ward's sheet is untouched
    assert (other.final, other.capped) == (BEST, False)


def test_a_rating_already_below_the_cap_stays(org: Store, recorded: int) -> None:
    set_proposal(org, STAFF_ID, "2014-06", "Hoàn thành nhiệm vụ", LEVELS, HEAD_HOA_MINH)
    decide(org, recorded, "confirm", "Đã xác minh", INSPECTOR)
    row = _row(org, "HM", "2014-06", STAFF_ID)
    assert (row.final, row.capped, row.violations) == ("Hoàn thành nhiệm vụ", False, [recorded])


def test_contest_and_decide_again_all_in_the_audit_trail(org: Store, recorded: int) -> None:
    decide(org, recorded, "confirm", "Đã xác minh", INSPECTOR)
    decide(org, recorded, "contest", "Hộp thư do văn thư lập, tôi không dùng", STAFF)
    row = _row(org, "HM", "2014-06", STAFF_ID)
    # contested: the rating is withheld (never uncapped) until the inspector decides again
    assert (row.final, row.awaiting, row.contested) == (None, True, [recorded])
    decide(org, recorded, "dismiss", "Văn thư xác nhận", INSPECTOR)
    with pytest.raises(ReviewError):
        decide(org, recorded, "confirm", "đổi ý", INSPECTOR)  # dismissed is final
    with pytest.raises(ReviewError):
        decide(org, recorded, "dismiss", "   ", INSPECTOR)  # a reason is required
    with org.begin() as conn:
        trail = audit.history(conn, "violation", str(recorded))
    assert [(e["who"], e["action"]) for e in trail] == [
        (INSPECTOR, "violation.created"),
        (INSPECTOR, "violation.confirmed"),
        (STAFF, "violation.contested"),
        (INSPECTOR, "violation.dismissed"),
    ]
    assert trail[2]["reason"] == "Hộp thư do văn thư lập, tôi không dùng"


def test_inspector_adds_a_violation_by_hand_with_evidence(org: Store, tmp_path: Path) -> None:
    proof = tmp_path / "anh-chup-thu.eml"
    proof.write_bytes(
        "From: nguyenvanan85@gmail.com\r\nTo: vanthu.hm@danang.gov.vn\r\n\r\nGửi báo cáo".encode()
    )
    new_id = add_manual(org, "HKB-01", "2014-05", "Gửi báo cáo tháng bằng Gmail", INSPECTOR, proof)
    decide(org, new_id, "confirm", "Đã xác minh", INSPECTOR)
    with org.begin() as conn:
        (v,) = list_violations(conn, unit="HKB", month="2014-05", status="confirmed")
    assert v["id"] == new_id and v["evidence"]["sha256"] and v["evidence"]["reason"].startswith("Gửi")


def test_points_scale_caps_at_89() -> None:
    points = PointsScale(100, 89)
    assert points.apply_cap(points.parse("95")) == ("89", True)
    assert points.apply_cap(points.parse("72,5")) == ("72.5", False)
    with pytest.raises(ValueError):
        points.parse("101")


def test_points_scale_on_a_sheet(org: Store, recorded: int) -> None:
    points = PointsScale(100, 89)
    set_proposal(org, STAFF_ID, "2014-06", "96", points, HEAD_HOA_MINH)
    decide(org, recorded, "confirm", "Đã xác minh", INSPECTOR)
    row = _row(org, "HM", "2014-06", STAFF_ID, points)
    assert (row.final, row.capped) == ("89", True)


def test_proposal_import_validates_every_row(org: Store, tmp_path: Path) -> None:
    bad = tmp_path / "de-xuat-hkb.csv"
    bad.write_text(
        "person_id,month,rating\nHKB-02,2014-06,Hoàn thành tốt nhiệm vụ\nHKB-03,06/2014,Tốt\n"
        "HKB-99,2014-06,Hoàn thành nhiệm vụ\n",
        encoding="utf-8",
    )
    with pytest.raises(EvaluationError) as caught:
        import_proposals(org, bad, LEVELS, HEAD_HOA_KHANH_BAC)
    assert {(e.line, e.field) for e in caught.value.errors} == {(3, "month"), (3, "rating"), (4, "person_id")}
    assert _row(org, "HKB", "2014-06", "HKB-02").proposed is None
    good = tmp_path / "de-xuat.csv"
    good.write_text("person_id,month,rating\nHKB-02,2014-06,hoàn thành tốt nhiệm vụ\n", encoding="utf-8")
    assert import_proposals(org, good, LEVELS, HEAD_HOA_KHANH_BAC) == 1
    assert _row(org, "HKB", "2014-06", "HKB-02").proposed == "Hoàn thành tốt nhiệm vụ"


def test_xlsx_sheet_is_ready_to_print_and_sign(
    backend: Backend, org: Store, recorded: int, tmp_path: Path
) -> None:
    decide(org, recorded, "confirm", "Đã xác minh", INSPECTOR)
    with org.begin() as conn:
        sheet = build_sheet(conn, "HM", "2014-06", LEVELS)
    target = tmp_path / "danh-gia.xlsx"
    write_sheet(sheet, target)
    ws = load_workbook(target).active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "BẢNG ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC THÁNG 06/2014" in cells
    assert "UBND PHƯỜNG HÒA MINH" in cells and "UBND QUẬN LIÊN CHIỂU" in cells
    assert [c.value for c in ws[7]] == ["STT", "Họ và tên", "Chức vụ", "Đề xuất", "Kết quả", "Ghi chú"]
    an = next(r for r in ws.iter_rows(min_row=8, values_only=True) if r[1] == "Nguyễn Văn An")
    assert an[3:5] == (BEST, DEFAULT_CAP) and f"#{recorded}" in an[5]
    assert "NGƯỜI LẬP BIỂU" in cells and "THỦ TRƯỞNG ĐƠN VỊ" in cells
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
