# ruff: noqa: E501
"""Two readings from fresh-20's first report (g35-0019, a Sở's letter on teachers' training):

- "gửi về Tổ thư ký giúp việc (qua ông Huỳnh Ngọc Thiết, địa chỉ email: X)": the person the text sends
  it *through* is the issuer's staff member to write to, not the owner of a private mailbox;
- "Email: X" / "Pass: …": a shared account's log-in, handed out with its password, is no mailbox
  offered to write to — and its 'mailto:' link elsewhere in the file is the same account.
"""

from __future__ import annotations

from judgekit import judge_text

from congvu.classify import AddressPolicy
from congvu.judge.document import judge
from congvu.model import Extraction, Segment

HEADER = (
    "UBND TỈNH GIA LAI\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1502/SGDĐT-GDTrH\nGia Lai, ngày 05 tháng 8 năm 2022\n"
)


def test_a_person_it_is_sent_through_is_the_contact(policy: AddressPolicy) -> None:
    text = HEADER + (
        "Lớp trưởng các lớp tổng hợp toàn bộ bài thu hoạch của lớp và gửi về\n"
        "Tổ thư ký giúp việc (qua bà Nguyễn Thị Thu Hà, địa chỉ email:\n"
        "tothukybdtx.gialai@gmail.com) trước ngày 30/9/2022.\n"
    )
    (f,) = judge_text(text, policy).findings
    assert (f.rule, f.contact_point) == ("DOC-001", True)
    # without the "qua", the person stays the owner of her own address
    own = (
        HEADER
        + "Bà Nguyễn Thị Thu Hà, giáo viên Trường THCS Lê Lợi (địa chỉ email: thuha.thcsleloi@gmail.com) đã nộp bài.\n"
    )
    (g,) = judge_text(own, policy).findings
    assert (g.rule, g.contact_point) == ("DOC-002", False)


ACCOUNTS = (
    "Phụ lục\nDANH SÁCH EMAIL VÀ MẬT KHẨU CÁC LỚP BỒI DƯỠNG THƯỜNG XUYÊN\n"
    "1. Lớp Tiểu học\nEmail: lopboiduongtieuhoc2022@gmail.com\nPass: TH2022\n"
    "2. Lớp Trung học cơ sở\nEmail: lopboiduongthcs2022@gmail.com\nMật khẩu: THCS2022\n"
    "Lưu ý: học viên không thay đổi mật khẩu email của lớp.\n"
)


def test_an_account_handed_out_with_its_password_is_no_contact_point(policy: AddressPolicy) -> None:
    judged = judge(
        Extraction(
            [
                Segment(HEADER, page=1),
                Segment(ACCOUNTS, page=3),
                Segment("lopboiduongtieuhoc2022@gmail.com", page=3, kind="link"),  # the PDF's mailto link
            ]
        ),
        policy,
    )
    assert judged.verdict == "review"
    assert {(f.address, f.rule, f.contact_point) for f in judged.findings} == {
        ("lopboiduongtieuhoc2022@gmail.com", "DOC-002", False),
        ("lopboiduongthcs2022@gmail.com", "DOC-002", False),
    }
    assert all("log-in" in f.reason for f in judged.findings)
    # an address given to write to, with a phone number after it, stays a contact point
    (f,) = judge_text(
        HEADER + "Mọi vướng mắc liên hệ Email: hotro.bdtx@gmail.com\nĐiện thoại: 0269 3824 123\n", policy
    ).findings
    assert (f.rule, f.contact_point) == ("DOC-001", True)
