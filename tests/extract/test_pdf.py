"""PDF extraction: exact text per page from the text layer, OCR only where there is none."""

from __future__ import annotations

import dataclasses
import io
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from congvu.extract import extract as extract_file
from congvu.extract import format_for, ocr, pdf, sniff
from congvu.judge.signer import find_signer
from congvu.model import ExtractError
from congvu.settings import Limits

sys.path.insert(0, str(Path(__file__).parent))
import pdfbuild

pytestmark = pytest.mark.skipif(not pdfbuild.have_font(), reason=pdfbuild.FONT_MISSING)
needs_ocr = pytest.mark.skipif(
    not ocr.tesseract_available(),
    reason="tesseract with Vietnamese data not installed (Debian: tesseract-ocr tesseract-ocr-vie)",
)

LIMITS = Limits()
ADDRESS = "vanphong.hoakhanhnam@gmail.com"

CONG_VAN = [
    "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU\n"
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH NAM\n"
    "Số: 215/UBND-VP\n"
    "V/v tiếp nhận hồ sơ đăng ký hộ kinh doanh\n"
    "Hòa Khánh Nam, ngày 12 tháng 3 năm 2024\n"
    "Kính gửi: Các hộ kinh doanh trên địa bàn phường.\n"
    "Thực hiện Kế hoạch số 48/KH-UBND của UBND quận Liên Chiểu,\n"
    "UBND phường đề nghị các hộ kinh doanh gửi hồ sơ bổ sung trước ngày 25/3/2024.",
    "Hồ sơ gồm: đơn đề nghị, bản sao giấy chứng nhận đăng ký hộ kinh doanh,\n"
    "bản sao căn cước công dân của chủ hộ và hợp đồng thuê mặt bằng (nếu có).\n"
    "Mọi thắc mắc xin liên hệ bộ phận Một cửa, số điện thoại 0236.3842.115.",
    "Nơi nhận:\n"
    "- Như trên;\n"
    "- UBND quận (b/c);\n"
    "- Lưu: VT, VP.\n"
    "TM. ỦY BAN NHÂN DÂN\n"
    "CHỦ TỊCH\n"
    "Trần Thị Mỹ Hạnh",
]
FOOTERS = [f"Email: {ADDRESS}", "", "Trang 3/3"]
NOTICE = f"THÔNG BÁO\nUBND phường Hòa Khánh Nam thông báo lịch tiếp công dân.\nLiên hệ: {ADDRESS}"


@pytest.fixture(scope="module")
def cong_van() -> bytes:
    return pdfbuild.build_text_pdf(CONG_VAN, footers=FOOTERS, links={1: [f"mailto:{ADDRESS}"]})


def test_text_layer_gives_exact_text_per_page_without_ocr(cong_van: bytes) -> None:
    out = pdf.extract(cong_van, LIMITS)
    body = [s for s in out.segments if s.kind == "body"]
    assert out.pages == 3
    assert out.ocr_pages == 0
    assert [s.page for s in body] == [1, 2, 3]
    assert body[0].text == CONG_VAN[0] + "\nEmail: " + ADDRESS
    assert body[1].text == CONG_VAN[1]
    assert body[2].text == CONG_VAN[2] + "\nTrang 3/3"
    assert all(s.line == 1 and not s.ocr and "\r" not in s.text for s in body)


def test_mailto_link_becomes_a_link_segment_on_its_line(cong_van: bytes) -> None:
    links = [s for s in pdf.extract(cong_van, LIMITS).segments if s.kind == "link"]
    # The link covers the footer line, line 9 of page 1's text.
    assert links == [pdf.Segment(f"mailto:{ADDRESS}", page=1, line=9, kind="link")]


def test_owner_password_only_pdf_is_still_read() -> None:
    data = pdfbuild.build_text_pdf(CONG_VAN[:1], owner_password="chi-doc")
    assert pdf.extract(data, LIMITS).segments[0].text == CONG_VAN[0]


def test_user_password_pdf_is_refused() -> None:
    data = pdfbuild.build_text_pdf(CONG_VAN[:1], owner_password="o", user_password="matkhau")
    with pytest.raises(ExtractError, match=r"^encrypted PDF \(password required\)$"):
        pdf.extract(data, LIMITS)


@pytest.mark.parametrize("cut", [200, 0.5])
def test_truncated_pdf_is_an_error(cong_van: bytes, cut: float) -> None:
    size = int(cut) if cut > 1 else int(len(cong_van) * cut)
    with pytest.raises(ExtractError, match="unreadable PDF"):
        pdf.extract(cong_van[:size], LIMITS)


def test_bytes_before_the_pdf_header_are_tolerated_as_pdf_readers_do(cong_van: bytes) -> None:
    # A real scanner's e-signed decision (corpus g45-0008) carries 21 bytes before "%PDF-1.3":
    # Acrobat, pdfium and poppler look for the header in the first 1024 bytes, and so does congvu.
    fmt = format_for("339-QD-UBND.pdf")
    assert fmt is not None
    junk = bytes.fromhex("75ab5a01aa6996271ab62a27fe975f01b6ac7bae00")
    body = [s for s in extract_file(junk + cong_van, fmt, LIMITS).segments if s.kind == "body"]
    assert body[0].text.startswith("ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU")
    assert sniff(junk + cong_van) is fmt
    with pytest.raises(ExtractError, match=r"^not a valid PDF file$"):
        extract_file(b"\0" * 1024 + cong_van, fmt, LIMITS)


@needs_ocr
def test_red_seal_over_the_signature_block_is_read_through() -> None:
    # A scanned decision's round red seal lies over the signer's title and name (corpus
    # g45-0005). In plain grayscale it is as dark as the print and Tesseract loses the block.
    text = (
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Xây dựng chịu\n"
        "trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:" + " " * 50 + "KT. CHỦ TỊCH\n"
        "- Như Điều 3;" + " " * 43 + "PHÓ CHỦ TỊCH\n"
        "- Cục KSTTHC, VPCP (để b/c);\n"
        "- CT, các PCT UBND tỉnh;\n"
        "- Lưu: VT, KSTTHC." + " " * 37 + "Huỳnh Hữu Trí\n"
    )
    printed = pdfbuild.render_text_image(text).convert("RGB")
    seal = Image.new("RGB", printed.size, "white")
    draw = ImageDraw.Draw(seal)
    cx, cy, r = int(printed.width * 0.66), int(printed.height * 0.62), int(printed.height * 0.30)
    red = (215, 45, 50)
    for k in range(30):  # the ring
        draw.ellipse((cx - r + k, cy - r + k, cx + r - k, cy + r - k), outline=red)
    draw.ellipse((cx - r // 3, cy - r // 3, cx + r // 3, cy + r // 3), fill=red)  # the emblem
    draw.line((cx - r, cy + r // 2, cx + r, cy - r // 2), fill=red, width=25)  # the signature's stroke
    page = ImageChops.darker(seal, printed)  # print stays dark over the red ink, as on paper
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=300.0)
    out = pdf.extract(buf.getvalue(), LIMITS)
    read = "\n".join(s.text for s in out.segments)
    assert "PHÓ CHỦ TỊCH" in read and "Huỳnh Hữu Trí" in read
    assert find_signer(read.split("\n")) == "Huỳnh Hữu Trí"


def test_ten_thousand_pages_are_refused_fast() -> None:
    data = pdfbuild.build_blank_pdf(10_000)
    start = time.perf_counter()
    with pytest.raises(ExtractError, match=r"^PDF has 10000 pages; the limit is 2000 \(limits.max_pages\)$"):
        pdf.extract(data, LIMITS)
    assert time.perf_counter() - start < 0.5


def test_embedded_files_become_attachments() -> None:
    inner = b"Email: vanthu.lienchieu@yahoo.com"
    data = pdfbuild.build_text_pdf(CONG_VAN[:1], files={"phu-luc.txt": inner})
    out = pdf.extract(data, LIMITS)
    assert [(a.name, a.data) for a in out.attachments] == [("phu-luc.txt", inner)]


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        ("Số: 215/UBND-VP ngày 12/3/2024", True),
        ("Trang 1", False),  # too little text: a scan with a page number
        ("\ufffd" * 40, False),  # glyphs without a Unicode mapping
        ("\x01\x02\x03\x04" * 10 + "abc", False),
        ("  \n  ", False),
    ],
)
def test_text_is_usable(text: str, usable: bool) -> None:
    assert pdf.text_is_usable(text) is usable


def test_clean_text_normalises_line_breaks_and_nfc() -> None:
    raw = "Ho\u0300a Kha\u0301nh Nam  \r\n\r\nLiên Chiểu\r\n"
    assert pdf.clean_text(raw) == "Hòa Khánh Nam\nLiên Chiểu"


def test_scanned_pages_are_skipped_with_a_warning_when_ocr_is_off() -> None:
    data = pdfbuild.build_scanned_pdf([NOTICE, NOTICE])
    out = pdf.extract(data, dataclasses.replace(LIMITS, ocr_enabled=False))
    assert out.segments == [] and out.ocr_pages == 0
    assert out.warnings == ["2 page(s) without a text layer not OCR'd (OCR disabled): pages 1, 2"]


@needs_ocr
@pytest.mark.slow
def test_scanned_pdf_is_ocrd() -> None:
    out = pdf.extract(pdfbuild.build_scanned_pdf([NOTICE]), LIMITS)
    assert out.ocr_pages == 1
    [seg] = out.segments
    assert (seg.page, seg.kind, seg.ocr) == (1, "ocr", True)
    assert ADDRESS in seg.text
    for word in ("THÔNG BÁO", "Hòa Khánh Nam", "tiếp công dân", "Liên hệ"):
        assert word in seg.text


@needs_ocr
@pytest.mark.slow
def test_mixed_pdf_ocrs_only_the_scanned_page() -> None:
    data = pdfbuild.build_mixed_pdf([("text", CONG_VAN[1]), ("scan", NOTICE)])
    out = pdf.extract(data, LIMITS)
    assert out.ocr_pages == 1
    assert [(s.page, s.kind, s.ocr) for s in out.segments] == [(1, "body", False), (2, "ocr", True)]
    assert out.segments[0].text == CONG_VAN[1]
    assert ADDRESS in out.segments[1].text


@needs_ocr
@pytest.mark.slow
def test_scan_with_a_stamp_of_real_text_is_still_ocrd() -> None:
    out = pdf.extract(pdfbuild.build_mixed_pdf([("scan", NOTICE)], stamp="Scanned by CamScanner"), LIMITS)
    assert out.ocr_pages == 1
    assert ADDRESS in out.segments[0].text


@needs_ocr
@pytest.mark.slow
def test_ocr_max_pages_caps_ocr_and_says_so() -> None:
    data = pdfbuild.build_scanned_pdf([NOTICE, "Trang 2", "Trang 3"])
    out = pdf.extract(data, dataclasses.replace(LIMITS, ocr_max_pages=1))
    assert out.ocr_pages == 1
    assert {s.page for s in out.segments} == {1}
    assert out.warnings == [
        "2 page(s) without a text layer not OCR'd (limits.ocr_max_pages = 1 reached): pages 2, 3"
    ]


def test_legacy_tcvn3_text_layer_is_converted() -> None:
    legacy_vn = pytest.importorskip("congvu.extract.legacy_vn", reason="legacy_vn not present")
    to_tcvn3 = {char: chr(code) for code, char in legacy_vn.TCVN3_BYTES.items()}
    line = "Ủy ban nhân dân phường Hòa Khánh Nam đề nghị các hộ kinh doanh nộp hồ sơ"
    gibberish = "".join(to_tcvn3.get(ch, ch) for ch in line.lower())  # as typed in .VnTime
    assert gibberish != line.lower()
    out = pdf.extract(pdfbuild.build_text_pdf([gibberish]), LIMITS)
    assert out.segments[0].text == line.lower()


def test_blank_pages_are_not_sent_to_ocr() -> None:
    out = pdf.extract(pdfbuild.build_blank_pdf(3), LIMITS)
    assert (out.pages, out.ocr_pages, out.segments, out.warnings) == (3, 0, [], [])


def test_ocr_stops_early_enough_to_judge_what_was_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long scan loses its last pages to the time limit, never its first (the header): OCR
    starts no page after its share of limits.max_seconds, so the runner's per-file alarm (which
    throws away everything read) does not go off during reading."""
    read: list[float] = []

    def slow_ocr(
        image: object, limits: Limits, *, dpi: int | None = None, timeout: float | None = None, **_: object
    ) -> str:
        time.sleep(0.25)
        read.append(time.monotonic())
        return f"Trang {len(read)}: Ủy ban nhân dân phường Hòa Minh"

    monkeypatch.setattr(ocr, "ocr_image", slow_ocr)
    limits = dataclasses.replace(LIMITS, max_seconds=2.5)
    started = time.monotonic()
    out = pdf.extract(pdfbuild.build_scanned_pdf([f"Trang {n}" for n in range(1, 11)], dpi=100), limits)
    assert time.monotonic() - started < limits.max_seconds * ocr.OCR_SHARE
    assert 1 <= out.ocr_pages < 10
    assert out.segments[0].page == 1 and out.segments[0].text.startswith("Trang 1:")
    [warning] = out.warnings
    assert "time limit reached (limits.max_seconds)" in warning


LAYER_IMAGE = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\n"
    "Số: 128/TB-UBND\n"
    "Hòa Minh, ngày 14 tháng 5 năm 2025\n"
    "THÔNG BÁO\n"
    "Về việc tiếp nhận hồ sơ đăng ký hộ kinh doanh\n"
    "Ủy ban nhân dân phường đề nghị các hộ kinh doanh\n"
    "nộp hồ sơ bổ sung tại bộ phận Một cửa của phường."
)
LAYER_TONELESS = (
    "UY BAN NHAN DAN PHUONG HOA MINH\n"
    "So: 128/TB-UBND\n"
    "Hoa Minh, ngay 14 thang 5 nam 2025\n"
    "THONG BAO\n"
    "Ve viec tiep nhan ho so dang ky ho kinh doanh\n"
    "Uy ban nhan dan phuong de nghi cac ho kinh doanh\n"
    "nop ho so bo sung tai bo phan Mot cua cua phuong."
)


@needs_ocr
@pytest.mark.slow
def test_text_layer_without_diacritics_is_read_again_by_ocr() -> None:
    """A scanner's OCR layer that lost every tone mark: page 1 (the header) is OCR'd instead."""
    out = pdf.extract(pdfbuild.build_invisible_layer_pdf(LAYER_IMAGE, LAYER_TONELESS, dpi=200), LIMITS)
    [seg] = [s for s in out.segments if s.page == 1]
    assert (seg.kind, seg.ocr, out.ocr_pages) == ("ocr", True, 1)
    assert "PHƯỜNG HÒA MINH" in seg.text and "Hòa Minh, ngày 14 tháng 5 năm 2025" in seg.text
    assert out.warnings == ["page 1: the text layer is not readable Vietnamese; OCR'd instead"]


PAGE2_IMAGE = (
    "1. Các cơ quan, đơn vị thực hiện báo cáo giá thị trường\n"
    "theo định kỳ hằng tháng, quý và năm theo quy định.\n"
    "2. Các đơn vị gửi báo cáo giá thị trường\n"
    "bằng văn bản và file mềm vào địa chỉ thư điện tử\n"
    "phongvatgia.hoaminh@gmail.com để Phòng Tài chính\n"
    "kịp thời tổng hợp, báo cáo Ủy ban nhân dân phường."
)
PAGE2_GARBLED = (
    "1. Cac co quan, don vi thuc hiên bao cao gia thj tru&ng\n"
    "theo djnh ky hang thang, qu9 va nam theo quy djnh.\n"
    "2. Cac don vi gui bao cao gia thi truong\n"
    "bang van ban va file mem vao dja chi thu din tCr\n"
    "phongvatgiahoaminhKagmail corn de Phong Tai chInh\n"
    "kjp thoi tong hop, bao cao Uy ban nhan dan phuong."
)


@needs_ocr
@pytest.mark.slow
def test_later_pages_of_a_misread_layer_are_read_again() -> None:
    """fresh-24's g52-0016: a province's letter whose scanner OCR garbled every page; page 1 was
    read again, but the gmail on page 2 stayed "giaconsanbrvKãgmail.com" in the layer and was never
    found. Once page 1's layer proved a misreading, a later page whose layer is no Vietnamese
    either is OCR'd too."""
    data = pdfbuild.build_invisible_layer_pdf(
        LAYER_IMAGE, LAYER_TONELESS, dpi=200, more=[(PAGE2_IMAGE, PAGE2_GARBLED)]
    )
    out = pdf.extract(data, LIMITS)
    [page2] = [s for s in out.segments if s.page == 2]
    assert (page2.kind, page2.ocr, out.ocr_pages) == ("ocr", True, 2)
    assert "phongvatgia.hoaminh@gmail.com" in page2.text
    assert out.warnings[1] == "page 2: the text layer is not readable Vietnamese; OCR'd instead"


@needs_ocr
@pytest.mark.slow
def test_a_good_first_layer_leaves_later_pages_alone() -> None:
    """Only page 1 is checked unless its layer was misread: a real layer on page 1 says the
    scanner's OCR is sound, and a page 2 of tables or English is not OCR'd for nothing."""
    data = pdfbuild.build_invisible_layer_pdf(
        LAYER_IMAGE, LAYER_IMAGE, dpi=150, more=[(PAGE2_IMAGE, PAGE2_GARBLED)]
    )
    out = pdf.extract(data, LIMITS)
    assert out.ocr_pages == 0
    assert [s.kind for s in out.segments] == ["body", "body"]


def test_text_layer_without_diacritics_is_kept_when_ocr_is_off() -> None:
    data = pdfbuild.build_invisible_layer_pdf(LAYER_IMAGE, LAYER_TONELESS, dpi=100)
    out = pdf.extract(data, dataclasses.replace(LIMITS, ocr_enabled=False))
    [seg] = out.segments
    assert (seg.kind, seg.text, out.ocr_pages, out.warnings) == ("body", LAYER_TONELESS, 0, [])


def test_a_scan_that_outlasts_the_time_limit_keeps_its_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end through the runner: pages of 1.5 s OCR each and a 3 s limit. Before, page 2 was
    started at 1.5 s with 1.5 s to go, the per-file alarm went off inside it, and the file came
    back as an error without number, date or issuer; now OCR stops in time and page 1 is judged."""
    from congvu.scan.runner import scan_paths
    from congvu.settings import load_config

    header = "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: 128/TB-UBND\nHòa Minh, ngày 14 tháng 5 năm 2025\nTHÔNG BÁO"

    def slow_ocr(
        image: object, limits: Limits, *, dpi: int | None = None, timeout: float | None = None, **_: object
    ) -> str:
        if timeout is not None and timeout < 1.5:
            time.sleep(timeout)
            raise ocr.OcrTimeout(f"OCR took longer than {timeout:.0f} s (limits.max_seconds)")
        time.sleep(1.5)
        return header

    monkeypatch.setattr(ocr, "ocr_image", slow_ocr)  # the runner's workers fork with it
    scan = tmp_path / "thong-bao-scan.pdf"
    scan.write_bytes(pdfbuild.build_scanned_pdf(["Trang 1", "Trang 2", "Trang 3"], dpi=100))
    [result] = scan_paths([scan], load_config(environ={"CONGVU_LIMITS_MAX_SECONDS": "3"}), workers=1)
    assert result.status == "ok", result.error
    assert (result.metadata.number, result.metadata.date) == ("128/TB-UBND", "2025-05-14")
    assert any("not OCR'd" in w and "pages 2, 3" in w for w in result.warnings)
