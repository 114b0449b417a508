"""The bundled examples are the demo: each must keep the verdict it was made to show."""

from __future__ import annotations

from pathlib import Path

from congvu.scan.runner import scan_paths
from congvu.settings import load_config

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "documents"

EXPECTED = {
    "01-thong-bao-hoa-minh.txt": ("violation", "27/TB-UBND", "2014-08-14"),
    "02-ke-hoach-vhtt.txt": ("clean", "15/KH-VHTT", "2014-07-02"),
    "03-danh-sach-dang-ky.html": ("review", None, None),
    "04-giay-moi-ldtbxh.docx": ("violation", "21/GM-LĐTBXH", "2014-10-08"),
    "05-bao-cao-hoa-hiep-nam.pdf": ("clean", "112/BC-UBND", "2014-11-25"),
    "06-thong-bao-scan.png": ("violation", "35/TB-UBND", "2014-12-02"),
    "07-thu-gui-bao-cao.eml": ("clean", "112/BC-UBND", "2014-11-25"),
    "08-ho-so-nen.zip": ("violation", "21/GM-LĐTBXH", "2014-10-08"),
}


def test_example_verdicts() -> None:
    results = {Path(r.path).name: r for r in scan_paths([EXAMPLES], load_config(environ={}), workers=2)}
    assert set(results) == set(EXPECTED)
    for name, (verdict, number, date) in EXPECTED.items():
        r = results[name]
        assert (r.status, r.verdict, r.metadata.number, r.metadata.date) == ("ok", verdict, number, date), (
            name
        )
    zipped = results["08-ho-so-nen.zip"]
    hit = next(f for f in zipped.findings if f.rule == "DOC-001")
    assert hit.part == "ho-so/giay-moi.docx" and hit.kind == "footer"
    assert results["06-thong-bao-scan.png"].ocr_pages == 1
