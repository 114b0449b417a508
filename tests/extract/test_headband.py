"""The header band of a scanned page 1, OCR'd a second time (`congvu.extract.headband`), and the
scan asking for it only when the first read lost the number or date (`congvu.scan.document`)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from congvu.classify import AddressPolicy
from congvu.extract import headband, pdf, ppocr
from congvu.scan import document
from congvu.settings import Config, Limits

sys.path.insert(0, str(Path(__file__).parent))
import pdfbuild

LIMITS = Limits()
needs_ocr = pytest.mark.skipif(not pdfbuild.ocr_ready(), reason=pdfbuild.OCR_MISSING)

HEADER = (
    "UBND QUẬN LIÊN CHIỂU\n"
    "VĂN PHÒNG HĐND VÀ UBND\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Số: 245/TB-VP\n"
    "Liên Chiểu, ngày 12 tháng 3 năm 2024\n"
)
BODY = "\n".join(
    f"{i}. Bộ phận một cửa phường Hòa Minh tiếp nhận hồ sơ vào buổi sáng các ngày làm việc."
    for i in range(1, 31)  # the header then stands in the top third, as on an A4 page
)
LAST = "Nơi nhận: Thường trực Quận ủy"


@needs_ocr
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["pdf", "image"])
def test_band_holds_the_header_and_not_the_page_foot(kind: str) -> None:
    page = f"{HEADER}{BODY}\n{LAST}"
    data = pdfbuild.build_scanned_pdf([page]) if kind == "pdf" else pdfbuild.render_text_png(page)
    text = headband.band_text(data, kind, LIMITS, timeout=60)
    assert text is not None
    assert "245/TB-VP" in text and "tháng 3 năm 2024" in text
    assert "Nơi nhận" not in text  # the top third only: the foot of the page costs nothing


def test_no_band_for_a_format_without_pages_or_without_ocr_or_time() -> None:
    assert headband.band_text(b"So: 1/TB-VP", "txt", LIMITS, timeout=60) is None
    off = dataclasses.replace(LIMITS, ocr_enabled=False)
    assert headband.band_text(b"%PDF-1.4", "pdf", off, timeout=60) is None
    assert headband.band_text(b"%PDF-1.4", "pdf", LIMITS, timeout=0.5) is None


def test_an_unreadable_file_gives_no_band_rather_than_an_error() -> None:
    assert headband.band_text(b"%PDF-1.4 broken", "pdf", LIMITS, timeout=60) is None


def _scan_counting_bands(
    monkeypatch: pytest.MonkeyPatch, data: bytes, name: str, *, candidate: bool
) -> tuple[int, object, int]:
    """Scan `data`; how many times page 1's band was rendered and how many times PP-OCR read it."""
    renders: list[str] = []
    pp_reads: list[str] = []
    real_render, real_pp = pdf.header_band, ppocr.read_lines

    def rendering(*args: object, **kw: object) -> object:
        renders.append(name)
        return real_render(*args, **kw)  # type: ignore[arg-type]

    def reading(*args: object, **kw: object) -> str:
        pp_reads.append(name)
        return real_pp(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "header_band", rendering)
    monkeypatch.setattr(ppocr, "read_lines", reading)
    policy = AddressPolicy.from_config(Config())
    result = document.scan_bytes(data, name, policy, LIMITS, candidate=policy if candidate else None)
    return len(renders), result, len(pp_reads)


@needs_ocr
@pytest.mark.slow
def test_a_scan_whose_header_was_read_pays_no_second_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    page = HEADER.replace("Số: 245/TB-VP", "Số: 235/TB-VP") + BODY  # no 4: nothing to settle
    data = pdfbuild.build_scanned_pdf([page])
    calls, result, pp_reads = _scan_counting_bands(monkeypatch, data, "thong-bao.pdf", candidate=False)
    assert (calls, pp_reads) == (0, 0)
    assert (result.metadata.number, result.metadata.date) == ("235/TB-VP", "2024-03-12")  # type: ignore[attr-defined]


@needs_ocr
@pytest.mark.slow
def test_a_number_read_with_a_4_is_read_by_pp_once_a_printed_4_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tesseract writes 4 for a handwritten 1 (`reread.correct_fours`): PP-OCR reads the band once, for
    # every policy, and agrees with a printed 4
    data = pdfbuild.build_scanned_pdf([f"{HEADER}{BODY}"])
    calls, result, pp_reads = _scan_counting_bands(monkeypatch, data, "thong-bao.pdf", candidate=True)
    assert (calls, pp_reads) == (1, 1)
    assert (result.metadata.number, result.metadata.date) == ("245/TB-VP", "2024-03-12")  # type: ignore[attr-defined]


@needs_ocr
@pytest.mark.slow
def test_a_scan_with_an_unreadable_number_is_read_again_once_for_all_policies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the number left blank for the hand, as many offices do: the first read finds none
    page = HEADER.replace("Số: 245/TB-VP", "Số: ¤¤ /TB-VP") + BODY
    calls, result, pp_reads = _scan_counting_bands(
        monkeypatch, pdfbuild.build_scanned_pdf([page]), "tb.pdf", candidate=True
    )
    assert calls == 1  # one band rendered, shared by the policy and the candidate
    assert pp_reads == 1  # and read once by PP-OCR, the number still empty after Tesseract's read
    assert result.metadata.number is None  # type: ignore[attr-defined]  # nothing to confirm it by
    assert result.metadata.date == "2024-03-12"  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.skipif(not ppocr.available(), reason="rapidocr / onnxruntime not installed")
def test_pp_ocr_reads_the_band_of_an_image() -> None:
    data = pdfbuild.render_text_png(f"{HEADER}{BODY}")
    lines = headband.Band(data, "image", LIMITS).pp(timeout=60)
    assert lines is not None
    assert "245/TB-VP" in lines  # PP-OCR reads digits and the symbol (it drops most Vietnamese marks)
    assert "2024" in lines


REAL = Path(__file__).parents[2] / "corpus" / "real" / "files"


@needs_ocr
@pytest.mark.slow
@pytest.mark.skipif(not ppocr.available(), reason="rapidocr / onnxruntime not installed")
@pytest.mark.parametrize(
    ("name", "number", "date"),
    [
        # real scans of the corpus' dev split: a Sở's letter whose day was written by hand
        # ("ngày | tháng 10" to Tesseract) and a province's decision whose number was ("Số: ÊŒ /QĐ")
        ("g28-0007.pdf", None, "2017-10-10"),
        ("g53-0006.pdf", "68/QĐ-UBND", None),
    ],
)
def test_handwritten_fields_of_real_scans_are_read_by_the_second_engine(
    name: str, number: str | None, date: str | None
) -> None:
    policy = AddressPolicy.from_config(Config())
    meta = document.scan_bytes((REAL / name).read_bytes(), name, policy, LIMITS).metadata
    assert meta is not None
    if number:
        assert meta.number == number
    if date:
        assert meta.date == date
