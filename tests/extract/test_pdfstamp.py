"""Numbers and days stamped into a PDF by annotations (e-signature stamps) come back in the text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from congvu.extract import pdf
from congvu.judge.document import judge
from congvu.judge.header import parse_header
from congvu.settings import Limits

sys.path.insert(0, str(Path(__file__).parent))
import pdfbuild

sys.path.insert(0, str(Path(__file__).parents[1] / "judge"))
from judgekit import make_policy

pytestmark = pytest.mark.skipif(not pdfbuild.have_font(), reason=pdfbuild.FONT_MISSING)

HEADER = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\n"
    "Số:            /UBND-VP\n"
    "Hòa Minh, ngày          tháng 4 năm 2025\n"
    "V/v rà soát hộ kinh doanh trên địa bàn phường\n"
    "Kính gửi: Các tổ dân phố"
)


def _page_text(data: bytes) -> str:
    [seg] = [s for s in pdf.extract(data, Limits()).segments if s.kind == "body"]
    return seg.text


def test_blank_number_and_day_read_without_the_stamps() -> None:
    text = _page_text(pdfbuild.build_text_pdf([HEADER]))
    meta = parse_header(text)
    assert (meta.number, meta.date) == ("/UBND-VP", None)


def test_stamped_number_and_day_are_put_back_in_their_lines() -> None:
    data = pdfbuild.add_stamps(pdfbuild.build_text_pdf([HEADER]), [("/UBND-VP", "215"), ("tháng 4", "09")])
    text = _page_text(data)
    lines = text.split("\n")
    assert lines[1] == "Số: 215 /UBND-VP"
    assert lines[2] == "Hòa Minh, ngày 09 tháng 4 năm 2025"
    assert len(lines) == len(HEADER.split("\n"))  # no stamp left over at the page's end
    meta = parse_header(text)
    assert (meta.number, meta.date) == ("215/UBND-VP", "2025-04-09")


def test_a_stamp_in_a_box_wider_than_its_text_goes_where_its_text_is() -> None:
    """A real e-signed công văn (VNNIC 2495, corpus item g20-0007): the number's box ran from
    "Số:" to past "/VNNIC", the day's and month's boxes over "tháng" and "năm". Placed by the
    box's middle, the text read "Số: /VNNIC … 2495 Hà Nội, ngày th 22 áng n 07 ăm 2024" and the
    header had neither number nor date; placed by the stamped characters' own middle, both."""
    stamped = [("/UBND-VP", "215"), ("tháng 4", "09")]
    data = pdfbuild.add_stamps(pdfbuild.build_text_pdf([HEADER]), stamped, spare=60.0)
    lines = _page_text(data).split("\n")
    assert lines[1] == "Số: 215 /UBND-VP"
    assert lines[2] == "Hòa Minh, ngày 09 tháng 4 năm 2025"
    meta = parse_header("\n".join(lines))
    assert (meta.number, meta.date) == ("215/UBND-VP", "2025-04-09")


def test_a_long_stamp_such_as_a_signature_caption_is_kept_apart_from_the_text() -> None:
    caption = "Ky boi: UBND phuong Hoa Minh; email: vanthu.hoaminh@gmail.com"
    data = pdfbuild.add_stamps(
        pdfbuild.build_text_pdf([HEADER]), [("/UBND-VP", "215"), ("Kính gửi", caption)]
    )
    text = _page_text(data)
    assert "Số: 215 /UBND-VP" in text
    assert "gmail" not in text and "Ky boi" not in text
    # ... but read, as the page's e-signature caption (corpus g40: ttcbth@quangngai.gov.vn)
    out = pdf.extract(data, Limits())
    assert [(s.kind, s.page, s.text) for s in out.segments if s.kind == "signature"] == [
        ("signature", 1, caption)
    ]
    judged = judge(out, make_policy())
    (f,) = judged.findings
    assert (f.address, f.rule, f.contact_point, f.cue, f.kind) == (
        "vanthu.hoaminh@gmail.com",
        "DOC-002",
        False,
        "e-signature",
        "signature",
    )
    assert "e-signature stamp" in f.reason and judged.verdict == "review"


def test_a_page_whose_stamps_cannot_be_read_keeps_its_own_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from congvu.extract import pdfstamp

    def broken(*_args: object) -> tuple[str, list[str]]:
        raise pdf.pdfium.PdfiumError("Failed to flatten page")

    monkeypatch.setattr(pdfstamp, "splice_stamps", broken)
    data = pdfbuild.add_stamps(pdfbuild.build_text_pdf([HEADER]), [("/UBND-VP", "215")])
    out = pdf.extract(data, Limits())
    assert out.segments[0].text.startswith("ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: /UBND-VP")
    assert out.warnings == ["page 1: stamped annotations not read: Failed to flatten page"]
