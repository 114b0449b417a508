"""The one clock module: Đà Nẵng's time zone, frozen clocks, CONGVU_CLOCK."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from congvu import clock
from congvu.register.months import month_of
from congvu.settings import environment_clock


def test_local_time_is_seven_hours_ahead_all_year() -> None:
    for month in (1, 7):
        moment = datetime(2026, month, 31 if month == 1 else 30, 17, 30, tzinfo=UTC)
        assert moment.astimezone(clock.LOCAL).utcoffset() == timedelta(hours=7)
    # 17:30 UTC on 30 June is 00:30 on 1 July in Liên Chiểu: the violation counts in July.
    assert month_of(None, datetime(2014, 6, 30, 17, 30, tzinfo=UTC)) == "2014-07"


def test_a_frozen_clock_without_an_offset_is_utc() -> None:
    stopped = clock.frozen("2014-06-30T17:30:00")
    assert stopped() == datetime(2014, 6, 30, 17, 30, tzinfo=UTC)
    assert stopped() == stopped()
    assert clock.frozen("2014-07-01T00:30:00+07:00")() == stopped()


def test_congvu_clock_stops_the_clock_and_its_absence_lets_it_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONGVU_CLOCK", "2014-06-30T17:30:00+00:00")
    assert environment_clock()() == datetime(2014, 6, 30, 17, 30, tzinfo=UTC)
    monkeypatch.delenv("CONGVU_CLOCK")
    before = datetime.now(UTC)
    now = environment_clock()()
    assert now.tzinfo is not None and before <= now <= datetime.now(UTC)


def test_a_bad_congvu_clock_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONGVU_CLOCK", "30/06/2014 17:30")
    with pytest.raises(ValueError, match=r"CONGVU_CLOCK.*30/06/2014 17:30"):
        environment_clock()
