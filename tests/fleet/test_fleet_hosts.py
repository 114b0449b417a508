"""The fleet with workers as separate hosts (network namespaces, `fleethosts.py`), against the real
RabbitMQ and PostgreSQL of this machine: nothing lost, nothing twice (issue 13 point 2).

Each worker host reaches the broker and the register through a relay at its bridge's address; the
submitter runs on this machine (the root namespace) and talks to the broker directly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fleethosts import Hosts, leftovers, ocr_owner
from pgkit import pg_schema
from test_fleet import (  # noqa: F401  (broker: fixture)
    EXAMPLES,
    NOTICE,
    broker,
    kill9,
    queue_status,
    scan_json,
    start_submit,
    stop_fleet,
    wait_for,
)

HERE = Path(__file__).parent
pytestmark = pytest.mark.timeout(240)  # generous: 2 shared cores, load often 10


class HostFleet:
    """Workers of one test on the hosts, on a queue of their own, recording into one PostgreSQL
    schema; every worker killed, the queue deleted and the hosts torn down after."""

    def __init__(
        self, tmp: Path, hosts: Hosts, pg_url: str, schema: str, env: dict[str, str] | None = None
    ) -> None:
        self.tmp, self.hosts, self.pg_url, self.schema = tmp, hosts, pg_url, schema
        self.env = env  # the submitter's and the test's environment (None: this process's)
        self.queue = f"test-hosts-{uuid.uuid4().hex[:10]}"
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: dict[str, Path] = {}

    def start(
        self, host: int, name: str, extra_env: dict[str, str] | None = None, concurrency: int = 1
    ) -> Path:
        log = self.tmp / f"{name}.log"
        env = {**os.environ, "CONGVU_BROKER_URL": self.hosts.broker_url, **(extra_env or {})}
        command = [sys.executable, str(HERE / "fleetfmt.py"), "worker", "-Q", self.queue]
        command += ["-j", str(concurrency)]
        command += ["--db", self.hosts.db_url(self.pg_url), "--name", f"{name}@{self.queue}"]
        with log.open("wb") as out:
            self.workers[name] = subprocess.Popen(
                self.hosts.argv(host, command),
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        self.logs[name] = log
        return log

    def kill9(self, name: str) -> None:
        kill9(self.workers[name])

    def submit(
        self, *paths: Path, extra: tuple[str, ...] = (), via_relay: bool = False
    ) -> subprocess.Popen[str]:
        """`congvu submit --wait` on this machine; `via_relay`: through the broker relay, so that
        cutting it cuts the submitter too."""
        env = {**os.environ, "CONGVU_BROKER_URL": self.hosts.broker_url} if via_relay else self.env
        return start_submit(paths, self.queue, 120, extra, env)

    def status(self) -> dict[str, Any]:
        return queue_status(self.queue, self.env)

    def close(self) -> None:
        stop_fleet(self.workers.values(), self.queue, self.env)

    def recorded(self) -> dict[str, int]:
        """sha256 → rows in the register's documents table."""
        from congvu.register.store import create_engine

        engine = create_engine(self.pg_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    sa.text(f'SELECT sha256, count(*) FROM "{self.schema}".documents GROUP BY sha256')
                ).all()
        finally:
            engine.dispose()
        return {str(sha): int(n) for sha, n in rows}


@pytest.fixture
def fleet(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HostFleet]:
    """Three worker hosts, or as many as the test asks (`parametrize("fleet", [n], indirect=True)`)."""
    with pg_schema() as (url, schema):
        hosts = Hosts(getattr(request, "param", 3))
        made = list(hosts.names)
        f = HostFleet(tmp_path, hosts, url, schema)
        try:
            yield f
        finally:
            try:
                f.close()
            finally:
                hosts.close()
        if hosts.mode == "namespaces":
            assert not set(made) & set(leftovers()), "namespaces left behind"


def scanned_pdf(image: Path, target: Path, pages: int) -> None:
    """A scan with no text layer, `pages` pages of the example scan (each needs OCR)."""
    from PIL import Image

    with Image.open(image) as img:
        page = img.convert("RGB")
        page.save(target, "PDF", resolution=200.0, save_all=True, append_images=[page] * (pages - 1))


def test_three_worker_hosts_judge_a_folder_as_congvu_scan_one_killed_mid_ocr_recorded_once(
    fleet: HostFleet, tmp_path: Path
) -> None:
    folder = tmp_path / "luu-tru"
    # text, HTML, DOCX, a text PDF, mail, ZIP; and a scan as a 2-page PDF with no text layer (OCR)
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.png"))
    scanned_pdf(EXAMPLES / "06-thong-bao-scan.png", folder / "09-thong-bao-scan-2-trang.pdf", 2)
    (folder / "10-thong-bao-41.txt").write_text(NOTICE, encoding="utf-8")
    logs = {f"may-{i}": fleet.start(i, f"may-{i}") for i in (1, 2, 3)}
    for log in logs.values():
        wait_for(log, "ready.", 60)
    submitter = fleet.submit(folder, extra=("--record",))
    # wait until a worker host is OCR'ing a page (tesseract running under it), then kill -9 it
    end = time.monotonic() + 90
    victim = None
    while victim is None and time.monotonic() < end and submitter.poll() is None:
        victim = ocr_owner({name: proc.pid for name, proc in fleet.workers.items()})
        time.sleep(0.05)
    assert victim is not None, "no worker was seen OCR'ing"
    fleet.kill9(victim)
    host = int(victim.rsplit("-", 1)[1])
    wait_for(fleet.start(host, f"{victim}-lai"), "ready.", 60)  # the host's worker restarted
    out, err = submitter.communicate(timeout=120)
    assert submitter.returncode in (0, 1, 3), err
    docs: list[dict[str, object]] = json.loads(out)["documents"]
    expected = scan_json(folder)
    assert [d["path"] for d in docs] == [d["path"] for d in expected]  # each file reported once
    assert docs == expected  # the whole JSON contract of `congvu scan`, finding by finding
    by_name = {Path(str(d["path"])).name: d for d in docs}
    scan = by_name["09-thong-bao-scan-2-trang.pdf"]
    assert scan["ocr_pages"] == 2 and scan["verdict"] == "violation"
    assert by_name["04-giay-moi-ldtbxh.docx"]["verdict"] == "violation"
    assert by_name["05-bao-cao-hoa-hiep-nam.pdf"]["verdict"] == "clean"
    # every readable document recorded exactly once in PostgreSQL, by the worker hosts
    read = {str(d["sha256"]) for d in docs if d["status"] == "ok"}
    assert fleet.recorded() == dict.fromkeys(read, 1)
    assert f"documents: {len(read)} new, 0 already recorded" in err
    # the hosts did the work: through the relays, and the killed host's task was redelivered
    assert fleet.hosts.broker.connections >= 4 and fleet.hosts.register.connections >= 4
    alive = [name for name in fleet.workers if name != victim]
    assert any("succeeded" in fleet.logs[name].read_text(encoding="utf-8") for name in alive)
    (row,) = fleet.status()["queues"]
    assert row["queued"] == 0 and row["consumers"] == 3


def notices(folder: Path, count: int, suffix: str = ".txt", first: int = 60) -> list[Path]:
    """`count` distinct notices (each its own number, so its own sha256)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        path = folder / f"tb-{first + i}{suffix}"
        path.write_text(NOTICE.replace("41/TB", f"{first + i}/TB"), encoding="utf-8")
        made.append(path)
    return made


@pytest.mark.parametrize("fleet", [1], indirect=True)
def test_the_register_unreachable_retries_with_back_off_then_fails_with_the_reason_never_drops(
    fleet: HostFleet, tmp_path: Path
) -> None:
    retries = {"CONGVU_BROKER_RECORD_RETRIES": "3", "CONGVU_BROKER_RETRY_BACKOFF": "1"}
    log = fleet.start(1, "may-1", retries)
    wait_for(log, "ready.", 60)
    # the register goes away, and comes back before the retries are spent: recorded once
    fleet.hosts.register.cut()
    back = notices(tmp_path / "ve-kip", 2)
    submitter = fleet.submit(*back, extra=("--record",))
    wait_for(log, "register unreachable recording", 60)
    fleet.hosts.register.restore()
    out, err = submitter.communicate(timeout=90)
    assert submitter.returncode == 1, err  # violations found; nothing failed
    docs = json.loads(out)["documents"]
    assert [d["verdict"] for d in docs] == ["violation", "violation"]
    assert fleet.recorded() == {str(d["sha256"]): 1 for d in docs}
    assert "documents: 2 new, 0 already recorded" in err
    assert "đã gửi lại" not in err  # the broker was there all along: no task sent twice
    # the register stays away: 3 retries, waiting 1, 2, 4 s, then failed with the reason, not dropped
    fleet.hosts.register.cut()
    (late,) = notices(tmp_path / "tre", 1, first=90)
    started = time.monotonic()
    out, err = fleet.submit(late, extra=("--record",)).communicate(timeout=90)
    took = time.monotonic() - started
    (doc,) = json.loads(out)["documents"]
    assert doc["verdict"] == "violation"  # the result itself is printed, as judged
    assert f"error: {late}: not recorded: register unreachable after 4 attempts" in err
    assert took >= 1 + 2 + 4
    text = log.read_text(encoding="utf-8")
    assert all(f"(try {n})" in text for n in (1, 2, 3)) and "(try 4)" not in text.split("tb-90")[-1]
    (row,) = fleet.status()["queues"]
    assert row["failed"] == 1 and row["done"] == 2
    (reason,) = row["reasons"]
    assert reason.startswith(f"{late}: not recorded: register unreachable after 4 attempts")
    fleet.hosts.register.restore()
    assert str(doc["sha256"]) not in fleet.recorded()


@pytest.mark.parametrize("fleet", [2], indirect=True)
def test_the_broker_lost_mid_run_by_workers_and_submitter_loses_no_task_records_each_document_once(
    fleet: HostFleet, tmp_path: Path
) -> None:
    slow = {"CONGVU_TEST_SLOW_SECONDS": "1.5"}
    logs = [fleet.start(i, f"may-{i}", slow) for i in (1, 2)]
    for log in logs:
        wait_for(log, "ready.", 60)
    files = notices(tmp_path / "ho-so", 8, suffix=".slow")
    submitter = fleet.submit(*files, extra=("--record",), via_relay=True)  # the submitter loses it too
    end = time.monotonic() + 60
    while not any("succeeded" in log.read_text(encoding="utf-8") for log in logs):
        assert time.monotonic() < end, "no task finished"
        time.sleep(0.1)
    time.sleep(0.5)  # each worker mid-file
    cut_at = fleet.hosts.broker.connections
    fleet.hosts.broker.cut()  # every worker host loses the broker: connections reset, none accepted
    time.sleep(4)
    fleet.hosts.broker.restore()
    out, err = submitter.communicate(timeout=120)
    assert submitter.returncode == 1, err
    docs = json.loads(out)["documents"]
    assert [d["path"] for d in docs] == [str(f) for f in files]  # every file, each reported once
    assert all(d["status"] == "ok" and d["verdict"] == "violation" for d in docs)
    assert fleet.recorded() == {str(d["sha256"]): 1 for d in docs}  # each recorded exactly once
    assert fleet.hosts.broker.connections > cut_at  # the workers reconnected through the relay
    # the submitter's reply queue went with its connection: it sent the unanswered tasks again
    assert "đã gửi lại" in err
    (row,) = fleet.status()["queues"]
    assert row["queued"] == 0 and row["consumers"] == 2 and row["failed"] == 0


@pytest.mark.parametrize("fleet", [1], indirect=True)
def test_a_file_whose_worker_loses_the_broker_twice_mid_read_is_judged_not_reported_as_a_killer(
    fleet: HostFleet, tmp_path: Path
) -> None:
    """RabbitMQ 3.10 adds to `x-delivery-count` when a message goes back with its consumer's lost
    connection, as when its worker dies; the worker's heartbeat in the register tells them apart."""
    log = fleet.start(1, "may-1", {"CONGVU_TEST_SLOW_SECONDS": "10"}, concurrency=2)
    wait_for(log, "ready.", 60)
    (doc,) = notices(tmp_path / "ho-so", 1, suffix=".slow")
    submitter = fleet.submit(doc)  # straight to the broker: only the worker host loses it
    for blip in (1, 2):  # each while the file is being read: the worker lives on, its message goes back
        end = time.monotonic() + 60
        while log.read_text(encoding="utf-8").count("judging ") < blip:
            assert time.monotonic() < end, "the file was not redelivered after the blip"
            time.sleep(0.1)
        time.sleep(0.5)
        fleet.hosts.broker.cut()
        time.sleep(1)
        fleet.hosts.broker.restore()
    wait_for(log, "(delivered 2 times before)", 60)  # the broker's count: as if it had died twice
    out, err = submitter.communicate(timeout=90)
    (got,) = json.loads(out)["documents"]
    assert got["status"] == "ok" and got["verdict"] == "violation", err
    end = time.monotonic() + 60  # the third delivery answered too (after a reading thread freed)
    while log.read_text(encoding="utf-8").count(" succeeded in ") < 3:
        assert time.monotonic() < end, log.read_text(encoding="utf-8")
        time.sleep(0.2)
    text = log.read_text(encoding="utf-8")
    assert "died" not in text and "'status': 'error'" not in text
    (row,) = fleet.status()["queues"]
    assert row["failed"] == 0 and row["queued"] == 0
