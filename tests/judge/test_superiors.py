"""A public mailbox the issuer gives for reports to its superior is the superior's, not the issuer's
(congvu.judge.superiors): review with the reason, never a violation charged to the issuer."""

from __future__ import annotations

import pytest

from congvu.classify import AddressPolicy
from congvu.judge import superiors
from congvu.judge.document import judge
from congvu.model import Extraction, Segment
from congvu.settings import load_config

NOI_NHAN = """
Nơi nhận:
- Ban Tuyên giáo và Dân vận Huyện ủy (b/c);
- UBND huyện Hòa Vang (b/c);
- Đảng ủy xã (b/c);
- Các thôn;
- Lưu: VP.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Hùng
"""

RELAYED = (
    "3. Các thôn tổng hợp danh sách hộ nghèo, hộ cận nghèo gửi về Văn phòng UBND xã trước ngày 20/3/2026.\n"
    "4. UBND xã thực hiện chế độ báo cáo định kỳ với UBND huyện Hòa Vang bằng văn bản và thư điện tử "
    "(qua địa chỉ Email: giamngheo.hoavang@gmail.com) trước ngày 25 hằng tháng.\n" + NOI_NHAN
)


@pytest.fixture(scope="module")
def policy() -> AddressPolicy:
    return AddressPolicy.from_config(load_config())


def _judge(text: str, policy: AddressPolicy):  # type: ignore[no-untyped-def]
    return judge(Extraction([Segment(text)]), policy)


def test_the_list_marks_who_the_issuer_reports_to() -> None:
    found = superiors.listed([NOI_NHAN])
    assert [s.level for s in found] == ["huyen", "huyen", "xa"]  # "Huyện ủy" is of the district too
    assert found[1].written == "UBND huyện Hòa Vang (b/c)"
    assert found[1].words[:4] == ("uy", "ban", "nhan", "dan")  # abbreviation spelled out
    assert "Các thôn" not in [s.written for s in found]  # no report mark


def test_a_superiors_mailbox_relayed_by_the_issuer_is_review_with_the_reason(policy: AddressPolicy) -> None:
    judged = _judge(RELAYED, policy)
    (finding,) = [f for f in judged.findings if f.address == "giamngheo.hoavang@gmail.com"]
    assert judged.verdict == "review"
    assert finding.rule == "DOC-002"
    assert "UBND huyện Hòa Vang (b/c)" in finding.reason and "not the issuer's own" in finding.reason


def test_the_same_address_later_in_the_document_is_still_the_superiors(policy: AddressPolicy) -> None:
    text = RELAYED.replace(
        "\nNơi nhận:",
        "\n\nb. Báo cáo nhanh kết quả rà soát: qua điện thoại hoặc Email: giamngheo.hoavang@gmail.com "
        "trong ngày.\n\nNơi nhận:",
    )
    judged = _judge(text, policy)
    assert judged.verdict == "review"
    assert all(f.rule != "DOC-001" for f in judged.findings)


def test_the_issuers_own_mailbox_beside_a_report_to_a_superior_is_still_a_violation(
    policy: AddressPolicy,
) -> None:
    """The ward collects the forms itself: its own office's gmail is its contact point, whatever
    superiors the list names."""
    text = (
        "Hồ sơ đăng ký gửi về Văn phòng UBND xã Hòa Phong, email: vanphong.hoaphong@gmail.com, "
        "chậm nhất ngày 20/3/2026.\n" + NOI_NHAN
    )
    judged = _judge(text, policy)
    assert judged.verdict == "violation"


def test_a_body_of_another_level_is_not_the_listed_superior(policy: AddressPolicy) -> None:
    """ "UBND tỉnh" in the text is not the list's "UBND huyện …": the level must agree."""
    text = RELAYED.replace("với UBND huyện Hòa Vang", "với UBND tỉnh Quảng Nam")
    judged = _judge(text, policy)
    assert judged.verdict == "violation"


def test_without_a_report_mark_the_listed_body_may_be_the_issuer(policy: AddressPolicy) -> None:
    """Issuers list themselves ("- UBND huyện;" for filing): only "(b/c)"/"để báo cáo" says superior."""
    text = RELAYED.replace("UBND huyện Hòa Vang (b/c)", "UBND huyện Hòa Vang")
    judged = _judge(text, policy)
    assert judged.verdict == "violation"


def test_a_name_too_short_to_tell_matches_nothing() -> None:
    found = superiors.listed(["Nơi nhận:\n- Tỉnh đoàn Quảng Nam (b/c);\n- Lưu: VT.\n"])
    assert superiors.reported_to("tinh doan", found) is None


def test_a_footer_under_the_list_is_the_issuers_even_when_the_list_names_its_superior(
    policy: AddressPolicy,
) -> None:
    """The body nearest the footer's address is the list's own "UBND quận (b/c)": no sentence sends
    reports to it there, so the footer stays the issuer's contact block."""
    text = (
        "UBND QUẬN LIÊN CHIỂU\nPHÒNG VĂN HÓA VÀ THÔNG TIN\nSố: 88/VHTT\n"
        "Đề nghị các đơn vị triển khai thực hiện các nội dung nêu trên.\n"
        "Nơi nhận:\n- Như trên;\n- UBND quận (b/c);\n- Lưu: VT.\n"
        "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\nLê Thị Thu\n"
        "Đ/c: 51 Ngô Thì Nhậm * ĐT: 0236 3841 155 * Email: vhtt.lienchieu@hotmail.com\n"
    )
    judged = _judge(text, policy)
    assert judged.verdict == "violation"


def test_the_list_is_found_in_decomposed_text_and_on_another_page() -> None:
    """Marks typed as combining characters (some converters' output), and a list on the last page."""
    import unicodedata

    pages = ["Trang 1: nội dung thông báo.", unicodedata.normalize("NFD", NOI_NHAN)]
    assert [s.level for s in superiors.listed(pages)] == ["huyen", "huyen", "xa"]
