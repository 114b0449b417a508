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


def test_a_number_goes_beside_so_not_before_the_other_columns_date() -> None:
    """fresh-17's g32-0014 (a ministry department's e-signed letter): the number stamped right after
    "Số:" has the right column's "Hà Nội, ngày …" to its right on the same row, lines further down
    in the text. Put before the nearest character to its right, it read "638/TTCS-TTTH Hà Nội" and
    the header had no number; beside the nearer "Số:", it has."""
    left = ["CỤC THÔNG TIN CƠ SỞ", "Số:", "V/v rà soát số liệu đài truyền thanh"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hà Nội, ngày 19 tháng 7 năm 2023", "Kính gửi: các Sở"]
    data = pdfbuild.add_stamps(
        pdfbuild.build_two_column_pdf(left, right), [("Số:", "638/TTCS-TTTH")], after=True
    )
    lines = _page_text(data).split("\n")
    assert lines[1] == "Số: 638/TTCS-TTTH"
    assert parse_header("\n".join(lines)).number == "638/TTCS-TTTH"


def test_boxes_that_overlap_keep_each_stamps_own_digits() -> None:
    """g32-0014 again: the month's box reached over the year's first digit, the digit was read as
    the month's too ("07 2"), which pushed the month's middle past "nă" and split the word ("nă
    07 2 m 2023"); each character now belongs to the box whose middle is nearest."""
    header = HEADER.replace("ngày          tháng 4 năm", "ngày          tháng          năm")
    data = pdfbuild.add_stamps(
        pdfbuild.build_text_pdf([header]), [("tháng", "09"), ("năm", "04")], spare=62.0
    )
    lines = _page_text(data).split("\n")
    assert lines[2] == "Hòa Minh, ngày 09 tháng 04 năm 2025"


def test_one_box_for_day_and_month_is_cut_around_thang() -> None:
    """fresh-24's Hà Tĩnh and Thanh Hóa decisions: one widget holds the day and the month, "19" and
    "02", with the printed word "tháng" between them. Put in one place as "19 02", it split the word
    ("ngày thá 19 02 ng năm 2025") and the date was lost; cut where the page's text lies between
    them, each piece goes to its own blank."""
    header = HEADER.replace("ngày          tháng 4 năm", "ngày          tháng          năm")
    data = pdfbuild.add_stamps(
        pdfbuild.build_text_pdf([header]), [("tháng", "19"), ("năm", "02")], joint=True
    )
    lines = _page_text(data).split("\n")
    assert lines[2] == "Hòa Minh, ngày 19 tháng 02 năm 2025"
    assert parse_header("\n".join(lines)).date == "2025-02-19"


def test_a_box_two_lines_high_keeps_its_stamp_on_its_own_line() -> None:
    """fresh-24's Lạng Sơn decision: the number's box reaches over the line above (the issuer's
    second line beside the motto); the number belongs beside "Số:" on its own line, measured from
    its characters, not next to a character of the line above that the box also covers."""
    data = pdfbuild.add_stamps(
        pdfbuild.build_text_pdf([HEADER]), [("/UBND-VP", "431")], rise=14.0, spare=80.0
    )
    lines = _page_text(data).split("\n")
    assert lines[0] == HEADER.split("\n")[0]
    assert lines[1] == "Số: 431 /UBND-VP"


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
