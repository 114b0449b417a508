"""The worker fleet's task rate on this machine: small documents judged through RabbitMQ by 1 and
by 2 workers (separate processes, one file at a time each), against `congvu scan` on the same files.

    uv run python bench/bench_fleet.py --files 300 --workers 1 2

Each worker runs with --no-results (every file is read: the rate of judging, not of the results
already judged). The queue is fresh per run and deleted after. Figures in bench/README.md."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from congvu.fleet.app import create_app
from congvu.fleet.client import results, submit
from congvu.settings import load_config

NOTICE = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC\nSố: {i}/TB-UBND\nHòa Khánh Bắc, ngày 12 tháng 3 năm 2025\n"
    "THÔNG BÁO\nVề lịch tiếp công dân tháng 3 năm 2025 (đợt {i})\n"
    "Mọi thắc mắc xin liên hệ Văn phòng UBND phường, email: vanphong{i}@gmail.com\n"
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Hùng\n"
)


def run(folder: Path, workers: int) -> float:
    cfg = load_config()
    queue = f"bench-fleet-{uuid.uuid4().hex[:8]}"
    app = create_app(cfg, (queue,))
    procs = []
    logs = []
    for n in range(workers):
        log = folder.parent / f"worker-{workers}-{n}.log"
        logs.append(log)
        with log.open("wb") as out:
            argv = [sys.executable, "-m", "congvu", "worker", "-Q", queue, "-j", "1", "--no-results"]
            procs.append(
                subprocess.Popen(
                    [*argv, "--name", f"bench{n}@{queue}"],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    try:
        for log in logs:
            while "ready." not in log.read_text(errors="replace"):
                time.sleep(0.1)
        started = time.perf_counter()
        done = list(results(submit(app, [folder], cfg, queue), timeout=120))
        seconds = time.perf_counter() - started
        assert all(r.verdict == "violation" for r in done), {r.verdict for r in done}
        return len(done) / seconds
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        with app.connection_for_write() as conn:
            for name in (queue, f"{queue}.dead"):
                conn.default_channel.queue_delete(name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ho-so"
        folder.mkdir()
        for i in range(args.files):
            (folder / f"thong-bao-{i:05d}.txt").write_text(NOTICE.format(i=i + 1), encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "congvu", "scan", str(folder), "-f", "json", "-o", os.devnull], check=False
        )
        rate = args.files / (time.perf_counter() - started)
        print(f"congvu scan (all cores, one process pool): {rate:.1f} files/s")
        for workers in args.workers:
            print(f"fleet, {workers} worker(s): {run(folder, workers):.1f} files/s")


if __name__ == "__main__":
    main()
