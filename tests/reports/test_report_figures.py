"""The figures every format is rendered from: per unit, in total, cases, trend, quarter."""

from __future__ import annotations

from reportkit import Month

from congvu.reports.figures import Figures
from congvu.reports.monthly import figures_for
from congvu.reports.periods import month_period, quarter_period, vn_date
from congvu.settings import Config


def _june(month: Month) -> Figures:
    return figures_for(month.store, month_period("2014-06"), Config())


def test_per_unit_figures_follow_the_register(month: Month) -> None:
    figures = _june(month)
    by_code = {u.code: u for u in figures.units}
    hm = by_code["HM"]
    assert (hm.staff, hm.documents, hm.verdicts) == (5, 2, {"violation": 1, "review": 1, "clean": 0})
    assert (hm.statuses["confirmed"], hm.violators, hm.capped) == (1, 1, 1)
    nv = by_code["LC-NV"]
    assert (nv.statuses["pending"], nv.statuses["confirmed"], nv.violators) == (1, 0, 0)
    tnmt = by_code["LC-TNMT"]  # proposed "Hoàn thành nhiệm vụ" is below the cap: not capped
    assert (tnmt.statuses["confirmed"], tnmt.violators, tnmt.capped, tnmt.documents) == (1, 1, 0, 0)
    assert by_code["LC-VP"].verdicts["clean"] == 1
    t = figures.total
    assert (t.staff, t.documents, t.violations, t.violators, t.capped) == (65, 4, 3, 2, 1)
    assert [u.code for u in figures.units][:2] == ["LC", "LC-VP"]  # district first, wards last
    assert figures.units[-1].kind == "ward"


def test_cases_trend_and_quarter(month: Month) -> None:
    figures = _june(month)
    assert [(c.full_name, c.status) for c in figures.cases] == [
        ("Lý Thu Thảo", "confirmed"),
        ("Nguyễn Văn An", "confirmed"),
    ]
    an = figures.cases[1]
    assert (an.number, an.addresses, an.page) == ("15/UBND-VP", ("nguyenvanan85@gmail.com",), 1)
    assert [(p.month, p.recorded, p.confirmed) for p in figures.trend[-2:]] == [
        ("2014-05", 1, 1),
        ("2014-06", 3, 2),
    ]
    assert len(figures.trend) == 12 and figures.trend[0].month == "2013-07"
    quarter = figures_for(month.store, quarter_period("2014-Q2"), Config())
    assert quarter.period.months == ("2014-04", "2014-05", "2014-06")
    assert (quarter.total.statuses["confirmed"], quarter.total.violators, quarter.total.documents) == (
        3,
        2,
        5,
    )
    assert quarter.period.label == "quý II năm 2014"


def test_dates_follow_the_decree() -> None:
    from datetime import date

    assert vn_date(date(2024, 2, 5), "Liên Chiểu") == "Liên Chiểu, ngày 05 tháng 02 năm 2024"
    assert vn_date(date(2014, 7, 23), "Liên Chiểu") == "Liên Chiểu, ngày 23 tháng 7 năm 2014"
