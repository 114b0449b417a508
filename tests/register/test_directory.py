"""Directory import/export: templates, row-by-row validation, updates in place, unit history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from regdocs import document
from regkit import INSPECTOR

from congvu.register import audit, directory_files, units
from congvu.register.directory import DirectoryError, example_files, import_files
from congvu.register.recording import record
from congvu.register.schema import people, violations
from congvu.register.store import Store

PEOPLE_HEADER = (
    "person_id,full_name,unit,position,is_head,official_emails,personal_emails,active_from,active_to\n"
)


def _people(store: Store) -> dict[str, dict]:
    with store.begin() as conn:
        return {p["person_id"]: p for p in directory_files.list_people(conn)}


def test_example_organisation_is_liên_chiểu_2014(org: Store) -> None:
    with org.begin() as conn:
        codes = {u["code"] for u in units.list_units(conn)}
    assert {"LC", "LC-VHTT", "HHB", "HHN", "HKB", "HKN", "HM"} <= codes
    staff = _people(org)
    assert staff["HM-03"] == {
        "person_id": "HM-03",
        "full_name": "Nguyễn Văn An",
        "unit": "HM",
        "position": "Công chức Văn phòng - Thống kê",
        "is_head": False,
        "official_emails": ["annv@danang.gov.vn"],
        "personal_emails": ["nguyenvanan85@gmail.com"],
        "active_from": "2014-01-01",
        "active_to": None,
    }
    assert staff["HKB-01"]["is_head"] and staff["HKB-01"]["full_name"] == "Phạm Minh Tuấn"
    assert all(3 <= sum(p["unit"] == u for p in staff.values()) <= 5 for u in codes)


def test_reimport_of_the_same_files_changes_nothing(org: Store) -> None:
    report = import_files(org, example_files(), INSPECTOR)
    assert report.created == {"units": 0, "people": 0} and report.updated == {"units": 0, "people": 0}


def test_a_bad_file_reports_every_bad_row_and_changes_nothing(org: Store, tmp_path: Path) -> None:
    bad = tmp_path / "nhan-su-hoa-minh.csv"
    bad.write_text(
        PEOPLE_HEADER
        + "HM-03,Nguyễn Văn An,HM,Công chức Văn phòng - Thống kê,0,annv@danang.gov.vn,,2014-01-01,\n"
        + "HM-06,Trần Thị Bích,HM,Công chức Văn hóa - Xã hội,có lẽ,bichtt@danang.gov.vn,,2014-01-01,\n"
        + "HM-07,,HM,Công chức,0,,,2014-01-01,\n"
        + "HM-08,Hồ Văn Lợi,PHX,Công chức,0,loihv@danang,,20/06/2014,\n"
        + "HM-03,Nguyễn Văn An,HM,Công chức,0,,,2014-01-01,\n",
        encoding="utf-8",
    )
    with pytest.raises(DirectoryError) as caught:
        import_files(org, [bad], INSPECTOR)
    found = {(e.line, e.field) for e in caught.value.errors}
    assert found == {
        (3, "is_head"),
        (4, "full_name"),
        (5, "unit"),
        (5, "official_emails"),
        (5, "active_from"),
        (6, "person_id"),
    }
    assert all(e.where == "nhan-su-hoa-minh.csv" for e in caught.value.errors)
    assert (
        "HM-06" not in _people(org) and _people(org)["HM-03"]["position"] == "Công chức Văn phòng - Thống kê"
    )


def test_reimport_updates_in_place_and_is_audited(org: Store, tmp_path: Path) -> None:
    update = tmp_path / "hoa-minh.csv"
    update.write_text(
        PEOPLE_HEADER + "HM-03,Nguyễn Văn An,HM,Phó Chủ tịch UBND phường,0,annv@danang.gov.vn,"
        "nguyenvanan85@gmail.com;an.nv@yahoo.com,2014-01-01,\n",
        encoding="utf-8",
    )
    report = import_files(org, [update], "Phòng Nội vụ")
    assert report.updated["people"] == 1 and report.created["people"] == 0
    an = _people(org)["HM-03"]
    assert an["position"] == "Phó Chủ tịch UBND phường"
    assert an["personal_emails"] == ["an.nv@yahoo.com", "nguyenvanan85@gmail.com"]
    with org.begin() as conn:
        events = audit.history(conn, "person", "HM-03")
    assert events[-1]["action"] == "person.updated" and events[-1]["who"] == "Phòng Nội vụ"
    assert events[-1]["after"]["position"] == "Phó Chủ tịch UBND phường"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_round_trips_through_import(org: Store, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"danh-ba{suffix}"
    with org.begin() as conn:
        directory_files.export(conn, target)
    report = import_files(org, [target], INSPECTOR)
    assert report.unchanged["people"] == 65 and report.updated["people"] == 0


def test_templates_carry_the_import_columns(tmp_path: Path) -> None:
    directory_files.template(tmp_path / "mau.csv")
    assert (tmp_path / "mau.csv").read_text(encoding="utf-8") == PEOPLE_HEADER
    directory_files.template(tmp_path / "mau.xlsx")
    book = load_workbook(tmp_path / "mau.xlsx")
    assert book.sheetnames == ["units", "people", "Hướng dẫn"]
    assert [c.value for c in book["people"][1]][:3] == ["person_id", "full_name", "unit"]


def test_renamed_unit_still_matches_documents_under_its_old_name(org: Store) -> None:
    units.rename(org, "HM", "UBND phường Hòa Minh (mới)", date(2025, 7, 1), INSPECTOR, "Nghị quyết sáp nhập")
    report = record(
        org, [document("15/UBND-VP", issuer="ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH", signer="Không Rõ")], INSPECTOR
    )
    assert report.violations_new == 1
    with org.begin() as conn:
        unit_id = conn.execute(sa.select(violations.c.unit_id)).scalar_one()
        assert next(u for u in units.list_units(conn) if u["code"] == "HM")["former_names"] == [
            "UBND phường Hòa Minh"
        ]
        hm = conn.execute(sa.text("SELECT id FROM units WHERE code = 'HM'")).scalar_one()
    assert unit_id == hm


def test_merge_moves_people_but_old_violations_keep_their_unit(org: Store) -> None:
    record(org, [document("20/UBND-VP", issuer="UBND PHƯỜNG HÒA MINH")], INSPECTOR)
    moved = units.merge(org, "HM", "HKB", date(2025, 7, 1), INSPECTOR, "sáp nhập phường")
    assert moved == 5
    with org.begin() as conn:
        unit_codes = dict(conn.execute(sa.text("SELECT id, code FROM units")).tuples().all())
        assert unit_codes[conn.execute(sa.select(violations.c.unit_id)).scalar_one()] == "HM"
        assert (
            unit_codes[
                conn.execute(sa.select(people.c.unit_id).where(people.c.person_id == "HM-03")).scalar_one()
            ]
            == "HKB"
        )
        merged = next(u for u in units.list_units(conn) if u["code"] == "HM")
    assert merged["merged_into"] == "HKB" and merged["valid_to"] == date(2025, 7, 1)
    with pytest.raises(units.UnitError):
        units.retire(org, "HKB", date(2025, 7, 2), INSPECTOR)  # still has people
    with pytest.raises(units.UnitError):
        units.rename(org, "HM", "tên mới", date(2025, 8, 1), INSPECTOR)  # closed units stay as they were
