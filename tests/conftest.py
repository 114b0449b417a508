"""Fixtures shared by every test area."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The project's ../shared folder (domain texts, external data); CONGVU_SHARED overrides."""
    return Path(os.environ.get("CONGVU_SHARED", REPO.parent / "shared"))


@pytest.fixture
def external_data() -> Path:
    path = shared_dir() / "data" / "external"
    if not path.is_dir():
        pytest.skip(f"external test data not found at {path} (set CONGVU_SHARED)")
    return path


PG_URL = os.environ.get("CONGVU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def example_register(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A register URL (as `--db` takes it) with the bundled Liên Chiểu organisation imported:
    an SQLite file, then a fresh PostgreSQL schema (a failure in CI when PostgreSQL is down)."""
    import sqlalchemy as sa

    from congvu.register.directory import example_files, import_files
    from congvu.register.store import create_engine, open_store

    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'register.db'}"
    else:
        try:
            admin = create_engine(PG_URL)
            schema = f"t_{uuid.uuid4().hex[:12]}"
            with admin.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        except Exception as error:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"PostgreSQL at {PG_URL} is not reachable: {error}")
            pytest.skip(f"PostgreSQL at {PG_URL} is not reachable")
        url = f"{PG_URL}?options={quote(f'-csearch_path={schema}')}"
    store = open_store(url, search_path=schema)
    import_files(store, example_files(), "Quản trị hệ thống")
    store.dispose()
    yield url
    if schema:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
