"""Heads act on a person by the unit the person was in during the month concerned (issue 16,
point 4): Nguyễn Văn An (HM-03) moved from Hòa Minh to Hòa Hiệp Bắc on 1 July 2014."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient
from webkit import csrf_of

from congvu.register import accounts, review
from congvu.register.directory import import_files
from congvu.register.store import Store

EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"


def _move(store: Store, tmp_path: Path) -> None:
    clock = store.clock
    clock.now = datetime.fromisoformat("2014-07-01T02:00:00+00:00")  # type: ignore[attr-defined]
    sheet = tmp_path / "dieu-dong.csv"
    sheet.write_text(
        "person_id,full_name,unit,position,is_head,official_emails,personal_emails,active_from\n"
        "HM-03,Nguyễn Văn An,HHB,Công chức Văn phòng - Thống kê,0,annv@danang.gov.vn,"
        "nguyenvanan85@gmail.com,2014-01-01\n",
        encoding="utf-8",
    )
    import_files(store, [sheet], "Phòng Nội vụ")
    clock.now = datetime.fromisoformat("2014-08-05T02:00:00+00:00")  # type: ignore[attr-defined]


def _propose(client: TestClient, month: str) -> int:
    token = csrf_of(client.get("/check").text)
    return client.post(
        "/sheet/propose",
        data={"csrf_token": token, "person_id": "HM-03", "month": month, "rating": EXCELLENT},
        follow_redirects=False,
    ).status_code


def test_heads_propose_for_a_mover_by_the_month_of_the_sheet(
    client_for: Callable[[str], TestClient], store: Store, tmp_path: Path
) -> None:
    _move(store, tmp_path)
    old_head, new_head = client_for("head_hm"), client_for("head_hhb")
    assert _propose(new_head, "2014-06") == 404  # June is Hòa Minh's sheet, though he is theirs now
    assert _propose(old_head, "2014-07") == 404
    assert _propose(old_head, "2014-06") == 303
    assert _propose(new_head, "2014-07") == 303
    june = old_head.get("/sheet?unit=HM&month=2014-06").text
    assert "Nguyễn Văn An" in june and EXCELLENT in june


def test_a_june_violation_found_after_the_move_is_the_june_heads_on_the_api(
    store: Store, tmp_path: Path, app: object
) -> None:
    _move(store, tmp_path)
    june = review.add_manual(store, "HM-03", "2014-06", "Biên bản kiểm tra ngày 20/6/2014", "khanhlq")
    with TestClient(app) as client:  # type: ignore[arg-type]
        for unit, expected in (("HM", 200), ("HHB", 404)):
            secret = accounts.create_token(store, f"e-office {unit}", "head", "test", unit)
            response = client.get(f"/api/v1/violations/{june}", headers={"Authorization": f"Bearer {secret}"})
            assert response.status_code == expected, unit


def test_the_june_head_reaches_a_movers_page_from_the_june_sheet_only(
    client_for: Callable[[str], TestClient], store: Store, tmp_path: Path
) -> None:
    _move(store, tmp_path)
    old_head, new_head = client_for("head_hm"), client_for("head_hhb")
    june = old_head.get("/sheet?unit=HM&month=2014-06").text
    assert 'href="/people/HM-03?month=2014-06"' in june
    page = old_head.get("/people/HM-03?month=2014-06")
    assert page.status_code == 200 and "27/TB-UBND" in page.text  # his June violation, filed in HM
    assert old_head.get("/people/HM-03").status_code == 404  # not the head's today
    assert old_head.get("/people/HM-03?month=2014-07").status_code == 404  # nor in July
    assert old_head.get("/people/HM-03?month=2014-13").status_code == 400
    assert new_head.get("/people/HM-03").status_code == 200  # today's head sees him
    assert "27/TB-UBND" not in new_head.get("/people/HM-03").text  # but not Hòa Minh's June records
