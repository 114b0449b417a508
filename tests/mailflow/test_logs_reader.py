"""Incremental reading: half-written lines, truncated .gz, rotation, messages split across runs."""

from __future__ import annotations

import gzip
from pathlib import Path

from test_logs_parse import example_index

from congvu.classify import AddressPolicy
from congvu.mailflow.logs import ingest
from congvu.mailflow.logs.reader import Checkpoint

Q = "Jun 16 10:00:0{s} h postfix/{p}[1]: ABCDE12345: {d}"
FROM = Q.format(s=0, p="qmgr", d="from=<sontv@danang.gov.vn>, size=1, nrcpt=1 (queue active)")
TO = Q.format(
    s=1, p="smtp", d="to=<tranvanson75@gmail.com>, relay=g[1.2.3.4]:25, delay=1, dsn=2.0.0, status=sent (ok)"
)
DONE = Q.format(s=2, p="qmgr", d="removed")


class Memory:
    """A CheckpointStore in a dict (the register one is exercised by the CLI tests)."""

    def __init__(self) -> None:
        self.data: dict[str, Checkpoint] = {}

    def get(self, fingerprint: str) -> Checkpoint | None:
        return self.data.get(fingerprint)

    def put(self, checkpoint: Checkpoint) -> None:
        self.data[checkpoint.fingerprint] = checkpoint


def run(paths: list[Path], cps: Memory, pending: list | None = None):  # type: ignore[no-untyped-def]
    return ingest(paths, example_index(), AddressPolicy(), checkpoints=cps, pending=pending or [], year=2014)


def test_half_written_line_waits_and_message_completes_next_run(tmp_path: Path) -> None:
    log, cps = tmp_path / "mail.log", Memory()
    log.write_text(FROM + "\n" + TO[:40])  # the MTA is still writing the to= line
    first = run([log], cps)
    assert first.stats["partial"] == 1 and first.stats["pending"] == 1 and not first.findings
    assert "half-written" in first.files[0].warnings[0]
    with log.open("a") as handle:
        handle.write(TO[40:] + "\n" + DONE + "\n")
    second = run([log], cps, first.pending)
    assert second.files[0].resumed and second.stats["lines"] == 2
    (finding,) = second.findings
    assert finding["rule"] == "MAIL-001" and finding["counterpart"] == "sontv@danang.gov.vn"
    assert second.stats["pending"] == 0 and second.pending == []


def test_truncated_gz_keeps_what_was_read(tmp_path: Path) -> None:
    body = "".join(
        f"Jun 16 10:{i // 60:02d}:{i % 60:02d} h postfix/anvil[1]: statistics: x {i}\n" for i in range(3000)
    )
    packed = gzip.compress((FROM + "\n" + TO + "\n" + body).encode())
    log = tmp_path / "mail.log.2.gz"
    log.write_bytes(packed[: len(packed) // 2])
    result = run([log], Memory())
    assert any("truncated or corrupt .gz" in w for w in result.files[0].warnings)
    assert 2 < result.stats["lines"] < 3002 and result.findings  # the early lines were kept and judged


def test_rotation_follows_the_file_and_never_double_counts(tmp_path: Path) -> None:
    cps = Memory()
    live = tmp_path / "mail.log"
    live.write_text(FROM + "\n" + TO + "\n")
    first = run([live], cps)
    assert len(first.findings) == 1
    with live.open("a") as handle:
        handle.write(DONE + "\n")
    rotated = tmp_path / "mail.log.1.gz"  # logrotate: rename, compress, new live file
    rotated.write_bytes(gzip.compress(live.read_bytes()))
    live.unlink()
    other = "Jun 17 08:00:00 h postfix/qmgr[1]: BCDEF23456: from=<a@b.vn>, size=1, nrcpt=1 (queue active)"
    live.write_text(other + "\n")
    second = run([rotated, live], cps, first.pending)
    reports = {Path(r.path).name: r for r in second.files}
    assert reports["mail.log.1.gz"].resumed and reports["mail.log.1.gz"].lines == 1  # only "removed"
    assert not reports["mail.log"].resumed and reports["mail.log"].lines == 1
    assert second.stats["lines"] == 2


def test_file_truncated_in_place_is_read_from_the_start(tmp_path: Path) -> None:
    cps, log = Memory(), tmp_path / "mail.log"
    log.write_text(FROM + "\n" + TO + "\n" + DONE + "\n")
    run([log], cps)
    log.write_text(FROM + "\n")  # copytruncate, then the same first line again
    again = run([log], cps)
    assert "shorter" in again.files[0].warnings[0] and again.stats["lines"] == 1
