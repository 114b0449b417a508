"""Telling a real Vietnamese text layer from one that lost or garbled its diacritics."""

from __future__ import annotations

import pytest

from congvu.extract import textlayer

REAL = (
    "Ủy ban nhân dân phường Hòa Minh đề nghị các hộ kinh doanh trên địa bàn phường "
    "nộp hồ sơ bổ sung về bộ phận Một cửa trước ngày 25 tháng 3 năm 2025 để tổng hợp báo cáo."
)
# The same sentence from a scanner whose OCR layer dropped every tone mark.
TONELESS = (
    "Uy ban nhan dan phuong Hoa Minh de nghi cac ho kinh doanh tren dia ban phuong "
    "nop ho so bo sung ve bo phan Mot cua truoc ngay 25 thang 3 nam 2025 de tong hop bao cao."
)
# A font map that puts the marks on the wrong letters.
GARBLED = (
    "Ñy ban nh©n d©n ph­êng Hßa Minh ®Ò nghÞ c¸c hé kinh doanh trªn ®Þa bµn ph­êng "
    "nép hå s¬ bæ sung vÒ bé phËn Mét cöa tr­íc ngµy 25 th¸ng 3 n¨m 2025 ®Ó tæng hîp b¸o c¸o."
)
# An old scanner's OCR that read Vietnamese as if it were English: marks gone, letters misread
# ("ngdy" for "ngày", "thdng" for "tháng", "6" and "[" for marked vowels).
MISREAD = (
    "UBND PHUONG HOA MINH CQNG HoA xA HoI cHU NGHiA vI[T NAM Doc l6p - Tg,do - Hanh phric "
    "Hda Minh, ngdy 05 thdng 09 ndm 2019 THONG BAO vO vi6c n6p h6 so b6 sung cria c6c h0 kinh doanh "
    "trOn dia bdn phudng trudc ngdy 25 thdng 9 ndm 2019 dO t6ng hqp b6o c6o."
)
ENGLISH = (
    "The ward people's committee asks every household business in the ward to send the missing "
    "documents to the one-stop desk before the end of March so that the report can be completed."
)


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        (REAL, False),
        (TONELESS, True),
        (GARBLED, True),
        (MISREAD, True),
        (ENGLISH, False),
        ("Uy ban nhan dan", False),
    ],
    ids=["real", "toneless", "garbled", "misread", "english", "too-short"],
)
def test_is_broken(text: str, broken: bool) -> None:
    assert textlayer.is_broken(text) is broken


def test_an_ocr_reading_replaces_the_layer_only_when_clearly_better() -> None:
    assert textlayer.better(REAL, TONELESS)
    assert textlayer.better(REAL, GARBLED)
    assert textlayer.better(REAL, MISREAD)
    assert not textlayer.better(TONELESS, REAL)
    assert not textlayer.better(TONELESS, TONELESS)  # OCR as toneless as the layer: keep the layer
