"""The worker fleet against the real RabbitMQ (127.0.0.1:5672, or CONGVU_BROKER_URL).

Workers run as separate processes (`congvu worker`, started by the tests); each test uses queues
of its own (a fresh name per test), so tests never see each other's tasks or a stale worker's.
Skipped when the broker is unreachable, except in CI (`CI=true`), where that is a failure.
Separate hosts (network namespaces with their own addresses) are a later step.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from congvu.fleet.app import create_app  # imported here: a teardown must not pay for it
from congvu.settings import load_config

HERE = Path(__file__).parent
EXAMPLES = HERE.parents[1] / "examples" / "documents"
pytestmark = pytest.mark.timeout(240)  # generous: 2 shared cores, load often 10

NOTICE = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC\nSố: 41/TB-UBND\nHòa Khánh Bắc, ngày 12 tháng 3 năm 2025\n"
    "THÔNG BÁO\nVề lịch tiếp công dân tháng 3 năm 2025\n"
    "Mọi thắc mắc xin liên hệ Văn phòng UBND phường, email: vanphong.hkb@gmail.com\n"
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Hùng\n"
)


def _broker_up() -> bool:
    url = urlsplit(str(load_config(environ=dict(os.environ)).get("broker.url")))
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 5672), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module", autouse=True)
def broker() -> None:
    if not _broker_up():
        if os.environ.get("CI") == "true":
            pytest.fail("RabbitMQ unreachable in CI (.ci/run starts it)")
        pytest.skip("RabbitMQ unreachable at broker.url")


class Fleet:
    """Workers of one test, on a queue of its own; every process killed and the queue deleted after."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.queue = f"test-fleet-{uuid.uuid4().hex[:10]}"
        self.workers: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, slow_seconds: float = 0) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.tmp / f"{name}.log"
        env = {**os.environ, "CONGVU_TEST_SLOW_SECONDS": str(slow_seconds)}
        argv = [sys.executable, str(HERE / "fleetfmt.py"), "worker", "-Q", self.queue, "-j", "1"]
        argv += ["--db", f"sqlite:///{self.tmp / 'register.db'}"]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [*argv, "--name", f"{name}@{self.queue}", "--loglevel", "INFO"],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group: kill -9 takes its readers too
            )
        self.workers.append(proc)
        return proc, log

    def submit(self, *paths: Path, extra: tuple[str, ...] = ()) -> subprocess.Popen[str]:
        return start_submit(paths, self.queue, 60, extra)

    def status(self) -> dict[str, Any]:
        return queue_status(self.queue)

    def close(self) -> None:
        stop_fleet(self.workers, self.queue)


def start_submit(
    paths: tuple[Path, ...],
    queue: str,
    timeout: int,
    extra: tuple[str, ...],
    env: dict[str, str] | None = None,
) -> subprocess.Popen[str]:
    """`congvu submit PATHS --wait --format json` on the test's own queue, running."""
    argv = [sys.executable, "-m", "congvu", "submit", *map(str, paths), "--wait", "--format", "json"]
    return subprocess.Popen(
        [*argv, "--queue", queue, "--timeout", str(timeout), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def queue_status(queue: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """`congvu queue status` of the test's queue, as JSON."""
    argv = [sys.executable, "-m", "congvu", "queue", "status", "-Q", queue, "--format", "json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=True, env=env)
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def stop_fleet(
    workers: Iterable[subprocess.Popen[bytes]], queue: str, env: dict[str, str] | None = None
) -> None:
    """Kill what is left of the workers (their process groups) and delete the test's queues."""
    for proc in workers:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    app = create_app(load_config(environ=dict(env or os.environ)), (queue,))
    with app.connection_for_write() as conn:
        for name in (queue, f"{queue}.dead"):
            conn.default_channel.queue_delete(name)


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[Fleet]:
    f = Fleet(tmp_path)
    try:
        yield f
    finally:
        f.close()


def wait_for(log: Path, text: str, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if log.exists() and text in log.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not in {log.name} after {seconds} s:\n{log.read_text(errors='replace')}")


def kill9(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def documents(submitter: subprocess.Popen[str]) -> list[dict[str, object]]:
    return documents_and_log(submitter)[0]


def documents_and_log(submitter: subprocess.Popen[str]) -> tuple[list[dict[str, object]], str]:
    out, err = submitter.communicate(timeout=75)
    assert submitter.returncode in (0, 1, 3), err
    docs: list[dict[str, object]] = json.loads(out)["documents"]
    return docs, err


def scan_json(*paths: Path) -> list[dict[str, object]]:
    argv = [sys.executable, "-m", "congvu", "scan", *map(str, paths), "--format", "json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    docs: list[dict[str, object]] = json.loads(done.stdout)["documents"]
    return docs


def test_a_folder_judged_by_a_worker_matches_congvu_scan_and_is_not_read_twice(
    fleet: Fleet, tmp_path: Path
) -> None:
    folder = tmp_path / "ho-so"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.png"))  # OCR: slow tests only
    (folder / "thong-bao-41.txt").write_text(NOTICE, encoding="utf-8")
    _worker, log = fleet.start("may-1")
    wait_for(log, "ready.")
    recording = ("--record",)  # into the worker's register
    submitted, log1 = documents_and_log(fleet.submit(folder, extra=recording))
    expected = scan_json(folder)
    assert [d["path"] for d in submitted] == [d["path"] for d in expected]
    assert submitted == expected  # the whole JSON contract, finding by finding
    verdicts = {Path(str(d["path"])).name: d["verdict"] for d in submitted}
    assert verdicts["thong-bao-41.txt"] == "violation"
    assert verdicts["02-ke-hoach-vhtt.txt"] == "clean"
    read = sum(1 for d in submitted if d["status"] == "ok")
    # the same content under another name: answered from the results, not read again
    shutil.copy(folder / "thong-bao-41.txt", folder / "thong-bao-41-ban-sao.txt")
    again, log2 = documents_and_log(fleet.submit(folder, extra=recording))
    copy = next(d for d in again if str(d["path"]).endswith("ban-sao.txt"))
    assert copy["verdict"] == "violation" and copy["path"] == str(folder / "thong-bao-41-ban-sao.txt")
    assert [d for d in again if d is not copy] == expected
    (row,) = fleet.status()["queues"]
    assert row["queue"] == fleet.queue and row["queued"] == 0 and row["consumers"] == 1
    assert row["known"] == read + 1 and row["done"] == len(submitted)
    # recorded as `congvu record` records: the copy is the same document (one sha256), nothing new
    assert f"documents: {read} new, 0 already recorded" in log1
    assert f"documents: 0 new, {read + 1} already recorded" in log2


def test_a_worker_killed_mid_file_hands_it_to_another_and_it_is_reported_once(
    fleet: Fleet, tmp_path: Path
) -> None:
    doc = tmp_path / "thong-bao-41.slow"
    doc.write_text(NOTICE, encoding="utf-8")
    first, first_log = fleet.start("may-1", slow_seconds=30)
    wait_for(first_log, "ready.")
    submitter = fleet.submit(doc)
    wait_for(first_log, "received")  # the file is being read on worker 1
    time.sleep(0.5)
    kill9(first)
    _second, second_log = fleet.start("may-2")
    docs = documents(submitter)
    assert len(docs) == 1  # reported once
    assert docs[0]["path"] == str(doc)
    assert docs[0]["status"] == "ok" and docs[0]["verdict"] == "violation"
    assert "succeeded" in second_log.read_text(encoding="utf-8")


def test_a_file_whose_worker_dies_twice_is_an_error_not_redelivered_forever(
    fleet: Fleet, tmp_path: Path
) -> None:
    doc = tmp_path / "thong-bao-41.slow"
    doc.write_text(NOTICE, encoding="utf-8")
    submitter = fleet.submit(doc)
    for n in (1, 2):
        worker, log = fleet.start(f"may-{n}", slow_seconds=30)
        wait_for(log, "judging")  # its start is in the register's heartbeats (fleet.deaths)
        time.sleep(0.3)
        kill9(worker)
    _third, third_log = fleet.start("may-3", slow_seconds=30)  # would take 30 s if it read the file
    started = time.monotonic()
    docs = documents(submitter)
    assert time.monotonic() - started < 25
    assert "succeeded" in third_log.read_text(encoding="utf-8")  # answered by worker 3, unread
    assert len(docs) == 1
    assert docs[0]["status"] == "error" and docs[0]["verdict"] is None
    assert "died 2 times" in str(docs[0]["error"])


def test_files_submitted_without_waiting_are_judged_and_kept_for_the_next_submit(
    fleet: Fleet, tmp_path: Path
) -> None:
    folder = tmp_path / "thong-bao"
    folder.mkdir()
    for i in range(3):
        (folder / f"tb-{i}.txt").write_text(NOTICE.replace("41/TB", f"{50 + i}/TB"), encoding="utf-8")
    _worker, log = fleet.start("may-1")
    wait_for(log, "ready.")
    argv = [sys.executable, "-m", "congvu", "submit", str(folder), "--queue", fleet.queue, "--format", "json"]
    sent = json.loads(subprocess.run(argv, capture_output=True, text=True, timeout=30, check=True).stdout)
    assert sent["queued"] == 3 and len(sent["tasks"]) == 3
    end = time.monotonic() + 30
    while fleet.status()["queues"][0]["done"] < 3 and time.monotonic() < end:
        time.sleep(0.5)
    docs = documents(fleet.submit(folder))
    assert [d["verdict"] for d in docs] == ["violation"] * 3
    (row,) = fleet.status()["queues"]
    assert row["done"] == 3 and row["known"] == 3  # read once; the second time answered from the results
