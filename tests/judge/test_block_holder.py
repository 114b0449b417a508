"""A contact block that names its own holder, when that holder is not a state body, outweighs the
header's issuer (`congvu.judge.document._block_holder`): a Phòng's letter relaying a contest's rules
("ĐỊA ĐIỂM NHẬN TRANH: Trụ sở Tòa soạn chính … Email: X", fresh-35's g85-0003) gives the organiser's
box, not its own — review with the reason, never a violation charged to the Phòng."""

from __future__ import annotations

import pytest

from congvu.classify import AddressPolicy
from congvu.judge.document import judge
from congvu.model import Extraction, Segment
from congvu.settings import load_config

LETTER = """UBND THÀNH PHỐ CÀ MAU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc
Số: 255/PGDĐT Cà Mau, ngày 01 tháng 4 năm 2021
V/v phối hợp phát động Cuộc thi vẽ tranh thiếu nhi toàn quốc
Kính gửi: Hiệu trưởng các trường Tiểu học, THCS trực thuộc.
Phòng Giáo dục và Đào tạo đề nghị các trường triển khai đến học sinh thể lệ cuộc thi (đính kèm).
"""

RULES = """V. TIẾN ĐỘ TRIỂN KHAI (dự kiến)
1. Phát động: Tháng 3 năm 2021
2. Thời gian nhận tranh dự thi: Từ 15/6/2021 đến 30/11/2021 (theo dấu bưu điện)
VI. ĐỊA ĐIỂM NHẬN TRANH:
1. Trụ sở Tòa soạn chính:
Tạp chí Môi trường và Đô thị Việt Nam
Tầng 17, Khu Văn phòng, Toà nhà C1 Thành Công, P.Thanh Công, Ba Đình,
HN
Điện thoại: 024.6266 1985; 090 523 5660 (Chị Hồng Anh)
Email: {address}
"""


@pytest.fixture(scope="module")
def policy() -> AddressPolicy:
    return AddressPolicy.from_config(load_config())


def _judge(policy: AddressPolicy, rules: str, link: str | None = None):  # type: ignore[no-untyped-def]
    segments = [Segment(LETTER, page=1, kind="ocr"), Segment(rules, page=5, kind="ocr")]
    if link:
        segments.append(Segment(f"mailto:{link}", page=5, kind="link"))
    return judge(Extraction(segments), policy)


def test_a_relayed_block_naming_a_newsroom_is_its_box_not_the_issuers(policy: AddressPolicy) -> None:
    judged = _judge(policy, RULES.format(address="vimoitruongtuonglai@gmail.com"))
    (finding,) = judged.findings
    assert judged.metadata.issuer is not None and "PHÒNG GIÁO DỤC" in judged.metadata.issuer
    assert (finding.contact_point, finding.rule, judged.verdict) == (True, "DOC-002", "review")
    assert "names its own holder ('Tòa soạn chính')" in finding.reason


def test_a_block_naming_a_state_office_stays_the_issuers_charge(policy: AddressPolicy) -> None:
    holder = "Trụ sở Tòa soạn chính:\nTạp chí Môi trường và Đô thị Việt Nam"
    rules = RULES.replace(holder, "Văn phòng Phòng GD&ĐT:")
    judged = _judge(policy, rules.format(address="vanphong.pgd.camau@gmail.com"))
    (finding,) = judged.findings
    assert (finding.rule, judged.verdict) == ("DOC-001", "violation")
    assert "(header)" in finding.reason


def test_a_link_over_the_block_shares_its_holder_even_misread_by_one_letter(policy: AddressPolicy) -> None:
    # the scanner's OCR wrote the link's target with "J" for "l"; the printed words were read right
    judged = _judge(
        policy, RULES.format(address="vimoitruongtuonglai@gmail.com"), link="vimoitruongtuongJai@gmail.com"
    )
    assert {f.address: f.rule for f in judged.findings} == {
        "vimoitruongtuonglai@gmail.com": "DOC-002",
        "vimoitruongtuongjai@gmail.com": "DOC-002",
    }
    assert judged.verdict == "review"


def test_a_link_to_another_address_is_not_a_twin(policy: AddressPolicy) -> None:
    judged = _judge(policy, RULES.format(address="vimoitruongtuonglai@gmail.com"), link="pgd.camau@gmail.com")
    rules = {f.address: f.rule for f in judged.findings}
    assert rules["pgd.camau@gmail.com"] == "DOC-001"  # the letter's own link: the issuer's charge
    assert judged.verdict == "violation"
