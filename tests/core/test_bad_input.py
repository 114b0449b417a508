"""Bad input never stops a batch: each bad file gets a clear error, quickly, and the rest is judged."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from congvu.scan.runner import scan_paths
from congvu.settings import load_config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))
import builders
import pdfbuild

GOOD = "Số: 09/TB-UBND\nMọi chi tiết xin liên hệ: Email: vanthu.hoakhanhbac@gmail.com\n"


@pytest.fixture
def batch(tmp_path: Path) -> dict[str, Path]:
    files = {
        "good.txt": GOOD.encode("utf-8"),
        "empty.pdf": b"",
        "truncated.pdf": pdfbuild.build_text_pdf(["Thông báo số 12/TB-UBND"])[:300],
        "encrypted.pdf": pdfbuild.build_text_pdf(
            ["Báo cáo mật"], user_password="matkhau", owner_password="chu"
        ),
        "renamed-binary.docx": bytes(range(256)) * 64,
        "bomb.zip": builders.build_zip_bomb(1024 * 1024 * 1024),
        "huge-pages.pdf": pdfbuild.build_blank_pdf(10_000),
        "corrupt.docx": b"PK\x03\x04" + b"\x00" * 500,
        "truncated.docx": builders.build_docx(["Công văn số 45/UBND-VP"])[:200],
        "big.txt": b"x" * (3 * 1024 * 1024),
        "good-too.docx": builders.build_docx(
            ["Số: 10/KH-UBND", "Đầu mối liên hệ: Email: ubndhm@danang.gov.vn"]
        ),
    }
    out = {}
    for name, data in files.items():
        p = tmp_path / name
        p.write_bytes(data)
        out[name] = p
    return out


def test_every_bad_file_errors_and_the_rest_is_judged(batch: dict[str, Path]) -> None:
    cfg = load_config(environ={"CONGVU_LIMITS_MAX_FILE_MB": "2", "CONGVU_LIMITS_MAX_SECONDS": "30"})
    started = time.monotonic()
    results = {Path(r.path).name: r for r in scan_paths(list(batch.values()), cfg, workers=2)}
    assert time.monotonic() - started < 60
    assert results["good.txt"].verdict == "violation"
    assert results["good-too.docx"].verdict == "clean"
    expect = {
        "empty.pdf": "empty",
        "truncated.pdf": "PDF",
        "encrypted.pdf": "encrypted",
        "renamed-binary.docx": "not a valid DOCX",
        "huge-pages.pdf": "10000 pages",
        "corrupt.docx": "",
        "truncated.docx": "",
        "big.txt": "limits.max_file_mb",
    }
    for name, words in expect.items():
        r = results[name]
        assert r.status == "error" and r.verdict is None, (name, r)
        assert r.error and words in r.error, (name, r.error)
    bomb = results["bomb.zip"]
    # a zip bomb is either refused outright or read within its limits, with a warning saying what was skipped
    assert bomb.status == "error" or any("limit" in w or "ratio" in w for w in bomb.warnings), bomb
