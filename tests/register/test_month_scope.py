"""A person's unit *in the month concerned* decides whose they are (issue 16, point 4): someone who
moved on 1 July 2014 from Hòa Minh to Hòa Khánh Bắc stays on Hòa Minh's June sheet, their June
violations count in Hòa Minh, and only Hòa Minh's proposals may name them for June."""

from __future__ import annotations

from pathlib import Path

import pytest
from regdocs import document
from regkit import INSPECTOR, STAFF_ID, Backend
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register import review
from congvu.register.directory import import_files
from congvu.register.evaluation import EvaluationError, set_proposal
from congvu.register.recording import record
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale
from congvu.register.store import Store

LEVELS = LevelScale(DEFAULT_LEVELS, DEFAULT_CAP)
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"


@pytest.fixture
def moved(backend: Backend, org: Store, tmp_path: Path) -> Store:
    """Nguyễn Văn An (HM-03) moves to Hòa Khánh Bắc on 1 July 2014 (a re-import that day)."""
    backend.clock.set("2014-07-01T02:00:00+00:00")
    sheet = tmp_path / "dieu-dong-thang-7.csv"
    sheet.write_text(
        "person_id,full_name,unit,position,is_head,official_emails,personal_emails,active_from\n"
        "HM-03,Nguyễn Văn An,HKB,Công chức Văn phòng - Thống kê,0,annv@danang.gov.vn,"
        "nguyenvanan85@gmail.com,2014-01-01\n",
        encoding="utf-8",
    )
    import_files(org, [sheet], "Phòng Nội vụ")
    backend.clock.set("2014-08-05T02:00:00+00:00")
    return org


def _unit_of(store: Store, violation_id: int) -> str | None:
    with store.begin() as conn:
        (v,) = [v for v in review.list_violations(conn) if v["id"] == violation_id]
    return v["unit"]


def test_a_june_violation_found_after_the_move_counts_in_the_june_unit(moved: Store) -> None:
    june = review.add_manual(moved, STAFF_ID, "2014-06", "Biên bản kiểm tra hộp thư ngày 20/6", INSPECTOR)
    july = review.add_manual(moved, STAFF_ID, "2014-07", "Biên bản kiểm tra hộp thư ngày 10/7", INSPECTOR)
    assert (_unit_of(moved, june), _unit_of(moved, july)) == ("HM", "HKB")


def test_assigning_a_june_violation_after_the_move_gives_it_to_the_june_unit(moved: Store) -> None:
    record(moved, [document("44/UBND", issuer="Sở Nội vụ", signer="Trần Văn Không Có")], INSPECTOR)
    with moved.begin() as conn:
        (v,) = review.list_violations(conn)
    assert v["unit"] is None and v["month"] == "2014-06"
    review.assign(moved, v["id"], STAFF_ID, "đối chiếu chữ ký trên bản gốc", INSPECTOR)
    assert _unit_of(moved, v["id"]) == "HM"


def test_a_june_document_signed_by_the_mover_is_attributed_to_the_june_unit(moved: Store) -> None:
    # The issuer names no unit the register knows: the signer's unit on the document's date decides.
    record(moved, [document("45/UBND", issuer="Sở Nội vụ", signer="Nguyễn Văn An")], INSPECTOR)
    with moved.begin() as conn:
        (v,) = review.list_violations(conn)
    assert (v["person_id"], v["unit"], v["month"]) == (STAFF_ID, "HM", "2014-06")


def test_proposals_for_a_unit_name_only_the_people_on_its_sheet_that_month(moved: Store) -> None:
    set_proposal(moved, STAFF_ID, "2014-06", EXCELLENT, LEVELS, "Lê Văn Hùng", unit="HM")
    set_proposal(moved, STAFF_ID, "2014-07", EXCELLENT, LEVELS, "Phạm Minh Tuấn", unit="HKB")
    with pytest.raises(EvaluationError) as june:
        set_proposal(moved, STAFF_ID, "2014-06", EXCELLENT, LEVELS, "Phạm Minh Tuấn", unit="HKB")
    assert "HM-03 is not on the sheet of HKB for 2014-06 (in HM then)" in str(june.value.errors[0])
    with pytest.raises(EvaluationError):
        set_proposal(moved, STAFF_ID, "2014-07", EXCELLENT, LEVELS, "Lê Văn Hùng", unit="HM")


def test_the_command_line_checks_a_heads_file_by_the_month(
    backend: Backend, moved: Store, tmp_path: Path
) -> None:
    proposals = tmp_path / "de-xuat-hoa-khanh-bac.csv"
    proposals.write_text(
        f"person_id,month,rating\nHKB-02,2014-06,{EXCELLENT}\n{STAFF_ID},2014-06,{EXCELLENT}\n",
        encoding="utf-8",
    )
    env = {"CONGVU_CLOCK": "2014-08-05T02:00:00+00:00", "CONGVU_USER": "Phạm Minh Tuấn"}
    runner = CliRunner()
    refused = runner.invoke(
        app, ["evaluation", "import", str(proposals), "--unit", "HKB", "--db", backend.url], env=env
    )
    assert refused.exit_code == 1
    assert (
        "line 3, field person_id: HM-03 is not on the sheet of HKB for 2014-06 (in HM then)" in refused.output
    )
    accepted = runner.invoke(
        app,
        [
            "evaluation",
            "set",
            "--person",
            STAFF_ID,
            "--month",
            "2014-06",
            "--rating",
            EXCELLENT,
            "--unit",
            "HM",
            "--db",
            backend.url,
        ],
        env=env,
    )
    assert accepted.exit_code == 0, accepted.output
