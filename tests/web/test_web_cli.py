"""`congvu users add`, `congvu tokens create` and `congvu demo --no-serve`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner
from webkit import PASSWORD

from congvu.cli import app
from congvu.register import accounts
from congvu.register.store import open_store

REPO = Path(__file__).resolve().parents[2]


def test_users_add_reads_the_password_from_stdin_and_tokens_print_alone(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["directory", "import", "--example", "--db", db]).exit_code == 0
    added = runner.invoke(
        app, ["users", "add", "hunglv", "--role", "head", "--unit", "HM", "--db", db], input=PASSWORD + "\n"
    )
    assert added.exit_code == 0, added.output
    bad = runner.invoke(app, ["users", "add", "x", "--role", "head", "--db", db], input=PASSWORD + "\n")
    assert bad.exit_code == 1 and "needs --unit" in bad.output
    made = runner.invoke(
        app, ["tokens", "create", "--name", "QLVB", "--role", "head", "--unit", "HM", "--db", db]
    )
    assert made.exit_code == 0
    token = made.stdout.strip()
    assert made.stdout == token + "\n" and token.startswith("cv_")
    store = open_store(db)
    try:
        assert accounts.authenticate(store, "hunglv", PASSWORD) is not None
        with store.begin() as conn:
            who = accounts.token_principal(conn, token)
        assert who is not None and who.unit_code == "HM"
    finally:
        store.dispose()


def test_users_scope_changes_role_and_scope_with_the_checks_of_add(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["directory", "import", "--example", "--db", db]).exit_code == 0
    add = ["users", "add", "annv", "--role", "staff", "--person", "HM-03", "--db", db]
    assert runner.invoke(app, add, input=PASSWORD + "\n").exit_code == 0
    wrong = runner.invoke(
        app, ["users", "scope", "annv", "--role", "head", "--unit", "HHB", "--person", "HM-03", "--db", db]
    )
    assert wrong.exit_code == 1 and "works in HM, not HHB" in wrong.output
    moved = runner.invoke(app, ["users", "scope", "annv", "--role", "head", "--unit", "HM", "--db", db])
    assert moved.exit_code == 0, moved.output
    store = open_store(db)
    try:
        who = accounts.authenticate(store, "annv", PASSWORD)
        assert who is not None and (who.role, who.unit_code, who.person_id) == ("head", "HM", None)
    finally:
        store.dispose()


def test_demo_loads_everything_and_prints_one_login_per_role(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--db", db, "--examples", str(REPO / "examples")])
    assert result.exit_code == 0, result.output
    # Four documents are violations, but the invitation inside 08-ho-so-nen.zip is 04's letter re-saved
    # (other bytes, same issuer, number and date): one case with two occurrences (issue 12).
    assert "violations: 3 new" in result.output
    logins = {line.split()[0]: line.split() for line in result.output.splitlines() if line.startswith("  ")}
    assert set(logins) == {"inspector", "leader", "head", "staff"}
    store = open_store(db)
    try:
        _role, name, password = logins["inspector"]
        assert accounts.authenticate(store, name, password) is not None
    finally:
        store.dispose()
