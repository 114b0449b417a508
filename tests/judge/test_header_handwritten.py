"""Scanned headers whose number and day were filled in by hand: OCR reads the handwriting as stray
marks, and the header must then say "unknown", never a wrong number or a date taken from the body."""

from __future__ import annotations

import pytest

from congvu.judge.header import parse_header

MOTTO_LINE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _scan(number_line: str, body: str = "") -> str:
    return (
        f"UBND QUẬN LIÊN CHIỂU {MOTTO_LINE}\n"
        "VĂN PHÒNG Độc lập - Tự do - Hạnh phúc\n"
        f"{number_line}\n"
        "THÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND quận tại buổi kiểm tra việc sử dụng hộp thư công vụ\n"
        f"{body}"
    )


@pytest.mark.parametrize(
    "day",
    ["&F", ")", "Ack", "#Ÿ", "Ab", "234", "40"],
    ids=["ampersand", "paren", "letters", "hash", "two-letters", "three-digits", "no-such-day"],
)
def test_unreadable_day_gives_no_date_and_no_body_date(day: str) -> None:
    text = _scan(
        f"Số: 409 /TB-VP Liên Chiểu, ngày {day} tháng 5 năm 2019",
        "Ngày 24 tháng 5 năm 2019, Ủy ban nhân dân quận tổ chức kiểm tra tại phường Hòa Minh.\n"
        "Hạn báo cáo ngày 07/6/2019.\n",
    )
    meta = parse_header(text)
    assert meta.date is None  # the day is unknown: neither "24 tháng 5" nor "07/6" of the body
    assert meta.place == "Liên Chiểu"
    assert meta.number == "409/TB-VP"


def test_glued_paren_day_without_space() -> None:
    meta = parse_header(_scan("Số: 808 /UBND-VP Liên Chiểu, ngày) tháng 5 năm 2019", "ngày 07/6/2019.\n"))
    assert meta.date is None


def test_readable_handwritten_day_still_read() -> None:
    assert parse_header(_scan("Số: 409 /TB-VP Liên Chiểu, ngày 27 tháng 5 năm 2019")).date == "2019-05-27"
    assert parse_header(_scan("Số: 409 /TB-VP Liên Chiểu, ngày27tháng 5 năm 2019")).date == "2019-05-27"
    # OCR's o/l for 0/1 inside a printed date are still read
    assert parse_header(_scan("Số: 409 /TB-VP Liên Chiểu, ngày 1o tháng l2 năm 2019")).date == "2019-12-10"


def test_blank_day_of_a_draft_is_no_date_either() -> None:
    meta = parse_header(
        _scan("Số:      /TB-VP Liên Chiểu, ngày      tháng 5 năm 2019", "Ngày 24 tháng 5 năm 2019 …\n")
    )
    assert meta.date is None
    assert meta.number == "/TB-VP"


@pytest.mark.parametrize(
    "line",
    [
        "S698 /TTr-CAT-PC04 Liên Chiểu, ngày 24 tháng 10 năm 2025",  # "Số298": 2 or 6 or 98?
        "S0512/UBND-VP Liên Chiểu, ngày 24 tháng 10 năm 2025",
        "S 645 /QĐ-UBND Liên Chiểu, ngày 24 tháng 10 năm 2025",
        "Số: Ở32/QĐ-TTg Liên Chiểu, ngày 24 tháng 10 năm 2025",  # a handwritten 9 read as "Ở"
    ],
)
def test_digits_glued_to_a_misread_so_are_no_number_at_all(line: str) -> None:
    """Half a number ("/TTr-CAT-PC04") is worse than none: the digits were written, only not read."""
    meta = parse_header(_scan(line))
    assert meta.number is None
    assert meta.date == "2025-10-24"


def test_unread_digits_still_restated_by_an_appendix_with_the_same_symbol() -> None:
    from congvu.judge.header import read_header, with_restated_number

    first = _scan("S698 /TTr-CAT-PC04 Liên Chiểu, ngày 24 tháng 10 năm 2025")
    meta, unread = read_header(first)
    assert (meta.number, unread) == (None, "/TTr-CAT-PC04")
    appendix = "(Kèm theo Tờ trình số 298/TTr-CAT-PC04 ngày 24/10/2025 của Công an quận)"
    other = "(Kèm theo Tờ trình số 77/TTr-UBND ngày 24/10/2025 của Ủy ban nhân dân quận)"
    assert with_restated_number(meta, first, f"{first}\n{other}", unread).number is None
    assert with_restated_number(meta, first, f"{first}\n{appendix}", unread).number == "298/TTr-CAT-PC04"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 298 /TTr-CAT-PC04", "298/TTr-CAT-PC04"),
        ("Số 45/UBND-VP", "45/UBND-VP"),
        ("S6: 45/UBND-VP", "45/UBND-VP"),  # "ố" read as 6, but the colon says where the number starts
        ("Sô 45/UBND-VP", "45/UBND-VP"),
        ("S6 45/UBND-VP", "45/UBND-VP"),  # a space between the word and the number
    ],
)
def test_readable_numbers_unchanged(line: str, number: str) -> None:
    assert parse_header(_scan(f"{line} Liên Chiểu, ngày 24 tháng 10 năm 2025")).number == number


@pytest.mark.parametrize(
    ("date_words", "iso"),
    [
        ("ngày 1 7 tháng 01 năm 2022", "2022-01-17"),  # a scan's wide spacing split the day
        ("ngày 25 tháng 1 2 năm 2023", "2023-12-25"),  # ... or the month
        ("ngày 7 tháng 01 năm 2022", "2022-01-07"),
    ],
)
def test_day_or_month_split_by_a_space_is_still_read(date_words: str, iso: str) -> None:
    assert parse_header(_scan(f"Số: 185 /TCHQ-TXNK Hà Nội, {date_words}")).date == iso


@pytest.mark.parametrize("day", ["l 7", "1 7 3", "i 7"], ids=["mark-as-l", "three-digits", "mark-as-i"])
def test_a_split_day_must_be_two_plain_digits(day: str) -> None:
    """A stray mark OCR read as "l" beside a handwritten 7 would make the 17th of a 7th."""
    assert parse_header(_scan(f"Số: 185 /TCHQ-TXNK Hà Nội, ngày {day} tháng 01 năm 2022")).date is None


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("$6:245/TLĐ Hà Nội, ngày 18 tháng 3 năm 2020", "245/TLĐ"),  # the S of "Số" read as "$"
        ("$6:3556 /TTKSBT-KHNV Thành phố Hồ Chí Minh, ngày 16 tháng 9 năm 2021", "3556/TTKSBT-KHNV"),
        ("S: 2946/TLĐ-TC Hà Nội, ngày 26 tháng 10 năm 2021", "2946/TLĐ-TC"),  # the "ố" dropped
    ],
)
def test_so_read_as_dollar_or_without_its_vowel(line: str, number: str) -> None:
    assert parse_header(_scan(line)).number == number


@pytest.mark.parametrize(
    "body",
    ["Đơn giá thuê: $6: 120/tháng theo hợp đồng.\n", "Áo đồng phục cỡ S: 120/bộ, cỡ M: 135/bộ.\n"],
    ids=["price", "size"],
)
def test_a_misread_so_inside_a_sentence_is_no_number(body: str) -> None:
    """The header's own number lost to the hand: a "$6:" or "S:" in the body is never it."""
    meta = parse_header(_scan("Số: Z#_ /TB-VP Liên Chiểu, ngày 27 tháng 5 năm 2019", body))
    assert meta.number is None


@pytest.mark.parametrize(
    "date_words",
    ["ngày 28 thing 01 năm 2019", "ngày 28 tháng 01 niim 2019", "ngay 28 thang 01 nam 2019"],
    ids=["thing", "niim", "no-marks"],
)
def test_month_and_year_words_with_one_letter_misread(date_words: str) -> None:
    assert parse_header(_scan(f"Số: 77/CVL-QLLĐ Hà Nội, {date_words}")).date == "2019-01-28"


def test_a_body_sentence_opening_with_a_date_is_not_the_header_date() -> None:
    """fresh-17's g32-0014: the header's day and month, stamped at signing, were not read, and the
    first sentence of the body, "Ngày 27/02/2023, Bộ … ban hành Công văn số …" (the event the letter
    answers), was taken for the letter's date. A date that opens a sentence goes on after its comma;
    a header's date without a place stands alone."""
    head = (
        "BỘ THÔNG TIN VÀ TRUYỀN THÔNG\nCỤC THÔNG TIN CƠ SỞ\nSố:\nV/v rà soát, cập nhật số liệu\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày tháng năm\n"
        "Kính gửi: Sở Thông tin và Truyền thông các tỉnh, thành phố\n"
    )
    body = (
        "Ngày 27/02/2023, Bộ Thông tin và Truyền thông ban hành Công văn số 624/BTTTT-TTCS về việc triển khai"
    )
    assert parse_header(head + body).date is None
    assert (
        parse_header("UBND PHƯỜNG HÒA MINH\nSố: 12/TB-UBND\nNgày 27/02/2023\nTHÔNG BÁO").date == "2023-02-27"
    )


UNREAD_HEAD = (
    "UỶ BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "TỈNH KHÁNH HÒA Độc lập - Tự do - Hạnh phúc\n"
    "{number_line} Khánh Hòa, ngày AQ tháng 4Dnăm 2023\n"
    "QUYẾT ĐỊNH\n"
    "Về việc sửa đổi, bổ sung một số nội dung của Quy định bảng giá đất ban hành kèm theo\n"
    "Quyết định số 04/2020/QĐ-UBND ngày 18 tháng 02 năm 2020 của UBND tỉnh Khánh Hòa\n"
    "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA\n"
    "Căn cứ Nghị định SỐ, 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành;\n"
)


@pytest.mark.parametrize("number_line", ["Số: 2 4. /2023/QD-UBND", "S6:<8H /QĐ-UBND", "Số: £40/QD-UBND"])
def test_an_unread_number_line_is_no_licence_to_take_a_cited_number(number_line: str) -> None:
    """fresh-24's Khánh Hòa, Quảng Bình and Bạc Liêu scans: the handwritten digits of "Số:" came out
    as marks the number pattern does not take, and the subject's "Quyết định số 04/2020/QĐ-UBND" or
    the preamble's "Nghị định SỐ, 91/2017/NĐ-CP" became the decision's number. The "Số:" line is
    there, its number unknown: None, never another document's number."""
    meta = parse_header(UNREAD_HEAD.format(number_line=number_line))
    assert meta.number is None
    assert meta.type_name == "QUYẾT ĐỊNH"


def test_a_capital_so_in_a_sentence_of_another_type_is_a_citation() -> None:
    """No "Số:" line read at all: a number inside a sentence is the document's only when its type is
    the document's ("Nghị định … NĐ-CP" in a QUYẾT ĐỊNH's preamble is not)."""
    text = UNREAD_HEAD.format(number_line="").replace("Quyết định số 04/2020/QĐ-UBND ", "")
    assert parse_header(text).number is None
    own = text.replace("Nghị định SỐ, 91/2017/NĐ-CP", "Quyết định SỐ 91/2017/QĐ-UBND")
    assert parse_header(own).number == "91/2017/QĐ-UBND"
