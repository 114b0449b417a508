"""Reminder tests: a filled store per test (sending changes it), a real aiosmtpd server on loopback."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

from reportkit import FrozenClock, Month, fill, postgres_month
from smtpkit import Inbox, start_server

from congvu.register.store import open_store


@pytest.fixture
def june(tmp_path: Path) -> Iterator[Month]:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    store = open_store(url, clock=FrozenClock())
    yield fill(store, url)
    store.dispose()


@pytest.fixture
def june_pg() -> Iterator[Month]:
    """The same month on PostgreSQL, for the concurrency test (row locks differ from SQLite's)."""
    with postgres_month(FrozenClock()) as filled:
        yield filled


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box, controller = start_server()
    yield box
    controller.stop()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
