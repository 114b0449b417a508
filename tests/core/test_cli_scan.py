"""`congvu scan` end to end: formats of output, exit codes, and the JSON contract's shape."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from congvu.cli import app

runner = CliRunner()

VIOLATION = """ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH NAM
Số: 12/TB-UBND
Hòa Khánh Nam, ngày 03 tháng 9 năm 2014
THÔNG BÁO
Về việc thu thập ý kiến đóng góp dự thảo quy chế văn hóa khu dân cư
Ý kiến góp ý xin gửi về địa chỉ thư điện tử: ubndhoakhanhnam@gmail.com trước ngày 20/9/2014.
"""
CLEAN = """PHÒNG TƯ PHÁP QUẬN LIÊN CHIỂU
Số: 08/BC-TP
Liên Chiểu, ngày 10 tháng 10 năm 2014
BÁO CÁO
Kết quả công tác tuyên truyền phổ biến giáo dục pháp luật quý III năm 2014
Đầu mối liên hệ: ông Võ Văn Lâm, thư điện tử lamvv@danang.gov.vn.
"""

CONTRACT_KEYS = {"path", "status", "error", "verdict", "metadata", "findings"}
FINDING_KEYS = {
    "address",
    "as_written",
    "class",
    "provider",
    "contact_point",
    "obfuscated",
    "rule",
    "reason",
    "page",
    "line",
    "excerpt",
}
METADATA_KEYS = {"issuer", "number", "type_code", "date", "subject", "signer"}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    (tmp_path / "vi-pham.txt").write_text(VIOLATION, encoding="utf-8")
    (tmp_path / "dat.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_json_contract_and_exit_code(docs: Path) -> None:
    res = runner.invoke(app, ["scan", str(docs), "--format", "json", "-j", "1"])
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    by_name = {Path(d["path"]).name: d for d in data["documents"]}
    assert set(by_name) == {"vi-pham.txt", "dat.txt"}
    for d in data["documents"]:
        assert set(d) >= CONTRACT_KEYS and set(d["metadata"]) >= METADATA_KEYS
        for f in d["findings"]:
            assert set(f) >= FINDING_KEYS
    bad = by_name["vi-pham.txt"]
    assert bad["verdict"] == "violation" and bad["status"] == "ok"
    hit = next(f for f in bad["findings"] if f["rule"] == "DOC-001")
    assert hit["address"] == "ubndhoakhanhnam@gmail.com" and hit["class"] == "public" and hit["contact_point"]
    assert hit["line"] == 6 and "ubndhoakhanhnam@gmail.com" in hit["excerpt"]
    assert bad["metadata"]["number"] == "12/TB-UBND" and bad["metadata"]["date"] == "2014-09-03"
    assert by_name["dat.txt"]["verdict"] == "clean"


def test_clean_only_exits_zero(docs: Path) -> None:
    res = runner.invoke(app, ["scan", str(docs / "dat.txt"), "--format", "json"])
    assert res.exit_code == 0


def test_unreadable_without_violation_exits_three(docs: Path) -> None:
    (docs / "hong.pdf").write_bytes(b"this is not a pdf at all")
    res = runner.invoke(app, ["scan", str(docs / "dat.txt"), str(docs / "hong.pdf"), "--format", "json"])
    assert res.exit_code == 3
    err = next(d for d in json.loads(res.stdout)["documents"] if d["path"].endswith("hong.pdf"))
    assert err["status"] == "error" and "PDF" in err["error"] and err["verdict"] is None


def test_bad_config_is_usage_error(docs: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[policy]\nofficial = 1\n", encoding="utf-8")
    res = runner.invoke(app, ["scan", str(docs), "--config", str(cfg)])
    assert res.exit_code == 2 and "unknown setting" in res.output
    res = runner.invoke(app, ["scan", str(docs), "--format", "yaml"])
    assert res.exit_code == 2


def test_csv_and_sarif_and_table(docs: Path) -> None:
    res = runner.invoke(app, ["scan", str(docs), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert any(r["rule"] == "DOC-001" and r["address"] == "ubndhoakhanhnam@gmail.com" for r in rows)
    res = runner.invoke(app, ["scan", str(docs), "--format", "sarif"])
    sarif = json.loads(res.stdout)
    assert sarif["version"] == "2.1.0"
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["DOC-001"]
    res = runner.invoke(app, ["scan", str(docs)])
    assert "VI PHẠM" in res.stdout and "ubndhoakhanhnam@gmail.com" in res.stdout


def test_out_file(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "kq.json"
    res = runner.invoke(app, ["scan", str(docs / "vi-pham.txt"), "--format", "json", "--out", str(out)])
    assert res.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["documents"][0]["verdict"] == "violation"
