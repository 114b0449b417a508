"""The runner isolates the guilty file: a hang or a crash makes one error, never a lost batch."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from congvu import extract
from congvu.scan.runner import scan_paths
from congvu.settings import load_config

sys.path.insert(0, str(Path(__file__).parent))
import slowfmt  # (imported before the pool forks, so workers have it)

SLOW = extract.Format("slow", (".slow",), "slow")


@pytest.fixture
def slow_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(extract._BY_EXT, ".slow", SLOW)
    monkeypatch.setitem(sys.modules, "congvu.extract.slow", slowfmt)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_hang_and_crash_are_isolated(tmp_path: Path, slow_format: None) -> None:
    ok1 = _write(tmp_path, "a.slow", "Liên hệ: Email: vanphong.hoaminh@gmail.com")
    hang = _write(tmp_path, "b.slow", "SLEEP")
    crash = _write(tmp_path, "c.slow", "CRASH")
    ok2 = _write(tmp_path, "d.slow", "Thư điện tử: ubndhoaminh@danang.gov.vn")
    cfg = load_config(environ={"CONGVU_LIMITS_MAX_SECONDS": "2"})
    started = time.monotonic()
    results = list(scan_paths([ok1, hang, crash, ok2], cfg, workers=2))
    elapsed = time.monotonic() - started
    assert [r.path for r in results] == [str(ok1), str(hang), str(crash), str(ok2)]
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["a.slow"].status == "ok" and by_name["a.slow"].verdict == "violation"
    assert by_name["d.slow"].status == "ok" and by_name["d.slow"].verdict == "clean"
    assert by_name["b.slow"].status == "error" and "limits.max_seconds" in (by_name["b.slow"].error or "")
    assert by_name["c.slow"].status == "error" and "crashed" in (by_name["c.slow"].error or "")
    assert elapsed < 20


def test_folder_walk_skips_unknown_formats(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "thong-bao.txt", "Liên hệ: Email: vanphong.hoaminh@gmail.com")
    _write(tmp_path, "notes.xyz", "not a document")
    results = list(scan_paths([tmp_path], load_config(environ={}), workers=1))
    assert [Path(r.path).name for r in results] == ["thong-bao.txt"]


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    results = list(scan_paths([tmp_path / "không-có.txt"], load_config(environ={}), workers=1))
    assert results[0].status == "error" and "cannot read file" in (results[0].error or "")
