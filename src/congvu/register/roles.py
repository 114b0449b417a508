"""PostgreSQL roles: the application writes the register but cannot rewrite its audit trail.

A table's owner can always drop or disable its triggers, so the audit trail is only append-only
against the application when the application is not the owner.  The owner role runs the
migrations (any congvu command opens the store and upgrades it); the application role gets the
rights below and no more: everything it needs on the working tables, SELECT and INSERT only on
`audit_events`, and read-only on `alembic_version`.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.engine import Connection

_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleError(ValueError):
    """Not something `grant_app_role` can do (not PostgreSQL, a strange role name)."""


def grant_statements(schema: str, role: str) -> list[str]:
    """The GRANT/REVOKE statements for `role` in `schema` (both already checked identifiers)."""
    return [
        f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"',
        f'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON "{schema}".audit_events FROM "{role}"',
        f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "{schema}".alembic_version FROM "{role}"',
    ]


def grant_app_role(conn: Connection, role: str) -> list[str]:
    """Give `role` what the application needs in the current schema; returns the statements run.

    Run it as the owner after every upgrade that adds tables (it is idempotent)."""
    if conn.dialect.name != "postgresql":
        raise RoleError("roles exist on PostgreSQL only; a SQLite register is guarded by its file's mode")
    if not _ROLE.match(role):
        raise RoleError(f"not a plain role name: {role!r} (lower-case letters, digits, _)")
    if conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
        raise RoleError(f"no role {role!r}: CREATE ROLE {role} LOGIN first")
    schema = str(conn.execute(sa.text("SELECT current_schema()")).scalar_one())
    if not _ROLE.match(schema):
        raise RoleError(f"unexpected schema name {schema!r}")
    statements = grant_statements(schema, role)
    for statement in statements:
        conn.execute(sa.text(statement))
    return statements
