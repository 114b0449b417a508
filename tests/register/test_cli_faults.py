"""The commands as users type them (JSON fields of the issue), and faults: kill -9, DB down."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa
from regdocs import document
from regkit import HEAD_HOA_MINH, INSPECTOR, STAFF, STAFF_ID, Backend
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register.schema import documents, violations


def _run(backend: Backend, *args: str, who: str = INSPECTOR, stdin: str | None = None) -> str:
    env = {"CONGVU_CLOCK": "2014-06-15T03:00:00+00:00", "CONGVU_USER": who}
    result = CliRunner().invoke(app, [*args, "--db", backend.url], env=env, input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_review_workflow_from_the_command_line(backend: Backend, tmp_path: Path) -> None:
    _run(backend, "directory", "import", "--example")
    people = json.loads(_run(backend, "directory", "list", "--unit", "HM", "--format", "json"))["people"]
    assert set(people[0]) >= {
        "person_id",
        "full_name",
        "unit",
        "position",
        "is_head",
        "official_emails",
        "personal_emails",
    }
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps({"documents": [document("15/UBND-VP")]}, ensure_ascii=False), encoding="utf-8")
    assert "1 new" in _run(backend, "record", str(scan))
    assert "0 new" in _run(backend, "record", "-", stdin=scan.read_text(encoding="utf-8"))
    listed = json.loads(
        _run(backend, "violations", "list", "--unit", "HM", "--month", "2014-06", "--format", "json")
    )
    (v,) = listed["violations"]
    assert {k: v[k] for k in ("person_id", "unit", "month", "status", "rule")} == {
        "person_id": STAFF_ID,
        "unit": "HM",
        "month": "2014-06",
        "status": "pending",
        "rule": "DOC-001",
    }
    assert v["evidence"]["addresses"] == ["nguyenvanan85@gmail.com"]
    _run(backend, "violations", "confirm", str(v["id"]), "--reason", "Đã xác minh")
    _run(backend, "violations", "contest", str(v["id"]), "--reason", "Không phải hộp thư của tôi", who=STAFF)
    _run(backend, "violations", "confirm", str(v["id"]), "--reason", "Giữ nguyên: có biên bản làm việc")
    proposals = tmp_path / "de-xuat-hoa-minh.csv"
    proposals.write_text(
        f"person_id,month,rating\n{STAFF_ID},2014-06,Hoàn thành xuất sắc nhiệm vụ\n"
        "HM-02,2014-06,Hoàn thành tốt nhiệm vụ\n",
        encoding="utf-8",
    )
    _run(backend, "evaluation", "import", str(proposals), who=HEAD_HOA_MINH)
    sheet = json.loads(
        _run(backend, "evaluation", "sheet", "--unit", "HM", "--month", "2014-06", "--format", "json")
    )
    rows = {r["person_id"]: r for r in sheet["people"]}
    assert {k: rows[STAFF_ID][k] for k in ("full_name", "proposed", "final", "capped", "violations")} == {
        "full_name": "Nguyễn Văn An",
        "proposed": "Hoàn thành xuất sắc nhiệm vụ",
        "final": "Hoàn thành khá nhiệm vụ",
        "capped": True,
        "violations": [v["id"]],
    }
    assert rows["HM-02"]["capped"] is False
    out = tmp_path / "danh-gia.xlsx"
    _run(
        backend,
        "evaluation",
        "sheet",
        "--unit",
        "HM",
        "--month",
        "2014-06",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    assert out.stat().st_size > 0
    history = json.loads(_run(backend, "violations", "history", str(v["id"]), "--format", "json"))["events"]
    assert [e["who"] for e in history] == [INSPECTOR, INSPECTOR, STAFF, INSPECTOR]


def test_rejected_input_exits_1_with_every_problem(backend: Backend, tmp_path: Path) -> None:
    bad = tmp_path / "units.csv"
    bad.write_text(
        "code,name,kind,parent\nHM,UBND phường Hòa Minh,phuong,LC\n,Phòng Nội vụ,office,LC\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["directory", "import", str(bad), "--db", backend.url])
    assert result.exit_code == 1
    assert "units.csv line 2, field kind" in result.output and "units.csv line 3, field code" in result.output
    assert "units.csv line 2, field parent" in result.output  # LC is not known yet


_KILLABLE = textwrap.dedent("""
    import sys
    from congvu.register.recording import record
    from congvu.register.store import open_store
    sys.path.insert(0, {tests!r})
    from regdocs import document

    def docs():
        for n in range(4000):
            if n == 2000:
                print("midway", flush=True)
                import time; time.sleep(30)
            yield document(f"{{n}}/UBND-VP")

    store = open_store({url!r}, search_path={search_path!r})
    record(store, docs(), "recorder", batch_size=100)
    print("done", flush=True)
""")


def test_kill_9_during_record_leaves_whole_batches_and_a_rerun_adds_the_rest(
    backend: Backend, org: object
) -> None:
    script = _KILLABLE.format(
        tests=str(Path(__file__).parent), url=backend.url, search_path=backend.search_path
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "midway"  # 20 batches of 100 committed, then a pause
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    with backend.store.begin() as conn:
        # Every committed document has its finding and its violation: no half-written batch.
        assert conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one() == 2000
        assert conn.execute(sa.select(sa.func.count()).select_from(violations)).scalar_one() == 2000
    scan = [document(f"{n}/UBND-VP") for n in range(1990, 2010)]
    out = _run(backend, "record", "-", "--format", "json", stdin=json.dumps(scan, ensure_ascii=False))
    assert {k: json.loads(out)[k] for k in ("documents_new", "documents_known")} == {
        "documents_new": 10,
        "documents_known": 10,
    }
    _run(backend, "violations", "list")  # and the store still works


@pytest.mark.parametrize(
    "command",
    [
        ["directory", "list"],
        ["record", "x.json"],
        ["evaluation", "sheet", "--unit", "HM", "--month", "2014-06"],
    ],
)
def test_every_command_reports_a_store_that_is_down(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.json").write_text('{"documents": []}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*command, "--db", "postgresql://postgres@127.0.0.1:1/test"])
    assert result.exit_code == 2 and "Traceback" not in result.output
