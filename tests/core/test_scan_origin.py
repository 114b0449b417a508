"""`congvu scan --origin URL` and `scan_paths(origin=…)`: where the inputs were published reaches
the judge (a state body's own site makes a notice that names no body that body's), per input path
or for all of them, and stays in the result JSON (`origin`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from congvu.cli import app
from congvu.scan.runner import origin_for, scan_paths
from congvu.settings import load_config

runner = CliRunner()
WARD = "https://hoaminh.lienchieu.danang.gov.vn/thong-bao/2024/06/"
NOTICE = (
    "THÔNG BÁO\n"
    "Về việc đăng ký tham gia lớp tập huấn kỹ năng chuyển đổi số năm 2024\n"
    "Lớp tập huấn sẽ được tổ chức vào sáng thứ Bảy ngày 15/6/2024 tại hội trường khu dân cư.\n"
    "Người dân có nhu cầu tham gia đăng ký theo mẫu đính kèm, gửi về email: dangkytaphuan.2024@gmail.com "
    "trước ngày 12/6/2024.\n"
)


@pytest.fixture
def downloaded(tmp_path: Path) -> Path:
    """A folder of notices an inspector downloaded from one site."""
    folder = tmp_path / "tai-ve"
    folder.mkdir()
    (folder / "tb-tap-huan.txt").write_text(NOTICE, encoding="utf-8")
    return folder


def test_scan_without_origin_is_review_with_it_a_violation(downloaded: Path) -> None:
    plain = runner.invoke(app, ["scan", str(downloaded), "--format", "json", "-j", "1"])
    assert plain.exit_code == 0, plain.output
    (doc,) = json.loads(plain.stdout)["documents"]
    assert doc["verdict"] == "review" and doc["origin"] is None

    given = runner.invoke(app, ["scan", str(downloaded), "--origin", WARD, "--format", "json", "-j", "1"])
    assert given.exit_code == 1, given.output
    (doc,) = json.loads(given.stdout)["documents"]
    assert doc["verdict"] == "violation" and doc["origin"] == WARD
    (finding,) = doc["findings"]
    assert "state body: 'hoaminh.lienchieu.danang.gov.vn' (page published on it)" in finding["reason"]


def test_scan_origin_of_a_news_site_changes_nothing(downloaded: Path) -> None:
    res = runner.invoke(
        app, ["scan", str(downloaded), "--origin", "baodanang.vn/xa-hoi/tap-huan", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    (doc,) = json.loads(res.stdout)["documents"]
    assert doc["verdict"] == "review" and doc["origin"] == "https://baodanang.vn/xa-hoi/tap-huan"


def test_scan_refuses_an_origin_that_is_no_web_address(downloaded: Path) -> None:
    res = runner.invoke(app, ["scan", str(downloaded), "--origin", "ftp://hoaminh.gov.vn/"])
    assert res.exit_code == 2 and "not a web address" in res.output


def test_scan_paths_takes_an_origin_per_input(tmp_path: Path, downloaded: Path) -> None:
    other = tmp_path / "bao-chi.txt"
    other.write_text(NOTICE, encoding="utf-8")
    (downloaded / "hong.pdf").write_bytes(b"<html>404 - Khong tim thay trang</html>")  # a failed download
    origins = {downloaded: WARD}  # the folder's files inherit it; the other file has none
    results = {
        Path(r.path).name: r
        for r in scan_paths([downloaded, other], load_config(), workers=1, origin=origins)
    }
    assert results["tb-tap-huan.txt"].verdict == "violation" and results["tb-tap-huan.txt"].origin == WARD
    assert results["bao-chi.txt"].verdict == "review" and results["bao-chi.txt"].origin is None
    assert results["hong.pdf"].status == "error" and results["hong.pdf"].origin == WARD


def test_origin_for_looks_up_the_file_then_its_folders() -> None:
    site, page = Path("tai-ve/hoaminh"), Path("tai-ve/hoaminh/tin/tb.html")
    assert origin_for(page, {site: WARD}) == WARD
    assert (
        origin_for(page, {site: WARD, page: "https://lienchieu.danang.gov.vn/tb"})
        == "https://lienchieu.danang.gov.vn/tb"
    )
    assert origin_for(Path("khac/tb.html"), {site: WARD}) is None
    assert origin_for(page, WARD) == WARD and origin_for(page, None) is None
