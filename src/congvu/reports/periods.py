"""Reporting periods: a month ("2014-06") or a quarter ("2014-Q2"), with the Vietnamese labels the
report prints.  A quarter is just its three months, so every figure is computed month by month."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from congvu.clock import LOCAL
from congvu.register.months import check_month, month_bounds

_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True, slots=True)
class Period:
    kind: str  # "month" | "quarter"
    key: str  # "2014-06" | "2014-Q2"
    months: tuple[str, ...]

    @property
    def first(self) -> date:
        return month_bounds(self.months[0])[0]

    @property
    def last(self) -> date:
        return month_bounds(self.months[-1])[1]

    @property
    def label(self) -> str:
        """ "tháng 06/2014" or "quý II năm 2014", as used in the subject line."""
        year = self.key[:4]
        if self.kind == "quarter":
            return f"quý {ROMAN[int(self.key[-1]) - 1]} năm {year}"
        return f"tháng {self.key[5:7]}/{year}"

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) of the period seen from Đà Nẵng, for timestamps stored in UTC."""
        start = datetime.combine(self.first, time(), LOCAL)
        end = datetime.combine(self.last + timedelta(days=1), time(), LOCAL)
        return start, end


def month_period(month: str) -> Period:
    return Period("month", check_month(month), (month,))


def quarter_period(quarter: str) -> Period:
    match = _QUARTER.match(quarter.strip())
    if not match:
        raise ValueError(f"quarter {quarter!r}: write it as YYYY-Qn, e.g. 2014-Q2")
    year, q = int(match.group(1)), int(match.group(2))
    months = tuple(f"{year:04d}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1))
    return Period("quarter", f"{year:04d}-Q{q}", months)


def months_back(last: str, count: int) -> list[str]:
    """The `count` months ending with `last`, oldest first (the trend's x axis)."""
    year, mon = int(last[:4]), int(last[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{mon:02d}")
        year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
    return out[::-1]


def vn_date(day: date, place: str) -> str:
    """ "Liên Chiểu, ngày 05 tháng 02 năm 2024": Nghị định 30/2020 puts a 0 before days below 10
    and before months 1 and 2 (so that nobody can add a digit to a signed date)."""
    dd = f"{day.day:02d}" if day.day < 10 else str(day.day)
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {dd} tháng {mm} năm {day.year}"
