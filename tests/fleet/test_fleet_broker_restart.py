"""The broker restarted mid-run loses no task (issue 13 point 2), against a real RabbitMQ node.

Not the machine's RabbitMQ, which other tests and sessions share: a private node of this test
(`privatebroker.py`), killed with `kill -9` in the middle of a run and started again on the same
data directory, then stopped gracefully (`rabbitmqctl stop`) and started again. Worker hosts
(`fleethosts.py`) reach it through their relay, which hands each new connection to the node once it
is back; the submitter (`--wait`) talks to it directly. PostgreSQL is the machine's.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fleethosts import Hosts
from pgkit import pg_schema
from privatebroker import PrivateBroker, private_broker
from test_fleet import EXAMPLES, kill9, scan_json, wait_for
from test_fleet_hosts import HostFleet, notices

from congvu.fleet.app import create_app
from congvu.fleet.client import declare
from congvu.settings import load_config

pytestmark = pytest.mark.timeout(150)


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[tuple[HostFleet, PrivateBroker]]:
    """Two worker hosts on a private broker node, recording into a PostgreSQL schema of their own."""
    with private_broker(tmp_path / "rabbitmq") as node, pg_schema() as (url, schema):
        hosts = Hosts(2, broker_port=node.port)
        env = {**os.environ, "CONGVU_BROKER_URL": node.url}
        fleet = HostFleet(tmp_path, hosts, url, schema, env)
        try:
            yield fleet, node
        finally:
            for proc in fleet.workers.values():  # the node goes with the test: no queue to delete
                with contextlib.suppress(ProcessLookupError):
                    kill9(proc)
            hosts.close()


def succeeded(logs: list[Path]) -> int:
    """Slow files the workers finished so far (the examples go by too fast to restart amid)."""
    return sum(len(re.findall(r" succeeded in .*\.slow'", log.read_text(encoding="utf-8"))) for log in logs)


def judging(logs: list[Path]) -> int:
    """Deliveries of slow files the workers took so far."""
    return sum(len(re.findall(r"judging .*\.slow", log.read_text(encoding="utf-8"))) for log in logs)


def wait_succeeded(logs: list[Path], more_than: int, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while succeeded(logs) <= more_than:
        assert time.monotonic() < end, f"fewer than {more_than + 1} tasks finished in {seconds} s"
        time.sleep(0.1)


def restart_twice_mid_run(node: PrivateBroker, submitter: subprocess.Popen[str], logs: list[Path]) -> float:
    """Kill the node mid-run and start it again on its data; later, stop and start it gracefully.
    Returns when the first kill happened."""
    # mid-way: a few files done, each worker in the middle of one; then the node is lost at once
    wait_succeeded(logs, 1)
    time.sleep(0.4)
    node.kill9()
    down = time.monotonic()
    node.start()  # the same data directory: the queues and their persistent messages come back
    if submitter.poll() is not None:
        raise AssertionError(f"the submitter gave up while the broker was down:\n{submitter.communicate()}")
    # later, once the workers are back and reading again: a graceful restart, as an upgrade does
    started = judging(logs)
    end = time.monotonic() + 60
    while judging(logs) <= started:
        assert time.monotonic() < end, "no file taken after the broker came back"
        time.sleep(0.05)
    time.sleep(0.3)
    node.stop()
    node.start()
    return down


def test_the_broker_killed_and_restarted_mid_run_loses_no_task_and_records_each_document_once(
    restartable: tuple[HostFleet, PrivateBroker], tmp_path: Path
) -> None:
    fleet, node = restartable
    slow = {"CONGVU_TEST_SLOW_SECONDS": "0.7"}
    logs = [fleet.start(i, f"may-{i}", slow) for i in (1, 2)]
    for log in logs:
        wait_for(log, "ready.", 60)
    folder = tmp_path / "ho-so"  # the examples: text, HTML, DOCX, PDF, mail, ZIP (no scan: time)
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.png"))
    files = notices(tmp_path / "cham", 6, suffix=".slow")  # named: a folder walk skips `.slow`
    submitter = fleet.submit(folder, *files, extra=("--record",))
    try:
        down = restart_twice_mid_run(node, submitter, logs)
        out, err = submitter.communicate(timeout=60)
    finally:
        if submitter.poll() is None:  # failed: what the submitter and the broker were doing
            submitter.kill()
            print("submitter:", *submitter.communicate(), sep="\n")
            print(node.ctl_output("list_queues", "name", "messages_ready", "messages_unacknowledged"))
    assert submitter.returncode == 1, err  # violations found, nothing failed
    docs = json.loads(out)["documents"]
    expected = scan_json(folder)
    # every file, each reported once; the examples with the whole JSON contract of `congvu scan`
    assert [d["path"] for d in docs] == [d["path"] for d in expected] + [str(f) for f in files]
    assert docs[: len(expected)] == expected
    slow = docs[len(expected) :]
    assert all(d["status"] == "ok" and d["verdict"] == "violation" for d in slow), slow
    read = {str(d["sha256"]) for d in docs if d["status"] == "ok"}
    assert fleet.recorded() == dict.fromkeys(read, 1)  # each document recorded exactly once
    # a task run twice (its ack lost with the connection) is reported by whichever run answered
    # first: "new" from the first, "already recorded" from the second; together, every document
    counts = re.search(r"documents: (\d+) new, (\d+) already recorded", err)
    assert counts is not None and int(counts[1]) + int(counts[2]) == len(read), err
    # the graceful stop found the workers connected: the broker closed their connections itself
    assert any("CONNECTION_FORCED" in log.read_text(encoding="utf-8") for log in logs)
    (row,) = fleet.status()["queues"]
    assert row["queued"] == 0 and row["consumers"] == 2 and row["failed"] == 0
    assert time.monotonic() - down < 80


def ready_messages(node: PrivateBroker, queue: str) -> int | None:
    """Messages ready in `queue` of the node, None while it cannot say (down, or its queue's
    leader not elected yet after a start)."""
    import amqp

    try:
        conn = amqp.Connection(f"127.0.0.1:{node.port}", connect_timeout=2)
        conn.connect()
    except OSError:
        return None
    try:
        return int(conn.channel().queue_declare(queue, passive=True).message_count)
    except Exception:
        return None
    finally:
        with contextlib.suppress(Exception):
            conn.close()


def task_ids(node: PrivateBroker, queue: str) -> list[str]:
    """The Celery task id of every message in `queue`, taken off it."""
    import amqp

    conn = amqp.Connection(f"127.0.0.1:{node.port}")
    conn.connect()
    try:
        channel = conn.channel()
        ids = []
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            ids.append(str(message.headers["id"]))
        return ids
    finally:
        conn.close()


def test_the_broker_killed_while_submit_publishes_loses_no_task(tmp_path: Path) -> None:
    """The submitting side: a node killed in the middle of `congvu submit` publishing a folder;
    submit's confirmed publishes are retried until the node is back, so every file's task is on
    the queue afterwards (a task whose confirm was lost with the node may be there twice: harmless,
    the second is answered from the results)."""
    with private_broker(tmp_path / "rabbitmq") as node:
        folder = tmp_path / "luu-tru"
        notices(folder, 600)
        queue = "test-publish"
        # declared first, as a deployment does (a worker's start): a quorum queue whose node is
        # killed within about a second of its declaration can come back without a leader (RabbitMQ
        # 3.10, Ra's directory not yet on disk), which no client can help
        app = create_app(load_config(environ={**os.environ, "CONGVU_BROKER_URL": node.url}), (queue,))
        declare(app, queue)
        time.sleep(2)
        env = {**os.environ, "CONGVU_BROKER_URL": node.url, "PYTHONFAULTHANDLER": "1"}
        argv = [sys.executable, "-m", "congvu", "submit", str(folder), "--queue", queue, "--format", "json"]
        submitter = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            end = time.monotonic() + 60
            while (ready_messages(node, queue) or 0) < 50:  # publishing has begun, far from done
                assert submitter.poll() is None, submitter.communicate()
                assert time.monotonic() < end, "submit published nothing"
                time.sleep(0.05)
            node.kill9()
            node.start()
            out, err = submitter.communicate(timeout=60)
        finally:
            if submitter.poll() is None:  # failed: where it is stuck (faulthandler's dump), and why
                submitter.send_signal(signal.SIGABRT)
                print("submitter:", *submitter.communicate(), sep="\n")
        assert submitter.returncode == 0, err
        sent = json.loads(out)
        assert sent["queued"] == 600
        end = time.monotonic() + 30
        while ready_messages(node, queue) is None:  # the queue's leader after the start
            assert time.monotonic() < end, node.tail()
            time.sleep(0.2)
        on_queue = task_ids(node, queue)
        assert set(on_queue) == set(sent["tasks"])  # every task there: none lost
        assert len(on_queue) - len(set(on_queue)) < 50  # a few sent twice at most
