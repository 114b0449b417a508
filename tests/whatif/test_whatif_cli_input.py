"""`congvu whatif …`: what every what-if checks before reading anything (one `_prepare` for the three
commands): the format, --out for xlsx, its files or its month, the candidate file, the mail mode.
Each refusal is exit code 2 with one line naming the problem, and nothing is read or written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from congvu.cli import app

runner = CliRunner()


@pytest.fixture
def candidate(tmp_path: Path) -> Path:
    path = tmp_path / "chinh-sach-du-kien.toml"
    path.write_text('[policy]\nextra_public_domains = ["thudientu.vn"]\n', encoding="utf-8")
    return path


@pytest.fixture
def mail_log(tmp_path: Path) -> Path:
    path = tmp_path / "maillog"
    path.write_text(
        "Jun 20 08:15:02 mx1 postfix/qmgr[812]: 4F1A2B3C4D: from=<vanthu.hoaminh@gmail.com>, size=2048\n",
        encoding="utf-8",
    )
    return path


def _refused(args: list[str], tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'khong-duoc-mo.db'}"
    result = runner.invoke(app, [*args, "--db", db] if args[1] != "scan" else args)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "khong-duoc-mo.db").exists()  # refused before the register was opened
    return result.output


@pytest.mark.parametrize("command", ["scan", "mail", "register"])
def test_format_and_out_are_checked_first(
    command: str, candidate: Path, mail_log: Path, tmp_path: Path
) -> None:
    what = {"scan": [str(mail_log)], "mail": [str(mail_log)], "register": ["--month", "2014-06"]}[command]
    base = ["whatif", command, *what, "--policy", str(candidate)]
    assert "unknown format 'docx'; choose table, json or xlsx" in _refused(
        [*base, "--format", "docx"], tmp_path
    )
    assert "--format xlsx needs --out FILE.xlsx" in _refused([*base, "--format", "xlsx"], tmp_path)


@pytest.mark.parametrize("command", ["scan", "mail"])
def test_missing_files_are_named(command: str, candidate: Path, tmp_path: Path) -> None:
    gone = tmp_path / "khong-co" / "maillog.1"
    out = _refused(["whatif", command, str(gone), "--policy", str(candidate)], tmp_path)
    assert f"no such file: {gone}" in out


def test_a_bad_month_is_refused(candidate: Path, tmp_path: Path) -> None:
    out = _refused(["whatif", "register", "--month", "2014-13", "--policy", str(candidate)], tmp_path)
    assert "2014-13" in out


def test_an_unreadable_candidate_is_refused(mail_log: Path, tmp_path: Path) -> None:
    broken = tmp_path / "hong.toml"
    broken.write_text("[policy\nnot_public = \n", encoding="utf-8")
    out = _refused(["whatif", "mail", str(mail_log), "--policy", str(broken)], tmp_path)
    assert "hong.toml" in out


def test_mail_mode_must_act_on_mail(candidate: Path, mail_log: Path, tmp_path: Path) -> None:
    out = _refused(
        ["whatif", "mail", str(mail_log), "--policy", str(candidate), "--mode", "monitor"], tmp_path
    )
    assert "--mode must be one of reject, hold, warn" in out
    assert "'monitor'" in out
