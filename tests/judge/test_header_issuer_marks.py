"""Issuer names as scans and capital-set headers spell them: the -k syllables of the Central
Highlands' names without their tone ("ĐĂK NÔNG"), and words OCR read without any mark."""

from __future__ import annotations

import pytest

from congvu.judge.header import parse_header
from congvu.judge.issuer import with_page_marks, with_tones

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


@pytest.mark.parametrize(
    ("name", "toned"),
    [
        ("SỞ TÀI CHÍNH TỈNH ĐĂK NÔNG", "SỞ TÀI CHÍNH TỈNH ĐẮK NÔNG"),
        ("UBND TỈNH ĐĂK LĂK", "UBND TỈNH ĐẮK LẮK"),
        ("Ủy ban nhân dân xã Đăk Pơ", "Ủy ban nhân dân xã Đắk Pơ"),
        ("ỦY BAN NHÂN DÂN HUYỆN ĐẮK R'LẤP", "ỦY BAN NHÂN DÂN HUYỆN ĐẮK R'LẤP"),  # already toned
        ("CÔNG AN TỈNH LÂM ĐỒNG", "CÔNG AN TỈNH LÂM ĐỒNG"),
        ("SỞ TƯ PHÁP THÀNH PHỐ ĐÀ NẴNG", "SỞ TƯ PHÁP THÀNH PHỐ ĐÀ NẴNG"),  # -p: sắc or nặng unknown
        ("PHÒNG GD&ĐT HUYỆN KRÔNG BÔNG", "PHÒNG GD&ĐT HUYỆN KRÔNG BÔNG"),
        ("UBND HUYỆN BAK", "UBND HUYỆN BAK"),  # no Vietnamese letter: not ours to respell
    ],
)
def test_toneless_k_syllables_get_their_sac(name: str, toned: str) -> None:
    assert with_tones(name) == toned


def test_header_issuer_of_a_capital_set_dak_nong() -> None:
    text = (
        f"UBND TỈNH ĐĂK NÔNG   {MOTTO.split(chr(10))[0]}\nSỞ TÀI CHÍNH   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 512/STC-QLG   Đăk Nông, ngày 12 tháng 3 năm 2019\n"
    )
    meta = parse_header(text)
    assert meta.issuer is not None and meta.issuer.endswith("ĐẮK NÔNG")
    assert meta.number == "512/STC-QLG"


PAGE = (
    "UBND TINH DAK NONG   CONG HOA XA HOI CHU NGHIA VIET NAM\n"
    "VĂN PHÒNG   Độc lập - Tự do - Hạnh phúc\n"
    "Số: 409 /TB-VPUBND   Đắk Nông, ngày 27 tháng 5 năm 2019\n"
    "THÔNG BÁO\n"
    "Ngày 24 tháng 5 năm 2019, UBND tỉnh Đắk Nông tổ chức kiểm tra; Văn phòng UBND tỉnh thông báo\n"
    "kết luận của Phó Chủ tịch UBND tỉnh Đắk Nông như sau.\n"
)


def test_ocr_words_without_marks_take_the_pages_spelling() -> None:
    assert with_page_marks("VĂN PHÒNG UBND TINH DAK NONG", PAGE) == "VĂN PHÒNG UBND TỈNH ĐẮK NÔNG"
    assert parse_header(PAGE).issuer == "VĂN PHÒNG UBND TỈNH ĐẮK NÔNG"


def test_words_the_page_writes_without_marks_stay() -> None:
    page = "Ủy ban nhân dân huyện An Phú; UBND huyện An Phú; Ủy ban nhân dân huyện Ân Phú\n"
    assert with_page_marks("ỦY BAN NHÂN DÂN HUYỆN AN PHÚ", page) == "ỦY BAN NHÂN DÂN HUYỆN AN PHÚ"
    # "BAN" is a word of its own; a stray "Bân" elsewhere on the page changes nothing
    assert with_page_marks("UY BAN NHAN DAN", "Ủy ban nhân dân xã; ông Ủy Bân") == "ỦY BAN NHÂN DÂN"


def test_no_neighbour_no_change() -> None:
    # "TINH" alone with a different neighbour on the page: no evidence of its spelling here
    assert with_page_marks("THANH TRA TINH", "tình hình thanh tra") == "THANH TRA TINH"
