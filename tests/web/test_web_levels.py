"""Scopes by level (issue 13, point 3): the city above two districts, Liên Chiểu and Thanh Khê.

A district inspector sees their district and its wards, on the pages, the API and the report (404
outside); a city inspector both districts; a head their own unit.  Run on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from webkit import PASSWORD, csrf_of, violation_ids

from congvu.register import accounts, review
from congvu.register.directory import example_city_files, import_files
from congvu.register.store import Store
from congvu.reports.monthly import figures_for
from congvu.reports.periods import month_period
from congvu.settings import Config

# login → (role, unit, person)
USERS = {
    "huypq": ("inspector", "DN-NV", "DN-NV-01"),  # the city: both districts
    "tuannm": ("inspector", "TK-TTR", "TK-TTR-01"),  # Thanh Khê only
    "binhtv": ("head", "TKD", "TKD-01"),  # the ward of Thanh Khê Đông only
}
MONTH = "2014-06"
THANH_KHE = (
    "UBND quận Thanh Khê",
    "Thanh tra quận Thanh Khê",
    "UBND phường Thanh Khê Đông",
    "UBND phường Xuân Hà",
    "UBND phường An Khê",
    "UBND phường Chính Gián",
)


@pytest.fixture
def city(store: Store) -> Iterator[dict[str, int]]:
    """The demo register put under the city, Thanh Khê beside Liên Chiểu, one case in Thanh Khê Đông."""
    import_files(store, example_city_files(), "Sở Nội vụ")  # the demo's city layer
    for login, (role, unit, person) in USERS.items():
        accounts.add_user(store, login, role, PASSWORD, "Quản trị hệ thống", unit, person)
    ids = violation_ids(store)
    ids["TK"] = review.add_manual(store, "TKD-02", MONTH, "Biên bản kiểm tra ngày 18/6/2014", "tuannm")
    review.decide(store, ids["TK"], "confirm", "Đã xác minh, có biên bản", "Nguyễn Minh Tuấn")
    yield ids


@pytest.fixture
def as_user(app: FastAPI) -> Iterator[object]:
    made: list[TestClient] = []

    def make(login: str) -> TestClient:
        client = TestClient(app)
        made.append(client)
        page = client.get("/login")
        response = client.post(
            "/login",
            data={"csrf_token": csrf_of(page.text), "username": login, "password": PASSWORD},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return client

    yield make
    for client in made:
        client.close()


def _api(client: TestClient, store: Store, role: str, unit: str | None) -> dict[str, str]:
    secret = accounts.create_token(store, f"e-office {role} {unit}", role, "test", unit)
    return {"Authorization": f"Bearer {secret}"}


def test_a_district_inspector_sees_their_district_only(
    city: dict[str, int], as_user: object, store: Store, app: FastAPI
) -> None:
    client = as_user("tuannm")  # type: ignore[operator]
    overview = client.get(f"/?month={MONTH}").text
    assert "UBND phường Xuân Hà" in overview and "UBND phường Hòa Minh" not in overview
    assert client.get("/units/TKD").status_code == 200
    assert client.get("/units/HM").status_code == 404
    assert client.get(f"/violations/{city['TK']}").status_code == 200
    assert client.get(f"/violations/{city['27/TB-UBND']}").status_code == 404
    assert client.get(f"/sheet?unit=HM&month={MONTH}").status_code == 404
    assert client.get(f"/?month={MONTH}&level=LC").status_code == 404
    listing = client.get(f"/violations?month={MONTH}").text
    assert "Lê Thị Hoa" in listing and "Nguyễn Văn An" not in listing
    # the API with a token of the same scope
    headers = _api(client, store, "inspector", "TK-TTR")
    seen = client.get("/api/v1/violations", headers=headers).json()["violations"]
    assert [v["id"] for v in seen] == [city["TK"]]
    assert client.get(f"/api/v1/violations/{city['27/TB-UBND']}", headers=headers).status_code == 404
    # the report: Thanh Khê's figures, no way to Liên Chiểu's
    report = client.get(f"/report?month={MONTH}").text
    assert "Lê Thị Hoa" in report and "Nguyễn Văn An" not in report
    assert client.get(f"/report?month={MONTH}&unit=LC").status_code == 404
    assert client.get(f"/report/{MONTH}.xlsx?unit=LC").status_code == 404
    assert client.get(f"/report/chart/{MONTH}/units.png?unit=DN").status_code == 404
    assert client.get(f"/report/{MONTH}.xlsx").status_code == 200


def test_a_liên_chiểu_inspector_no_longer_sees_thanh_khê(city: dict[str, int], client_for: object) -> None:
    client = client_for("inspector")  # type: ignore[operator]
    assert client.get(f"/violations/{city['27/TB-UBND']}").status_code == 200
    assert client.get(f"/violations/{city['TK']}").status_code == 404
    assert client.get("/units/XH").status_code == 404
    assert "UBND phường Hòa Minh" in client.get(f"/?month={MONTH}").text


def test_a_city_inspector_sees_both_districts_and_compares_them(
    city: dict[str, int], as_user: object, store: Store
) -> None:
    client = as_user("huypq")  # type: ignore[operator]
    assert client.get(f"/violations/{city['TK']}").status_code == 200
    assert client.get(f"/violations/{city['27/TB-UBND']}").status_code == 200
    flat = client.get(f"/?month={MONTH}").text
    assert "UBND phường Xuân Hà" in flat and "UBND phường Hòa Minh" in flat
    by_district = client.get(f"/?month={MONTH}&level=DN").text
    rows = _rows(by_district)
    # at the city's level: the city, its department and the two districts, wards counted inside them
    assert set(rows) == {"UBND thành phố Đà Nẵng", "Sở Nội vụ thành phố Đà Nẵng", "UBND quận Liên Chiểu",
                         "UBND quận Thanh Khê"}  # fmt: skip
    assert rows["UBND quận Thanh Khê"] == 1
    in_liên_chiểu = figures_for(store, month_period(MONTH), Config()).total.violations - 1
    assert in_liên_chiểu > 0 and rows["UBND quận Liên Chiểu"] == in_liên_chiểu
    assert 'href="/?month=2014-06&amp;level=TK"' in by_district  # a district can be opened in turn
    wards = _rows(client.get(f"/?month={MONTH}&level=TK").text)
    assert wards == {name: int(name == "UBND phường Thanh Khê Đông") for name in THANH_KHE}
    report = client.get(f"/report?month={MONTH}").text
    assert "Lê Thị Hoa" in report


def _rows(html: str) -> dict[str, int]:
    """Unit name → the month's total, from the overview's per-unit table."""
    found = re.findall(r'<td><a href="/units/[^"]+">([^<]+)</a>.*?</td><td class="num">\d+</td>\s*'
                       r'<td class="num"><a [^>]+>(\d+)</a>', html, re.S)  # fmt: skip
    return {name: int(total) for name, total in found}


def test_a_head_sees_their_own_unit_only(city: dict[str, int], as_user: object) -> None:
    client = as_user("binhtv")  # type: ignore[operator]
    assert client.get("/units/TKD").status_code == 200
    assert client.get("/units/XH").status_code == 404
    assert client.get("/units/TK").status_code == 404
    assert client.get(f"/violations/{city['TK']}").status_code == 200
    assert client.get(f"/violations/{city['27/TB-UBND']}").status_code == 404
    assert client.get(f"/report?month={MONTH}").status_code == 403


def test_the_report_drawn_at_the_city_compares_the_districts(city: dict[str, int], store: Store) -> None:
    whole = figures_for(store, month_period(MONTH), Config())
    started = time.perf_counter()
    at_city = figures_for(store, month_period(MONTH), Config(), "DN")
    at_district = figures_for(store, month_period(MONTH), Config(), "TK")
    elapsed = time.perf_counter() - started
    by_name = {u.name: u for u in at_city.units}
    assert set(by_name) == {"UBND thành phố Đà Nẵng", "Sở Nội vụ thành phố Đà Nẵng", "UBND quận Liên Chiểu",
                            "UBND quận Thanh Khê"}  # fmt: skip
    assert by_name["UBND quận Thanh Khê"].violations == 1
    assert by_name["UBND quận Thanh Khê"].staff == 7  # its inspectorate and four wards counted in
    assert at_city.total.violations == whole.total.violations
    assert by_name["UBND quận Liên Chiểu"].violations == whole.total.violations - 1
    assert [c.full_name for c in at_district.cases] == [] or all(c.unit_name.endswith("Thanh Khê Đông")
                                                                  for c in at_district.cases)  # fmt: skip
    assert at_district.total.violations == 1 and at_district.mail == []
    assert {u.name for u in at_district.units} == set(THANH_KHE)
    assert elapsed < 5


def test_the_report_command_draws_a_district(city: dict[str, int], store: Store, tmp_path: Path) -> None:
    if store.dialect != "sqlite":
        pytest.skip("the command opens the register by URL; the SQLite copy is enough here")
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from congvu.cli import app as cli

    db = store.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "bao-cao-thanh-khe.xlsx"
    ran = CliRunner().invoke(
        cli, ["report", "monthly", "--month", MONTH, "--out", str(out), "--unit", "TK", "--db", db]
    )
    assert ran.exit_code == 0, ran.output
    cells = {
        str(c.value) for sheet in load_workbook(out) for row in sheet.iter_rows() for c in row if c.value
    }
    assert "UBND phường Xuân Hà" in cells and "UBND phường Hòa Minh" not in cells
    wrong = CliRunner().invoke(
        cli, ["report", "monthly", "--month", MONTH, "--out", str(out), "--unit", "XX", "--db", db]
    )
    assert wrong.exit_code == 1 and "unknown unit" in wrong.output
