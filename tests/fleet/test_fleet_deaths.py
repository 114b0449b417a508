"""Worker deaths told apart from lost connections by the register's heartbeats (`fleet.deaths`),
without a broker: the decision a redelivered task makes, on a SQLite register."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from congvu.fleet import deaths as fleet_deaths
from congvu.fleet.deaths import Heartbeat, deaths
from congvu.register.store import Store, create_engine, open_store

TASK = "3f2d84eb-b53a-404c-8e97-5222793c4322"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setattr(fleet_deaths, "BEAT_SECONDS", 0.1)
    monkeypatch.setattr(fleet_deaths, "STALE_SECONDS", 0.6)
    opened = open_store(f"sqlite:///{tmp_path / 'register.db'}")
    yield opened
    opened.engine.dispose()


def test_only_workers_whose_heartbeat_stopped_with_the_task_count_as_deaths(store: Store) -> None:
    killed = Heartbeat(store, "may-1@phuong-hoa-minh")  # started the task, then beat no more
    killed.beat()
    killed.started(TASK)
    blipped = Heartbeat(store, "may-2@phuong-hoa-minh")  # lost the broker, alive, still reading
    blipped.start()
    blipped.started(TASK)
    finished = Heartbeat(store, "may-3@phuong-hoa-minh")  # read it to the end after its blip
    finished.start()
    finished.started(TASK)
    finished.finished(TASK)
    checker = Heartbeat(store, "may-4@phuong-hoa-minh")
    checker.started(TASK)  # the delivery asking: its own row does not count
    try:
        assert deaths(checker, TASK, delivered_before=3) == 1
        assert deaths(checker, "another-task", delivered_before=2) == 0  # no worker ran it
        assert deaths(checker, TASK, delivered_before=0) == 0  # never more than the broker saw
    finally:
        blipped.stop()
        finished.stop()


def test_without_a_register_the_broker_count_decides(store: Store) -> None:
    assert deaths(None, TASK, delivered_before=2) == 2
    gone = Heartbeat(store, "may-1@phuong-hoa-minh")
    store.engine.dispose()
    gone.store = Store(create_engine("sqlite:////nonexistent-folder/register.db"))
    assert deaths(gone, TASK, delivered_before=2) == 2  # the register unreachable: as the broker says
