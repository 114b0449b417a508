"""The directory follows the reader's scope like every other page (issue 12): with the city layer
imported, the district inspector of Liên Chiểu (khanhlq) lists, opens and edits only Liên Chiểu's
people and units; Thanh Khê's are 404 to them, as a missing record is, and a unit there is refused
on the form as an unknown code is.  The city's inspector (no unit) still sees everyone.  The edit
form reads one record."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from fastapi.testclient import TestClient
from webkit import csrf_of

from congvu.register import accounts
from congvu.register.directory import example_city_files, import_files
from congvu.register.directory_files import list_people
from congvu.register.store import Store

PASSWORD = "mật-khẩu-thành-phố-2014"


def _city(store: Store) -> None:
    import_files(store, example_city_files(), "Sở Nội vụ")
    accounts.add_user(store, "huypq", "inspector", PASSWORD, "Quản trị hệ thống", None, "DN-NV-01")


def _login(client: TestClient, name: str, password: str) -> TestClient:
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"csrf_token": token, "username": name, "password": password})
    return client


def test_district_inspector_sees_and_edits_only_their_district(
    store: Store, client_for: Callable[[str], TestClient]
) -> None:
    _city(store)
    district = client_for("inspector")  # khanhlq, Liên Chiểu's culture office: scope quận Liên Chiểu
    page = district.get("/directory").text
    assert "<td>HM-03</td>" in page and "Nguyễn Văn An" in page
    assert "TK-01" not in page and "Võ Văn Thắng" not in page and "DN-NV-01" not in page
    assert "UBND phường Thanh Khê Đông" not in page  # the unit filter lists their units only
    searched = district.get("/directory", params={"q": "vo van thang"}).text
    assert "TK-01" not in searched
    assert district.get("/directory", params={"unit": "TKD"}).status_code == 200
    assert "TKD-01" not in district.get("/directory", params={"unit": "TKD"}).text

    assert district.get("/directory/people/HM-03").status_code == 200
    assert district.get("/directory/people/TK-01").status_code == 404  # outside: as if missing
    assert district.get("/directory/units/TKD").status_code == 404
    assert district.get("/directory/units/HM").status_code == 200
    form = district.get("/directory/people/new").text
    assert 'value="HM"' in form and 'value="TKD"' not in form  # units offered: their own

    token = csrf_of(page)
    with store.begin() as conn:
        before = {p["person_id"]: p for p in list_people(conn)}
    edit = district.post(
        "/directory/people/TK-01",
        data={"csrf_token": token, "full_name": "Võ Văn Thắng (sửa)", "unit": "TK", "position": "Chủ tịch"},
        follow_redirects=False,
    )
    assert edit.status_code == 404
    placed = district.post(
        "/directory/people/new",
        data={
            "csrf_token": token,
            "person_id": "TKD-09",
            "full_name": "Lê Thị Thu Hà",
            "unit": "TKD",
            "position": "Công chức Văn phòng - Thống kê",
            "official_emails": "hattl@danang.gov.vn",
            "active_from": "2014-06-01",
        },
        follow_redirects=False,
    )
    assert placed.status_code == 400 and 'data-field="unit">Không có đơn vị mã “TKD”.<' in placed.text
    assert 'value="Lê Thị Thu Hà"' in placed.text  # what was typed stays
    moved = district.post(  # one of theirs moved out of their scope: refused too
        "/directory/people/HM-03",
        data={"csrf_token": token, "full_name": "Nguyễn Văn An", "unit": "TKD", "position": "Chuyên viên"},
        follow_redirects=False,
    )
    assert moved.status_code == 400 and "Không có đơn vị mã “TKD”." in moved.text
    with store.begin() as conn:
        after = {p["person_id"]: p for p in list_people(conn)}
    assert "TKD-09" not in after
    assert after["TK-01"] == before["TK-01"] and after["HM-03"]["unit"] == "HM"

    city = _login(TestClient(district.app), "huypq", PASSWORD)  # the city's inspector: everyone
    assert "TK-01" in city.get("/directory", params={"q": "vo van thang"}).text
    assert city.get("/directory/people/TK-01").status_code == 200


def test_edit_form_reads_one_person_not_the_directory(
    store: Store, client_for: Callable[[str], TestClient]
) -> None:
    """The edit page used to read every person (with their addresses) to find one."""
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    inspector = client_for("inspector")
    sa.event.listen(store.engine, "before_cursor_execute", note)
    try:
        page = inspector.get("/directory/people/HM-03")
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", note)
    assert page.status_code == 200 and 'value="Nguyễn Văn An"' in page.text
    people_reads = [s for s in statements if "FROM people" in s and "people.person_id =" not in s]
    address_reads = [s for s in statements if "FROM addresses" in s and " IN " not in s.upper()]
    assert not people_reads and not address_reads, (people_reads, address_reads)
