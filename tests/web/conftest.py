"""Web test fixtures: one register built per session (SQLite file), copied for every test."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from congvu.register.store import Store, open_store
from congvu.settings import Config
from congvu.web import create_app

# Starlette 1.x warns once, at import, that its TestClient will move to httpx2; the client works.
warnings.filterwarnings("ignore", category=StarletteDeprecationWarning)
from fastapi.testclient import TestClient  # noqa: E402
from webkit import FrozenClock, build_register, copy_db, login  # noqa: E402


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("webdb") / "template.db"
    store = build_register(f"sqlite:///{path}", FrozenClock())
    store.dispose()
    return path


@pytest.fixture
def store(template_db: Path, tmp_path: Path) -> Iterator[Store]:
    opened = open_store(copy_db(template_db, tmp_path / "register.db"), clock=FrozenClock())
    yield opened
    opened.dispose()


@pytest.fixture
def app(store: Store) -> FastAPI:
    return create_app(store, Config(), inline_check=True)


@pytest.fixture
def client_for(app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """A logged-in client per persona (each with its own cookie jar)."""
    made: list[TestClient] = []

    def make(persona: str) -> TestClient:
        client = TestClient(app)
        made.append(client)
        return login(client, persona)

    yield make
    for client in made:
        client.close()
