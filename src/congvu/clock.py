"""Time for every layer: the district's time zone, the clock type, and the real clock.

Instants are stored and compared in UTC; they are shown, and months and working days are counted,
in Đà Nẵng's time (`LOCAL`, Asia/Ho_Chi_Minh, UTC+7 all year).  Everything that decides by date
takes a `Clock` (a function returning an aware UTC datetime), so tests and demos can freeze it
(the `clock` setting, CONGVU_CLOCK, read by `congvu.settings.environment_clock`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

ZONE_NAME = "Asia/Ho_Chi_Minh"
LOCAL = ZoneInfo(ZONE_NAME)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def frozen(moment: str) -> Clock:
    """A clock stopped at `moment` (ISO 8601; without an offset it is UTC)."""
    at = datetime.fromisoformat(moment)
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return lambda: at
