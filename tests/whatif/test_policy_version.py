"""The policy as a versioned object: a stable content hash that follows settings and list files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from congvu.cli import app
from congvu.policyversion import JUDGEMENT_SETTINGS, overlay, policy_version
from congvu.settings import Config, ConfigError, load_config

runner = CliRunner()


def test_hash_is_stable_across_runs_and_processes(tmp_path: Path) -> None:
    cfg = tmp_path / "congvu.toml"
    cfg.write_text('[policy]\nextra_public_domains = ["thudientu.vn", "*.mailviet.vn"]\n', encoding="utf-8")
    first = policy_version(load_config(cfg, environ={}))
    assert first.hash == policy_version(load_config(cfg, environ={})).hash
    env = {**os.environ, "PYTHONHASHSEED": "12345", "CONGVU_CONFIG": str(cfg)}
    out = subprocess.run(
        [sys.executable, "-m", "congvu", "policy", "show", "--format", "json"],
        env=env, capture_output=True, text=True, check=True, cwd=tmp_path,
    )  # fmt: skip
    shown = json.loads(out.stdout)
    assert shown["hash"] == first.hash
    assert shown["settings"]["policy.extra_public_domains"] == ["thudientu.vn", "*.mailviet.vn"]
    assert set(shown["settings"]) == set(JUDGEMENT_SETTINGS)
    assert "bundled:public_domains.tsv" in shown["files"] and "DOC-001" in shown["rules"]


def test_hash_changes_when_a_list_file_changes_not_its_name(tmp_path: Path) -> None:
    listed = tmp_path / "freemail.cf"
    listed.write_text("freemail_domains thudientu.vn\n", encoding="utf-8")
    cfg = Config({"policy.import_files": [str(listed)]})
    before = policy_version(cfg)
    listed.write_text("freemail_domains thudientu.vn mailviet.vn\n", encoding="utf-8")
    after = policy_version(cfg)
    assert before.values == after.values and before.hash != after.hash
    assert list(before.diff(after)) == [f"policy.import_files:{listed}"]
    listed.write_text("freemail_domains thudientu.vn\n", encoding="utf-8")
    assert policy_version(cfg).hash == before.hash  # content, not time: back to the same version


def test_hash_ignores_settings_that_judge_nothing() -> None:
    base = policy_version(Config({}))
    assert policy_version(Config({"ocr.dpi": 150, "smtp.host": "mail.danang.gov.vn"})).hash == base.hash
    assert policy_version(Config({"policy.lookalike_distance": 2})).hash != base.hash
    assert policy_version(Config({"evaluation.cap": "Hoàn thành nhiệm vụ"})).hash != base.hash


def test_candidate_overlays_current_settings_and_wins_over_environment(tmp_path: Path) -> None:
    current = load_config(
        None, environ={"CONGVU_POLICY_NOT_PUBLIC": "yahoo.com", "CONGVU_MAILFLOW_MODE": "warn"}
    )
    cand = tmp_path / "candidate.toml"
    cand.write_text('[mailflow]\nmode = "reject"\n[policy]\nextra_public_domains = ["thudientu.vn"]\n')
    merged = overlay(current, cand)
    assert merged.get("mailflow.mode") == "reject"
    assert merged.get("policy.not_public") == ["yahoo.com"]  # kept from the current settings
    assert merged.get("policy.extra_public_domains") == ["thudientu.vn"]
    diff = policy_version(current).diff(policy_version(merged))
    assert diff == {
        "mailflow.mode": {"now": "warn", "after": "reject"},
        "policy.extra_public_domains": {"now": [], "after": ["thudientu.vn"]},
    }


def test_policy_show_cli_table_and_bad_candidate(tmp_path: Path) -> None:
    cand = tmp_path / "candidate.toml"
    cand.write_text("[policy]\nlookalike_distance = 2\n", encoding="utf-8")
    shown = runner.invoke(app, ["policy", "show", "--policy", str(cand)])
    assert shown.exit_code == 0, shown.output
    assert "policy.lookalike_distance = 2" in shown.stdout and "sha256:" in shown.stdout
    cand.write_text("[policy]\nkhong_ton_tai = 1\n", encoding="utf-8")
    bad = runner.invoke(app, ["policy", "show", "--policy", str(cand)])
    assert bad.exit_code == 2 and "unknown setting 'policy.khong_ton_tai'" in bad.stderr


def test_a_candidate_changes_only_judgement_settings(tmp_path: Path) -> None:
    current = Config({"ocr.dpi": 300})
    cand = tmp_path / "candidate.toml"
    cand.write_text("[policy]\nlookalike_distance = 2\n[ocr]\ndpi = 300\n", encoding="utf-8")
    assert overlay(current, cand).get("policy.lookalike_distance") == 2  # an equal copy is fine
    cand.write_text("[policy]\nlookalike_distance = 2\n[ocr]\ndpi = 150\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"not ocr\.dpi"):
        overlay(current, cand)
