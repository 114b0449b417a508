"""Report tests share one filled store per module and backend (see reportkit.month)."""

from reportkit import month  # noqa: F401  (the fixture)
