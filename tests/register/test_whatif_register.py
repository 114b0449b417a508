"""`congvu whatif register`: the month's recorded documents re-judged under a candidate policy,
with the register untouched (issue 14)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from auditkit import audited
from openpyxl import load_workbook
from regdocs import document, finding
from regkit import HEAD_HOA_KHANH_BAC, HEAD_HOA_MINH, INSPECTOR, STAFF_ID, Backend
from typer.testing import CliRunner

from congvu.cli import app
from congvu.policyversion import overlay
from congvu.register.evaluation import set_proposal
from congvu.register.recording import record
from congvu.register.review import decide, list_violations
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale
from congvu.register.schema.base import metadata
from congvu.register.store import Store
from congvu.settings import Config
from congvu.whatif.register import whatif_register

LEVELS = LevelScale(DEFAULT_LEVELS, DEFAULT_CAP)
BEST = DEFAULT_LEVELS[0]
HKB = "UBND QUẬN LIÊN CHIỂU\nUBND PHƯỜNG HÒA KHÁNH BẮC"
runner = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"


def _keys(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def _promised() -> set[str]:
    """The field names of the README's `whatif register` JSON contract."""
    block = README.read_text(encoding="utf-8").split("### JSON contracts", 1)[1].split("```", 2)[1]
    part = re.split(r"^(whatif register):", block, flags=re.M)[2]
    return set(re.findall(r'"([a-z_-]+)"', part))


def _register_digest(store: Store) -> str:
    """Every row of every table, in key order: any write changes it."""
    h = hashlib.sha256()
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            h.update(f"{table.name}:{len(rows)}:{sorted(map(repr, rows))!r}".encode())
    return h.hexdigest()


def _candidate(tmp_path: Path, body: str, name: str = "candidate.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def month(org: Store) -> Store:
    """Hòa Minh's 15/UBND-VP gives ông An's gmail as the contact (confirmed: his June is capped);
    Hòa Khánh Bắc's 22/UBND gives a thudientu.vn mailbox, which no list calls public yet."""
    record(org, [document("15/UBND-VP")], INSPECTOR)
    hkb = finding(
        "motcua.hkb@thudientu.vn",
        "DOC-000",
        excerpt="Điện thoại: 0236.3842xxx; Email: motcua.hkb@thudientu.vn",
    )
    hkb["class"], hkb["provider"], hkb["contact_point"] = "other", None, True
    record(org, [document("22/UBND", issuer=HKB, signer="Phạm Minh Tuấn", findings=[hkb])], INSPECTOR)
    set_proposal(org, STAFF_ID, "2014-06", BEST, LEVELS, HEAD_HOA_MINH)
    set_proposal(org, "HKB-01", "2014-06", BEST, LEVELS, HEAD_HOA_KHANH_BAC)
    with org.begin() as conn:
        violation = int(list_violations(conn)[0]["id"])
    decide(org, violation, "confirm", "Đã xác minh: hộp thư cá nhân của ông An", INSPECTOR)
    return org


def test_removing_a_public_domain_lists_the_case_as_disappearing_and_the_sheet_uncapped(
    month: Store, tmp_path: Path
) -> None:
    before = _register_digest(month)
    after = overlay(Config({}), _candidate(tmp_path, '[policy]\nnot_public = ["gmail.com"]\n'))
    with month.engine.connect() as conn:
        out = whatif_register(conn, "2014-06", Config({}), after)
    assert [(d["person_id"], d["rule"], d["status"]) for d in out["disappear"]] == [
        (STAFF_ID, "DOC-001", "confirmed")
    ]
    assert out["disappear"][0]["addresses"] == ["nguyenvanan85@gmail.com"]
    assert out["appear"] == []
    sheet = [(s["unit"], s["person_id"], s["final_now"], s["final_after"]) for s in out["sheets"]]
    assert sheet == [("HM", STAFF_ID, DEFAULT_CAP, BEST)]
    assert out["rejudged"]["findings"] == 2 and out["rejudged"]["not-rejudged"] == 0
    assert "policy.not_public" in out["policy_diff"]
    assert _register_digest(month) == before


def test_adding_a_domain_makes_its_documents_appear_and_nothing_else(month: Store, tmp_path: Path) -> None:
    before = _register_digest(month)
    after = overlay(Config({}), _candidate(tmp_path, '[policy]\nextra_public_domains = ["thudientu.vn"]\n'))
    with month.engine.connect() as conn:
        out = whatif_register(conn, "2014-06", Config({}), after)
    assert [(a["rule"], a["addresses"], a["rules_now"]) for a in out["appear"]] == [
        ("DOC-001", ["motcua.hkb@thudientu.vn"], ["DOC-000"])
    ]
    assert out["disappear"] == [] and out["sheets"] == []  # a new case is pending: it caps nobody yet
    assert _register_digest(month) == before


def test_another_month_has_nothing_to_rejudge(month: Store, tmp_path: Path) -> None:
    after = overlay(Config({}), _candidate(tmp_path, '[policy]\nnot_public = ["gmail.com"]\n'))
    with month.engine.connect() as conn:
        out = whatif_register(conn, "2014-07", Config({}), after)
    assert (out["appear"], out["disappear"], out["sheets"], out["rejudged"]["documents"]) == ([], [], [], 0)


def _both_ways(store: Store, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    """A candidate that makes one case appear (so an `appear` row is there to check)."""
    after = overlay(
        Config({}), _candidate(tmp_path, '[policy]\nextra_public_domains = ["thudientu.vn"]\n', "adds.toml")
    )
    with store.engine.connect() as conn:
        return whatif_register(conn, "2014-06", Config({}), after)


def test_cli_json_contract_and_xlsx(backend: Backend, month: Store, tmp_path: Path) -> None:
    candidate = _candidate(tmp_path, '[policy]\nnot_public = ["gmail.com"]\n')
    before = _register_digest(month)
    args = ["whatif", "register", "--month", "2014-06", "--policy", str(candidate), "--db", backend.url]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert {"violation_id", "person_id", "rule", "month"} <= set(out["disappear"][0])
    assert {"unit", "person_id", "month", "final_now", "final_after"} <= set(out["sheets"][0])
    promised = _promised()
    assert {
        "appear",
        "disappear",
        "sheets",
        "violation_id",
        "final_now",
        "final_after",
        "document",
    } <= promised
    out_both = _both_ways(month, tmp_path)
    assert promised <= _keys(out) | _keys(out_both)
    # The other direction: every field given is written in the README (the fixed-field objects;
    # `undecided` rows need a cue outside the excerpt, which these documents do not have).
    for path in ("", "appear", "disappear", "sheets", "rejudged", "summary"):
        items = [o.get(path) for o in (out, out_both)] if path else [out, out_both]
        rows = [x for item in items for x in (item if isinstance(item, list) else [item])]
        fields = {k for row in rows if isinstance(row, dict) for k in row}
        assert fields and fields <= promised, (path, fields - promised)
    book_path = tmp_path / "whatif.xlsx"
    result = runner.invoke(app, [*args, "--format", "xlsx", "--out", str(book_path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(book_path)
    gone = book["Vi phạm sẽ mất"]
    values = [[c.value for c in row] for row in gone.iter_rows()]
    assert any(STAFF_ID in row and "DOC-001" in row for row in values)
    sheets = [[c.value for c in row] for row in book["Phiếu đánh giá"].iter_rows()]
    assert any(row[:2] == ["HM", STAFF_ID] and DEFAULT_CAP in row and BEST in row for row in sheets)
    assert _register_digest(month) == before


def test_every_finding_and_violation_keeps_the_policy_version_it_was_judged_under(org: Store) -> None:
    from congvu.policyversion import policy_version
    from congvu.register.schema import findings, violations

    version = policy_version(Config({})).hash
    judged_here, from_json = (hashlib.sha256(n.encode()).hexdigest() for n in ("15/UBND-VP", "16/UBND-VP"))
    record(org, [document("15/UBND-VP")], INSPECTOR, policy=version)
    record(org, [document("16/UBND-VP")], INSPECTOR)  # a scan's JSON: the policy is not known
    with org.engine.connect() as conn:
        stamped = dict(conn.execute(sa.select(findings.c.source, findings.c.policy)).tuples().all())
        opened = dict(conn.execute(sa.select(violations.c.key, violations.c.policy)).tuples().all())
    assert stamped == {f"doc:{judged_here}": version, f"doc:{from_json}": None}
    assert {k.split(":")[1]: p for k, p in opened.items()} == {judged_here: version, from_json: None}


def test_policy_changes_are_audited_with_who_why_and_the_diff(
    backend: Backend, org: Store, tmp_path: Path
) -> None:
    from congvu.register.policies import ADOPTED

    settings = tmp_path / "congvu.toml"
    settings.write_text('[policy]\nextra_public_domains = ["thudientu.vn"]\n', encoding="utf-8")
    base = ["policy", "adopt", "--db", backend.url, "--by", INSPECTOR]
    first = runner.invoke(app, [*base, "--reason", "Áp dụng danh sách ban đầu"], env={"CONGVU_CONFIG": ""})
    assert first.exit_code == 0 and "adopted" in first.stdout, first.output
    again = runner.invoke(app, [*base, "--reason", "Lần nữa"], env={"CONGVU_CONFIG": ""})
    assert again.exit_code == 0 and "already in force" in again.stdout
    env = {"CONGVU_CONFIG": str(settings)}
    changed = runner.invoke(app, [*base, "--reason", "Thêm thudientu.vn theo văn bản của Sở TT&TT"], env=env)
    assert changed.exit_code == 0 and "policy.extra_public_domains" in changed.stdout, changed.output
    events = audited(org.engine, ADOPTED)
    assert [(e.who, e.reason) for e in events] == [
        (INSPECTOR, "Áp dụng danh sách ban đầu"),
        (INSPECTOR, "Thêm thudientu.vn theo văn bản của Sở TT&TT"),
    ]
    assert events[1].after["diff"] == {"policy.extra_public_domains": {"now": [], "after": ["thudientu.vn"]}}
    assert events[0].after["hash"] != events[1].after["hash"]


def test_congvu_record_stamps_and_audits_the_version_it_judges_under(backend: Backend, org: Store) -> None:
    from congvu.policyversion import policy_version
    from congvu.register.policies import in_force
    from congvu.register.schema import findings

    example = Path(__file__).resolve().parents[2] / "examples" / "documents" / "01-thong-bao-hoa-minh.txt"
    result = runner.invoke(app, ["record", str(example), "--db", backend.url], env={"CONGVU_CONFIG": ""})
    assert result.exit_code == 0, result.output
    version = policy_version(Config({})).hash
    with org.engine.connect() as conn:
        stamps = {p for (p,) in conn.execute(sa.select(findings.c.policy))}
        adopted = in_force(conn)
    assert stamps == {version}
    assert adopted is not None and adopted["hash"] == version


def test_a_deadline_stops_the_whatif_before_it_ends_and_nothing_is_written(
    month: Store, tmp_path: Path
) -> None:
    import time

    from congvu.whatif.register import WhatifTooLong

    before = _register_digest(month)
    after = overlay(Config({}), _candidate(tmp_path, '[policy]\nnot_public = ["gmail.com"]\n'))
    with month.engine.connect() as conn, pytest.raises(WhatifTooLong):
        whatif_register(conn, "2014-06", Config({}), after, deadline=time.monotonic() - 1)
    with month.engine.connect() as conn:  # in time: the same answer as without a deadline
        out = whatif_register(conn, "2014-06", Config({}), after, deadline=time.monotonic() + 60)
    assert [(d["person_id"], d["unit"]) for d in out["disappear"]] == [(STAFF_ID, "HM")]
    assert _register_digest(month) == before


def _mail(source: str, rule: str, address: str, direction: str) -> dict:  # type: ignore[type-arg]
    return {
        "source": source,
        "at": "2014-06-10T02:15:00+00:00",
        "findings": [{
            "rule": rule, "address": address, "counterpart": "trungvt@danang.gov.vn", "person_id": "LC-VP-02",
            "unit": "LC-VP", "direction": direction, "provider": "Gmail",
            "reason": f"{rule} (Chỉ thị 01/CT-UBND): hộp thư công cộng {address}",
        }],
    }  # fmt: skip


def test_recorded_mail_cases_that_rest_on_the_list_would_disappear(org: Store, tmp_path: Path) -> None:
    """A forwarding to Gmail (MAIL-003) rests on Gmail being public; mail to a staff member's own
    Gmail (MAIL-001) rests on the directory: only the first would go."""
    from congvu.register.mail import record_mail_events

    record_mail_events(org, [
        _mail("log:F0RWARD1", "MAIL-003", "trungvt.chuyentiep@gmail.com", "forward"),
        _mail("policy:a1", "MAIL-001", "vothanhtrung71@gmail.com", "to-public"),
        _mail("log:FR0MGM", "MAIL-002", "vothanhtrung71@gmail.com", "from-public"),
    ])  # fmt: skip
    before = _register_digest(org)
    after = overlay(Config({}), _candidate(tmp_path, '[policy]\nnot_public = ["gmail.com"]\n'))
    with org.engine.connect() as conn:
        out = whatif_register(conn, "2014-06", Config({}), after)
    assert [(d["rule"], d["person_id"], d["addresses"], d["rules_after"]) for d in out["disappear"]] == [
        ("MAIL-003", "LC-VP-02", ["trungvt.chuyentiep@gmail.com"], ["MAIL-000"])
    ]
    assert out["disappear"][0]["unit"] == "LC-VP"
    assert out["rejudged"]["mail_findings"] == 3 and out["not_rejudged"] == {}
    # MAIL-002 rests on who vouches for the Gmail sender: not decided from the register, never guessed
    assert [(u["rule"], u["unit"], u["addresses"]) for u in out["undecided"]] == [
        ("MAIL-002", "LC-VP", ["vothanhtrung71@gmail.com"])
    ]
    assert set(out["undecided"][0]) <= _promised()
    added = overlay(
        Config({}), _candidate(tmp_path, '[policy]\nextra_public_domains = ["thudientu.vn"]\n', "b.toml")
    )
    with org.engine.connect() as conn:
        unchanged = whatif_register(conn, "2014-06", Config({}), added)
    assert unchanged["disappear"] == [] and unchanged["rejudged"]["class-unchanged"] == 3
    assert _register_digest(org) == before
