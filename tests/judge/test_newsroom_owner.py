# ruff: noqa: E501
"""A newsroom ("Tòa soạn") is a state body only where the text names its owner (docs/labelling.md,
decision 2): a press directory's or a reposted article's "Tòa soạn … Email: X" is no state body's
contact point (real g12-0004, g12-0005), a state academy's journal that says "Cơ quan chủ quản: Học
viện Quốc phòng" in its masthead is (g14-0023), however far above the newsroom's line it says so."""

from __future__ import annotations

from judgekit import judge_text

from congvu.classify import AddressPolicy

ROWS = (
    "DANH BẠ CÁC CƠ QUAN BÁO CHÍ\n"
    "Báo Thanh Niên Miền Trung\n"
    "Tòa soạn: 46 Lê Duẩn, quận Hải Châu, Đà Nẵng\n"
    "Điện thoại: 0236 3821 111 - Email: lienhe.thanhnienmientrung@gmail.com\n"
)


def test_a_newsroom_with_no_owner_named_is_no_state_body(policy: AddressPolicy) -> None:
    text = "Sáng nay, Công an thành phố Đà Nẵng và Sở Y tế tổ chức hội nghị.\n" + ROWS
    (f,) = judge_text(text, policy).findings
    assert (f.rule, f.contact_point) == ("DOC-002", True)
    assert "'Tòa soạn" in f.reason and "not recognisably a state body" in f.reason


def test_the_owner_named_in_the_masthead_makes_the_newsroom_a_state_body(policy: AddressPolicy) -> None:
    masthead = (
        "TẠP CHÍ VĂN HÓA QUẢNG NAM\n<strong>CƠ QUAN CHỦ QUẢN:</strong> Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Nam<br />\n"
        "<strong>TỔNG BIÊN TẬP:</strong> Nguyễn Văn Hùng<br />\n"
        + "Tạp chí ra hằng tháng, giới thiệu văn hóa, lịch sử và con người xứ Quảng.\n"
        * 12
    )
    text = (
        masthead
        + "<strong>TÒA SOẠN:</strong><br />\n02 Trần Hưng Đạo, Tam Kỳ<br />\nĐiện thoại: 0235 3851 234<br />\nEmail: tapchivanhoaqn@gmail.com<br />\n"
    )
    assert text.index("Email:") - text.index("CƠ QUAN CHỦ QUẢN") > 600  # past the owner's usual reach
    (f,) = judge_text(text, policy).findings
    assert (f.rule, f.contact_point) == ("DOC-001", True)
    assert "Sở Văn hóa, Thể thao" in f.reason and "the paper's owner" in f.reason


def test_a_newsroom_written_in_lower_case_is_one_too(policy: AddressPolicy) -> None:
    """A school reposting a paper's article: "gửi câu hỏi về tòa soạn" names the newsroom, not the
    institute the article is about (real g35-0016)."""
    text = (
        "<p>Chương trình tư vấn có sự tham gia của các chuyên gia Viện Pasteur TP Hồ Chí Minh.</p>"
        "<p>Chương trình phát trực tuyến trên báo điện tử lúc 14h00 thứ Sáu. Bạn đọc có thể gửi câu hỏi về "
        "tòa soạn ngay từ bây giờ theo địa chỉ:</p><p>Email: <em>hoidap.suckhoe@gmail.com</em></p>"
    )
    (f,) = judge_text(text, policy).findings
    assert (f.rule, f.contact_point) == ("DOC-002", True)
    assert "'tòa soạn" in f.reason and "Pasteur" not in f.reason
