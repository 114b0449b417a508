"""Which month a violation counts in: the document's date, else the event time in Asia/Ho_Chi_Minh."""

from __future__ import annotations

import re
from datetime import date, datetime

from congvu.clock import LOCAL

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def month_of(day: date | None, event_time: datetime) -> str:
    """YYYY-MM of `day`, else of `event_time` seen from Đà Nẵng (UTC 17:30 on the 31st is the 1st)."""
    if day is not None:
        return f"{day.year:04d}-{day.month:02d}"
    local = event_time.astimezone(LOCAL)
    return f"{local.year:04d}-{local.month:02d}"


def check_month(raw: str) -> str:
    if not _MONTH.match(raw):
        raise ValueError(f"month {raw!r}: write it as YYYY-MM")
    return raw


def month_bounds(month: str) -> tuple[date, date]:
    year, mon = int(month[:4]), int(month[5:7])
    start = date(year, mon, 1)
    end = date(year + mon // 12, mon % 12 + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)
