# ruff: noqa: E501  (realistic lines read better unwrapped)
"""Issue 11, ninth round (fresh-15's false violation g22-0007): a state app's login page signs its
maker's credit with his own mailbox ("Email: X / ©2025 Nguyen Van Phuc - 0358…"). A credit that
names a person makes the address beside it the maker's, not the body's; a body's own credit ("©
2024 Trường THCS …") does not. The texts are written for the tests."""

from __future__ import annotations

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy

LOGIN = """CHI CỤC KIỂM LÂM TỈNH QUẢNG NAM
Hệ thống quản lý dữ liệu bảo vệ rừng
Tên đăng nhập
Mật khẩu
Đăng nhập
Phiên bản 1.0.2
Email: {address}
{credit}
"""


@pytest.mark.parametrize(
    "credit",
    [
        "© 2025 Phạm Quốc Huy - 0905.123.456",
        "©2025 Pham Quoc Huy - 0905.123.456©",
        "Thiết kế bởi: Phạm Quốc Huy",
        "Developed by Pham Quoc Huy",
    ],
)
def test_an_apps_credit_naming_its_maker_makes_the_address_his(policy: AddressPolicy, credit: str) -> None:
    j = judge_text(LOGIN.format(address="phamquochuy.kl@gmail.com", credit=credit), policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.rule == "DOC-002" and f.cue == "credit" and "software or site credit" in f.reason


@pytest.mark.parametrize(
    "credit",
    [
        "© 2025 Chi cục Kiểm lâm tỉnh Quảng Nam",
        "Bản quyền © 2025 Trường THCS Lê Lợi",
        "© 2025 Quảng Nam",
        "Hotline: 0235.3812.345",
    ],
)
def test_a_bodys_own_credit_or_none_leaves_the_contact_point(policy: AddressPolicy, credit: str) -> None:
    j = judge_text(LOGIN.format(address="kiemlamquangnam@gmail.com", credit=credit), policy)
    assert j.verdict == "violation"
    assert [f.rule for f in j.findings] == ["DOC-001"]


def test_a_contact_cue_after_the_credit_still_offers_the_address(policy: AddressPolicy) -> None:
    footer = (
        "Trang thông tin điện tử Trường Tiểu học Hòa Minh, quận Liên Chiểu. Thiết kế bởi Lê Văn An\n"
        "Mọi ý kiến đóng góp xin gửi về hộp thư: tieuhochoaminh.lc@gmail.com\n"
    )
    j = judge_text(footer, policy)
    assert j.verdict == "violation"


def test_a_builders_credit_in_western_name_order_is_his(policy: AddressPolicy) -> None:
    """fresh-16's g25-0015: "Website được thiết kế và xây dựng bởi Thuật Nguyễn / Email: X" — the
    surname last; the school's own block beside it gives no e-mail."""
    footer = (
        "TRANG THÔNG TIN ĐIỆN TỬ TRƯỜNG THPT LÊ QUÝ ĐÔN, Địa chỉ: 01 Trần Phú, Tam Kỳ. Điện thoại: 0235.3851.234\n"
        "Website được thiết kế và xây dựng bởi Minh Trần<br/>\n"
        "Email: minhtran.dev@gmail.com - ĐT: 0905.111.222\n"
    )
    j = judge_text(footer, policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.cue == "credit"
