"""The one MetaData every table of the store is defined on, and the column type for instants."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

TZ = sa.DateTime(timezone=True)
