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
