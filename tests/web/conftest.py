"""Web test fixtures: one SQLite register built per session and copied for every test, and the
same register built in a fresh PostgreSQL schema per test."""

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
from pgkit import pg_schema  # noqa: E402
from webkit import FrozenClock, build_register, copy_db, login  # noqa: E402


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("webdb") / "template.db"
    store = build_register(f"sqlite:///{path}", FrozenClock())
    store.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, template_db: Path, tmp_path: Path) -> Iterator[Store]:
    """The filled register: a copy of the SQLite template, or built afresh in a PostgreSQL schema."""
    if request.param == "sqlite":
        opened = open_store(copy_db(template_db, tmp_path / "register.db"), clock=FrozenClock())
        yield opened
        opened.dispose()
        return
    with pg_schema() as (url, schema):
        opened = build_register(url, FrozenClock(), search_path=schema)
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


@pytest.fixture
def inspector(client_for: Callable[[str], TestClient]) -> TestClient:
    """The inspector logged in: the persona who triages, decides and adopts."""
    return client_for("inspector")
