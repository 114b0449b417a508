"""The policy service's and the milter's /metrics and /healthz, scraped over 127.0.0.1 after real requests."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from netkit import free_port, http_get, samples
from policykit import CITIZEN, OFFICIAL, STAFF_GMAIL, ask, index, policy, request

from congvu.mailflow.policy_server import DUNNO, PolicyServer, PolicyService
from congvu.mailflow.recorder import Recorder
from congvu.mailflow.serve import start_policy_metrics
from congvu.mailflow.spool import Spool
from congvu.settings import Config


async def _scrape(port: int, path: str = "/metrics") -> tuple[int, str]:
    return await asyncio.to_thread(http_get, f"http://127.0.0.1:{port}{path}")


def test_counters_move_after_requests_over_the_socket(tmp_path: Path) -> None:
    async def main() -> dict[str, Any]:
        recorder = Recorder(None, Spool(tmp_path / "spool"))
        recorder.spool.write([{"source": "policy:1f2e.5a3b.0", "findings": []}] * 3)  # left by a past outage
        service = PolicyService(policy(), index(), "reject")
        server = PolicyServer(service)
        host, port = await server.start("127.0.0.1", 0)
        metrics_port = free_port()
        cfg = Config({"metrics.policy_port": metrics_port})
        listener = start_policy_metrics(cfg, service, server, recorder)
        assert listener is not None
        try:
            status, before = await _scrape(metrics_port)
            assert status == 200
            answers = await ask(
                host,
                port,
                request(OFFICIAL, STAFF_GMAIL),  # official mail sent to a staff Gmail: MAIL-001
                request(OFFICIAL, STAFF_GMAIL, instance="1f2e.5a3b.1"),  # again, from the cache
                request(OFFICIAL, CITIZEN),  # the ward writing to a resident: DUNNO
                b"request=junk_policy\nsender=trungvt@danang.gov.vn\n\n",  # not a policy request: DUNNO
            )
            assert answers[2] == DUNNO and answers[0].startswith(b"action=REJECT 5.7.1 MAIL-001")
            status, after = await _scrape(metrics_port)
            health = await _scrape(metrics_port, "/healthz")
            return {"before": before, "after": after, "health": health}
        finally:
            listener.close()
            await server.close()

    out = asyncio.run(main())
    before, after = samples(out["before"]), samples(out["after"])
    requests = ("congvu_policy_requests_total", (("mode", "reject"),))
    assert before[requests] == 0 and after[requests] == 4
    mail001 = ("congvu_policy_decisions_total", (("mode", "reject"), ("rule", "MAIL-001")))
    assert mail001 not in before and after[mail001] == 2
    malformed = ("congvu_policy_shed_total", (("mode", "reject"), ("reason", "malformed")))
    assert before[malformed] == 0 and after[malformed] == 1
    assert after[("congvu_policy_spool_depth", ())] == 3
    # the answers were written in at least one loop pass, each observed in the wait histogram
    assert before[("congvu_policy_answer_wait_seconds_count", ())] == 0
    assert after[("congvu_policy_answer_wait_seconds_count", ())] >= 1
    status, body = out["health"]
    assert status == 200
    assert json.loads(body) == {
        "status": "ok",
        "listening": True,
        "overloaded": False,
        "connections": 0,  # the test client has hung up
        "mode": "reject",
    }


def test_health_says_503_while_shedding_for_lag_and_the_listener_is_off_by_default() -> None:
    async def main() -> tuple[int, dict[str, Any]]:
        service = PolicyService(policy(), index(), "monitor")
        server = PolicyServer(service)
        await server.start("127.0.0.1", 0)
        assert start_policy_metrics(Config(), service, server, None) is None  # metrics.policy_port = 0
        port = free_port()
        listener = start_policy_metrics(Config({"metrics.policy_port": port}), service, server, None)
        assert listener is not None
        try:
            service.overloaded = True
            status, body = await _scrape(port, "/healthz")
            missing, _ = await _scrape(port, "/khong-co")
            assert missing == 404
            return status, json.loads(body)
        finally:
            listener.close()
            await server.close()

    status, body = asyncio.run(main())
    assert status == 503
    assert body["status"] == "unhealthy" and body["overloaded"] is True


def test_milter_counters_move_after_a_message_over_the_socket(tmp_path: Path) -> None:
    from test_milter_protocol import converse

    from congvu.mailflow.milter.server import Milter
    from congvu.mailflow.serve import start_milter_metrics

    async def main() -> dict[str, Any]:
        recorder = Recorder(None, Spool(tmp_path / "spool"))
        milter = Milter(policy(), index(), "warn")
        _, port = await milter.start("127.0.0.1", 0)
        metrics_port = free_port()
        listener = start_milter_metrics(Config({"metrics.milter_port": metrics_port}), milter, recorder)
        assert listener is not None
        try:
            _, before = await _scrape(metrics_port)
            body = "Kính gửi anh Trung,\r\nGửi anh kế hoạch tiếp công dân tháng 6.\r\n".encode()
            warned = await converse(port, OFFICIAL, STAFF_GMAIL, [("From", OFFICIAL)], body)
            assert warned[0].startswith(b"hX-Congvu-Warning\x00MAIL-001")
            _, after = await _scrape(metrics_port)
            health = await _scrape(metrics_port, "/healthz")
            return {"before": before, "after": after, "health": health}
        finally:
            listener.close()
            await milter.close()

    out = asyncio.run(main())
    before, after = samples(out["before"]), samples(out["after"])
    messages = ("congvu_milter_messages_total", (("mode", "warn"),))
    assert before[messages] == 0 and after[messages] == 1
    mail001 = ("congvu_milter_decisions_total", (("mode", "warn"), ("rule", "MAIL-001")))
    assert mail001 not in before and after[mail001] == 1
    assert after[("congvu_milter_judge_seconds_count", ())] == 1
    assert after[("congvu_milter_spool_depth", ())] == 0
    assert out["health"][0] == 200 and json.loads(out["health"][1])["listening"] is True


def test_the_served_policy_service_logs_json_and_serves_metrics(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    port, metrics_port = free_port(), free_port()
    env = {**os.environ, "CONGVU_LOG_FORMAT": "json", "CONGVU_METRICS_POLICY_PORT": str(metrics_port)}
    argv = [sys.executable, "-m", "congvu.mailflow.serve", "policy", "--listen", f"127.0.0.1:{port}"]
    argv += [
        "--mode",
        "warn",
        "--db",
        f"sqlite:///{tmp_path / 'register.db'}",
        "--spool",
        str(tmp_path / "spool"),
    ]
    log = tmp_path / "policy.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 30
        while "policy metrics on" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.1)
        answers = asyncio.run(ask("127.0.0.1", port, request(CITIZEN, OFFICIAL)))
        assert answers == [DUNNO]
        status, text = http_get(f"http://127.0.0.1:{metrics_port}/metrics")
        assert status == 200
        assert samples(text)[("congvu_policy_requests_total", (("mode", "warn"),))] == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    messages = [line["message"] for line in lines if line["name"] == "congvu.mailflow"]
    assert f"policy service on 127.0.0.1:{port}, mode warn" in messages
    assert any(m.startswith("stopped: {'requests': 1}") for m in messages)
    assert all({"time", "level", "name", "message"} <= line.keys() for line in lines)
