"""OCR of images (PNG, multi-page TIFF) and the Tesseract wrapper, Vietnamese first."""

from __future__ import annotations

import dataclasses
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from congvu.extract import image, ocr
from congvu.model import ExtractError
from congvu.settings import Limits

sys.path.insert(0, str(Path(__file__).parent))
import pdfbuild

LIMITS = Limits()
ADDRESS = "vanthu.phuonghoaminh@gmail.com"
needs_ocr = pytest.mark.skipif(not pdfbuild.ocr_ready(), reason=pdfbuild.OCR_MISSING)

# A realistic paragraph of a ward notice; OCR quality is measured against it character by character.
PARAGRAPH = (
    "Ủy ban nhân dân phường Hòa Minh thông báo: từ ngày 01 tháng 4 năm 2024,\n"
    "bộ phận tiếp nhận và trả kết quả thủ tục hành chính làm việc vào buổi sáng\n"
    "thứ Bảy hằng tuần. Công dân cần hướng dẫn về hồ sơ đất đai, hộ tịch,\n"
    "chứng thực xin liên hệ trực tiếp tại trụ sở hoặc qua số điện thoại\n"
    f"0236.3731.246, thư điện tử {ADDRESS}."
)


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size in its header: the pixels are never there to decode."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@needs_ocr
@pytest.mark.slow
def test_png_is_ocrd_and_vietnamese_comes_back(record_property: Callable[[str, object], None]) -> None:
    out = image.extract(pdfbuild.render_text_png(PARAGRAPH), LIMITS)
    [seg] = out.segments
    assert (seg.page, seg.kind, seg.ocr, out.ocr_pages, out.pages) == (1, "ocr", True, 1, 1)
    assert ADDRESS in seg.text
    accuracy = 1 - _levenshtein(PARAGRAPH, seg.text) / len(PARAGRAPH)
    record_property("ocr_char_accuracy", round(accuracy, 4))
    print(f"OCR character accuracy: {accuracy:.2%} of {len(PARAGRAPH)} characters")
    assert accuracy >= 0.97


@needs_ocr
@pytest.mark.slow
def test_multipage_tiff_gives_one_segment_per_frame() -> None:
    data = pdfbuild.build_tiff(["Trang thứ nhất: Giấy mời họp", f"Trang thứ hai: liên hệ {ADDRESS}"])
    out = image.extract(data, LIMITS)
    assert out.pages == 2 and out.ocr_pages == 2
    assert [s.page for s in out.segments] == [1, 2]
    assert "Giấy mời họp" in out.segments[0].text
    assert ADDRESS in out.segments[1].text


@needs_ocr
@pytest.mark.slow
def test_ocr_max_pages_applies_to_frames() -> None:
    data = pdfbuild.build_tiff(["Trang một", "Trang hai"])
    out = image.extract(data, dataclasses.replace(LIMITS, ocr_max_pages=1))
    assert out.ocr_pages == 1 and [s.page for s in out.segments] == [1]
    assert out.warnings == ["1 of 2 frames not OCR'd (limits.ocr_max_pages = 1)"]


def test_ocr_disabled_gives_an_empty_extraction_with_a_warning() -> None:
    out = image.extract(pdfbuild.render_text_png("Giấy mời"), dataclasses.replace(LIMITS, ocr_enabled=False))
    assert out.segments == [] and out.ocr_pages == 0
    assert out.warnings == ["OCR disabled: the image was not read"]


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"not an image at all"])
def test_corrupt_image_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError, match="not a readable image"):
        image.extract(data, LIMITS)


def test_truncated_image_is_an_error() -> None:
    png = pdfbuild.render_text_png("Giấy mời họp")
    with pytest.raises(ExtractError, match="damaged image"):
        image.extract(png[: len(png) // 2], LIMITS)


def test_decompression_bomb_is_refused_before_decoding() -> None:
    with pytest.raises(ExtractError, match="image too large"):
        image.extract(_png_header_only(100_000, 100_000), LIMITS)  # beyond Pillow's own limit
    small_memory = dataclasses.replace(LIMITS, max_memory_bytes=256 * 1024 * 1024)
    with pytest.raises(ExtractError, match=r"image is 8000×8000 pixels \(64 megapixels\); the limit is 13"):
        image.extract(_png_header_only(8000, 8000), small_memory)


def test_transparent_image_is_flattened_on_white() -> None:
    img = Image.new("RGBA", (2000, 100), (0, 0, 0, 0))
    img.putpixel((5, 5), (0, 0, 0, 255))
    gray = ocr.prepare(img)
    assert gray.mode == "L" and gray.getpixel((0, 0)) == 255 and gray.getpixel((5, 5)) == 0


def test_red_seal_ink_turns_white_while_black_print_and_blue_ink_stay() -> None:
    img = Image.new("RGB", (2000, 10), (255, 255, 255))
    for x, colour in enumerate([(215, 45, 50), (180, 60, 90), (0, 0, 0), (30, 40, 160), (60, 40, 40)]):
        img.putpixel((x, 9), colour)  # the signature's part of the page
        img.putpixel((x, 0), colour)  # the header band's
    gray = ocr.prepare(img, seal_below=ocr.SEAL_BELOW)
    seal, pinkish, black, blue, dark_brown = (gray.getpixel((x, 9)) for x in range(5))
    assert seal == 255 and pinkish == 255  # the seal's ink, full and faded
    assert black == 0 and blue < 80 and dark_brown < 80  # print, a pen's number, dark ink
    # the header band keeps its plain reading (a register's red stamp around a handwritten number)
    assert gray.getpixel((0, 0)) < 128 and gray.getpixel((1, 0)) < 128
    assert ocr.prepare(img).getpixel((0, 9)) < 128  # only where asked (a header band is not)


def test_small_images_are_upscaled_and_16_bit_scans_keep_their_contrast() -> None:
    assert ocr.prepare(Image.new("L", (600, 400), 255)).size == (1200, 800)
    img16 = Image.new("I;16", (2000, 10), 65535)
    img16.putpixel((0, 0), 20000)
    gray = ocr.prepare(img16)
    assert gray.getpixel((0, 0)) == 78 and gray.getpixel((1, 0)) == 255


def test_clean_text_drops_blank_lines_and_form_feed() -> None:
    assert ocr.clean_text("Ho\u0300a Minh\n\nEmail: a@b.vn  \n\f") == "Hòa Minh\nEmail: a@b.vn"


def test_missing_tesseract_names_the_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda _name: None)
    assert not ocr.tesseract_available()
    with pytest.raises(ExtractError, match="Debian packages: tesseract-ocr tesseract-ocr-vie"):
        ocr.ocr_image(Image.new("L", (10, 10), 255), LIMITS)


@pytest.mark.skipif(not ocr.tesseract_available("eng"), reason="tesseract-ocr not installed")
def test_missing_language_names_its_package() -> None:
    with pytest.raises(ExtractError, match=r"language data xyz \(Debian packages: tesseract-ocr-xyz\)"):
        ocr.ocr_image(Image.new("L", (10, 10), 255), dataclasses.replace(LIMITS, ocr_languages="vie+xyz"))


@needs_ocr
def test_timeout_is_reported_as_ocr_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_binary", lambda: "/bin/sleep")
    monkeypatch.setattr(ocr, "_command", lambda _exe, _langs, _dpi: ["/bin/sleep", "5"])
    with pytest.raises(ocr.OcrTimeout, match="OCR took longer than 1 s"):
        ocr.ocr_image(Image.new("L", (10, 10), 255), LIMITS, timeout=1)
