"""A large log parsed in two processes gives exactly what one sequential pass gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_logs_parse import example_index

import congvu.mailflow.logs.reader as reader
import congvu.mailflow.logs.split as split
from congvu.classify import AddressPolicy
from congvu.mailflow.logs import ingest


def _line(second: int, qid: str, prog: str, data: str) -> str:
    return f"Jun 16 10:{second // 60:02d}:{second % 60:02d} mx1 postfix/{prog}[4242]: {qid}: {data}"


def _log(count: int) -> list[str]:
    """Messages whose lines straddle the middle, with the fields the merge must get right."""
    lines: list[str] = []
    for i in range(count):
        qid = f"{0xA0000 + i:X}"
        lines.append(_line(i, qid, "pickup", "uid=0 from=<vanthu@danang.gov.vn>"))
        lines.append(_line(i, qid, "smtpd", f"client=mail.sotttt.danang.gov.vn[10.0.0.{i % 250}]:2525"))
        lines.append(_line(i, qid, "qmgr", "from=<trungvt@danang.gov.vn>, size=4096, nrcpt=1 (queue active)"))
    for i in range(count):  # the second half: a pickup default, a from= without size, deliveries
        qid = f"{0xA0000 + i:X}"
        lines.append(_line(i, qid, "pickup", "uid=0 from=<trungvt@danang.gov.vn>"))
        lines.append(_line(i, qid, "qmgr", "from=<trungvt@danang.gov.vn>, nrcpt=1 (queue active)"))
        rcpt = "vothanhtrung71@gmail.com" if i % 7 == 0 else f"congdan{i}@gmail.com"
        lines.append(
            _line(i, qid, "smtp", f"to=<{rcpt}>, relay=gmail-smtp-in.l.google.com[142.250.4.27]:25, "
                  "delay=1.2, dsn=2.0.0, status=sent (250 2.0.0 OK)")
        )  # fmt: skip
        if i % 5:
            lines.append(_line(i, qid, "qmgr", "removed"))
    for i in range(count // 2):  # new in the second half only: the pickup default stands
        lines.append(_line(i, f"{0xB0000 + i:X}", "pickup", "uid=0 from=<vanthu@danang.gov.vn>"))
    lines.append("Jun 16 11:00:00 mx1 dòng hỏng không đọc được")
    return lines


def _contract(path: Path) -> str:
    result = ingest([path], example_index(), AddressPolicy(), year=2014)
    out = result.as_contract()
    out["pending"] = result.pending
    return json.dumps(out, sort_keys=True, ensure_ascii=False)


def test_split_parse_equals_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "mail.log"
    log.write_text("\n".join(_log(400)) + "\nJun 16 11:00:01 mx1 postfix/qmgr[1]: half", encoding="utf-8")
    sequential = _contract(log)
    monkeypatch.setattr(reader, "SPLIT_BYTES", 1)
    monkeypatch.setattr(split, "SPLIT_BYTES", 1)
    calls: list[int] = []
    real = split.merge
    monkeypatch.setattr(split, "merge", lambda parser, blob: (calls.append(1), real(parser, blob)))
    parallel = _contract(log)
    assert calls == [1]  # the child really parsed the second half
    assert parallel == sequential
    data = json.loads(parallel)
    by_id = {m["queue_id"]: m for m in data["messages"]}
    assert by_id["A0000"]["client"].startswith("mail.sotttt") and by_id["A0000"]["size"] is None
    assert by_id["B0000"]["client"] == "pickup" and data["stats"]["partial"] == 1
    assert data["stats"]["findings"] > 0
