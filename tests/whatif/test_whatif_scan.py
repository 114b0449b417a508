"""`congvu whatif scan`: verdicts that a candidate policy would change, nothing else, nothing recorded."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from congvu.cli import app
from congvu.policyversion import overlay
from congvu.settings import Config
from congvu.whatif.scan import whatif_scan

runner = CliRunner()

HEADER = """ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU
ỦY BAN NHÂN DÂN PHƯỜNG {ward_upper}

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: {number}/TB-UBND
{ward}, ngày 14 tháng 8 năm 2026

THÔNG BÁO
Về việc tiếp nhận hồ sơ đăng ký hộ kinh doanh qua thư điện tử

Ủy ban nhân dân phường {ward} thông báo: từ ngày 01/9/2026, công dân có nhu cầu đăng ký hộ kinh
doanh xin gửi hồ sơ về địa chỉ thư điện tử {address} hoặc liên hệ trực tiếp bộ phận Một cửa
của phường để được hướng dẫn.

Nơi nhận:
- UBND quận (b/c);
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn Bình
"""

DOCS = {
    "tb-hoa-khanh-bac.txt": ("HÒA KHÁNH BẮC", "Hòa Khánh Bắc", 31, "motcua.hkb@thudientu.vn"),
    "tb-hoa-minh.txt": ("HÒA MINH", "Hòa Minh", 27, "ubndhoaminh.lc@gmail.com"),
    "tb-hoa-hiep-nam.txt": ("HÒA HIỆP NAM", "Hòa Hiệp Nam", 12, "hoahiepnam@danang.gov.vn"),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "van-ban"
    root.mkdir()
    for name, (upper, ward, number, address) in DOCS.items():
        text = HEADER.format(ward_upper=upper, ward=ward, number=number, address=address)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(p.name.encode() + (p.read_bytes() if p.is_file() else b""))
    return h.hexdigest()


def _candidate(tmp_path: Path, body: str) -> Config:
    path = tmp_path / "candidate.toml"
    path.write_text(body, encoding="utf-8")
    return overlay(Config({}), path)


def _changed(out: dict) -> dict[str, tuple[str | None, str | None]]:
    return {Path(d["path"]).name: (d["verdict_now"], d["verdict_after"]) for d in out["documents"]}


def test_adding_a_public_domain_shows_only_its_documents(folder: Path, tmp_path: Path) -> None:
    before = _digest(folder)
    after = _candidate(tmp_path, '[policy]\nextra_public_domains = ["thudientu.vn"]\n')
    out = whatif_scan([folder], Config({}), after, workers=1)
    assert _changed(out) == {"tb-hoa-khanh-bac.txt": ("clean", "violation")}
    (doc,) = out["documents"]
    assert {f["address"]: f["rule"] for f in doc["findings"]} == {"motcua.hkb@thudientu.vn": "DOC-001"}
    assert {"path", "status", "verdict", "metadata", "findings", "sha256"} <= set(doc)  # the scan object
    assert doc["verdict"] == doc["verdict_after"]
    assert out["summary"] == {
        "documents": 3, "changed": 1,
        "now": {"clean": 2, "violation": 1}, "after": {"violation": 2, "clean": 1},
    }  # fmt: skip
    assert list(out["policy_diff"]) == ["policy.extra_public_domains"]
    assert out["policy_now"] != out["policy_after"]
    assert _digest(folder) == before  # the files are untouched


def test_removing_a_public_domain_shows_only_its_documents(folder: Path, tmp_path: Path) -> None:
    after = _candidate(tmp_path, '[policy]\nnot_public = ["gmail.com"]\n')
    out = whatif_scan([folder], Config({}), after, workers=1)
    assert _changed(out) == {"tb-hoa-minh.txt": ("violation", "clean")}
    everything = whatif_scan([folder], Config({}), after, workers=1, show_all=True)
    assert len(everything["documents"]) == 3
    same = {Path(d["path"]).name for d in everything["documents"] if d["verdict_now"] == d["verdict_after"]}
    assert same == {"tb-hoa-khanh-bac.txt", "tb-hoa-hiep-nam.txt"}


def test_whatif_scan_cli_json(folder: Path, tmp_path: Path) -> None:
    cand = tmp_path / "candidate.toml"
    cand.write_text('[policy]\nextra_public_domains = ["thudientu.vn"]\n', encoding="utf-8")
    result = runner.invoke(
        app, ["whatif", "scan", str(folder), "--policy", str(cand), "--format", "json", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [(Path(d["path"]).name, d["verdict_now"], d["verdict_after"]) for d in out["documents"]] == [
        ("tb-hoa-khanh-bac.txt", "clean", "violation")
    ]
    table = runner.invoke(app, ["whatif", "scan", str(folder), "--policy", str(cand), "--workers", "1"])
    assert (
        table.exit_code == 0
        and "clean → violation" in table.stdout
        and "tb-hoa-khanh-bac.txt" in table.stdout
    )


def test_whatif_scan_xlsx_for_the_chairmans_office(folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    cand = tmp_path / "candidate.toml"
    cand.write_text('[policy]\nextra_public_domains = ["thudientu.vn"]\n', encoding="utf-8")
    book_path = tmp_path / "whatif-scan.xlsx"
    args = ["whatif", "scan", str(folder), "--policy", str(cand), "--workers", "1", "--format", "xlsx"]
    assert runner.invoke(app, args).exit_code == 2  # xlsx needs --out
    result = runner.invoke(app, [*args, "--out", str(book_path)])
    assert result.exit_code == 0, result.output
    book = load_workbook(book_path)
    rows = list(book["Văn bản"].iter_rows(values_only=True))
    assert rows[0] == ("Đường dẫn", "Số hiệu", "Kết luận hiện nay", "Kết luận dự kiến")
    assert [(Path(r[0]).name, r[2], r[3]) for r in rows[1:]] == [
        ("tb-hoa-khanh-bac.txt", "clean", "violation")
    ]
    summary = dict(r[:2] for r in book["Tóm tắt"].iter_rows(min_row=3, values_only=True))
    assert summary["Thay đổi: policy.extra_public_domains"] == " → thudientu.vn"


def _count_extractions(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Every extraction, in any worker process (forked after the patch), appends a line to `log`."""
    import congvu.extract

    real = congvu.extract.extract

    def counted(data: bytes, fmt: object, limits: object) -> object:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{hashlib.sha256(data).hexdigest()}\n")
        return real(data, fmt, limits)  # type: ignore[arg-type]

    monkeypatch.setattr(congvu.extract, "extract", counted)


@pytest.mark.parametrize("workers", [1, 2])
def test_each_file_is_extracted_once_and_judged_twice(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    from congvu.scan.runner import scan_paths

    after = _candidate(
        tmp_path, '[policy]\nextra_public_domains = ["thudientu.vn"]\nnot_public = ["gmail.com"]\n'
    )
    # What two separate scans (one per policy) give: the results must not change.
    separate_now = {Path(r.path).name: r.as_contract() for r in scan_paths([folder], Config({}), workers=1)}
    separate_after = {Path(r.path).name: r.as_contract() for r in scan_paths([folder], after, workers=1)}
    log = tmp_path / "extractions.log"
    _count_extractions(monkeypatch, log)
    out = whatif_scan([folder], Config({}), after, workers=workers, show_all=True)
    mine = {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    read = [h for h in log.read_text(encoding="utf-8").split() if h in mine]  # not the warm-up texts
    assert sorted(read) == sorted(mine), "each file extracted exactly once"
    assert _changed(out) == {
        "tb-hoa-khanh-bac.txt": ("clean", "violation"),
        "tb-hoa-minh.txt": ("violation", "clean"),
        "tb-hoa-hiep-nam.txt": ("clean", "clean"),
    }
    for doc in out["documents"]:
        name = Path(doc["path"]).name
        assert doc["verdict_now"] == separate_now[name]["verdict"]
        contract = {k: v for k, v in doc.items() if k not in ("verdict_now", "verdict_after")}
        assert contract == separate_after[name]  # the candidate's reading is the scan under the candidate


def test_an_unreadable_file_is_the_same_error_under_both(tmp_path: Path) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    after = _candidate(tmp_path, '[policy]\nnot_public = ["gmail.com"]\n')
    out = whatif_scan([bad], Config({}), after, workers=1, show_all=True)
    (doc,) = out["documents"]
    assert doc["status"] == "error" and doc["verdict_now"] is None and doc["verdict_after"] is None
    assert out["summary"]["changed"] == 0
