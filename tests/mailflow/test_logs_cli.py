"""`congvu mail …` end to end on SQLite and PostgreSQL: JSON contract, recording once, checkpoints, accept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_logs_parse import EXAMPLE
from typer.testing import CliRunner

from congvu.cli import app

runner = CliRunner()


@pytest.fixture
def db(example_register: str) -> str:
    return example_register


def invoke(*args: str) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_log_json_records_once_and_resumes(db: str, tmp_path: Path) -> None:
    log = tmp_path / "zimbra.log"
    shutil.copy(EXAMPLE, log)
    out = invoke("mail", "ingest-log", str(log), "--year", "2014", "--format", "json", "--db", db)
    assert set(out["stats"]) >= {"lines", "messages", "unparsed"} and out["messages"]
    assert out["recorded"]["violations_new"] == 3 and out["recorded"]["findings_new"] == 3
    again = invoke(
        "mail", "ingest-log", str(log), "--year", "2014", "--format", "json", "--summary", "--db", db
    )
    assert "messages" not in again and again["stats"]["lines"] == 0  # the checkpoint held
    full = invoke(
        "mail", "ingest-log", str(log), "--year", "2014", "--from-start", "--format", "json", "--db", db
    )
    assert full["recorded"] == {"events": 3, "findings_new": 0, "violations_new": 0}  # never double-counted
    listed = invoke("violations", "list", "--format", "json", "--db", db)["violations"]
    assert {(v["person_id"], v["rule"], v["month"]) for v in listed} == {
        ("LC-NV-03", "MAIL-001", "2014-06"),
        ("LC-NV-01", "MAIL-002", "2014-06"),
        ("LC-TNMT-02", "MAIL-003", "2014-06"),
    }


def test_suggest_then_accept_makes_a_known_personal_address(db: str) -> None:
    out = invoke("mail", "suggest", str(EXAMPLE), "--year", "2014", "--format", "json", "--db", db)
    (s,) = out["suggestions"]
    assert (s["address"], s["person_id"]) == ("lyminhtam80@gmail.com", "LC-TP-01")
    result = runner.invoke(
        app,
        [
            "mail",
            "accept",
            s["address"],
            "--person",
            "LC-TP-01",
            "--reason",
            "xác minh qua điện thoại",
            "--db",
            db,
        ],
    )
    assert result.exit_code == 0 and "now a known personal address" in result.output
    after = invoke(
        "mail", "ingest-log", str(EXAMPLE), "--year", "2014", "--format", "json", "--no-record", "--db", db
    )
    assert ("MAIL-002", "LC-TP-01") in {(f["rule"], f["person_id"]) for f in after["findings"]}


def test_heads_json(db: str) -> None:
    out = invoke("mail", "heads", str(EXAMPLE), "--year", "2014", "--format", "json", "--db", db)
    (row,) = out["heads"]
    assert (row["person_id"], row["official"], row["public"]) == ("LC-NV-01", 1, 1)


def test_recorded_log_findings_keep_the_policy_version(db: str, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from congvu.policyversion import policy_version
    from congvu.register.schema import findings, violations
    from congvu.register.store import open_store
    from congvu.settings import load_config

    log = tmp_path / "zimbra.log"
    shutil.copy(EXAMPLE, log)
    out = invoke("mail", "ingest-log", str(log), "--year", "2014", "--format", "json", "--db", db)
    assert out["recorded"]["findings_new"] == 3
    store = open_store(db)
    with store.engine.connect() as conn:
        stamps = [p for (p,) in conn.execute(sa.select(findings.c.policy))]
        cases = [p for (p,) in conn.execute(sa.select(violations.c.policy))]
    store.dispose()
    assert stamps and set(stamps) == set(cases) == {policy_version(load_config()).hash}
