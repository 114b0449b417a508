# ruff: noqa: E501  (realistic page text reads better unwrapped)
"""Issue 11 point 2: a web page's menu bar is no contact cue, and a DOC-001 reason names the state
body it charges and where the judge found it. Texts written for these tests (not corpus items)."""

from __future__ import annotations

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy

# A reader's question on a portal's Q&A page: the menu's "LIÊN HỆ" above is a link, not a direction.
MENU_PAGES = {
    "caps-menu": (
        "CỔNG THÔNG TIN ĐIỆN TỬ QUẬN LIÊN CHIỂU\n"
        "TRANG CHỦ GIỚI THIỆU TIN TỨC VĂN BẢN HỎI ĐÁP LIÊN HỆ\n"
        "Hỏi đáp chính sách\n"
        "Người hỏi: Nguyễn Văn Tâm\n"
        "tamnguyen1985@gmail.com\n"
        "Tôi muốn hỏi thủ tục đăng ký kết hôn với người nước ngoài cần những giấy tờ gì?"
    ),
    "bar-menu": (
        "Trang chủ | Giới thiệu | Tin tức - Sự kiện | Thủ tục hành chính | Liên hệ\n"
        "Giải đáp pháp luật\n"
        "Bạn đọc Trần Thị Hoa\n"
        "hoatran.dn@gmail.com\n"
        "Xin hỏi thủ tục cấp đổi giấy phép lái xe hạng B2 khi hết hạn?"
    ),
    "joined-menu": (
        "Cổng thông tin điện tử Sở Tư pháp (cid:35) Đăng nhập | English TRANG CHỦ GIỚI THIỆU VĂN BẢN HỎI ĐÁP LIÊN HỆ "
        "Hỏi đáp pháp luật Người gửi: Lê Văn Hùng, phường Hòa Khánh Bắc hungle.hkb@gmail.com "
        "Xin hỏi thủ tục chứng thực bản sao từ bản chính cần mang theo giấy tờ gì"
    ),
    "portal-menu": (
        "Luật Việt Nam || Hàng gia công tiêu hủy tại Việt Nam vẫn được miễn thuế\n"
        "HOME LUATVIETNAM BIỂU THUẾ GIẢI ĐÁP TÀI KHOẢN LIÊN HỆ\n"
        "Giải đáp Website Cục Hải quan Xuất nhập khẩu\n"
        "Cập nhật 15/5/2017 | Đăng tải: LVN.4220\n"
        "lethanhbinh.qn@gmail.com\n"
        "Cục Hải quan tỉnh Quảng Nam trả lời như sau"
    ),
}


@pytest.mark.parametrize("name", sorted(MENU_PAGES))
def test_menu_word_is_no_contact_cue(name: str, policy: AddressPolicy) -> None:
    judged = judge_text(MENU_PAGES[name], policy)
    (finding,) = judged.findings
    assert finding.rule == "DOC-002"
    assert not finding.contact_point
    assert finding.cue != "contact"
    assert judged.verdict == "review"


def test_capitalised_contact_line_is_no_menu(policy: AddressPolicy) -> None:
    """A notice written in capitals names one or two menu words, not a run of menu items."""
    text = "UBND PHƯỜNG HÒA MINH\nHỒ SƠ ĐĂNG KÝ XIN LIÊN HỆ VĂN PHÒNG UBND PHƯỜNG QUA HỘP THƯ vanphonghm@gmail.com"
    (finding,) = judge_text(text, policy).findings
    assert finding.rule == "DOC-001"


def test_contact_heading_in_capitals_still_counts(policy: AddressPolicy) -> None:
    """One menu word on a heading ("THÔNG TIN LIÊN HỆ") is no menu bar: its block is a contact."""
    text = (
        "UBND PHƯỜNG HÒA MINH\n"
        "THÔNG TIN LIÊN HỆ\n"
        "Bộ phận Một cửa phường Hòa Minh, hộp thư tiếp nhận\n"
        "motcuahoaminh@gmail.com"
    )
    (finding,) = judge_text(text, policy).findings
    assert finding.rule == "DOC-001"
    assert finding.cue == "contact"


def test_contact_word_on_the_menu_line_itself_counts(policy: AddressPolicy) -> None:
    """An address on the bar itself ("… | Liên hệ: X") is what the bar offers."""
    text = "Trang chủ | Giới thiệu | Liên hệ: vanphonghoaminh@gmail.com\nUBND phường Hòa Minh"
    (finding,) = judge_text(text, policy).findings
    assert finding.rule == "DOC-001"


def test_table_row_is_no_menu(policy: AddressPolicy) -> None:
    """A flattened table's heading row ("| Trang chủ | Liên hệ | …") opens with its cell edge."""
    from congvu.judge.contact import _is_menu

    row = "| Giới thiệu | Liên hệ | Tin tức |"
    assert not _is_menu(row, row.lower())
    assert _is_menu("Giới thiệu | Liên hệ | Tin tức", "gioi thieu | lien he | tin tuc")
    assert not _is_menu(
        "Hotline: 0236 3842 123 | Liên hệ | Tin tức", "hotline: 0236 3842 123 | lien he | tin tuc"
    )


@pytest.mark.parametrize(
    ("text", "body", "source"),
    [
        (
            "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA MINH\nSố: 125/TB-UBND\n\nTHÔNG BÁO\nVề việc tiếp nhận hồ sơ\n\n"
            "Hồ sơ gửi về Văn phòng UBND phường qua thư điện tử: hoso.phuong@gmail.com trước ngày 30/6/2024.",
            "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
            "header",
        ),
        (
            "Mọi ý kiến đóng góp xin gửi về hộp thư ubndhoaminh@gmail.com.",
            "ubndhoaminh",
            "mailbox name",
        ),
        (
            "Thực hiện kế hoạch của Phòng Văn hóa và Thông tin quận Liên Chiểu, Ban biên tập tuyển cộng tác viên.\n"
            "Hồ sơ xin gửi về địa chỉ email: tuyendung.lc@gmail.com trước ngày 15/7/2024.",
            "Phòng Văn hóa và Thông tin quận Liên Chiểu",
            "nearest organisation",
        ),
    ],
)
def test_doc001_reason_names_the_state_body(text: str, body: str, source: str, policy: AddressPolicy) -> None:
    (finding,) = judge_text(text, policy).findings
    assert finding.rule == "DOC-001"
    assert finding.reason.endswith(f"; state body: '{body}' ({source})")


def test_doubted_contact_names_no_state_body(policy: AddressPolicy) -> None:
    """A company's contact line stays DOC-002 and its reason says why, not which state body."""
    text = (
        "Công ty TNHH Minh Phát tuyển nhân viên kinh doanh. Hồ sơ gửi về email: tuyendung.minhphat@gmail.com."
    )
    (finding,) = judge_text(text, policy).findings
    assert finding.rule == "DOC-002"
    assert "state body:" not in finding.reason
    assert "not recognisably a state body" in finding.reason


def test_a_doubted_group_names_the_body_that_makes_it_doubtful(policy: AddressPolicy) -> None:
    """A company named with a Sở ("Công ty … phối hợp với Sở … tổ chức") makes the group doubtful:
    the reason names the company, not the Sở that is a state body (`state.Orgs.nearest`)."""
    text = (
        "Cuộc thi do Công ty Cổ phần Truyền thông Sao Việt phối hợp với Sở Văn hóa, Thể thao và Du lịch "
        "tổ chức.\nBài dự thi gửi về email: cuocthisaoviet@gmail.com trước ngày 30/6/2026."
    )
    (finding,) = judge_text(text, policy).findings
    assert finding.rule == "DOC-002"
    assert "the body named nearest it ('Công ty Cổ phần Truyền thông Sao Việt" in finding.reason
    assert "('Sở Văn hóa" not in finding.reason
