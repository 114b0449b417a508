# ruff: noqa: E501
"""A word processor's paragraphs are read as one passage, as the lines of a text file are.

The DOCX and ODT readers give each paragraph its own segment; judged one at a time, a heading or
a label on the paragraph above an address was out of sight (the real corpus' g28-0014: a thesis
proposal's "Thông tin liên lạc của sinh viên:" list was charged as the university's contact point).
"""

from __future__ import annotations

from congvu.classify import AddressPolicy
from congvu.judge.document import judge, passages
from congvu.model import Extraction, Segment

PART = "word/document.xml"


def paragraphs(*texts: str, first: int = 1, links: dict[int, str] | None = None) -> list[Segment]:
    """Segments as the DOCX reader gives them: one per paragraph on running lines, a paragraph's
    hyperlink right after it on the same line."""
    out = []
    for k, text in enumerate(texts):
        out.append(Segment(text, None, first + k, "body", PART))
        if links and k in links:
            out.append(Segment(links[k], None, first + k, "link", PART))
    return out


STUDENTS = (
    "TRƯỜNG ĐẠI HỌC SƯ PHẠM - ĐẠI HỌC ĐÀ NẴNG",
    "KHOA TIN HỌC",
    "ĐỀ CƯƠNG KHÓA LUẬN TỐT NGHIỆP",
    "Tên đề tài: Xây dựng hệ thống quản lý văn bản đến, văn bản đi của phường",
    "Giáo viên hướng dẫn: ThS. Lê Văn Minh",
    "Thông tin liên lạc của sinh viên:",
    "- Nguyễn Thị Hồng Nhung",
    "Email: hongnhung.sp14@gmail.com",
    "Điện thoại: 0905 123 456",
    "- Võ Quốc Bảo",
    "Email: quocbao.tin@gmail.com",
    "Điện thoại: 0935 654 321",
    "Nhận xét của giảng viên hướng dẫn",
)


def test_a_list_heading_in_its_own_paragraph_still_heads_the_list(policy: AddressPolicy) -> None:
    segs = paragraphs(*STUDENTS, first=40, links={7: "hongnhung.sp14@gmail.com"})
    judged = judge(Extraction(segs), policy)
    assert judged.verdict == "review"
    by_address = {f.address: f for f in judged.findings}
    assert set(by_address) == {"hongnhung.sp14@gmail.com", "quocbao.tin@gmail.com"}
    for f in by_address.values():
        assert (f.rule, f.contact_point, f.cue) == ("DOC-002", False, "people-heading")
        assert "Thông tin liên lạc của sinh viên" in f.reason
    # each finding still names its own paragraph's line
    assert (by_address["hongnhung.sp14@gmail.com"].line, by_address["quocbao.tin@gmail.com"].line) == (47, 50)


def test_a_cue_in_the_paragraph_above_offers_the_address(policy: AddressPolicy) -> None:
    segs = paragraphs(
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC",
        "Ý kiến đóng góp về dự thảo Quy chế làm việc, đề nghị gửi về Văn phòng HĐND-UBND phường theo địa chỉ thư điện tử:",
        "vanphong.hkb@gmail.com",
        "trước ngày 20/9/2014 để tổng hợp.",
    )
    (f,) = judge(Extraction(segs), policy).findings
    assert (f.rule, f.contact_point, f.line) == ("DOC-001", True, 3)


def test_a_passage_stops_at_a_table_a_wide_gap_and_another_part() -> None:
    segs = [
        Segment("Đoạn một", None, 1, "body", PART),
        Segment("Đoạn hai", None, 3, "body", PART),  # one empty paragraph between: kept as a blank line
        Segment("| Ô bảng |", None, 4, "table", PART),
        Segment("Đoạn ba", None, 5, "body", PART),
        Segment("Đoạn bốn", None, 12, "body", PART),  # six empty paragraphs: another passage
        Segment("Chân trang", None, 1, "footer", "word/footer1.xml"),
        Segment("Trang một", 1, 1, "body"),
        Segment("Trang hai", 2, 1, "body"),
    ]
    assert [(s.text, s.line) for s in passages(segs)] == [
        ("Đoạn một\n\nĐoạn hai", 1),
        ("| Ô bảng |", 4),
        ("Đoạn ba", 5),
        ("Đoạn bốn", 12),
        ("Chân trang", 1),
        ("Trang một", 1),
        ("Trang hai", 1),
    ]


def test_pieces_of_one_long_text_are_not_joined_again() -> None:
    """A text file's pieces (`textutil.chunked`) follow each other with no line between: they stay
    apart, so no segment grows past the bound the extractors keep."""
    first = "dòng\n" * 3
    segs = [Segment(first, None, 1, "body"), Segment("tiếp\n", None, 1 + first.count("\n"), "body")]
    assert passages(segs) == segs
