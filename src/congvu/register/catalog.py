"""Every table of the store, in one place.

Features define their tables beside their code (accounts, sites, mail-log checkpoints, reminders)
on the register's shared `metadata`; importing this module makes sure all of them are on it, so
the schema check and anything that needs the whole schema sees every table, whatever else was
imported first.
"""

from __future__ import annotations

import congvu.mailflow.logs.state
import congvu.notify.schema
import congvu.register.accounts
import congvu.register.sites  # noqa: F401
from congvu.register.schema import metadata

__all__ = ["metadata"]
