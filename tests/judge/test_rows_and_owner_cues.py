# ruff: noqa: E501
"""Flattened header rows (Word header tables) and the addressee / third-party / drafter cues."""

from __future__ import annotations

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy
from congvu.judge.header import parse_header
from congvu.judge.rows import split_row

ROW = (
    "UBND QUẬN LIÊN CHIỂU ỦY BAN NHÂN DÂN PHƯỜNG HÒA HIỆP NAM Số: 15/UBND-VP V/v triển khai công tác tiêm chủng"
    " | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Hòa Hiệp Nam, ngày 11 tháng 4 năm 2017"
)


def test_flattened_table_row_is_cut_into_header_pieces() -> None:
    assert split_row(ROW) == [
        "UBND QUẬN LIÊN CHIỂU",
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA HIỆP NAM",
        "Số: 15/UBND-VP",
        "V/v triển khai công tác tiêm chủng",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hòa Hiệp Nam, ngày 11 tháng 4 năm 2017",
    ]


def test_flattened_header_gives_issuer_and_date() -> None:
    meta = parse_header(ROW + "\nKính gửi: Các tổ dân phố\n")
    assert (meta.issuer, meta.issuer_parent) == (
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA HIỆP NAM",
        "UBND QUẬN LIÊN CHIỂU",
    )
    assert (meta.number, meta.date, meta.place) == ("15/UBND-VP", "2017-04-11", "Hòa Hiệp Nam")
    assert meta.subject == "V/v triển khai công tác tiêm chủng"


@pytest.mark.parametrize(
    "line",
    [
        "Thực hiện Chỉ thị số 01/CT-UBND ngày 20/6/2014 của Chủ tịch UBND quận Liên Chiểu;",
        "Số: 12/TB-NV    Liên Chiểu, ngày 03 tháng 4 năm 2020",  # wide gap: the column splitter's job
        "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    ],
)
def test_ordinary_lines_are_left_alone(line: str) -> None:
    assert split_row(line) == [line]


@pytest.mark.parametrize(
    "text",
    [
        "Kính gửi: Ông Trần Văn Bình (email: tranvanbinh78@gmail.com)",
        "Kính gửi: Công ty TNHH Xây dựng Minh Phát (Email: minhphat.xd@gmail.com)",
        "Đề nghị ông Nguyễn Văn Tám, email: namtam1970@gmail.com bổ sung hồ sơ trước ngày 20/5/2024.",
        "Trả lời bà Lê Thị Hoa (Email: lethihoa88@yahoo.com) về việc cấp phép sửa chữa nhà ở như sau:",
    ],
)
def test_addressee_or_named_person_is_review_not_violation(text: str, policy: AddressPolicy) -> None:
    assert judge_text(text, policy).verdict == "review"


@pytest.mark.parametrize(
    "text",
    [
        "Mọi chi tiết xin liên hệ ông Phan Minh Hòa, chuyên viên Văn phòng UBND phường, email: hoahiepbac2019@gmail.com.",
        "Văn phòng HĐND-UBND phường Hòa Minh. Người liên hệ: bà Nguyễn Thị Lan, ĐT 0905 111 222, Email: lannt.hm@gmail.com",
        "Chuyên viên soạn thảo: Lê Văn Hùng (Phòng Nội vụ) - 0905.123.456 - hunglv.lc@gmail.com",
        "Bản mềm gửi về: vanphong.hkn@gmail.com",
        "Công dân có nhu cầu xin gửi hồ sơ về địa chỉ thư điện tử ubndnoivu@gmail.com hoặc nộp trực tiếp.",
        "Nơi tiếp nhận hồ sơ: Bộ phận Một cửa UBND phường hoặc email ubndhkb.mc@gmail.com",
    ],
)
def test_issuer_contact_is_a_violation(text: str, policy: AddressPolicy) -> None:
    assert judge_text(text, policy).verdict == "violation"


def test_a_project_owner_that_is_a_state_body_does_not_veto_its_own_contact(policy: AddressPolicy) -> None:
    """fresh-16's g23-0005: "Chủ đầu tư" (the project owner) is a company's word only when a company
    holds the role; a district's opinion form names itself as the owner over its own contact lines."""
    form = (
        "PHIẾU XIN Ý KIẾN\n"
        "Về đồ án quy hoạch chi tiết Khu dân cư thị trấn Tiên Điền\n"
        "Ý kiến góp ý được gửi qua website, email, fax hoặc đường bưu điện đến các địa chỉ sau:\n"
        "Cơ quan Chủ đầu tư: Ủy ban nhân dân huyện Nghi Xuân\n"
        "E-mail: ubndnghixuan.ht@gmail.com\n"
    )
    j = judge_text(form, policy)
    assert j.verdict == "violation" and [f.rule for f in j.findings] == ["DOC-001"]
    company = form.replace(
        "Cơ quan Chủ đầu tư: Ủy ban nhân dân huyện Nghi Xuân", "Chủ đầu tư: Công ty TNHH Đầu tư Xuân An"
    )
    company = company.replace("ubndnghixuan.ht@gmail.com", "dautuxuanan@gmail.com")
    assert judge_text(company, policy).verdict == "review"


def test_a_list_headed_by_its_people_gives_each_one_s_own_address(policy: AddressPolicy) -> None:
    """Fresh-17's g28-0014: a thesis proposal under a university's heading lists its students'
    contacts under "Thông tin liên lạc của sinh viên:"; each address is the student's."""
    text = (
        "TRƯỜNG ĐẠI HỌC CÔNG NGHỆ THÔNG TIN\nKHOA HỆ THỐNG THÔNG TIN\n"
        "Tên đề tài: Xây dựng website quản lý công văn\nGiáo viên hướng dẫn: ThS. Mai Xuân Hùng\n"
        "Thông tin liên lạc của sinh viên:\n- Trần Hưng Thuận\nEmail : thuanrain.sv@gmail.com\n"
        "Điện thoại : 090 771 5479\n- Phạm Phú\nEmail: phu.sv1991@gmail.com\nĐiện thoại: 0120 723 8611\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "review"
    assert {f.cue for f in j.findings} == {"people-heading"}


def test_a_heading_that_says_where_to_write_is_no_people_list(policy: AddressPolicy) -> None:
    text = (
        "TRƯỜNG THPT PHAN CHÂU TRINH, QUẬN HẢI CHÂU\nThông báo đăng ký học bồi dưỡng hè năm 2024.\n"
        "Học sinh đăng ký gửi về:\nEmail: thptphanchautrinh.hc@gmail.com\n"
    )
    (f,) = judge_text(text, policy).findings
    assert f.contact_point and f.cue != "people-heading", f.reason
