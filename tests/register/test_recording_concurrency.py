"""Recorders in separate processes at once, with the database forcing deadlocks and lock errors:
nothing is lost, the summaries add up to what the register holds, and other writers are not
kept waiting while a long record runs (issue 16, points 1 and 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import sqlalchemy as sa
from regdocs import document
from regkit import INSPECTOR, Backend
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register import review
from congvu.register.audit_chain import verify
from congvu.register.schema import audit_events, documents, findings, violations
from congvu.register.store import Store, open_store

TESTS = str(Path(__file__).parent)

# A recorder as `congvu record PATH…` drives it: the documents come from a generator (the scan),
# which a retry cannot rewind.  On SQLite the forced fault is a function the trigger below calls:
# it fails the first insert of every fourth document in this process, and lets the retry through.
_RECORDER = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {tests!r})
    from regdocs import document
    from sqlalchemy import event
    from congvu.register.recording import record
    from congvu.register.store import open_store

    store = open_store({url!r}, search_path={search_path!r})
    seen = set()

    def fault(sha):
        if int(sha, 16) % 4 or sha in seen:
            return 0
        seen.add(sha)
        return 1

    if store.dialect == "sqlite":
        event.listen(store.engine, "connect", lambda c, _r: c.create_function("congvu_fault", 1, fault))
        store.engine.dispose()

    def scan():
        for n in range({start}, {stop}):
            yield document(f"{{n}}/UBND-LC")

    report = record(store, scan(), {who!r}, batch_size=7)
    print(json.dumps(report.as_dict()), flush=True)
""")

_PG_FAULTS = """
CREATE SEQUENCE fault_calls;
CREATE FUNCTION congvu_fault() RETURNS trigger AS $$
BEGIN
    IF mod(nextval('fault_calls'), 3) = 0 THEN
        RAISE EXCEPTION 'forced by the test' USING ERRCODE = TG_ARGV[0];
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fault_documents AFTER INSERT ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION congvu_fault('40P01');
CREATE TRIGGER fault_violations AFTER INSERT ON violations
    FOR EACH STATEMENT EXECUTE FUNCTION congvu_fault('40001');
"""
_SQLITE_FAULT = (
    "CREATE TRIGGER fault_documents AFTER INSERT ON documents WHEN congvu_fault(NEW.sha256) "
    "BEGIN SELECT RAISE(ABORT, 'database is locked (forced by the test)'); END"
)


def _force_faults(backend: Backend) -> None:
    """Make the database itself fail some inserts the way concurrent writers do: PostgreSQL with
    deadlock_detected / serialization_failure (every third insert statement, counted by a
    sequence, which a rollback does not undo); SQLite with 'database is locked'."""
    with backend.store.begin() as conn:
        if backend.name == "postgresql":
            conn.exec_driver_sql(_PG_FAULTS)
        else:
            conn.exec_driver_sql(_SQLITE_FAULT)


def _spawn(backend: Backend, start: int, stop: int, who: str) -> subprocess.Popen[str]:
    script = _RECORDER.format(
        tests=TESTS, url=backend.url, search_path=backend.search_path, start=start, stop=stop, who=who
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def _count(store: Store, table: sa.Table) -> int:
    with store.begin() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_three_recorders_with_forced_deadlocks_lose_nothing_and_count_truly(
    backend: Backend, org: Store
) -> None:
    _force_faults(backend)
    ranges = [(0, 60), (20, 80), (40, 100)]  # 100 distinct documents, most recorded twice or thrice
    procs = [_spawn(backend, a, b, f"máy ghi {k}") for k, (a, b) in enumerate(ranges, start=1)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    assert (_count(org, documents), _count(org, findings), _count(org, violations)) == (100, 100, 100)
    # Each summary accounts for every document it was given; together they made each one once.
    for (a, b), report in zip(ranges, reports, strict=True):
        assert report["documents_new"] + report["documents_known"] == b - a, report
    assert sum(r["documents_new"] for r in reports) == 100
    assert sum(r["violations_new"] for r in reports) == 100
    assert sum(r["retries"] for r in reports) > 0  # the faults did happen, and were survived
    with org.begin() as conn:
        created = conn.execute(
            sa.select(sa.func.count()).where(audit_events.c.action == "violation.created")
        ).scalar_one()
        assert created == 100
        assert verify(conn).broken is None  # the audit chain stayed whole under concurrency


_SLOW_RECORDER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from regdocs import document
    from congvu.register.recording import record
    from congvu.register.store import open_store

    store = open_store({url!r}, search_path={search_path!r})

    def scan():  # a long scan: one document every 50 ms, for six seconds
        for n in range(120):
            if n == 1:
                print("scanning", flush=True)
            time.sleep(0.05)
            yield document(f"{{n}}/UBND-HM")

    record(store, scan(), "máy ghi", batch_seconds=1.0)
    print("done", flush=True)
""")


def test_other_writers_are_answered_quickly_during_a_long_record(backend: Backend, org: Store) -> None:
    script = _SLOW_RECORDER.format(tests=TESTS, url=backend.url, search_path=backend.search_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    other = open_store(backend.url, search_path=backend.search_path, clock=backend.clock)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "scanning"
        waits = []
        for k in range(6):  # a page's write (a manual violation and its audit event), every 0.5 s
            began = time.monotonic()
            review.add_manual(other, "HM-02", "2014-06", f"Biên bản kiểm tra số {k + 1}/BB", INSPECTOR)
            waits.append(time.monotonic() - began)
            time.sleep(0.5)
        assert proc.stdout.readline().strip() == "done"
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        if proc.stdout:
            proc.stdout.close()
        other.dispose()
    assert max(waits) < 1.5, waits  # the recorder's lock is held per batch, never for its whole scan
    assert _count(org, documents) == 120


def _official_letter(number: int) -> str:
    return (
        "UBND QUẬN LIÊN CHIỂU\nUBND PHƯỜNG HÒA MINH\n"
        f"Số: {number}/UBND-VP\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Liên Chiểu, ngày 20 tháng 6 năm 2014\n"
        f"V/v báo cáo tình hình sử dụng thư điện tử công vụ (lần {number})\n"
        "Kính gửi: Phòng Văn hóa và Thông tin quận\n...\n"
        "Địa chỉ: 01 Nguyễn Văn Cừ; Điện thoại: 0511.3731xxx; Email: nguyenvanan85@gmail.com\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n"
    )


def test_two_record_commands_scanning_at_once_record_every_document(
    backend: Backend, org: Store, tmp_path: Path
) -> None:
    """The issue's case: two `congvu record FOLDER` at once (the scan is a generator), with the
    database failing inserts as concurrent writers do."""
    folders = [tmp_path / "van-phong", tmp_path / "mot-cua"]
    for folder, numbers in zip(folders, (range(100, 120), range(110, 130)), strict=True):
        folder.mkdir()
        for n in numbers:
            (folder / f"cv-{n}-ubnd-vp.txt").write_text(_official_letter(n), encoding="utf-8")
    if backend.name == "postgresql":
        _force_faults(backend)  # SQLite's forced fault needs a function in the recorder's process
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "CONGVU_SCAN_WORKERS": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "congvu", "record", str(f), "--format", "json", "--db", backend.url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**env, "CONGVU_USER": f"máy ghi {k}"},
        )
        for k, f in enumerate(folders, start=1)
    ]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    assert all(r["documents_new"] + r["documents_known"] == 20 for r in reports), reports
    assert sum(r["documents_new"] for r in reports) == 30 == _count(org, documents)
    assert _count(org, violations) == 30


_PG_VANISH = """
CREATE FUNCTION congvu_vanish() RETURNS trigger AS $$
BEGIN
    DELETE FROM documents WHERE number = '47/UBND-VP';
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER vanish AFTER INSERT ON documents FOR EACH STATEMENT EXECUTE FUNCTION congvu_vanish();
"""
_SQLITE_VANISH = (
    "CREATE TRIGGER vanish AFTER INSERT ON documents WHEN NEW.number = '47/UBND-VP' "
    "BEGIN DELETE FROM documents WHERE id = NEW.id; END"
)


def test_a_summary_never_counts_a_document_the_register_does_not_hold(
    backend: Backend, org: Store, tmp_path: Path
) -> None:
    """Should a document of a batch be missing when the batch is about to commit (here a trigger
    removes it), the batch is rolled back and `record` exits 2 instead of printing a count."""
    with org.begin() as conn:
        conn.exec_driver_sql(_PG_VANISH if backend.name == "postgresql" else _SQLITE_VANISH)
    scan = tmp_path / "scan.json"
    docs = [document("46/UBND-VP", findings=[]), document("47/UBND-VP", findings=[])]
    scan.write_text(json.dumps({"documents": docs}, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["record", str(scan), "--db", backend.url])
    assert result.exit_code == 2
    assert "1 of 2 documents missing from the register" in result.output
    assert _count(org, documents) == 0  # the whole batch was rolled back, 46 included
