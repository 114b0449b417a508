"""The header band of a scanned page 1, OCR'd a second time (`congvu.extract.headband`), and the
scan asking for it only when the first read lost the number or date (`congvu.scan.document`)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from congvu.classify import AddressPolicy
from congvu.extract import headband
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
) -> tuple[int, object]:
    calls: list[str] = []
    real = headband.band_text

    def counting(*args: object, **kw: object) -> str | None:
        calls.append(name)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(headband, "band_text", counting)
    policy = AddressPolicy.from_config(Config())
    result = document.scan_bytes(data, name, policy, LIMITS, candidate=policy if candidate else None)
    return len(calls), result


@needs_ocr
@pytest.mark.slow
def test_a_scan_whose_header_was_read_pays_no_second_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    data = pdfbuild.build_scanned_pdf([f"{HEADER}{BODY}"])
    calls, result = _scan_counting_bands(monkeypatch, data, "thong-bao.pdf", candidate=False)
    assert calls == 0
    assert (result.metadata.number, result.metadata.date) == ("245/TB-VP", "2024-03-12")  # type: ignore[attr-defined]


@needs_ocr
@pytest.mark.slow
def test_a_scan_with_an_unreadable_number_is_read_again_once_for_all_policies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the number left blank for the hand, as many offices do: the first read finds none
    page = HEADER.replace("Số: 245/TB-VP", "Số: ¤¤ /TB-VP") + BODY
    calls, result = _scan_counting_bands(
        monkeypatch, pdfbuild.build_scanned_pdf([page]), "tb.pdf", candidate=True
    )
    assert calls == 1  # one band read, shared by the policy and the candidate
    assert result.metadata.number is None  # type: ignore[attr-defined]  # nothing to confirm it by
    assert result.metadata.date == "2024-03-12"  # type: ignore[attr-defined]
