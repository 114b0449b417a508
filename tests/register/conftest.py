"""Every register test runs on SQLite and on PostgreSQL.

PostgreSQL tests each get a fresh schema (search_path), so they run in parallel under xdist
without seeing each other.  Unreachable PostgreSQL: a failure in CI (CI=true), a skip locally.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from regkit import Backend, FrozenClock

from congvu.register.directory import example_files, import_files
from congvu.register.store import Store, create_engine, open_store

PG_URL = os.environ.get("CONGVU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
_pg_state: dict[str, str | None] = {}


def _pg_problem() -> str | None:
    if "problem" not in _pg_state:
        try:
            engine = create_engine(PG_URL)
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            engine.dispose()
            _pg_state["problem"] = None
        except Exception as error:  # any reason PostgreSQL is not usable
            _pg_state["problem"] = str(error).splitlines()[0]
    return _pg_state["problem"]


def require_postgres() -> None:
    problem = _pg_problem()
    if problem is None:
        return
    message = f"PostgreSQL at {PG_URL} is not reachable: {problem}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: PostgreSQL tests must run)", pytrace=False)
    pytest.skip(message + " (set CI=true to make this a failure)")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    clock = FrozenClock()
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'register.db'}"
        store = open_store(url, clock=clock)
        yield Backend("sqlite", url, store, clock)
        store.dispose()
        return
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    store = open_store(PG_URL, clock=clock, search_path=schema)
    url = f"{PG_URL}?options={quote(f'-csearch_path={schema}')}"
    try:
        yield Backend("postgresql", url, store, clock, schema)
    finally:
        store.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(backend: Backend) -> Store:
    return backend.store


@pytest.fixture
def org(backend: Backend) -> Store:
    """The store with the bundled example organisation (Liên Chiểu 2014) imported."""
    import_files(backend.store, example_files(), "Quản trị hệ thống")
    return backend.store
