"""Indexes the web app's questions need on a large register (migration 0006_web_indexes).

Registered on the register's metadata (the migration imports this module, as 0005 does for the
reminders) so the register's schema check sees them.

- `ix_violations_month_unit_status`: the overview counts a month per unit, status and person (for
  heads among violators) and twelve months per status.  With every column in the key those counts
  are index-only scans instead of one heap page per violation (a month's rows are spread over the
  whole table, because violations arrive in document order, not month order).
- `ix_violations_open`: the review queue walks open violations newest first, a page at a time
  (keyset on id).  Once most violations are decided the open ones are a small share, and the
  primary key alone would scan the whole table to fill one page; this partial index holds only them.
"""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema import violations

OPEN_STATUSES = ("pending", "contested")
_OPEN = violations.c.status.in_(OPEN_STATUSES)

month_unit_status = sa.Index(
    "ix_violations_month_unit_status",
    violations.c.month,
    violations.c.unit_id,
    violations.c.status,
    violations.c.person_id,
)
open_violations = sa.Index(
    "ix_violations_open",
    violations.c.id,
    postgresql_where=_OPEN,
    sqlite_where=_OPEN,
)
