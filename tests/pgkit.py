"""A throw-away PostgreSQL schema for tests that run on both backends (127.0.0.1:5432, db test)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

PG_URL = os.environ.get("CONGVU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def pg_schema() -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL schema: (URL that reaches it, as `--db` takes it; schema name), dropped
    afterwards. A failure in CI when PostgreSQL is down, a skip elsewhere."""
    import sqlalchemy as sa

    from congvu.register.store import create_engine

    try:
        admin = create_engine(PG_URL)
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is not reachable: {error}")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable")
    try:
        yield f"{PG_URL}?options={quote(f'-csearch_path={schema}')}", schema
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
