# ruff: noqa: E501
"""The perturbation suite (`tools/corpus/perturb.py`) keeps labels by construction: the checks
here are the construction's, on a text written for this test (not a corpus item)."""

from __future__ import annotations

from typing import Any

import perturb

from congvu.detect import find_addresses

TEXT = (
    "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA MINH\n\n"
    "Hội Nhà văn Đà Nẵng và Trường Đại học FPT phối hợp với Phòng Văn hóa và Thông tin quận Liên Chiểu tổ chức cuộc thi viết.\n"
    "Ngày 02/3/2024, ông Nguyễn Văn Bình (email: binhnv1970@gmail.com) phản ánh việc lấn chiếm vỉa hè.\n"
    "Bài dự thi gửi về Văn phòng HĐND và UBND phường, địa chỉ: 14 đường Tôn Đức Thắng,\n"
    "Điện thoại: 0236 3842 222\n"
    "Email: vpubnd.hoaminh@gmail.com hoặc hoaminh@danang.gov.vn\n"
)
ITEM: dict[str, Any] = {
    "id": "t-0001",
    "text": TEXT,
    "labels": {
        "verdict": "violation",
        "addresses": [
            {"address": "binhnv1970@gmail.com", "class": "public", "contact_point": False},
            {"address": "vpubnd.hoaminh@gmail.com", "class": "public", "contact_point": True},
            {"address": "hoaminh@danang.gov.vn", "class": "official", "contact_point": True},
        ],
    },
}


def _variants(kind: str) -> list[perturb.Variant]:
    return [v for p in perturb.PERTURBATIONS for v in p(TEXT, ITEM) if v.kind == kind]


def _addresses(text: str) -> set[str]:
    return {m.address for m in find_addresses(text)}


def test_provider_swaps_public_addresses_only_and_keeps_them_apart() -> None:
    variants = _variants("provider")
    assert len(variants) == 3
    for v in variants:
        assert set(v.renamed) == {"binhnv1970@gmail.com", "vpubnd.hoaminh@gmail.com"}
        assert _addresses(v.text) == {*v.renamed.values(), "hoaminh@danang.gov.vn"}
        assert all(
            new.split("@")[1] in perturb.PUBLIC_TARGETS and new.split("@")[1] != "gmail.com"
            for new in v.renamed.values()
        )


def test_obfuscations_are_found_as_the_same_addresses() -> None:
    variants = _variants("obf-spaced") + _variants("obf-at") + _variants("obf-a")
    assert len(variants) == 3
    for v in variants:
        assert "@gmail.com" not in v.text
        assert _addresses(v.text) == _addresses(TEXT), v.name


def test_rename_office_touches_state_bodies_only() -> None:
    variants = _variants("rename-office")
    assert len(variants) == len(perturb.OFFICES)
    for v in variants:
        assert "Hội Nhà văn Đà Nẵng" in v.text and "Trường Đại học FPT" in v.text
        assert "ỦY BAN NHÂN DÂN" not in v.text  # the header's state body renamed too (upper case kept)
        assert "Văn phòng HĐND và UBND phường," not in v.text  # the whole name, its territory word too
        assert _addresses(v.text) == _addresses(TEXT)
    assert len({v.text for v in variants}) == len(variants)


def test_rename_people_and_streets_keep_honorifics_and_street_words() -> None:
    (people,) = _variants("rename-people")[:1]
    assert "ông Trần Thị Thu Hà" in people.text and "Nguyễn Văn Bình" not in people.text
    streets = _variants("rename-street")
    assert [s.text.count("đường Bà Huyện Thanh Quan") for s in streets[:1]] == [1]


def test_insert_complaint_adds_one_public_address_and_expects_review_at_least() -> None:
    for v in _variants("insert-complaint"):
        assert _addresses(v.text) == _addresses(TEXT) | {perturb.COMPLAINT_ADDRESS}
        assert v.added == perturb.COMPLAINT_ADDRESS and v.at_least == "review"


def test_layout_changes_keep_every_address() -> None:
    for kind in (
        "reflow-join",
        "reflow-wrap",
        "split-label",
        "split-address",
        "table-row",
        "insert-before",
        "insert-long",
    ):
        variants = _variants(kind)
        assert variants, kind
        for v in variants:
            assert v.text != TEXT
            assert _addresses(v.text) == _addresses(TEXT), v.name
