"""A legal portal's attribute table (vbpl.vn, thuvienphapluat, a province's document pages) fills
the header fields the page's copy of the document leaves out — never one the header itself gives;
a field is one only where it opens its line or cell (`judge.portal`). Cases written for the tests
in the portals' layout; dev item g1-0018 has the same table above a full header."""

from __future__ import annotations

from congvu.judge.header import parse_header

VBPL = """Số hiệu: 1234/QĐ-UBND\tLoại văn bản: Quyết định
Nơi ban hành: Ủy ban nhân dân tỉnh Quảng Nam
Người ký: Lê Trí Thanh
Ngày ban hành: 12/05/2024\tNgày hiệu lực: 12/05/2024

QUYẾT ĐỊNH
Về việc phê duyệt Kế hoạch chuyển đổi số năm 2024
"""

TABLE = """| Cơ quan ban hành | UBND thành phố Đà Nẵng |
| Số ký hiệu | 45/TB-UBND |
| Ngày ban hành | 03/04/2023 |
| Trích yếu | Thông báo kết luận của Chủ tịch UBND thành phố tại cuộc họp giao ban |
"""


def test_the_attribute_table_gives_number_date_and_issuer() -> None:
    meta = parse_header(VBPL)
    assert (meta.number, meta.date) == ("1234/QĐ-UBND", "2024-05-12")
    assert meta.issuer == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert meta.type_code == "QĐ"
    assert meta.signer == "Lê Trí Thanh"


def test_a_table_of_attributes_in_cells() -> None:
    meta = parse_header(TABLE)
    assert (meta.number, meta.date, meta.issuer) == ("45/TB-UBND", "2023-04-03", "UBND thành phố Đà Nẵng")


def test_the_documents_own_header_wins() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA MINH\nSố: 215/TB-UBND\nHòa Minh, ngày 14 tháng 5 năm 2024\nTHÔNG BÁO\n"
        "Về việc tổ chức Hội thi\n\nVăn bản liên quan:\nSố hiệu: 88/KH-UBND\nNgày ban hành: 02/01/2024\n"
    )
    meta = parse_header(text)
    assert (meta.number, meta.date) == ("215/TB-UBND", "2024-05-14")


def test_words_inside_a_sentence_are_no_field() -> None:
    text = (
        "Ngân hàng lập danh sách số hiệu 1234/TK-NH của người nộp thuế và gửi cơ quan thuế; "
        "văn bản có ngày ban hành 12/05/2024 được áp dụng từ ngày ký.\n"
    )
    meta = parse_header(text)
    assert (meta.number, meta.date, meta.issuer) == (None, None, None)
