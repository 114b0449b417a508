# ruff: noqa: E501
"""The organisation swap (`tools/corpus/orgswap.py`) renames the offering body only: checks of its
construction on a text written for this test (not a corpus item)."""

from __future__ import annotations

import orgswap

from congvu.classify import AddressPolicy
from congvu.detect import find_addresses
from congvu.settings import load_config

TEXT = (
    "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA MINH\n\n"
    "Nhằm hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam, Phòng Văn hóa và Thông tin quận Liên Chiểu tổ chức cuộc thi.\n"
    "Bài dự thi gửi về Văn phòng HĐND và UBND phường, Email: vpubnd.hoaminh@gmail.com.\n"
)


def test_every_state_body_name_is_found_and_swapped_whole() -> None:
    spans = orgswap.body_spans(TEXT)
    assert [TEXT[a:b] for a, b in spans] == [
        "ỦY BAN NHÂN DÂN",
        "Phòng Văn hóa và Thông tin quận Liên Chiểu",
        "Văn phòng HĐND và UBND phường",
    ]
    new = orgswap._swapped(TEXT, spans, "Trạm Y tế xã Hòa Phong")
    assert "TRẠM Y TẾ XÃ HÒA PHONG\nPHƯỜNG HÒA MINH" in new  # an upper-case name stays upper case
    assert new.count("Trạm Y tế xã Hòa Phong") == 2
    assert {m.address for m in find_addresses(new)} == {"vpubnd.hoaminh@gmail.com"}


def test_a_non_state_swap_applies_only_where_no_state_body_is_left() -> None:
    policy = AddressPolicy.from_config(load_config())
    spans = orgswap.body_spans(TEXT)
    company = orgswap._swapped(TEXT, spans, "Công ty TNHH Thương mại Minh Phát")
    # the mailbox is named after a state unit ("ubnd"): the text still says a state body is involved
    assert orgswap._state_left(company, policy)
    plain = company.replace("vpubnd.hoaminh@gmail.com", "minhphat.tm@gmail.com")
    assert not orgswap._state_left(plain, policy)
    assert orgswap._state_left(plain + "Căn cứ Kế hoạch của Sở Nội vụ thành phố.\n", policy)
    assert not orgswap._state_left(plain.replace("Công ty TNHH", "Trường Mầm non tư thục"), policy)


def test_the_swap_lists_cover_the_law_s_kinds() -> None:
    kinds = {k for k, _ in orgswap.STATE_BODIES}
    assert {"district-agency", "province-agency", "health", "school", "mass-org", "police", "court"} <= kinds
    assert {k for k, _ in orgswap.OTHER_BODIES} >= {
        "enterprise",
        "association",
        "private-school",
        "private-clinic",
    }
