"""Benchmark `congvu scan` against raw extraction of the same files, in the same run.

    uv run python bench/bench_scan.py            # 300 PDFs, 300 DOCX, 6 OCR pages
    uv run python bench/bench_scan.py --quick    # a smaller smoke run
    uv run python bench/bench_scan.py --skip-ocr --repeat 5

Every figure is the best of --repeat runs (default 3), for congvu and the baselines alike; modules
are imported before timing on both sides.

Baselines (the issue's targets):
- PDF: raw pypdfium2 text extraction of every page, one process — the whole scan on 2 cores must be
  at least as fast.
- DOCX: python-docx reading every paragraph and table cell, one process; target ≥ 1,000 docs/s for the scan.
- OCR: the `tesseract` command alone on the same PNG pages, one after another.
Generated files go to bench/out/ (git-ignored) and are reused between runs.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "extract"))

OUT = ROOT / "bench" / "out"

WARDS = ["Hòa Hiệp Bắc", "Hòa Hiệp Nam", "Hòa Khánh Bắc", "Hòa Khánh Nam", "Hòa Minh"]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Quang Vinh",
    "Phạm Thị Thu Hà",
    "Hồ Đức Thắng",
    "Đặng Minh Tuấn",
]
BODY = [
    "Thực hiện Kế hoạch số 45/KH-UBND ngày 12/3/2014 của UBND quận Liên Chiểu về cải cách hành chính,",
    "Ủy ban nhân dân phường đề nghị các tổ dân phố rà soát, tổng hợp danh sách hộ gia đình chính sách.",
    "Thời gian thực hiện: từ ngày 15 tháng 4 năm 2014 đến hết ngày 30 tháng 4 năm 2014.",
    "Các đơn vị báo cáo kết quả về Văn phòng HĐND và UBND phường trước ngày 05 tháng 5 năm 2014.",
    "Đề nghị Thủ trưởng các cơ quan, đơn vị quan tâm chỉ đạo thực hiện nghiêm túc nội dung trên.",
]


def _document_lines(rng: random.Random, i: int) -> list[str]:
    ward = rng.choice(WARDS)
    contact = f"Email: ubnd.{i}@gmail.com" if i % 3 == 0 else f"Thư điện tử: vanphong{i}@danang.gov.vn"
    lines = [
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
        f"ỦY BAN NHÂN DÂN PHƯỜNG {ward.upper()}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: {i:02d}/TB-UBND",
        f"{ward}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm 2014",
        "THÔNG BÁO",
        "Về việc rà soát hộ gia đình chính sách trên địa bàn phường",
    ]
    lines += [rng.choice(BODY) for _ in range(12)]
    lines += [f"Địa chỉ: 68 Nguyễn Sinh Sắc; Điện thoại: 0236.3730.{i % 1000:03d}; {contact}"]
    lines += ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", rng.choice(NAMES)]
    return lines


def make_pdfs(n: int) -> Path:
    from pdfbuild import build_text_pdf

    folder = OUT / f"pdf-{n}"
    if folder.is_dir() and len(list(folder.glob("*.pdf"))) == n:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2014)
    for i in range(n):
        lines = _document_lines(rng, i)
        pages = ["\n".join(lines), "\n".join(rng.choice(BODY) for _ in range(30)), "\n".join(BODY)]
        (folder / f"tb-{i:04d}.pdf").write_bytes(build_text_pdf(pages))
    return folder


def make_docx(n: int) -> Path:
    import docx

    folder = OUT / f"docx-{n}"
    if folder.is_dir() and len(list(folder.glob("*.docx"))) == n:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2015)
    for i in range(n):
        d = docx.Document()
        for line in _document_lines(rng, i):
            d.add_paragraph(line)
        table = d.add_table(rows=3, cols=3)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                cell.text = f"{rng.choice(NAMES)} {r}-{c}"
        d.sections[0].footer.paragraphs[0].text = "UBND phường — Điện thoại: 0236.3842.000"
        d.save(str(folder / f"cv-{i:04d}.docx"))
    return folder


def make_scans(n: int) -> Path:
    from pdfbuild import render_text_png

    folder = OUT / f"png-{n}"
    if folder.is_dir() and len(list(folder.glob("*.png"))) == n:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2016)
    for i in range(n):
        text = "\n".join(_document_lines(rng, i)[:14] + _document_lines(rng, i)[-4:])
        (folder / f"scan-{i:02d}.png").write_bytes(render_text_png(text))
    return folder


def raw_pdfium(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    chars = 0
    for f in files:
        pdf = pdfium.PdfDocument(f.read_bytes())
        for page in pdf:
            tp = page.get_textpage()
            chars += len(tp.get_text_range())
            tp.close()
            page.close()
        pdf.close()
    return chars


def raw_python_docx(files: list[Path]) -> int:
    import docx

    chars = 0
    for f in files:
        d = docx.Document(str(f))
        chars += sum(len(p.text) for p in d.paragraphs)
        for t in d.tables:
            for row in t.rows:
                chars += sum(len(c.text) for c in row.cells)
    return chars


def raw_tesseract(files: list[Path]) -> int:
    chars = 0
    for f in files:
        out = subprocess.run(
            ["tesseract", str(f), "stdout", "-l", "vie+eng"],
            capture_output=True,
            check=True,
            env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
        )
        chars += len(out.stdout)
    return chars


def congvu_scan(folder: Path, workers: int) -> tuple[int, int]:
    from congvu.scan.runner import scan_paths
    from congvu.settings import load_config

    results = list(scan_paths([folder], load_config(environ={}), workers=workers))
    violations = sum(1 for r in results if r.verdict == "violation")
    errors = sum(1 for r in results if r.status == "error")
    return violations, errors


REPEAT = 3


def _cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (congvu's worker processes)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _reap_pools() -> None:
    """Wait for the scan's worker pool to be gone, so its CPU time is counted (outside the timing)."""
    for thread in threading.enumerate():
        if thread.name == "congvu-scan-pool-close":
            thread.join()


def timed(fn, *args):  # type: ignore[no-untyped-def]
    """Best wall time and best CPU time of REPEAT runs: the machine is shared, and the best run is
    the one least disturbed by other jobs (the same rule for congvu and for the baselines). CPU
    time (all processes) does not depend on the other jobs as much as wall time does."""
    best, best_cpu, value = float("inf"), float("inf"), None
    for _ in range(REPEAT):
        c0 = _cpu_seconds()
        t0 = time.perf_counter()
        value = fn(*args)
        best = min(best, time.perf_counter() - t0)
        _reap_pools()
        best_cpu = min(best_cpu, _cpu_seconds() - c0)
    return best, best_cpu, value


def _ms(cpu: float, n: int) -> str:
    return f"{cpu / n * 1000:.1f} ms CPU/doc"


def _import_all() -> None:
    """Import congvu and the baseline libraries before any timing, so neither side is charged
    for loading its modules (a process-start cost, not a per-scan one)."""
    import docx  # noqa: F401
    import pypdfium2  # noqa: F401

    import congvu.scan.runner  # noqa: F401


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="30 PDFs, 60 DOCX, 2 OCR pages")
    ap.add_argument("--skip-ocr", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs for every measurement")
    args = ap.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    _import_all()
    n_pdf, n_docx, n_ocr = (30, 60, 2) if args.quick else (300, 300, 6)
    rows: list[tuple[str, str, str, str]] = []

    folder = make_pdfs(n_pdf)
    files = sorted(folder.glob("*.pdf"))
    t_raw, c_raw, _ = timed(raw_pdfium, files)
    t_scan, c_scan, (viol, err) = timed(congvu_scan, folder, 2)
    rows.append(
        (
            f"{n_pdf} text PDFs (3 pages)",
            f"raw pypdfium2, 1 process: {n_pdf / t_raw:.0f} docs/s ({_ms(c_raw, n_pdf)})",
            f"congvu scan, 2 workers: {n_pdf / t_scan:.0f} docs/s ({_ms(c_scan, n_pdf)})",
            f"{t_raw / t_scan:.2f}× ({viol} violations, {err} errors)",
        )
    )

    folder = make_docx(n_docx)
    files = sorted(folder.glob("*.docx"))
    t_raw, c_raw, _ = timed(raw_python_docx, files)
    t_scan, c_scan, (viol, err) = timed(congvu_scan, folder, 2)
    rows.append(
        (
            f"{n_docx} DOCX",
            f"python-docx, 1 process: {n_docx / t_raw:.0f} docs/s ({_ms(c_raw, n_docx)})",
            f"congvu scan, 2 workers: {n_docx / t_scan:.0f} docs/s ({_ms(c_scan, n_docx)})",
            f"{t_raw / t_scan:.2f}× ({viol} violations, {err} errors)",
        )
    )

    if not args.skip_ocr:
        folder = make_scans(n_ocr)
        files = sorted(folder.glob("*.png"))
        t_raw, c_raw, _ = timed(raw_tesseract, files)
        t_scan, c_scan, (viol, err) = timed(congvu_scan, folder, 2)
        rows.append(
            (
                f"{n_ocr} scanned A4 pages, 300 dpi",
                f"tesseract alone, sequential: {n_ocr / t_raw:.2f} pages/s",
                f"congvu scan, 2 workers: {n_ocr / t_scan:.2f} pages/s",
                f"{t_raw / t_scan:.2f}× ({viol} violations, {err} errors)",
            )
        )

    load = os.getloadavg()[0]
    print(f"best of {REPEAT} runs each; load average {load:.1f} on {os.cpu_count()} CPUs at the end")
    print("| input | baseline | congvu | speed-up vs baseline |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
