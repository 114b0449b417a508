# ruff: noqa: E501
"""A service named after the people it serves is not a list of them, nor is a phone number with
its country code an ID number (fresh-22 g42-0002).

"đề nghị công dân liên hệ theo số đường dây nóng của … Tổng đài bảo hộ công dân, Bộ Ngoại giao …;
email: X": "công dân" inside "bảo hộ công dân" (citizen protection) names the ministry's hotline, as
"tiếp công dân" names an office's reception; neither is a list of citizens owning the address.
"+84 981848484" is the hotline's number in international form (nine digits after the country code),
not a nine-digit ID card number on a person's row.
"""

from __future__ import annotations

from judgekit import judge_text

from congvu.classify import AddressPolicy

HOTLINE = (
    "Để nhận được sự hỗ trợ trong trường hợp cần sự trợ giúp, đề nghị công dân liên hệ theo số đường dây nóng "
    "của Cơ quan đại diện và Tổng đài bảo hộ công dân, Bộ Ngoại giao +84 981848484, +84 965411118; "
    "email: baohocongdan@gmail.com.\n"
)


def test_citizen_protection_hotline_is_the_ministrys_contact(policy: AddressPolicy) -> None:
    (f,) = judge_text(HOTLINE, policy).findings
    assert (f.rule, f.contact_point) == ("DOC-001", True)


def test_a_list_of_citizens_still_owns_its_addresses(policy: AddressPolicy) -> None:
    text = (
        "Danh sách công dân Việt Nam đã được sơ tán về nước an toàn:\n"
        "1. Ông Trần Văn Hùng, số điện thoại +84 912345678, email: tranvanhung.kyiv@gmail.com.\n"
    )
    (f,) = judge_text(text, policy).findings
    assert f.contact_point is False and f.rule == "DOC-002"


def test_nine_digits_without_the_country_code_are_still_an_id_number(policy: AddressPolicy) -> None:
    text = HOTLINE.replace("+84 981848484, +84 965411118", "CMND 981848484")
    (f,) = judge_text(text, policy).findings
    assert f.contact_point is False
