"""A past month's evaluation sheet lists people where they were then, after merges and moves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa
from regkit import INSPECTOR, Backend

from congvu.register import units
from congvu.register.directory import import_files
from congvu.register.evaluation import build_sheet
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale
from congvu.register.schema import memberships
from congvu.register.schema import units as units_table
from congvu.register.store import Store

LEVELS = LevelScale(DEFAULT_LEVELS, DEFAULT_CAP)
PEOPLE_HEADER = (
    "person_id,full_name,unit,position,is_head,official_emails,personal_emails,active_from,active_to\n"
)


def _ids(store: Store, unit: str, month: str) -> set[str]:
    with store.begin() as conn:
        return {r.person_id for r in build_sheet(conn, unit, month, LEVELS).rows}


def _history(store: Store, person: str) -> list[tuple[str, date | None, date | None]]:
    query = (
        sa.select(units_table.c.code, memberships.c.valid_from, memberships.c.valid_to)
        .join(units_table, units_table.c.id == memberships.c.unit_id)
        .where(memberships.c.person_id == person)
        .order_by(memberships.c.id)
    )
    with store.begin() as conn:
        return [tuple(r) for r in conn.execute(query)]  # type: ignore[misc]


def test_every_imported_person_has_one_open_membership(org: Store) -> None:
    with org.begin() as conn:
        open_rows = conn.execute(
            sa.select(memberships.c.person_id, sa.func.count())
            .where(memberships.c.valid_to.is_(None))
            .group_by(memberships.c.person_id)
        ).all()
        people_count = conn.execute(sa.text("SELECT count(*) FROM people")).scalar_one()
    assert len(open_rows) == people_count and all(n == 1 for _, n in open_rows)


def test_merged_ward_keeps_its_past_sheets(org: Store) -> None:
    hoa_minh_before = _ids(org, "HM", "2025-06")
    assert "HM-03" in hoa_minh_before and len(hoa_minh_before) == 5
    hoa_khanh_bac_before = _ids(org, "HKB", "2025-06")
    units.merge(org, "HM", "HKB", date(2025, 7, 1), INSPECTOR, "sáp nhập phường")
    # June 2025: each ward's sheet is as it was before the merge.
    assert _ids(org, "HM", "2025-06") == hoa_minh_before
    assert _ids(org, "HKB", "2025-06") == hoa_khanh_bac_before
    # July 2025 on: Hòa Minh's people are on Hòa Khánh Bắc's sheet, the closed ward's is empty.
    assert _ids(org, "HKB", "2025-07") == hoa_khanh_bac_before | hoa_minh_before
    assert _ids(org, "HM", "2025-07") == set()
    assert _history(org, "HM-03") == [
        ("HM", date(2014, 1, 1), date(2025, 6, 30)),
        ("HKB", date(2025, 7, 1), None),
    ]


def test_reimport_with_a_new_unit_is_a_move_from_that_day(
    backend: Backend, org: Store, tmp_path: Path
) -> None:
    backend.clock.set("2014-09-10T02:00:00+00:00")  # 09:00 in Đà Nẵng
    moved = tmp_path / "chuyen-cong-tac.csv"
    moved.write_text(
        PEOPLE_HEADER
        + "HM-03,Nguyễn Văn An,HKB,Chuyên viên,0,annv@danang.gov.vn,nguyenvanan85@gmail.com,,\n",
        encoding="utf-8",
    )
    import_files(org, [moved], "Phòng Nội vụ")
    assert "HM-03" in _ids(org, "HM", "2014-08") and "HM-03" not in _ids(org, "HKB", "2014-08")
    # On the sheet of the month of the move only once: where they were on its last day.
    assert "HM-03" in _ids(org, "HKB", "2014-09") and "HM-03" not in _ids(org, "HM", "2014-09")
    assert _history(org, "HM-03") == [
        ("HM", date(2014, 1, 1), date(2014, 9, 9)),
        ("HKB", date(2014, 9, 10), None),
    ]
    # Moving again the same day replaces that day's move instead of making an empty interval.
    back = tmp_path / "dieu-chinh.csv"
    back.write_text(moved.read_text(encoding="utf-8").replace(",HKB,", ",HKN,"), encoding="utf-8")
    import_files(org, [back], "Phòng Nội vụ")
    assert _history(org, "HM-03") == [
        ("HM", date(2014, 1, 1), date(2014, 9, 9)),
        ("HKN", date(2014, 9, 10), None),
    ]


def test_someone_who_left_mid_month_is_on_the_sheet_of_their_last_unit(
    backend: Backend, org: Store, tmp_path: Path
) -> None:
    backend.clock.set("2014-09-20T02:00:00+00:00")
    moved = tmp_path / "nghi-viec.csv"
    moved.write_text(
        PEOPLE_HEADER
        + "HM-03,Nguyễn Văn An,HKB,Chuyên viên,0,annv@danang.gov.vn,nguyenvanan85@gmail.com,,2014-10-15\n",
        encoding="utf-8",
    )
    import_files(org, [moved], "Phòng Nội vụ")
    assert "HM-03" in _ids(org, "HKB", "2014-10")  # left on 15 October, still in Hòa Khánh Bắc then
    assert "HM-03" not in _ids(org, "HKB", "2014-11")


def test_upgrading_an_older_register_gives_everyone_their_current_unit(tmp_path: Path) -> None:
    from alembic import command

    from congvu.register.store import _alembic_config, create_engine, open_store

    url = f"sqlite:///{tmp_path / 'cu.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006_web_indexes")
        conn.execute(
            sa.text(
                "INSERT INTO units (id, code, name, kind, aliases) "
                "VALUES (1, 'HM', 'UBND phường Hòa Minh', 'ward', '[]')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO people (person_id, full_name, name_key, position, unit_id, is_head) "
                "VALUES ('HM-09', 'Trần Thị Bích', 'tran thi bich', 'Văn thư', 1, 0)"
            )
        )
    engine.dispose()
    store = open_store(url)  # upgrades to head
    try:
        assert _history(store, "HM-09") == [("HM", None, None)]
        assert _ids(store, "HM", "2014-06") == {"HM-09"}
    finally:
        store.dispose()
