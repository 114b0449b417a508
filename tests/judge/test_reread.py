"""A scanned header read twice (`congvu.judge.reread`): the second read fills an empty number or
date only where it agrees with what the first read kept, so it never turns a gap into a wrong value."""

from __future__ import annotations

import pytest

from congvu.judge.header import parse_header
from congvu.judge.reread import confirm, doubt, wanted
from congvu.model import Extraction, Metadata, Segment

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _scan(number_line: str) -> str:
    """Page 1 of a scanned notice as Tesseract returns it: two columns side by side on each line."""
    return (
        f"UBND TỈNH ĐẮK NÔNG {MOTTO}\n"
        "THANH TRA TỈNH Độc lập - Tự do - Hạnh phúc\n"
        f"{number_line}\n"
        "THÔNG BÁO\n"
        "Kết quả kiểm tra việc sử dụng hộp thư điện tử công vụ\n"
        "Căn cứ Kế hoạch số 137/KH-UBND ngày 21/3/2019 của UBND tỉnh Đắk Nông;\n"
    )


def _both(first_line: str, second_line: str) -> Metadata:
    first = _scan(first_line)
    return confirm(parse_header(first), first, _scan(second_line))


@pytest.mark.parametrize(
    ("seen", "read", "expected"),
    [
        ("2£9", "269", 1),  # a stray mark where the first read lost the middle digit
        ("A409", "409", 1),  # one mark glued before the number
        ("409", "409", 0),
        ("Ở32", "334", None),  # a digit both saw differs: the reads disagree
        ("#7", "17", 1),
        ("£#†7", "277", 3),  # one mark dropped, two settled: only the 7 was seen (callers refuse > 1)
        (")", "4", None),  # nothing the first read saw supports the second
        ("&F", "27", None),
        ("6S", "6s", None),  # the second read is no number either
        ("", "12", None),
    ],
)
def test_doubt_counts_what_only_the_second_read_settles(seen: str, read: str, expected: int | None) -> None:
    assert doubt(seen, read) == expected


def test_number_filled_when_the_second_read_agrees_with_the_first() -> None:
    meta = _both(
        "Số:2£9/TB-TTr Đắk Nông, ngày 03 tháng 4 năm 2019",
        "Số:269/TB-TTr Đắk Nông, ngày 03 tháng 4 năm 2019",
    )
    assert (meta.number, meta.date, meta.type_code) == ("269/TB-TTr", "2019-04-03", "TB")


def test_a_mark_glued_before_the_number_is_settled() -> None:
    meta = _both(
        "Số: A409 /TB-VPUBND Đắk Nông, ngày &F tháng 5 năm 2019",
        "Số: 409 /TB-VPUBND Đắk Nông, ngày &¥ tháng 5 năm 2019",
    )
    assert (meta.number, meta.date) == ("409/TB-VPUBND", None)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a handwritten 932: the second read is as sure of 334 as the first was lost
        (
            "Số: Ở32/QĐ-TTg Hà Nội, ngày 15 tháng 5 năm 2025",
            "Số: 334/QĐ-TTg Hà Nội, ngày 15 tháng 5 năm 2025",
        ),
        # nothing but the word "Số" and a mark in the first read: no digit to check against
        (
            "s5 /UBND-VP Krông Nô, ngày) tháng 5 năm 2019",
            "Số: 523 /UBND-VP Krông Nô, ngày 4 tháng 5 năm 2019",
        ),
        # the second read's "number" has a letter in it
        (
            "Số: GŠÁ /SLĐTBXH-VP Đắk Nông, ngày 12 tháng 04 năm 2019",
            "Số: 6S /SLĐTBXH-VP Đắk Nông, ngày 12 tháng 04 năm 2019",
        ),
        # digits glued to a misread "Số": where the number starts is unknown
        (
            "S698 /TTr-CAT-PC04 Lâm Đồng, ngày 24 tháng 10 năm 2025",
            "S62 /TTr-CAT-PC04 Lâm Đồng, ngày 24 tháng 10 năm 2025",
        ),
        # only the last digit seen: the other two would be the second read's word alone
        (
            "Số: £#†7 /TB-UBND Đắk R'lấp, ngày 16 tháng 5 năm 2019",
            "Số: 277 /TB-UBND Đắk R'lấp, ngày 16 tháng 5 năm 2019",
        ),
    ],
    ids=["other-digit", "no-first-digits", "letter", "glued", "too-few-seen"],
)
def test_a_second_read_the_first_does_not_support_leaves_the_number_empty(first: str, second: str) -> None:
    assert _both(first, second).number is None


def test_day_filled_when_one_mark_of_the_first_read_is_settled() -> None:
    meta = _both(
        "Số: 110 /TB-VP Krông Nô, ngày 2Ÿ tháng 12 năm 2018",
        "Số: 110 /TB-VP Krông Nô, ngày 28 tháng 12 năm 2018",
    )
    assert meta.date == "2018-12-28"


@pytest.mark.parametrize(
    ("first_day", "second_day"),
    [("40", "30"), (")", "24"), ("Ack", "12"), ("#Ÿ", "28")],
    ids=["other-digit", "mark", "letters", "two-marks"],
)
def test_day_left_empty_when_the_reads_disagree(first_day: str, second_day: str) -> None:
    meta = _both(
        f"Số: 141 /PKTHT-TH An Phú, ngày {first_day} tháng 5 năm 2022",
        f"Số: 141 /PKTHT-TH An Phú, ngày {second_day} tháng 5 năm 2022",
    )
    assert meta.date is None
    assert meta.number == "141/PKTHT-TH"


def test_a_field_the_first_read_found_is_never_replaced() -> None:
    first = _scan("Số: 146 /QĐ-TTg Hà Nội, ngày #8 tháng 01 năm 2022")
    meta = confirm(parse_header(first), first, _scan("Số: 446 /QĐ-TTg Hà Nội, ngày 28 tháng 01 năm 2022"))
    assert meta.number == "146/QĐ-TTg"
    assert meta.date == "2022-01-28"  # "#8" → "28": one mark settled, the 8 both read


def _extraction(text: str, *, ocr: bool = True) -> Extraction:
    seg = Segment(text, page=1, kind="ocr", ocr=True) if ocr else Segment(text, page=1)
    return Extraction(pages=1, segments=[seg])


def test_wanted_only_for_an_ocrd_header_with_a_field_missing() -> None:
    lost = _scan("Số: £#†7 /TB-UBND Đắk R'lấp, ngày Ab tháng 5 năm 2019")
    whole = _scan("Số: 277 /TB-UBND Đắk R'lấp, ngày 16 tháng 5 năm 2019")
    assert wanted(_extraction(lost), parse_header(lost))
    assert not wanted(_extraction(whole), parse_header(whole))  # nothing to look for
    assert not wanted(_extraction(lost, ocr=False), parse_header(lost))  # a text layer: OCR won't help
    poster = "Lịch tiếp công dân tháng 5\nThứ Hai: Chủ tịch UBND phường"
    assert not wanted(_extraction(poster), parse_header(poster))  # no header to read again
