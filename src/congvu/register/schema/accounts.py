"""Who may use the web app and the API: users, API tokens, failed logins, sessions.

Only hashes of passwords, tokens and session ids are stored (`congvu.register.accounts`)."""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import TZ, metadata

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(120), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("unit_code", sa.String(64)),
    sa.Column("person_id", sa.String(64), sa.ForeignKey("people.person_id")),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("failed_logins", sa.Integer, nullable=False),
    sa.Column("locked_until", TZ),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("last_login", TZ),
)


api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("unit_code", sa.String(64)),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("revoked_at", TZ),
    sa.Column("expires_at", TZ),
)


# Failed logins, shared by every web worker (a counter in one process would let two workers each
# allow their own quota): one row per failure, under two keys — the account name as typed
# ("user:…", whether or not the account exists, so that the answers cannot tell them apart) and
# the client address ("ip:…").
login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("at", TZ, nullable=False),
    sa.Index("ix_login_failures_key_at", "key", "at"),
)


web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("expires_at", TZ, nullable=False),
)
