# ruff: noqa: E501  (tables of realistic document text read better unwrapped)
"""Contact point or mere mention? A table of realistic Vietnamese snippets, one address each.

Precision first: a citizen's address, a quoted prohibition, an example, a URL, a file name, a
forwarded e-mail header or a list must never become DOC-001.
"""

from __future__ import annotations

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy

V, R = "violation", "review"
NV = "not-violation"  # the detector may or may not report the address; either way no violation

# (id, text, kind, address, contact_point, verdict, cue)
CASES: list[tuple[str, str, str, str, bool, str, str | None]] = [
    # --- contact points (every positive cue) ---
    (
        "email-label",
        "Mọi ý kiến đóng góp gửi Văn phòng UBND phường.\nEmail: vanphonghoaminh@gmail.com",
        "body",
        "vanphonghoaminh@gmail.com",
        True,
        V,
        "email-label",
    ),
    (
        "e-mail-label",
        "Văn phòng HĐND và UBND quận, E-mail: vp.lienchieu@yahoo.com.vn",
        "body",
        "vp.lienchieu@yahoo.com.vn",
        True,
        V,
        "email-label",
    ),
    (
        "thu-dien-tu-label",
        "Thư điện tử: phongnoivu.lc@gmail.com",
        "body",
        "phongnoivu.lc@gmail.com",
        True,
        V,
        "email-label",
    ),
    (
        "lien-he",
        "Để biết thêm thông tin, các đơn vị liên hệ đồng chí Nguyễn Thị Hoa, chuyên viên Phòng Nội vụ, qua địa chỉ hoant.lc@gmail.com.",
        "body",
        "hoant.lc@gmail.com",
        True,
        V,
        "more-info-contact",
    ),
    (
        "moi-chi-tiet",
        "Mọi chi tiết xin liên hệ Phòng Tư pháp quận, số điện thoại 0236.3842.112 hoặc\n"
        "tuphaplienchieu@gmail.com để được hướng dẫn.",
        "body",
        "tuphaplienchieu@gmail.com",
        True,
        V,
        None,
    ),
    (
        "dau-moi",
        "Giao Phòng Văn hóa và Thông tin làm đầu mối tổng hợp, địa chỉ vhtt.lienchieu@gmail.com.",
        "body",
        "vhtt.lienchieu@gmail.com",
        True,
        V,
        "focal-point",
    ),
    (
        "hop-thu-send",
        "Báo cáo gửi về hộp thư ubndhkb@yahoo.com trước ngày 25 hằng tháng.",
        "body",
        "ubndhkb@yahoo.com",
        True,
        V,
        "send-to-address",
    ),
    (
        "gui-ve-dia-chi",
        "Các đơn vị gửi về địa chỉ pgdlienchieu@gmail.com trước 16 giờ ngày 10/10/2020.",
        "body",
        "pgdlienchieu@gmail.com",
        True,
        V,
        "send-to-address",
    ),
    (
        "gui-qua-email",
        "Đề nghị các trường gửi danh sách giáo viên tham gia tập huấn qua email tapHuan.pgd@gmail.com",
        "body",
        "taphuan.pgd@gmail.com",
        True,
        V,
        "send-via-email",
    ),
    (
        "phan-hoi-ve",
        "Ý kiến góp ý dự thảo xin phản hồi về tuphap.hoaminh@gmail.com trước ngày 15/8/2019.",
        "body",
        "tuphap.hoaminh@gmail.com",
        True,
        V,
        "reply-to",
    ),
    (
        "dang-ky-qua",
        "Các cá nhân có nhu cầu đăng ký qua hộp thư doanthanhnien.lc@gmail.com hoặc trực tiếp.",
        "body",
        "doanthanhnien.lc@gmail.com",
        True,
        V,
        None,
    ),
    (
        "phone-email",
        "Điện thoại: 0236.3730.125; Email: motcuahoaminh@gmail.com",
        "body",
        "motcuahoaminh@gmail.com",
        True,
        V,
        None,
    ),
    (
        "footer-block",
        "Địa chỉ: 68 Nguyễn Sinh Sắc, phường Hòa Minh\nĐT: 0236.3730.125 - Fax: 0236.3730.126\nEmail: ubndhm@gmail.com",
        "footer",
        "ubndhm@gmail.com",
        True,
        V,
        None,
    ),
    (
        "block-one-line",
        "Địa chỉ: 02 Nguyễn Văn Cừ; Điện thoại: 0236 3842 551; Fax: 0236 3842 552; "
        "Email: ttvhtt.lc@gmail.com; Website: lienchieu.danang.gov.vn",
        "body",
        "ttvhtt.lc@gmail.com",
        True,
        V,
        None,
    ),
    (
        "nguoi-lien-he",
        "Người liên hệ: Trần Văn Nam, chuyên viên Phòng Nội vụ, ĐT 0905.123.456,\n"
        "thư điện tử tranvannam.nv@gmail.com",
        "body",
        "tranvannam.nv@gmail.com",
        True,
        V,
        None,
    ),
    (
        "signature-contact",
        "TRƯỞNG PHÒNG\n\nLê Văn Tám\nCán bộ phụ trách: Phan Thị Thu, ĐT: 0935.777.888,\n"
        "Email: thuphan.vhtt@gmail.com",
        "body",
        "thuphan.vhtt@gmail.com",
        True,
        V,
        None,
    ),
    (
        "vnpt-mailbox",
        "Mọi thắc mắc xin liên hệ: ubndlc@dng.vnn.vn",
        "body",
        "ubndlc@dng.vnn.vn",
        True,
        V,
        None,
    ),
    (
        "two-in-label",
        "Email: vanthu.lc@gmail.com; lienchieu.vp@yahoo.com",
        "body",
        "lienchieu.vp@yahoo.com",
        True,
        V,
        None,
    ),
    (
        "receive-via",
        "Bộ phận Một cửa tiếp nhận hồ sơ trực tuyến qua địa chỉ motcua.hkn@gmail.com.",
        "body",
        "motcua.hkn@gmail.com",
        True,
        V,
        "receive-via",
    ),
    (
        "header-kind",
        "UBND PHƯỜNG HÒA HIỆP BẮC – Email: ubndhhb@gmail.com – ĐT: 0236.3771.234",
        "header",
        "ubndhhb@gmail.com",
        True,
        V,
        None,
    ),
    (
        "citizens-send-to-ward",
        "Công dân có nhu cầu đăng ký trước nội dung kiến nghị, phản ánh xin gửi về địa chỉ thư "
        "điện tử\nubndhoaminh.lc@gmail.com hoặc liên hệ trực tiếp bộ phận Một cửa.",
        "body",
        "ubndhoaminh.lc@gmail.com",
        True,
        V,
        None,
    ),
    (
        "obfuscation-free-mailto",
        "Liên hệ: phongkinhte.lc@gmail.com (Phòng Kinh tế)",
        "body",
        "phongkinhte.lc@gmail.com",
        True,
        V,
        None,
    ),
    # --- merely appears (every negative case) ---
    (
        "prohibition",
        "Nghiêm cấm sử dụng hộp thư điện tử công cộng như abc@gmail.com trong hoạt động công vụ.",
        "body",
        "abc@gmail.com",
        False,
        R,
        "prohibition",
    ),
    (
        "khong-dung-dang",
        "Tuyệt đối không dùng hộp thư dạng tenphong@gmail.com để trao đổi văn bản.",
        "body",
        "tenphong@gmail.com",
        False,
        R,
        None,
    ),
    (
        "example",
        "Ví dụ: địa chỉ nguyenvana@yahoo.com là hộp thư công cộng, không phải thư công vụ.",
        "body",
        "nguyenvana@yahoo.com",
        False,
        R,
        None,
    ),
    (
        "example-chang-han",
        "Các hộp thư công cộng (chẳng hạn hoten1980@gmail.com) không được dùng làm đầu mối.",
        "body",
        "hoten1980@gmail.com",
        False,
        R,
        None,
    ),
    (
        "prohibition-with-label",
        "Không sử dụng Email: vanthu.phuong@gmail.com để gửi nhận văn bản.",
        "body",
        "vanthu.phuong@gmail.com",
        False,
        R,
        "prohibition",
    ),
    (
        "citizen-complaint",
        "Ông Trần Văn B (email: tranvanb@gmail.com) phản ánh việc lấn chiếm vỉa hè tại tổ 12.",
        "body",
        "tranvanb@gmail.com",
        False,
        R,
        "citizen-complaint",
    ),
    (
        "complaint-letter",
        "UBND phường nhận được đơn của bà Nguyễn Thị C, thư điện tử nguyenthic@gmail.com, "
        "về việc tranh chấp đất đai.",
        "body",
        "nguyenthic@gmail.com",
        False,
        R,
        None,
    ),
    (
        "url",
        "Tải biểu mẫu tại https://drive.google.com/drive/folders/1AbC?usp=sharing&user=abc@gmail.com",
        "body",
        "abc@gmail.com",
        False,
        R,
        "in-url",
    ),
    (
        "mailto-in-archived-link",  # a mailto link wrapped by the Wayback Machine: still the link to write to
        "Thanh tra huyện Krông Nô\nĐịa chỉ: số 12 đường Hùng Vương, thị trấn Đắk Mâm\n"
        "Điện thoại: 0261.3684.120 - Fax: 0261.3684.121\n"
        'Email: <a href="http://web.archive.org/web/20131105025500/mailto:thanhtrakrongno@yahoo.com.vn">'
        "thanhtra@krongno.daknong.gov.vn</a>",
        "body",
        "thanhtrakrongno@yahoo.com.vn",
        True,
        V,
        None,
    ),
    (
        "url-not-mailto",  # the same archive link to a page whose query names the address: a URL
        'Xem tại <a href="http://web.archive.org/web/2013/http://dichvucong.vn/tra-cuu?email=thanhtra@yahoo.com.vn">',
        "body",
        "thanhtra@yahoo.com.vn",
        False,
        R,
        "in-url",
    ),
    (
        "file-name",
        "Kèm theo tệp bao_cao_thang_6_ubndhm@gmail.com.docx đã chỉnh sửa.",
        "body",
        None,
        False,
        NV,
        None,
    ),
    (
        "file-name-underscore",
        "Tệp đính kèm: baocao_lethi.hoa@gmail.com_v2.pdf",
        "body",
        None,
        False,
        NV,
        None,
    ),
    (
        "forwarded",
        "---------- Forwarded message ---------\nFrom: Nguyễn Văn Dũng <dungnv.hkb@gmail.com>\n"
        "Date: Mon, 5 Oct 2020\nSubject: Báo cáo tuần",
        "body",
        "dungnv.hkb@gmail.com",
        False,
        R,
        "forwarded-header",
    ),
    (
        "forwarded-vi",
        "Từ: Lê Thị Hằng <hanglt@yahoo.com>\nĐã gửi: Thứ Hai, 12/10/2020\nChủ đề: Kế hoạch",
        "body",
        "hanglt@yahoo.com",
        False,
        R,
        "forwarded-header",
    ),
    (
        "list-rows",
        "STT  Họ và tên  Tổ  Thư điện tử\n1  Phạm Văn Tài  12  phamvantai1978@gmail.com\n"
        "2  Hồ Thị Ngọc Ánh  15  ngocanh.ho@yahoo.com\n3  Đặng Quốc Bảo  21  dangquocbao92@gmail.com",
        "body",
        "ngocanh.ho@yahoo.com",
        False,
        R,
        "many-addresses",
    ),
    (
        "table-two",
        "Phạm Văn Tài | Tổ 12 | phamvantai1978@gmail.com\nHồ Thị Ánh | Tổ 15 | anhho@yahoo.com",
        "table",
        "anhho@yahoo.com",
        False,
        R,
        "many-addresses",
    ),
    (
        "cccd-row",
        "1. Nguyễn Văn Đức, CCCD 048090001234, email: ducnv90@gmail.com, tổ 5",
        "table",
        "ducnv90@gmail.com",
        False,
        R,
        "id-on-row",
    ),
    (
        "hoc-sinh",
        "Học sinh Lê Minh Khang, lớp 9/2, địa chỉ thư điện tử khang.lm2009@gmail.com",
        "body",
        "khang.lm2009@gmail.com",
        False,
        R,
        None,
    ),
    (
        "ho-gia-dinh-block",
        "Hộ gia đình ông Võ Văn Sáu, địa chỉ: tổ 41, điện thoại: 0905.111.222, email: vovansau@gmail.com",
        "body",
        "vovansau@gmail.com",
        False,
        R,
        None,
    ),
    (
        "violation-report",
        "Qua kiểm tra, phát hiện đồng chí Hùng còn sử dụng hộp thư hung.vhtt@gmail.com để gửi văn bản.",
        "body",
        "hung.vhtt@gmail.com",
        False,
        R,
        None,
    ),
    (
        "violation-after",
        "Địa chỉ vanthu.hkn@gmail.com là hộp thư công cộng, vi phạm Chỉ thị 01/CT-UBND.",
        "body",
        "vanthu.hkn@gmail.com",
        False,
        R,
        None,
    ),
    (
        "no-cue",
        "Tài khoản quantri.web@gmail.com đã được thu hồi theo đề nghị của Phòng Văn hóa và Thông tin.",
        "body",
        "quantri.web@gmail.com",
        False,
        R,
        None,
    ),
    (
        "email-header-kind",
        "From: truongphong.nv@gmail.com",
        "email-header",
        "truongphong.nv@gmail.com",
        False,
        R,
        "email-header",
    ),
    # --- non-public addresses: informational, never a violation ---
    (
        "official-contact",
        "Email: vanphong.lienchieu@danang.gov.vn",
        "body",
        "vanphong.lienchieu@danang.gov.vn",
        True,
        "clean",
        None,
    ),
    (
        "other-company",  # a company's own address is not the issuer's contact point
        "Liên hệ Công ty FPT, email: hotro@fpt.com.vn",
        "body",
        "hotro@fpt.com.vn",
        False,
        "clean",
        None,
    ),
    (
        "lookalike",
        "Mọi chi tiết xin liên hệ: vanphong@dannang.gov.vn",
        "body",
        "vanphong@dannang.gov.vn",
        True,
        R,
        None,
    ),
    (
        "mention-clean",
        "Hệ thống thư điện tử công vụ (@danang.gov.vn) được sử dụng rộng rãi.",
        "body",
        None,
        False,
        "clean",
        None,
    ),
    (
        "prohibition-then-contact",
        "Nghiêm cấm sử dụng hộp thư công cộng trong công vụ. Mọi chi tiết xin liên hệ: "
        "Email: vp.hoakhanhnam@gmail.com",
        "body",
        "vp.hoakhanhnam@gmail.com",
        True,
        V,
        None,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_contact_table(
    case: tuple[str, str, str, str | None, bool, str, str | None], policy: AddressPolicy
) -> None:
    _id, text, kind, address, contact, verdict, cue = case
    judged = judge_text(text, policy, kind=kind)
    if verdict == NV:
        assert judged.verdict != V
    else:
        assert judged.verdict == verdict
    if address is None:
        assert not any(f.contact_point for f in judged.findings if f.cls == "public")
        return
    (finding,) = [f for f in judged.findings if f.address == address]
    assert finding.contact_point is contact, finding.reason
    assert finding.reason.startswith(finding.rule + ":")
    if cue is not None:
        assert finding.cue == cue, finding.reason


def test_table_covers_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


def test_no_mention_case_is_a_violation(policy: AddressPolicy) -> None:
    """The precision guarantee over the whole table: every non-contact case stays below violation."""
    for _id, text, kind, _address, contact, _verdict, _cue in CASES:
        if not contact:
            assert judge_text(text, policy, kind=kind).verdict != "violation", _id
