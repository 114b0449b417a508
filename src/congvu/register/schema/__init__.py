"""Every table of the store, as SQLAlchemy Core metadata: one module per area, one `metadata`.

Core tables rather than ORM classes: recording is bulk work (a million findings) and every write is
an explicit INSERT … ON CONFLICT or compare-and-set UPDATE, which reads more plainly in Core.
The Alembic migrations are the source of truth for the database; this package mirrors them for
queries, and a test checks that both agree (`tests/register/test_store.py`).

The column lists (and the audit chain's SQL) here and in `register/migrations/versions/` are
copies on purpose, and `duplicates` lists them as pairs: a migration is frozen history and imports
nothing from `congvu` (Alembic's advice, checked by `tests/register/test_migrations.py`), so it
cannot share these definitions, and a later change to a table here must not rewrite what an old
migration created.  Leave those pairs: the test that compares the migrated database with this
metadata is what keeps them in step.

The areas: `directory` (units, people, addresses), `violations` (documents, findings, violations),
`evaluation` (monthly sheets), `audit` (the trail), `accounts` (web users, tokens, sessions),
`sites` (websites and crawled pages), `mail` (mail-log checkpoints), `notify` (reminders),
`fleet` (what the worker fleet already judged).
Importing this package defines them all; nothing outside it adds a table.
"""

from __future__ import annotations

from congvu.register.schema.accounts import api_tokens, login_failures, users, web_sessions
from congvu.register.schema.audit import audit_events
from congvu.register.schema.base import TZ, metadata
from congvu.register.schema.directory import addresses, memberships, people, unit_names, units
from congvu.register.schema.evaluation import evaluations, sheet_closures
from congvu.register.schema.fleet import fleet_results, fleet_workers
from congvu.register.schema.mail import mail_log_checkpoints, mail_log_pending
from congvu.register.schema.notify import reminders
from congvu.register.schema.sites import sites, web_pages
from congvu.register.schema.violations import (
    OPEN_STATUSES,
    documents,
    findings,
    review_outcomes,
    violation_findings,
    violation_occurrences,
    violations,
)

__all__ = [
    "OPEN_STATUSES",
    "TZ",
    "addresses",
    "api_tokens",
    "audit_events",
    "documents",
    "evaluations",
    "findings",
    "fleet_results",
    "fleet_workers",
    "login_failures",
    "mail_log_checkpoints",
    "mail_log_pending",
    "memberships",
    "metadata",
    "people",
    "reminders",
    "review_outcomes",
    "sheet_closures",
    "sites",
    "unit_names",
    "units",
    "users",
    "violation_findings",
    "violation_occurrences",
    "violations",
    "web_pages",
    "web_sessions",
]
