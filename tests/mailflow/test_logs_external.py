"""Real log lines nobody on this project wrote (../shared/data/external), parsed in place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from congvu.clock import LOCAL
from congvu.mailflow.logs.assemble import chains, merged
from congvu.mailflow.logs.fields import client_parts
from congvu.mailflow.logs.parser import LogParser

SHARED = Path(os.environ.get("CONGVU_SHARED") or Path(__file__).resolve().parents[2] / ".." / "shared")
EXTERNAL = SHARED / "data" / "external"
pytestmark = pytest.mark.external


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (real third-party logs live in ../shared/data/external)")
    return path


def _yaml_cases() -> list[Path]:
    folder = EXTERNAL / "postfix-grok-patterns" / "test"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _read_case(path: Path) -> tuple[str, dict[str, str]]:
    """The two things each case file holds: `data: "…"` and `results:` key: value lines."""
    data, results = "", {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("data: "):
            data = raw[6:].strip()
            if data.startswith('"') and data.endswith('"'):
                data = data[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        elif raw.startswith("    ") and ":" in raw:
            key, _, value = raw.strip().partition(": ")
            results[key.rstrip(":")] = value.strip().strip('"')
    return data, results


@pytest.mark.parametrize("case", _yaml_cases(), ids=lambda p: p.stem)
def test_postfix_grok_patterns_case(case: Path) -> None:
    data, expected = _read_case(case)
    program = case.stem.rsplit("_", 1)[0]
    parser = LogParser()
    parser.feed([f"Oct 26 12:31:50 mail postfix/{program}[1234]: {data}"], "grok", lambda _m: 2014)
    assert parser.stats.lines == 1 and parser.stats.unparsed == 0, parser.stats.samples
    qid = expected.get("postfix_queueid")
    if not qid or qid not in parser.messages:
        return  # a line about no message (connect, anvil, postscreen …): counted, nothing else
    (message,) = [merged(c, LOCAL) for c in chains(parser.messages)]
    assert message["queue_id"] == qid
    kv = expected.get("postfix_keyvalue_data", "")
    if kv.startswith("to="):
        (rcpt,) = message["recipients"]
        assert rcpt["to"] == kv[3:].split(",")[0].strip("<>")
        assert rcpt["status"] == expected.get("postfix_status", "sent")
        if "postfix_relay_hostname" in expected:
            host, ip, _ = client_parts(rcpt["relay"])
            assert (host, ip) == (expected["postfix_relay_hostname"], expected.get("postfix_relay_ip"))
    if kv.startswith("client="):
        host, ip, _ = client_parts(message["client"])
        assert message["client"] == kv[7:].split(",")[0]
        assert host == expected.get("postfix_client_hostname", host) and ip == expected.get(
            "postfix_client_ip", ip
        )
    if "postfix_message-id" in expected:
        assert (message["message_id"] or "") == expected["postfix_message-id"]


def test_grok_table_is_present_or_skipped() -> None:
    assert len(list(need(EXTERNAL / "postfix-grok-patterns" / "test").glob("*.yaml"))) > 100


def test_fail2ban_postfix_log_never_fails_and_counts_rejections() -> None:
    path = need(EXTERNAL / "fail2ban" / "fail2ban" / "tests" / "files" / "logs" / "postfix")
    lines = [
        x for x in path.read_text(encoding="utf-8", errors="replace").splitlines() if not x.startswith("#")
    ]
    parser = LogParser()
    parser.feed(lines, str(path), lambda _m: 2005)
    stats = parser.stats
    real = [x for x in lines if x.strip()]
    assert stats.lines == len(real)
    assert stats.rejected == sum(1 for x in real if "NOQUEUE: " in x)
    assert stats.unparsed == 0, stats.samples  # "Mar 7 02:09:33" (unpadded day) included
    assert "00ADB3C0899" in parser.messages  # a queued message rejected at RCPT still has its id


def test_log_ship_long_queue_ids() -> None:
    path = need(EXTERNAL / "log-ship-elastic-postfix" / "test" / "mail.log")
    parser = LogParser()
    parser.feed(path.read_text(encoding="utf-8").splitlines(), str(path), lambda _m: 2015)
    (message,) = [merged(c, LOCAL) for c in chains(parser.messages)]
    assert message["queue_id"] == "3mPVKl0Mhjz7sXv" and message["from"] == ""
    assert message["message_id"] == "E1ZB06G-0006n5-Vp@anc-dev-web1.slc.example.net"
    assert message["recipients"][0]["to"] == "56597@continuity.delivery"
    assert message["recipients"][0]["dsn"] == "2.0.0"
    assert parser.stats.other == 2  # spamd and "madeup": other programs, counted
