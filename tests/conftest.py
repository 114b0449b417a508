"""Fixtures shared by every test area."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgkit import pg_schema

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


@pytest.fixture(params=["sqlite", "postgresql"])
def example_register(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A register URL (as `--db` takes it) with the bundled Liên Chiểu organisation imported."""
    from congvu.register.directory import example_files, import_files
    from congvu.register.store import open_store

    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url, schema = f"sqlite:///{tmp_path / 'register.db'}", None
        else:
            url, schema = stack.enter_context(pg_schema())
        store = open_store(url, search_path=schema)
        import_files(store, example_files(), "Quản trị hệ thống")
        store.dispose()
        yield url
