# ruff: noqa: E501  (realistic page text reads better unwrapped)
"""Issue 11, sixth round, from fresh-9's first report (bench/README.md):

- a licence line names the body that granted the licence, not the one that publishes the page:
  "Giấy phép … số 08/GP-BTTTT, cấp ngày … của Bộ Thông tin và Truyền thông" above a newspaper's
  or a shop's contact block is no state body's offer (fresh-9's g12-0004, a directory of newspapers);
- a mailbox is named after a state unit only where a word of its name starts the fragment:
  "baodientuphapluat@" (báo điện tử pháp luật) holds "tuphap" across two words and is no Phòng Tư
  pháp's (g12-0013); "vanphongpham…@" is a stationery shop.
"""

from __future__ import annotations

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy
from congvu.judge import state

SHOP_FOOTER = (
    "CỬA HÀNG SÁCH VÀ THIẾT BỊ GIÁO DỤC MINH ANH\n"
    "Giấy phép kinh doanh số 0401234567 do Sở Kế hoạch và Đầu tư TP Đà Nẵng cấp ngày 12/3/2019.\n"
    "Địa chỉ: 25 Nguyễn Lương Bằng, Liên Chiểu. Điện thoại: 0905 123 456\n"
    "Email: sachminhanh.dn@gmail.com\n"
)
NEWS_FOOTER = (
    "Giấy phép hoạt động báo chí điện tử số 145/GP-BTTTT, cấp ngày 12/4/2021 của Bộ Thông tin và Truyền thông.\n"
    "Tòa soạn: 18 Lê Lợi, Hải Châu, Đà Nẵng. Điện thoại: 0236 3822 111\n"
    "Email: toasoan.tintuc24h@gmail.com\n"
)


@pytest.mark.parametrize(
    "text", [SHOP_FOOTER, NEWS_FOOTER], ids=["shop_licensed_by_a_department", "site_licensed_by_the_ministry"]
)
def test_the_licensing_body_is_not_the_offerer(text: str, policy: AddressPolicy) -> None:
    (f,) = judge_text(text, policy).findings
    assert f.contact_point
    assert f.rule == "DOC-002", f.reason


def test_a_state_body_named_outside_the_licence_line_still_offers(policy: AddressPolicy) -> None:
    text = (
        "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 05/01/2020.\n"
        "Trang thông tin điện tử UBND phường Hòa Minh\n"
        "Điện thoại: 0236 3733 123. Email: vanphong.hoaminh@gmail.com\n"
    )
    (f,) = judge_text(text, policy).findings
    assert f.rule == "DOC-001", f.reason


@pytest.mark.parametrize(
    ("address", "unit"),
    [
        ("baodientuphapluat@gmail.com", None),
        ("vanphongphamhanoi@gmail.com", None),
        ("taichinhcanhan.blog@gmail.com", None),
        ("ubndhoaminh@gmail.com", "ubnd"),
        ("lan.thcsleloi@gmail.com", "thcs"),
        ("tuyendung.ttyt@gmail.com", "ttyt"),
        ("c2.vp@gmail.com", "vp"),
        ("ttvhtt.lc@gmail.com", "ttvhtt"),
        ("2024tramyte.hkb@gmail.com", "tramyte"),
    ],
)
def test_a_mailbox_names_a_unit_only_where_a_word_starts(address: str, unit: str | None) -> None:
    assert state.unit_mailbox(address) == unit


CONTEST = 'Cuộc thi ảnh "Hòa Vang - Đất và người" do {organiser} tổ chức, với sự {role} của {other}. Tác phẩm dự thi gửi về email: cuocthianh.hoavang@gmail.com trước ngày 30/9/2024.\n'


@pytest.mark.parametrize(
    ("organiser", "role", "other", "rule"),
    [
        # a sponsor is never the offerer: the organiser named before it is
        (
            "Phòng Văn hóa và Thông tin huyện Hòa Vang",
            "tài trợ",
            "Công ty Cổ phần Dịch vụ Cáp treo Bà Nà",
            "DOC-001",
        ),
        ("Huyện đoàn Hòa Vang", "đồng hành", "Ngân hàng TMCP Á Châu", "DOC-001"),
        # a company's own contest, a state body only accompanying it: not a state body's offer
        ("Công ty TNHH Đồng hồ Titan", "đồng hành", "Sở Văn hóa và Thể thao thành phố", "DOC-002"),
    ],
    ids=[
        "state_organiser_company_sponsor",
        "youth_union_organiser_bank_sponsor",
        "company_organiser_state_companion",
    ],
)
def test_a_sponsor_is_never_the_offerer(
    organiser: str, role: str, other: str, rule: str, policy: AddressPolicy
) -> None:
    text = CONTEST.format(organiser=organiser, role=role, other=other)
    (f,) = judge_text(text, policy).findings
    assert f.contact_point
    assert f.rule == rule, f.reason


def test_a_body_that_sponsors_by_do_is_a_sponsor(policy: AddressPolicy) -> None:
    text = (
        "UBND xã Hòa Phong phát động cuộc thi viết; giải thưởng do Công ty Cổ phần Sữa Việt Nam tài trợ. "
        "Bài dự thi gửi về email: cuocthiviet.hoaphong@gmail.com.\n"
    )
    (f,) = judge_text(text, policy).findings
    assert f.rule == "DOC-001", f.reason


def test_xa_hoi_in_a_capitalised_name_is_no_association(policy: AddressPolicy) -> None:
    # fresh-9's g13-0002 with its body swapped for a district's Phòng LĐ-TB&XH (tools/corpus/orgswap.py)
    text = (
        "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI QUẬN CẨM LỆ chỉ đạo triển khai Cuộc thi viết về gương người tốt việc tốt.\n"
        "Bài dự thi gửi về địa chỉ email: cuocthiviet.camle@gmail.com\n"
    )
    (f,) = judge_text(text, policy).findings
    assert f.rule == "DOC-001", f.reason
