"""A large log parsed in two processes gives exactly what one sequential pass gives."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_logs_parse import example_index

import congvu.mailflow.logs.reader as reader
import congvu.mailflow.logs.split as split
from congvu.classify import AddressPolicy
from congvu.mailflow.logs import ingest
from congvu.mailflow.logs.parser import LogParser


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
    monkeypatch.setattr(split, "merge", lambda parser, parts: (calls.append(1), real(parser, parts)))
    parallel = _contract(log)
    assert calls == [1]  # the child really parsed the second half
    assert parallel == sequential
    data = json.loads(parallel)
    by_id = {m["queue_id"]: m for m in data["messages"]}
    assert by_id["A0000"]["client"].startswith("mail.sotttt") and by_id["A0000"]["size"] is None
    assert by_id["B0000"]["client"] == "pickup" and data["stats"]["partial"] == 1
    assert data["stats"]["findings"] > 0


def _corpus(tmp_path: Path) -> tuple[Path, list[int]]:
    """The benchmark's generated log (~6 MB), ending inside a message, plus client edge cases."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from logs_corpus import generate

    log = tmp_path / "bench.log"
    generate(log, 40_000, seed=7)
    with log.open("a", encoding="utf-8") as out:  # a client= without a value, then a pickup default
        out.write(_line(1, "C0000", "smtpd", "client=mx.sotttt.danang.gov.vn[10.0.0.9]:25") + "\n")
        out.write(_line(2, "C0000", "smtpd", "client=") + "\n")
        out.write(_line(3, "C0000", "pickup", "uid=0 from=<vanthu@danang.gov.vn>") + "\n")
    data = log.read_bytes()
    ends = [i + 1 for i in range(len(data)) if data[i] == 10]
    return log, ends


def test_split_at_any_cut_equals_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log, ends = _corpus(tmp_path)
    sequential = _contract(log)
    data = json.loads(sequential)
    messages = data["messages"]
    assert sum(len(m["queue_ids"]) == 2 for m in messages) > 1000  # amavis joins
    assert any(r["status"] == "deferred" for m in messages for r in m["recipients"])
    assert any(r["orig_to"] for m in messages for r in m["recipients"])
    assert data["pending"] and data["stats"]["findings"] > 0
    assert next(m for m in messages if m["queue_id"] == "C0000")["client"] == "pickup"
    monkeypatch.setattr(reader, "SPLIT_BYTES", 1)
    monkeypatch.setattr(split, "SPLIT_BYTES", 1)
    lines = log.read_text(encoding="utf-8").splitlines()
    opened = [i + 1 for i, line in enumerate(lines) if ": client=pc-" in line]  # a submission goes on
    for k in (1, 5, 8):
        after = opened[len(opened) * k // 10]
        qid = lines[after - 1].split()[5]
        assert any(line.split()[5] == qid for line in lines[after : after + 5])  # spans the cut
    cuts = [ends[len(ends) * k // 10] for k in (3, 5)] + [ends[-3], ends[-2]]
    cuts += [ends[opened[len(opened) * k // 10] - 1] for k in (1, 5, 8)]
    for cut in cuts:
        monkeypatch.setattr(split, "line_boundary", lambda _p, _s, _e, _f, c=cut: c)
        assert _contract(log) == sequential, f"cut at byte {cut}"


def test_rules_in_two_processes_equal_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_module = sys.modules["congvu.mailflow.logs.ingest"]
    log, _ = _corpus(tmp_path)
    sequential = _contract(log)
    monkeypatch.setattr(ingest_module, "RULES_SPLIT", 1)
    sizes: list[int] = []  # the chains judged in this process
    real = ingest_module._decide_part
    monkeypatch.setattr(ingest_module, "_decide_part", lambda c, *a: (sizes.append(len(c)), real(c, *a))[1])
    assert _contract(log) == sequential
    assert len(sizes) == 1 and sizes[0] < json.loads(sequential)["stats"]["messages"]  # half in the child
    sizes.clear()
    monkeypatch.setattr(ingest_module, "_decide_child", lambda conn, *_a: conn.close())  # a child that fails
    assert _contract(log) == sequential
    assert len(sizes) == 2  # its half judged here


def test_child_state_in_parts_and_a_child_dying_midway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log, _ = _corpus(tmp_path)
    sequential = _contract(log)
    monkeypatch.setattr(reader, "SPLIT_BYTES", 1)
    monkeypatch.setattr(split, "SPLIT_BYTES", 1)
    monkeypatch.setattr(split, "BATCH", 100)  # many parts
    seen: list[int] = []
    real_merge = split.merge
    monkeypatch.setattr(
        split, "merge", lambda parser, parts: (seen.append(len(parts)), real_merge(parser, parts))
    )
    assert _contract(log) == sequential and seen[0] > 5
    real_packed = split._packed

    def dies(parser: LogParser, path: str) -> Iterator[bytes]:
        parts = real_packed(parser, path)
        yield next(parts)
        yield next(parts)
        raise SystemExit(3)

    monkeypatch.setattr(split, "_packed", dies)
    seen.clear()
    assert _contract(log) == sequential and seen == []  # nothing merged: its half parsed here
