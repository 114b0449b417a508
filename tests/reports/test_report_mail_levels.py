"""Mail-flow figures drawn at a level: counted by the unit their violation charges (issue 13).

The example district sits under the city here (the demo's two layers), so the district's report
is no longer the top of the tree; it must still carry the mail findings of its own staff, and only
theirs.  Findings charged to nobody count only at the top."""

from __future__ import annotations

from typing import Any

import pytest
from reportkit import Month

from congvu.register.directory import example_city_files, import_files
from congvu.register.mail import record_mail_events
from congvu.reports.monthly import figures_for
from congvu.reports.periods import month_period
from congvu.settings import Config


def _event(n: int, rule: str, person: str | None, unit: str | None, address: str) -> dict[str, Any]:
    finding = {"rule": rule, "address": address, "counterpart": f"nguoi{n}@danang.gov.vn",
               "person_id": person, "unit": unit, "reason": f"{rule} (Chỉ thị 01/CT-UBND)",
               "direction": "to-public", "provider": "Gmail", "document": None}  # fmt: skip
    return {"source": f"policy:mx{n}", "at": "2014-06-05T08:15:00+07:00", "findings": [finding]}


@pytest.fixture(scope="module")
def mailed(month: Month) -> Month:
    import_files(month.store, example_city_files(), "Sở Nội vụ")  # the district goes under the city
    record_mail_events(month.store, [
        _event(1, "MAIL-001", "HM-03", "HM", "nguyenvanan85@gmail.com"),  # Hòa Minh, in Liên Chiểu
        _event(2, "MAIL-001", "HM-03", "HM", "thongke.hoaminh@gmail.com"),
        _event(3, "MAIL-002", "TK-01", "TK", "vovanthang68@yahoo.com"),  # Thanh Khê
        _event(4, "MAIL-001", None, None, "hopthu.chung@gmail.com"),  # no known sender: nobody charged
    ])  # fmt: skip
    return month


def _mail(month: Month, level: str | None) -> dict[str, int]:
    figures = figures_for(month.store, month_period("2014-07"), Config(), level)  # recorded 3 July
    out: dict[str, int] = {}
    for row in figures.mail:
        out[row.rule] = out.get(row.rule, 0) + row.count
    return out


def test_district_below_the_city_keeps_its_own_mail_figures(mailed: Month) -> None:
    assert _mail(mailed, "LC") == {"MAIL-001": 2}
    assert _mail(mailed, "HM") == {"MAIL-001": 2}  # a ward: its staff's messages
    assert _mail(mailed, "TK") == {"MAIL-002": 1}
    assert _mail(mailed, "LC-NV") == {}  # an office with no findings


def test_the_top_counts_every_finding_including_uncharged_ones(mailed: Month) -> None:
    assert _mail(mailed, "DN") == {"MAIL-001": 3, "MAIL-002": 1}
    assert _mail(mailed, None) == {"MAIL-001": 3, "MAIL-002": 1}
