"""Header lines as OCR and flattened cells deliver them: digits read as letters inside the number,
"Số" read as "Sé", the comma after the place lost."""

from __future__ import annotations

import pytest

from congvu.judge.header import parse_header

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def _header(number_line: str, date_line: str = "Kon Tum, ngày 03 tháng 4 năm 2023") -> str:
    return (
        f"UBND TỈNH KON TUM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n{MOTTO}\n{number_line}\n{date_line}\n"
        "THÔNG BÁO\nVề việc tuyển sinh lớp 10 năm học 2023-2024\n"
        "Ngày 24 tháng 5 năm 2019, Sở tổ chức họp với các trường trung học phổ thông.\n"
    )


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 1O2/SGDĐT-VP", "102/SGDĐT-VP"),  # O for 0
        ("Số: 2lo/SGDĐT-VP", "210/SGDĐT-VP"),
        ("Sé: 102/SGDĐT-VP", "102/SGDĐT-VP"),  # "Số" read as "Sé" before its colon
        ("Số: 12a/SGDĐT-VP", "12a/SGDĐT-VP"),  # a real letter suffix stays
        ("Số: 102/SGDĐT-VP", "102/SGDĐT-VP"),
    ],
)
def test_ocr_letters_in_the_number(line: str, number: str) -> None:
    assert parse_header(_header(line)).number == number


@pytest.mark.parametrize("line", ["Số: lO/SGDĐT-VP", "Sẽ 12/SGDĐT-VP", "Số: l2/SGDĐT-VP"])
def test_no_digit_or_no_so_is_no_number(line: str) -> None:
    assert parse_header(_header(line)).number is None


@pytest.mark.parametrize("line", ["Số: Ở32/QĐ-TTg", "Số: 9ộ2/QĐ-TTg", "Số: 1ó/QĐ-TTg"])
def test_a_letter_with_marks_in_the_digits_is_no_number(line: str) -> None:
    # "Ở32": a handwritten 9 read as a letter; folding would make it "o32" → "032", a wrong number
    meta = parse_header(_header(line))
    assert meta.number in (None, "/QĐ-TTg")  # unknown, never "032/QĐ-TTg"


@pytest.mark.parametrize(
    "date_line",
    [
        "Kon Tum ngày 03 tháng 4 năm 2023",
        "Số: 12/SGDĐT-VP   Kon Tum ngày 03 tháng 4 năm 2023",  # both columns on one line
        "Đắk Hà ngày 03 tháng 4 năm 2023",
    ],
)
def test_place_without_its_comma(date_line: str) -> None:
    meta = parse_header(_header("Số: 12/SGDĐT-VP", date_line))
    assert meta.date == "2023-04-03"
    assert meta.place in ("Kon Tum", "Đắk Hà")


def test_a_time_word_before_ngay_is_no_place() -> None:
    text = (
        f"UBND TỈNH KON TUM\n{MOTTO}\nSố: 12/SGDĐT-VP\nTHÔNG BÁO\n"
        "Sáng ngày 24 tháng 5 năm 2019, Sở tổ chức họp.\n"
    )
    assert parse_header(text).place is None


@pytest.mark.parametrize(
    ("page", "number", "issuer"),
    [
        (
            "Quyết định 53/2003/QĐ-BVHTT của Bộ Văn hoá-Thông tin\n\nChia sẻ: Trang Sơn | Loại File: DOC\n",
            "53/2003/QĐ-BVHTT",
            "Bộ Văn hoá-Thông tin",
        ),
        (
            "Thông tư 12/2020/TT-BGDĐT của Bộ Giáo dục và Đào tạo về việc ban hành quy định\n",
            "12/2020/TT-BGDĐT",
            "Bộ Giáo dục và Đào tạo",
        ),
        ("Tải về\nNghị định 100/2020/NĐ-CP ngày 28/8/2020 của Chính phủ\n", "100/2020/NĐ-CP", None),
    ],
)
def test_a_portal_page_titled_with_its_document(page: str, number: str, issuer: str | None) -> None:
    meta = parse_header(page)
    assert meta.number == number
    assert meta.issuer == issuer


@pytest.mark.parametrize(
    "page",
    [
        "Quyết định 12/CT-UBND của UBND tỉnh\n",  # the code says Chỉ thị: not this title's number
        "Công văn 1234/UBND-VP về việc triển khai\n",  # no type code to check the title against
        # not at the top of the page
        "Tin tức\nSự kiện\nThông báo mới\nQuyết định 53/2003/QĐ-BVHTT của Bộ Văn hoá-Thông tin\n",
        "Người dân phản ánh Quyết định 53/2003/QĐ-BVHTT chưa được thực hiện\n",  # a sentence
    ],
)
def test_titles_that_are_no_document_number(page: str) -> None:
    assert parse_header(page).number is None


@pytest.mark.parametrize(
    ("line", "number", "place"),
    [
        # a portal's flattened table lost the break between the number cell and the place cell
        ("Số: 02/2017/NQ-HĐTPHà Nội, ngày 13 tháng 01 năm 2017", "02/2017/NQ-HĐTP", "Hà Nội"),
        ("Số: 12/UBND-VPĐà Nẵng, ngày 3 tháng 2 năm 2020", "12/UBND-VP", "Đà Nẵng"),
        ("Số: 45/QĐ-TTgHà Nội, ngày 3 tháng 2 năm 2020", "45/QĐ-TTg", "Hà Nội"),
        ("Số: 7/TB-UBNDLiên Chiểu, ngày 3 tháng 2 năm 2020", "7/TB-UBND", "Liên Chiểu"),
        # a type code's own lower-case letters before a spaced place stay the symbol's
        ("Số: 932/QĐ-TTg Hà Nội, ngày 15 tháng 5 năm 2025", "932/QĐ-TTg", "Hà Nội"),
        ("Số: 15/TTr-UBND Đà Nẵng, ngày 15 tháng 5 năm 2025", "15/TTr-UBND", "Đà Nẵng"),
    ],
)
def test_a_place_glued_to_the_number(line: str, number: str, place: str) -> None:
    meta = parse_header(f"THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{line}\nQUYẾT ĐỊNH\n")
    assert (meta.number, meta.place) == (number, place)


def test_a_place_glued_to_the_number_cell_without_its_comma_is_the_date_line() -> None:
    """ "Số: 596 /GM-VP _ Hà Nội ngày 03 tháng 8 năm 2020" (two cells run together, the comma lost):
    the header's date, not the meeting's "Thời gian: 14h00 thứ Ba, ngày 04/8/2020" in the body
    (real corpus g64-0017)."""
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THÀNH PHỐ HÀ NỘI Độc lập - Tự do - Hạnh phúc\nVĂN PHÒNG\n"
        "Số: 596 /GM-VP _ Hà Nội ngày 03 tháng 8 năm 2020\nGIẤY MỜI\n"
        "Kính gửi: Sở Văn hóa và Thể thao\n"
        "Thời gian: 14h00 thứ Ba, ngày 04/8/2020\n"
    )
    meta = parse_header(text)
    assert (meta.date, meta.place, meta.number) == ("2020-08-03", "Hà Nội", "596/GM-VP")


def test_a_labelled_field_of_the_body_is_no_place_and_date() -> None:
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THÀNH PHỐ HÀ NỘI Độc lập - Tự do - Hạnh phúc\nVĂN PHÒNG\n"
        "Số: 596 /GM-VP\nGIẤY MỜI\nKính gửi: Sở Văn hóa và Thể thao\n"
        "Thời gian: 14h00 thứ Ba, ngày 04/8/2020\n"
    )
    assert parse_header(text).date is None


def test_an_unread_number_after_a_lowercase_so_is_no_citation_from_the_body() -> None:
    """ "sé: A042 /TB-UBND" (a handwritten 1032 read as marks, the capital of "Số" lost): the number
    line is there and unread; "Quyết định số 6779/QĐ-UBND" opening a later line of the body is a
    decision the notice cites (real corpus g64-0007)."""
    text = (
        "UỶ BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN CHƯƠNG MỸ Độc lập - Tự do - Hạnh phúc\n"
        "sé: A042 /TB-UBND Chương Mỹ, ngày 03 tháng 8 năm 2020\nTHÔNG BÁO\n"
        "Về việc giới thiệu chức danh và chữ ký của Chánh Văn phòng\n"
        "Ngày 29/7/2020, Ủy ban nhân dân huyện Chương Mỹ ban hành Quyết định\n"
        "số 6889/QĐ-UBND về việc bổ nhiệm bà Đặng Thị Nam giữ chức vụ Chánh Văn phòng;\n"
        "Quyết định số 6779/QĐ-UBND về việc bổ nhiệm ông Nguyễn Anh Dũng giữ chức vụ Phó Chánh Văn phòng.\n"
    )
    meta = parse_header(text)
    assert meta.number is None
    assert (meta.place, meta.date) == ("Chương Mỹ", "2020-08-03")
