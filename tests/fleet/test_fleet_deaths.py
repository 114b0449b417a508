"""Worker deaths told apart from lost connections by the register's heartbeats (`fleet.deaths`),
without a broker: the decision a redelivered task makes, on a SQLite register."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def test_this_rabbitmq_counts_a_delivery_lost_with_its_connection_as_a_delivery() -> None:
    """Why `fleet.deaths` exists: RabbitMQ (3.10 here) adds to a quorum queue message's
    `x-delivery-count` when its consumer's connection closes without an ack, as when the worker
    dies. Should an upgrade stop counting those, this fails, and the heartbeats could go."""
    import os
    import uuid
    from urllib.parse import urlsplit

    import amqp

    from congvu.settings import load_config

    url = urlsplit(str(load_config(environ=dict(os.environ)).get("broker.url")))
    host = f"{url.hostname or '127.0.0.1'}:{url.port or 5672}"
    name = f"test-deaths-{uuid.uuid4().hex[:10]}"

    def connect() -> amqp.Connection:
        conn = amqp.Connection(host, userid=url.username or "guest", password=url.password or "guest")
        conn.connect()
        return conn

    def get(channel: Any, ack: bool) -> Any:  # a quorum queue takes a moment to offer what it took
        end = time.monotonic() + 10
        while (message := channel.basic_get(name, no_ack=ack)) is None and time.monotonic() < end:
            time.sleep(0.05)
        return message

    try:
        first = connect()
    except OSError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("RabbitMQ unreachable at broker.url")
    try:
        channel = first.channel()
        channel.confirm_select()
        channel.queue_declare(name, durable=True, auto_delete=False, arguments={"x-queue-type": "quorum"})
        channel.basic_publish(amqp.Message("tb-41", delivery_mode=2), routing_key=name)
        taken = get(channel, ack=False)
        assert taken is not None and taken.headers.get("x-delivery-count") in (None, 0)
        first.close()  # no ack, no reject: the connection is gone, as in a blip
        second = connect()
        try:
            again = get(second.channel(), ack=True)
            assert again is not None and again.headers.get("x-delivery-count") == 1
        finally:
            second.channel().queue_delete(name)
            second.close()
    finally:
        if first.connected:
            first.close()
