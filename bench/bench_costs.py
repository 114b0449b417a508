"""Per-kind costs of the fleet's work on this machine, as JSON for `bench/simulate_fleet.py`.

    uv run python bench/bench_costs.py --out bench/out/costs.json            # the full run
    uv run python bench/bench_costs.py --quick --out bench/out/costs.json    # a smaller smoke run

What is measured (one document at a time; the per-kind costs in CPU seconds of the reader process
and what it runs, which a loaded machine inflates less than wall time; `wall_s`: the best of
--repeat runs in wall time, for comparison):
- `text_pdf_page_s`: a text PDF through `congvu scan`'s harness (`FileScanner`: its reader process,
  limits, judging), per page (3-page notices from bench/bench_scan.py);
- `docx_s`: one DOCX the same way;
- `ocr_page_s`: one scanned page (PNG, Vietnamese, `tesseract vie` through the same harness);
- `broker_task_s`: the broker's cost of one task: congvu's scan task on a one-line text file (next
  to nothing to judge) sent through the local RabbitMQ to a `congvu worker` (4 threads) and its result read
  back, pipelined — 1 / rate (an upper bound: the worker's own per-task work is in it);
- `register_batch_docs_per_s`: the same writes by one process, 50 documents a transaction;
- `register_docs_per_s`: documents recorded per second (one transaction per document, one finding
  each, as a worker records a task) by 1, 2 and 4 concurrent writer processes on PostgreSQL;
- `storage_mb_per_s`: sequential read of a file dropped from the page cache first.
The machine is shared with other sessions while this runs: the figures are rough (the load average
is printed with them); re-run idle for figures to plan with.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
PG_URL = os.environ.get("CONGVU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def best(repeat: int, fn: Any, *args: Any) -> float:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(*args)
        out.append(time.perf_counter() - started)
    return min(out)


def _children_cpu() -> float:
    """CPU seconds of this process and of its reaped children (the reader and its tesseract)."""
    return sum(
        u.ru_utime + u.ru_stime
        for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def per_file(files: list[Path], repeat: int) -> tuple[float, float]:
    """Wall seconds per file through `FileScanner` (the harness a fleet worker's task thread keeps),
    best of `repeat`; and CPU seconds per file of this process, its reader process and what that
    ran (tesseract),
    counted once the reader is reaped, over every file read (the warm-up file included)."""
    from congvu.scan.runner import FileScanner
    from congvu.settings import load_config

    cpu_before = _children_cpu()
    scanner = FileScanner(load_config())
    try:
        scanner.scan(files[0])  # warm-up: readers imported, tables built

        def all_files() -> None:
            for path in files:
                result = scanner.scan(path)
                assert result.status == "ok", (path, result.error)

        wall = best(repeat, all_files) / len(files)
    finally:
        scanner.close()
    return wall, (_children_cpu() - cpu_before) / (repeat * len(files) + 1)


def broker_task(tasks: int) -> float:
    """Seconds of broker per task: a task with nothing to judge through RabbitMQ and back, pipelined."""
    from congvu.fleet.app import create_app, queue
    from congvu.fleet.tasks import SCAN_TASK
    from congvu.settings import load_config

    name = f"bench-costs-{uuid.uuid4().hex[:8]}"
    app = create_app(load_config(), (name,))
    with tempfile.NamedTemporaryFile("w+b", suffix=".log") as log, tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "mot-dong.txt"
        empty.write_text("Kính gửi: Văn phòng UBND phường Hòa Minh.\n", encoding="utf-8")
        args = (str(empty),)
        argv = [sys.executable, "-m", "congvu", "worker", "-Q", name, "-j", "4", "--no-results"]
        proc = subprocess.Popen(
            [*argv, "--name", f"costs@{name}"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 60
            while b"ready." not in Path(log.name).read_bytes():
                assert time.monotonic() < deadline, Path(log.name).read_text(errors="replace")[-2000:]
                time.sleep(0.1)
            app.send_task(SCAN_TASK, args=args, queue=queue(name)).get(timeout=30)  # warm-up
            started = time.perf_counter()
            sent = [app.send_task(SCAN_TASK, args=args, queue=queue(name)) for _ in range(tasks)]
            for item in sent:
                assert item.get(timeout=60)["verdict"] == "clean"
            return (time.perf_counter() - started) / tasks
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            with app.connection_for_write() as conn:
                for q in (name, f"{name}.dead"):
                    conn.default_channel.queue_delete(q)


def _writer(args: tuple[str, str, int, int, int]) -> None:
    from bench_register import scan_documents

    from congvu.register.recording import record
    from congvu.register.store import open_store

    url, schema, first, count, batch = args
    store = open_store(url, search_path=schema)
    try:
        docs = list(scan_documents((first + count) * 20))[first:]  # 20 findings a document there
        for doc in docs:
            doc["findings"] = doc["findings"][:1]
        for at in range(0, len(docs), batch):
            record(store, docs[at : at + batch], "congvu-worker")
    finally:
        store.dispose()


def register_rate(writers: int, per_writer: int, batch: int = 1) -> float:
    """Documents recorded per second by `writers` processes into one fresh PostgreSQL schema."""
    import sqlalchemy as sa

    from congvu.register.directory import example_files, import_files
    from congvu.register.store import create_engine, open_store

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        store = open_store(PG_URL, search_path=schema)
        import_files(store, example_files(), "bench")
        store.dispose()
        jobs = [(PG_URL, schema, n * per_writer, per_writer, batch) for n in range(writers)]
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(writers) as pool:
            pool.map(_writer, [(PG_URL, schema, 0, 0, 1)] * writers)  # start-up (imports) outside the timing
            started = time.perf_counter()
            pool.map(_writer, jobs)
            seconds = time.perf_counter() - started
        return writers * per_writer / seconds
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def storage_read(megabytes: int) -> float:
    """MB/s reading a file sequentially after dropping it from the page cache."""
    with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "out") as tmp:
        path = Path(tmp) / "luu-tru.bin"
        block = os.urandom(1 << 20)
        with path.open("wb") as out:
            for _ in range(megabytes):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            started = time.perf_counter()
            while os.read(fd, 1 << 20):
                pass
            return megabytes / (time.perf_counter() - started)
        finally:
            os.close(fd)


def main() -> None:
    from bench_scan import make_docx, make_pdfs, make_scans

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "costs.json")
    args = parser.parse_args()
    small = args.quick
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    pdfs = sorted(make_pdfs(60).glob("*.pdf"))[: 20 if small else 60]
    docxs = sorted(make_docx(60).glob("*.docx"))[: 20 if small else 60]
    scans = sorted(make_scans(6).glob("*.png"))[: 2 if small else 6]
    load_before = os.getloadavg()[0]
    pdf, docx, ocr = per_file(pdfs, args.repeat), per_file(docxs, args.repeat), per_file(scans, 1)
    costs: dict[str, Any] = {
        "text_pdf_page_s": pdf[1] / 3,  # CPU seconds (the notices have 3 pages)
        "docx_s": docx[1],
        "ocr_page_s": ocr[1],
        "wall_s": {"text_pdf_page": pdf[0] / 3, "docx": docx[0], "ocr_page": ocr[0]},
        "broker_task_s": broker_task(200 if small else 1000),
        "register_docs_per_s": {str(w): register_rate(w, 50 if small else 200) for w in (1, 2, 4)},
        "register_batch_docs_per_s": register_rate(1, 200 if small else 1000, 50),
        "storage_mb_per_s": storage_read(64 if small else 256),
    }
    costs["machine"] = {
        "cores": os.cpu_count(),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "note": "shared with other sessions while measured: rough figures",
        "command": " ".join(["uv run python bench/bench_costs.py", *sys.argv[1:]]),
    }
    text = json.dumps(costs, indent=2, ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
