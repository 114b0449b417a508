"""`congvu whatif mail`: the example log plus a few days' lines replayed under candidate policies."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from maillogs import FORWARD_AND_ANSWER, GMAIL_TO_THE_NEW_DOMAIN
from typer.testing import CliRunner

from congvu.classify import AddressPolicy
from congvu.cli import app
from congvu.mailflow.rules import StaffIndex
from congvu.policyversion import overlay
from congvu.register.directory import example_files
from congvu.register.tables import read_tables
from congvu.settings import Config
from congvu.whatif.mail import whatif_mail

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "mail" / "zimbra.log"
runner = CliRunner()

# A few days' lines besides the example log: a forwarding, an answer to a citizen, a staff Gmail.
EXTRA = FORWARD_AND_ANSWER + GMAIL_TO_THE_NEW_DOMAIN


def example_index() -> StaffIndex:
    rows = [dict(r.values) for t in read_tables(example_files()[1]) for r in t.rows]
    for row in rows:
        row["is_head"] = row.get("is_head") == "1"
    return StaffIndex.from_dicts(rows)


@pytest.fixture
def logs(tmp_path: Path) -> list[Path]:
    extra = tmp_path / "mail.log"
    extra.write_text(EXTRA, encoding="utf-8")
    return [EXAMPLE, extra]


def _candidate(tmp_path: Path, body: str) -> AddressPolicy:
    path = tmp_path / "candidate.toml"
    path.write_text(body, encoding="utf-8")
    return AddressPolicy.from_config(overlay(Config({}), path))


def _rows(out: dict) -> set[tuple]:
    return {
        (m["queue_id"], m["rule"], m["person_id_now"], m["person_id"], m["change"], m["action"])
        for m in out["messages"]
    }


def test_adding_a_public_domain_shows_only_its_messages(logs: list[Path], tmp_path: Path) -> None:
    after = _candidate(tmp_path, '[policy]\nextra_public_domains = ["thudientu.vn"]\n')
    out = whatif_mail(logs, example_index(), AddressPolicy(), after, "reject", year=2014)
    # Only the forwarding to thudientu.vn appears; a forwarding is done after acceptance: never refused.
    assert _rows(out) == {("1A2B3C4D01", "MAIL-003", None, "LC-02", "appear", "dunno")}
    (row,) = out["messages"]
    assert (row["sender"], row["recipient"], row["to_citizen"], row["enforceable"]) == (
        "tranthimai1990@gmail.com", "ngocanh.ngo@thudientu.vn", False, False
    )  # fmt: skip
    # The citizen at thudientu.vn is public now, but mail to citizens is never a finding, let alone refused.
    assert all("nguyenvanan1968" not in m["recipient"] for m in out["messages"])
    assert out["summary"]["refused_to_citizen"] == 0
    assert out["summary"]["per_unit"] == {"LC": {"dunno": 1}}
    assert out["summary"]["per_rule"] == {"MAIL-003": {"dunno": 1}}


def test_adding_an_official_domain_makes_mail_from_a_public_mailbox_refused(
    logs: list[Path], tmp_path: Path
) -> None:
    after = _candidate(tmp_path, '[policy]\nofficial_domains = ["danang.gov.vn", "lienchieu.danang.vn"]\n')
    out = whatif_mail(logs, example_index(), AddressPolicy(), after, "reject", year=2014)
    assert _rows(out) == {("3C4D5E6F03", "MAIL-002", None, "LC-NV-01", "appear", "reject")}
    assert out["summary"]["per_person"] == {"LC-NV-01": {"reject": 1}}
    held = whatif_mail(logs, example_index(), AddressPolicy(), after, "hold", year=2014)
    assert [m["action"] for m in held["messages"]] == ["hold"]


def test_removing_a_public_domain_makes_its_findings_disappear(logs: list[Path], tmp_path: Path) -> None:
    after = _candidate(tmp_path, '[policy]\nnot_public = ["gmail.com"]\n')
    out = whatif_mail(logs, example_index(), AddressPolicy(), after, "warn", year=2014)
    assert _rows(out) == {
        # the forwarding to Gmail is no longer to a public mailbox
        ("8E5A7F6D45", "MAIL-003", "LC-TNMT-02", "LC-TNMT-02", "disappear", "dunno"),
        # Gmail's servers no longer vouch for a Gmail sender: the finding stays, charged to no one
        ("6C3E5D4B23", "MAIL-002", "LC-NV-01", None, "changed", "warn"),
    }
    # MAIL-001 (sontv → his own Gmail) depends on the directory, not on the list: unchanged
    everything = whatif_mail(logs, example_index(), AddressPolicy(), after, "warn", year=2014, show_all=True)
    same = {(m["queue_id"], m["rule"]) for m in everything["messages"] if m["change"] == "same"}
    assert same == {("4A1C3B2F01", "MAIL-001")}


def test_mail_to_citizens_is_never_refused(logs: list[Path], tmp_path: Path) -> None:
    """Even when a staff member's official mail is judged to a public address the directory does not
    know (a rule with its own check could find one), the row is to a citizen and is never refused."""
    from congvu.mailflow.rules import MailFinding
    from congvu.whatif.mail import _action, to_citizen

    finding = MailFinding("MAIL-001", "nguyenvanan1968@thudientu.vn", "tampd@danang.gov.vn", "LC-TP-02",
                          "LC-TP", None, "to-public", "thư gửi công dân")  # fmt: skip
    policy = _candidate(tmp_path, '[policy]\nextra_public_domains = ["thudientu.vn"]\n')
    assert to_citizen(finding, example_index(), policy)
    for mode in ("reject", "hold", "warn"):
        assert _action(mode, finding, True) == "dunno"  # type: ignore[arg-type]
    everything = whatif_mail(
        logs, example_index(), AddressPolicy(), policy, "reject", year=2014, show_all=True
    )
    assert not [m for m in everything["messages"] if m["to_citizen"] and m["action"] in ("reject", "hold")]


def test_whatif_mail_cli_leaves_the_register_untouched(logs: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    url = f"sqlite:///{db}"
    imported = runner.invoke(app, ["directory", "import", "--example", "--db", url])
    assert imported.exit_code == 0, imported.output
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    cand = tmp_path / "candidate.toml"
    cand.write_text('[policy]\nnot_public = ["gmail.com"]\n[mailflow]\nmode = "hold"\n', encoding="utf-8")
    args = ["whatif", "mail", *map(str, logs), "--policy", str(cand), "--year", "2014", "--db", url]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["mode"] == "hold"  # the candidate's mode when --mode is not given
    assert {"queue_id", "time", "sender", "recipient", "person_id", "rule", "action", "to_citizen"} <= set(
        out["messages"][0]
    )
    assert {"per_unit", "per_person", "per_rule"} <= set(out["summary"])
    assert ("8E5A7F6D45", "disappear") in {(m["queue_id"], m["change"]) for m in out["messages"]}
    table = runner.invoke(app, [*args, "--mode", "reject"])
    assert table.exit_code == 0 and "8E5A7F6D45  MAIL-003  LC-TNMT-02" in table.stdout
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "register.db-wal").exists() or (tmp_path / "register.db-wal").stat().st_size == 0
    monitor = runner.invoke(app, [*args, "--mode", "monitor"])
    assert monitor.exit_code == 2 and "--mode must be one of" in monitor.stderr


def test_whatif_mail_xlsx_for_the_chairmans_office(logs: list[Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    url = f"sqlite:///{tmp_path / 'register.db'}"
    assert runner.invoke(app, ["directory", "import", "--example", "--db", url]).exit_code == 0
    cand = tmp_path / "candidate.toml"
    cand.write_text('[policy]\nnot_public = ["gmail.com"]\n', encoding="utf-8")
    book_path = tmp_path / "whatif-mail.xlsx"
    args = ["whatif", "mail", *map(str, logs), "--policy", str(cand), "--year", "2014", "--db", url]
    result = runner.invoke(app, [*args, "--mode", "reject", "--format", "xlsx", "--out", str(book_path)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(book_path)["Thư"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã hàng đợi", "Thời gian") and "Gửi công dân" in rows[0]
    assert ("8E5A7F6D45", "disappear") in {(r[0], r[9]) for r in rows[1:]}
