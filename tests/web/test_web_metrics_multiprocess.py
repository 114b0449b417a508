"""`congvu serve --workers N`: one `/metrics` for all the processes (prometheus-client's
multiprocess mode through `PROMETHEUS_MULTIPROC_DIR`), whichever process a scrape reaches."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from netkit import free_port
from prometheus_client import CollectorRegistry, values

from congvu.web.metrics import exposition_registry, multiprocess_dir

REQUESTS = 40


def _login_count(text: str) -> float:
    found = re.search(
        r'congvu_web_requests_total\{method="GET",route="/login",status="200"\} ([0-9.e+]+)', text
    )
    return float(found.group(1)) if found else 0.0


def test_two_processes_report_every_request_on_each_scrape(tmp_path: Path) -> None:
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_999999.db").write_bytes(b"stale")  # a previous run's file: removed at start
    port = free_port()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    db = f"sqlite:///{tmp_path / 'register.db'}"
    argv = [sys.executable, "-m", "congvu", "serve", "--workers", "2", "--db", db, "--port", str(port)]
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text(errors="replace")
            time.sleep(0.2)
        for _ in range(REQUESTS):  # a new connection each: the kernel spreads them over the processes
            assert httpx.get(f"{base}/login", headers={"Connection": "close"}, timeout=10).status_code == 200
        scrapes = [httpx.get(f"{base}/metrics", headers={"Connection": "close"}, timeout=10).text
                   for _ in range(6)]  # fmt: skip
        assert [_login_count(text) for text in scrapes] == [REQUESTS] * 6
        assert "congvu_web_request_seconds_bucket" in scrapes[0]
        writers = {p.name for p in folder.glob("counter_*.db")}
        assert "counter_999999.db" not in writers and len(writers) >= 1
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def test_one_process_reports_its_own_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = CollectorRegistry()
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    assert multiprocess_dir() is None and exposition_registry(own) is own
    # the variable set after prometheus-client was imported changes nothing in this process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setattr(values, "ValueClass", values.MutexValue)
    assert multiprocess_dir() is None and exposition_registry(own) is own
    monkeypatch.setattr(values, "ValueClass", values.MultiProcessValue())
    assert multiprocess_dir() == str(tmp_path) and exposition_registry(own) is not own
