"""The time limit is per file, whatever the batching; workers die with their parent; a scanned
folder cannot lead the reader out of itself, into a device or into a FIFO."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from congvu import extract
from congvu.scan.runner import _batches, scan_paths
from congvu.settings import load_config

sys.path.insert(0, str(Path(__file__).parent))
import slowfmt  # (imported before the pool forks, so workers have it)

SLOW = extract.Format("slow", (".slow",), "slow")
NOTICE = "Thông báo số {i}/TB-UBND của UBND phường Hòa Khánh Bắc về lịch tiếp công dân tháng 3."


@pytest.fixture
def slow_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(extract._BY_EXT, ".slow", SLOW)
    monkeypatch.setitem(sys.modules, "congvu.extract.slow", slowfmt)


def _folder(tmp_path: Path, count: int, odd_one: int, content: str) -> list[Path]:
    files = []
    for i in range(count):
        f = tmp_path / f"tb-{i:03d}.slow"
        f.write_text(content if i == odd_one else NOTICE.format(i=i), encoding="utf-8")
        files.append(f)
    return files


@pytest.mark.parametrize("content", ["SLEEP", "DEAF"])
def test_a_hanging_file_costs_one_limit_not_one_per_batch_mate(
    tmp_path: Path, slow_format: None, content: str
) -> None:
    files = _folder(tmp_path, 40, 3, content)
    assert len(next(_batches(files, workers=1))) > 10  # the hanging file shares a big batch
    cfg = load_config(environ={"CONGVU_LIMITS_MAX_SECONDS": "1"})
    started = time.monotonic()
    results = list(scan_paths(files, cfg, workers=1))
    elapsed = time.monotonic() - started
    assert [r.path for r in results] == [str(f) for f in files]
    hung = results[3]
    assert hung.status == "error" and "limits.max_seconds" in (hung.error or "")
    assert all(r.status == "ok" for i, r in enumerate(results) if i != 3)
    # SLEEP: the alarm stops it at 1 s; DEAF: the watch kills the worker at 1 s + 2 s grace (the
    # rest is the 39 other files, with room for a loaded machine). Before, the batch's limit was
    # 1 s × its 20 files, then the file was retried alone: over 21 s.
    assert elapsed < (6 if content == "SLEEP" else 10)


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "cong-van.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    results = list(scan_paths([fifo], load_config(environ={"CONGVU_LIMITS_MAX_SECONDS": "30"}), workers=1))
    assert time.monotonic() - started < 10
    assert results[0].status == "error" and "FIFO" in (results[0].error or "")


def test_a_device_is_refused(tmp_path: Path) -> None:
    results = list(scan_paths([Path("/dev/zero")], load_config(environ={}), workers=1))
    assert results[0].status == "error" and "character device" in (results[0].error or "")


def test_symlinks_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    secret = outside / "thu-rieng.txt"
    secret.write_text("Liên hệ Văn phòng UBND phường: Email: nguyenvanan.hoaminh@gmail.com", encoding="utf-8")
    scanned = tmp_path / "van-ban"
    scanned.mkdir()
    (scanned / "thong-bao.txt").write_text("Liên hệ: vanphong@danang.gov.vn", encoding="utf-8")
    (scanned / "ban-sao.txt").symlink_to(scanned / "thong-bao.txt")  # inside: followed
    (scanned / "rieng.txt").symlink_to(secret)
    (scanned / "zero.txt").symlink_to("/dev/zero")
    results = {Path(r.path).name: r for r in scan_paths([scanned], load_config(environ={}), workers=1)}
    assert results["thong-bao.txt"].verdict == "clean"
    assert results["ban-sao.txt"].verdict == "clean"
    for name in ("rieng.txt", "zero.txt"):
        assert results[name].status == "error"
        assert "scan.follow_symlinks" in (results[name].error or "")
    allowed = load_config(environ={"CONGVU_SCAN_FOLLOW_SYMLINKS": "true"})
    results = {Path(r.path).name: r for r in scan_paths([scanned], allowed, workers=1)}
    assert results["rieng.txt"].verdict == "violation"
    assert "character device" in (results["zero.txt"].error or "")  # never read, even when allowed


def test_a_killed_scan_leaves_no_worker_running(tmp_path: Path) -> None:
    doc = tmp_path / "treo.slow"
    doc.write_text("DEAF", encoding="utf-8")
    pids = tmp_path / "workers.txt"
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import slowfmt
        from congvu import extract
        from congvu.scan.runner import scan_paths
        from congvu.settings import load_config
        extract._BY_EXT[".slow"] = extract.Format("slow", (".slow",), "slow")
        sys.modules["congvu.extract.slow"] = slowfmt
        cfg = load_config(environ={{"CONGVU_LIMITS_MAX_SECONDS": "600"}})
        gen = scan_paths([Path({str(doc)!r})], cfg, workers=1)
        import threading, time
        def children():
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == os.getpid():
                    yield stat.parent.name
        def report():
            while True:
                kids = list(children())
                if kids:
                    Path({str(pids)!r}).write_text(" ".join(kids))
                    return
                time.sleep(0.05)
        threading.Thread(target=report, daemon=True).start()
        list(gen)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not pids.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p) for p in pids.read_text().split()]
        assert workers
        time.sleep(0.5)  # the worker is now inside the deaf reader
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
