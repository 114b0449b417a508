"""Background work pauses only when asked to, and then between small pieces."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from congvu import pacing


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    slept: list[float] = []
    monkeypatch.setattr(pacing.time, "sleep", slept.append)
    monkeypatch.setattr(pacing, "contended", lambda: True)  # another task waits for the core
    yield slept
    pacing.disable()


def test_off_by_default_one_piece_and_no_pause(sleeps: list[float]) -> None:
    rows = list(range(1000))
    assert [list(p) for p in pacing.pieces(rows, 32)] == [rows]  # one executemany, as before
    for _ in range(100):
        pacing.pace()
    assert sleeps == []


def test_enabled_pieces_cover_every_row_once_with_a_pause_between(sleeps: list[float]) -> None:
    pacing.enable(every=1e-9, pause=0.00003)  # every check is past due
    rows = list(range(100))
    pieces = [list(p) for p in pacing.pieces(rows, 32)]
    assert [len(p) for p in pieces] == [32, 32, 32, 4]
    assert [r for p in pieces for r in p] == rows
    assert sleeps == [0.00003] * 4


def test_enabled_pauses_only_once_the_interval_has_passed(sleeps: list[float]) -> None:
    pacing.enable(every=3600.0)  # an hour: not due within this test
    for _ in range(1000):
        pacing.pace()
    assert sleeps == []
    pacing.enable(every=1e-9, pause=0.0)
    pacing.pace()
    assert len(sleeps) == 1


def test_no_pause_while_the_cores_are_not_contended(
    sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pacing, "contended", lambda: False)
    pacing.enable(every=1e-9)
    for _ in range(100):
        pacing.pace()
    assert sleeps == []


@pytest.mark.parametrize(
    ("loadavg", "cores", "expected"),
    [
        (b"0.74 1.14 1.02 3/134 14938\n", 2, True),  # this task and two others runnable on 2 cores
        (b"0.74 1.14 1.02 2/134 14938\n", 2, False),
        (b"0.74 1.14 1.02 2/134 14938\n", 1, True),
        (b"not a loadavg\n", 2, True),  # cannot tell: pause, as without /proc
    ],
)
def test_contended_reads_the_runnable_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loadavg: bytes, cores: int, expected: bool
) -> None:
    fake = tmp_path / "loadavg"
    fake.write_bytes(loadavg)
    fd = os.open(fake, os.O_RDONLY)
    try:
        monkeypatch.setattr(pacing, "_load", {"fd": fd, "cores": cores})
        assert pacing.contended() is expected
    finally:
        os.close(fd)
