"""A fleet worker's /metrics and /healthz (`metrics.worker_port`), scraped over 127.0.0.1 while it
judges files submitted through the real RabbitMQ."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from netkit import free_port, http_get, samples
from test_fleet import EXAMPLES, NOTICE, Fleet, broker, documents, fleet, wait_for

pytestmark = pytest.mark.timeout(240)  # generous: 2 shared cores, load often 10
__all__ = ["broker", "fleet"]  # fixtures: the RabbitMQ check (skips, or fails in CI) and the workers


def test_a_workers_metrics_count_the_files_and_pages_it_judged(
    fleet: Fleet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("CONGVU_METRICS_WORKER_PORT", str(port))
    _worker, log = fleet.start("may-1")
    wait_for(log, "ready.")
    deadline = time.monotonic() + 10
    while (health := http_get(f"http://127.0.0.1:{port}/healthz"))[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert health[0] == 200 and json.loads(health[1]) == {"status": "ok", "ready": True, "running": 0}
    status, text = http_get(f"http://127.0.0.1:{port}/metrics")
    assert status == 200
    before = samples(text)
    assert before[("congvu_fleet_tasks_running", ())] == 0
    folder = tmp_path / "ho-so"
    folder.mkdir()
    (folder / "thong-bao-41.txt").write_text(NOTICE, encoding="utf-8")
    shutil.copy(EXAMPLES / "05-bao-cao-hoa-hiep-nam.pdf", folder)
    docs = documents(fleet.submit(folder))
    pdf = next(d for d in docs if str(d["path"]).endswith(".pdf"))
    assert isinstance(pdf["pages"], int) and pdf["pages"] >= 1
    status, text = http_get(f"http://127.0.0.1:{port}/metrics")
    after = samples(text)
    queue = fleet.queue
    assert after[("congvu_fleet_tasks_total", (("queue", queue), ("state", "done")))] == 2
    assert after[("congvu_fleet_pages_total", (("kind", "pages"), ("queue", queue)))] == pdf["pages"]
    assert after[("congvu_fleet_task_seconds_count", (("task", "congvu.fleet.scan"),))] == 2
    assert after[("congvu_fleet_tasks_running", ())] == 0
    # the queue, asked of RabbitMQ at scrape time: drained, this worker taking from it
    assert after[("congvu_fleet_queue_messages", (("queue", queue),))] == 0
    assert after[("congvu_fleet_queue_consumers", (("queue", queue),))] == 1
    assert after[("congvu_fleet_broker_up", ())] == 1
