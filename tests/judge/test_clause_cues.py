# ruff: noqa: E501  (tables of realistic document text read better unwrapped)
"""The cue/veto design of issue 11: clause-wide direction cues, vetoes that a direction cue of the
same clause lifts (and says so), street names that are no persons, chained and spaced-out addresses.

The sentences are written for these tests in the shapes the issue lists (they are the regression
suite, not real-corpus items). Each contact case has a look-alike that must stay `review`.
"""

from __future__ import annotations

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy
from congvu.judge.clauses import Clauses
from congvu.judge.text import fold

# (id, text, address, cue expected to decide)
CONTACTS: list[tuple[str, str, str, str]] = [
    (
        "spaced-after-phone",
        "Đề nghị các trường xác nhận số lượng người tham dự qua số điện thoại 0260.3862.345 (đồng chí Hòa) hoặc thư điện tử phonggdkontum @ hotmail . com, đề nghị các đơn vị thực hiện nghiêm túc.",
        "phonggdkontum@hotmail.com",
        "register-via",
    ),
    (
        "complaint-does-not-leak",
        "Ngày 02/3/2024, UBND phường nhận được đơn phản ánh của ông Nguyễn Văn Bình (email: binhnv1970@gmail.com) về việc lấn chiếm vỉa hè.\n"
        "Danh sách đăng ký tham gia gửi về Văn phòng HĐND-UBND phường, email: vpubnd.hoaminh@gmail.com, chậm nhất ngày 20/8/2024.",
        "vpubnd.hoaminh@gmail.com",
        "email-label",
    ),
    (
        "gui-ve-theo-dia-chi",
        "Hồ sơ dự tuyển gửi về theo địa chỉ: tuyendung.ttytdakha@gmail.com trước ngày 30/6/2023.",
        "tuyendung.ttytdakha@gmail.com",
        "send-to-address",
    ),
    (
        "hom-thu-cua-phong",
        "Mọi tổ chức, cá nhân đóng góp ý kiến tại hòm thư điện tử của Phòng Tư pháp huyện (địa chỉ: tuphap.huyenkbang@gmail.com).",
        "tuphap.huyenkbang@gmail.com",
        "unit-mailbox",
    ),
    (
        "send-to-a-person-of-the-office",
        "Các tác giả gửi tác phẩm theo địa chỉ: bà Nguyễn Thị Hương - Văn phòng Sở Văn hóa và Thể thao, số 51 Bà Huyện Thanh Quan; điện thoại 0236.3561.234; email: vanphongsovhtt@gmail.com.",
        "vanphongsovhtt@gmail.com",
        "contact-block",
    ),
    (
        "street-named-ba",
        "TRƯỜNG THCS NGUYỄN HUỆ\nĐịa chỉ: số 12 Bà Huyện Thanh Quan, phường 6, quận 3\nEmail: thcsnguyenhue.q3@yahoo.com",
        "thcsnguyenhue.q3@yahoo.com",
        "contact-block",
    ),
    (
        "street-named-ong",
        "Văn phòng UBND quận Hải Châu, Ông Ích Khiêm, Đà Nẵng, email: vp.quanhaichau@gmail.com",
        "vp.quanhaichau@gmail.com",
        "email-label",
    ),
    (
        # a district named after the Trưng sisters holds "Bà" (real corpus g66-0011)
        "district-named-hai-ba-trung",
        "Thông tin chi tiết có thể liên hệ tại Trung tâm Hợp tác đào tạo quốc tế, nhà B101, Viện Đại học Mở Hà Nội (phường Bách Khoa, quận Hai Bà Trưng, Hà Nội), ĐT: (024) 3868 0909, email: citc.hou@gmail.com.",
        "citc.hou@gmail.com",
        "more-info-contact",
    ),
    (
        "or-via-email-among-other-addresses",
        "Các cá nhân gửi bài dự thi trực tiếp về Ban tổ chức hoặc qua email: cuocthi.vhtt@gmail.com từ nay đến ngày 30/9/2024.\n"
        "Đơn vị phối hợp: Phòng Giáo dục (pgd@danang.gov.vn), Đoàn phường (doanphuong@gmail.com), Hội LHPN (hoilhpn@yahoo.com).",
        "cuocthi.vhtt@gmail.com",
        "email-label",
    ),
    (
        "or-email-without-colon",
        "Hồ sơ nộp trực tiếp tại Bộ phận một cửa hoặc email thutuc.ubndxa@gmail.com trong giờ hành chính.",
        "thutuc.ubndxa@gmail.com",
        "send-to-address",
    ),
    (
        "cue-wrapped-far-before",
        "Công dân, tổ chức có nhu cầu đăng ký tham gia buổi đối thoại với lãnh đạo UBND phường về công tác bồi thường, hỗ trợ,\n"
        "tái định cư dự án Khu dân cư phía Nam, đề nghị gửi phiếu đăng ký (theo mẫu đính kèm) về\nđịa chỉ thư điện tử bttdc.hoaxuan@gmail.com.",
        "bttdc.hoaxuan@gmail.com",
        "register-via",
    ),
    (
        "person-to-contact-on-a-street",
        "Mọi chi tiết xin liên hệ ông Phạm Văn Đức, cán bộ Văn phòng, 25 Ông Ích Khiêm, email: ducpv.vp@gmail.com.",
        "ducpv.vp@gmail.com",
        "more-info-contact",
    ),
    (
        "id-words-before-the-direction",
        "Thí sinh ghi rõ họ tên, ngày sinh, số CCCD và gửi hồ sơ về email tuyensinh.thptlequydon@gmail.com trước ngày 15/7.",
        "tuyensinh.thptlequydon@gmail.com",
        "send-to-address",
    ),
    (
        "complaints-invited",
        "Phòng Tài nguyên và Môi trường quận thông báo: mọi hành vi gây ô nhiễm môi trường, người dân có thể phản ánh qua đường dây nóng 0236.3888.111 hoặc email moitruong.lienchieu@gmail.com.",
        "moitruong.lienchieu@gmail.com",
        "reply-to",
    ),
]

# (id, text, address, cue expected to decide; None: no cue at all)
MENTIONS: list[tuple[str, str, str, str | None]] = [
    (
        "resident-of-a-street",
        "Ông Trần Văn Bình, số nhà 45 Bà Triệu, email: binhtv.45@gmail.com cho rằng việc cấp phép là chưa đúng.",
        "binhtv.45@gmail.com",
        "third-party",
    ),
    (
        "person-named-trieu",
        "Căn cứ hồ sơ của bà Triệu Thị Hoa, email: hoatt.1980@gmail.com, UBND phường trả lời như sau:",
        "hoatt.1980@gmail.com",
        "third-party",
    ),
    (
        "received-from-a-named-person",
        "UBND phường đã tiếp nhận phản ánh của ông Lê Văn Tâm qua email tamle1975@gmail.com về tiếng ồn.",
        "tamle1975@gmail.com",
        "third-party",
    ),
    (
        "named-person-sends-his-letter",
        "Ông Nguyễn Văn An đã gửi đơn về UBND phường, email: nguyenvanan62@gmail.com, nội dung như sau:",
        "nguyenvanan62@gmail.com",
        "third-party",
    ),
    (
        "directory-every-row-says-contact",
        "Các trường liên hệ trực tiếp:\nTrường THCS Lê Lợi liên hệ thầy Hùng, email: thcsleloi@gmail.com\n"
        "Trường THCS Kim Đồng liên hệ cô Mai, email: thcskimdong@gmail.com\nTrường THCS Chu Văn An liên hệ thầy Nam, email: thcschuvanan@yahoo.com",
        "thcskimdong@gmail.com",
        "directory",  # each school its own row and its own address: a directory (and many addresses)
    ),
    (
        "registrants-list-in-text",
        "Danh sách hộ gia đình đăng ký nhận thông báo qua thư điện tử:\n1 Tổ 12 Trần Văn Tài tai.tran80@gmail.com\n"
        "2 Tổ 15 Lê Thị Hoa hoale.to15@gmail.com\n3 Tổ 21 Phạm Minh Quang quangpm21@yahoo.com",
        "tai.tran80@gmail.com",
        "many-addresses",
    ),
    (
        "negated-direction",
        "Tuyệt đối không gửi văn bản, tài liệu mật về hộp thư vanthu.phuong@gmail.com.",
        "vanthu.phuong@gmail.com",
        "prohibition",
    ),
    (
        "impostor-warning",
        "Cảnh báo: đối tượng mạo danh Sở Thông tin và Truyền thông dùng địa chỉ so.tttt.dn@gmail.com để liên hệ với doanh nghiệp.",
        "so.tttt.dn@gmail.com",
        "impostor",
    ),
    (
        "sent-from",
        "Thư được gửi từ địa chỉ hoanglan1985@gmail.com vào lúc 9 giờ 15 phút ngày 03/4/2024.",
        "hoanglan1985@gmail.com",
        "sent-from",
    ),
    (
        "recipients-list",
        "Nơi nhận:\n- Như trên;\n- UBND phường Hòa Minh (ubndhoaminh@gmail.com);\n- Lưu: VT, VP.",
        "ubndhoaminh@gmail.com",
        "recipients-list",
    ),
    (
        "company-to-contact",
        "Liên hệ Công ty TNHH Xây dựng Thành Đạt, email: thanhdat.xaydung@gmail.com để được báo giá.",
        "thanhdat.xaydung@gmail.com",
        "company",
    ),
    (
        "abbreviation-does-not-end-the-clause",
        "Ông Lê Văn Sơn, trú tại TP. Huế, Email: sonle.hue@gmail.com, cho biết gia đình chưa nhận được thông báo.",
        "sonle.hue@gmail.com",
        "third-party",
    ),
    (
        "directory-of-partners",
        "Các cá nhân gửi bài dự thi trực tiếp về Ban tổ chức.\n"
        "Đơn vị phối hợp: Phòng Giáo dục (pgd@danang.gov.vn), Đoàn phường (doanphuong@gmail.com), Hội LHPN (hoilhpn@yahoo.com).",
        "doanphuong@gmail.com",
        None,  # no cue offers them: a mention (three partner bodies, each with its own address)
    ),
    (
        # a reply on a school's forum (real corpus g78-0001): the writer's own mailbox
        "own-mailbox-in-a-forum-reply",
        "Kế hoạch Lễ kỷ niệm 35 năm của Đoàn trường THPT Kim Liên.\n@ Thùy Anh: em gửi cho chị bản kế hoạch lần này được không?\nEmail chị là : linhhai.1992@gmail.com",
        "linhhai.1992@gmail.com",
        "own-mailbox",
    ),
    (
        "own-mailbox-of-a-pupil",
        "Em là học sinh lớp 10A1 Trường THPT Kim Liên. Email của em là hatrang092@gmail.com, mong thầy cô góp ý.",
        "hatrang092@gmail.com",
        "own-mailbox",
    ),
]


@pytest.mark.parametrize("case", CONTACTS, ids=[c[0] for c in CONTACTS])
def test_issuer_contact_points(case: tuple[str, str, str, str], policy: AddressPolicy) -> None:
    _id, text, address, cue = case
    judged = judge_text(text, policy)
    (finding,) = [f for f in judged.findings if f.address == address]
    assert (finding.rule, finding.cue) == ("DOC-001", cue), finding.reason
    assert judged.verdict == "violation"


@pytest.mark.parametrize("case", MENTIONS, ids=[c[0] for c in MENTIONS])
def test_mentions_stay_review(case: tuple[str, str, str, str | None], policy: AddressPolicy) -> None:
    _id, text, address, cue = case
    judged = judge_text(text, policy)
    (finding,) = [f for f in judged.findings if f.address == address]
    assert (finding.rule, finding.cue) == ("DOC-002", cue), finding.reason
    assert judged.verdict == "review"


def test_the_complaint_itself_stays_review(policy: AddressPolicy) -> None:
    text = CONTACTS[1][1]
    (citizen,) = [f for f in judge_text(text, policy).findings if f.address == "binhnv1970@gmail.com"]
    assert citizen.rule == "DOC-002" and citizen.cue == "complaint-letter"


def test_a_lifted_veto_is_named_in_the_reason(policy: AddressPolicy) -> None:
    text = "Danh sách đăng ký tham gia gửi về Văn phòng HĐND-UBND phường, email: vpubnd.hoaminh@gmail.com."
    (f,) = judge_text(text, policy).findings
    assert f.rule == "DOC-001"
    assert "('Danh sách') set aside" in f.reason and "'gửi về'" in f.reason


def test_an_outweighed_contact_cue_is_named_in_the_reason(policy: AddressPolicy) -> None:
    (f,) = judge_text(MENTIONS[6][1], policy).findings
    assert f.rule == "DOC-002"
    assert "('Tuyệt đối không gửi')" in f.reason and "which outweighs 'gửi về …'" in f.reason


def test_a_chained_spaced_out_address_inherits_the_label(policy: AddressPolicy) -> None:
    judged = judge_text("Email: vanthu.lc@gmail.com hoặc lienchieu.vp @ yahoo . com", policy)
    assert [(f.address, f.rule) for f in judged.findings] == [
        ("vanthu.lc@gmail.com", "DOC-001"),
        ("lienchieu.vp@yahoo.com", "DOC-001"),
    ]


def test_a_prohibition_does_not_reach_into_the_next_sentence(policy: AddressPolicy) -> None:
    text = (
        "Nghiêm cấm sử dụng hộp thư công cộng trong công vụ. Hồ sơ gửi về hòm thư tiepnhan.hoaminh@gmail.com."
    )
    assert judge_text(text, policy).verdict == "violation"
    text = "Không sử dụng hộp thư công cộng như vanthu.hm@gmail.com. Mọi chi tiết xin liên hệ Văn phòng."
    assert judge_text(text, policy).verdict == "review"


def _clause(text: str, needle: str, kind_rows: bool = False) -> str:
    folded = fold(text)
    at = text.index(needle)
    spans = [(at, at + len(needle))]
    cs, ce = Clauses(folded, lambda p: text[max(0, p - 5) : p], spans, rows=kind_rows).span(*spans[0])
    return text[cs:ce]


def test_clause_ends_at_a_sentence_but_not_after_an_abbreviation() -> None:
    text = "Ông A ở vỉa hè. Liên hệ Văn phòng UBND TP. Huế, ĐT. 0234 3822 111; email: x@gmail.com. Hết."
    assert (
        _clause(text, "x@gmail.com")
        == "Liên hệ Văn phòng UBND TP. Huế, ĐT. 0234 3822 111; email: x@gmail.com"
    )


def test_clause_ends_at_a_list_item_a_blank_line_and_a_semicolon_before_no_label() -> None:
    assert _clause("Kính gửi: các đơn vị;\n- Gửi về: x@gmail.com", "x@gmail.com") == "- Gửi về: x@gmail.com"
    assert _clause("Danh sách kèm theo\n\nHồ sơ gửi x@gmail.com", "x@gmail.com") == "Hồ sơ gửi x@gmail.com"
    assert _clause("Lưu VT; hồ sơ gửi x@gmail.com", "x@gmail.com") == " hồ sơ gửi x@gmail.com"


def test_clause_spans_a_wrapped_line_but_not_a_table_row() -> None:
    text = "Hồ sơ gửi về\nđịa chỉ x@gmail.com"
    assert _clause(text, "x@gmail.com") == text
    assert _clause(text, "x@gmail.com", kind_rows=True) == "địa chỉ x@gmail.com"


def test_a_full_stop_inside_a_spaced_out_address_does_not_end_the_clause() -> None:
    text = "Liên hệ: abc @ gmail . com"
    folded = fold(text)
    spans = [(9, len(text))]
    assert Clauses(folded, lambda p: text[max(0, p - 5) : p], spans).span(*spans[0]) == (0, len(text))


def test_hotline_then_mailbox_with_la(policy: AddressPolicy) -> None:
    text = (
        "Sở Tài nguyên và Môi trường tỉnh Hậu Giang vừa thông báo đường dây nóng. Theo đó, số điện thoại "
        "đường dây nóng là 0293 3876 543; thư điện tử là moitruong.haugiang@yahoo.com."
    )
    (f,) = judge_text(text, policy).findings
    assert f.rule == "DOC-001", f.reason


ASSOCIATION = (
    "HỘI CỰU GIÁO CHỨC THÀNH PHỐ\nSố: 05/TB-HCGC\nĐà Nẵng, ngày 12 tháng 3 năm 2024\nTHÔNG BÁO\n"
    "Bài viết xin gửi về Văn phòng Hội, email: cugiaochuc.dn@gmail.com trước ngày 30/4/2024.\n"
)


def test_an_association_issuer_is_review_not_violation(policy: AddressPolicy) -> None:
    judged = judge_text(ASSOCIATION, policy)
    (f,) = judged.findings
    assert judged.verdict == "review" and f.rule == "DOC-002" and f.contact_point
    assert "not recognisably a state body" in f.reason


def test_a_mass_organisation_is_a_state_body(policy: AddressPolicy) -> None:
    text = ASSOCIATION.replace("HỘI CỰU GIÁO CHỨC THÀNH PHỐ", "HỘI LIÊN HIỆP PHỤ NỮ QUẬN LIÊN CHIỂU")
    assert judge_text(text, policy).verdict == "violation"


@pytest.mark.parametrize(
    ("text", "verdict", "why"),
    [
        # the organisation named nearest above the address decides
        (
            "Địa điểm nhận tác phẩm: Hội Nhà văn thành phố, số 81 Trần Quốc Thảo, Quận 3. "
            "Số điện thoại: (028) 3932 1987, email: cuocthivanhoc.hnv@gmail.com.",
            "review",
            "('Hội Nhà văn thành phố') is not recognisably a state body",
        ),
        (
            "Phòng Văn hóa và Thông tin quận phát động cuộc thi ảnh. Tác phẩm gửi về "
            "địa chỉ email: cuocthianh.lienchieu@gmail.com trước ngày 30/9/2024.",
            "violation",
            "",
        ),
        # bodies named together with the nearest one share its fate
        (
            "Sở Văn hóa và Thể thao phối hợp với Công ty Cổ phần Sách Phương Nam tổ chức cuộc thi. "
            "Bài dự thi gửi qua email: sachphuongnam.cuocthi@gmail.com.",
            "review",
            "the body named nearest it ('Công ty Cổ phần Sách Phương Nam",
        ),
        # no body named at all: when unsure, review
        (
            "Người tham dự phải đăng ký với BTC qua email: cuocthiviet2018@gmail.com",
            "review",
            "no state body is named near it",
        ),
        # a mailbox named after a state unit is that unit's
        ("Mọi chi tiết xin liên hệ: ubndhoaminh.lc@gmail.com", "violation", ""),
        # "xã hội" and "tích cực" name no body
        (
            "Trường THCS Lê Lợi đề nghị các tổ chức xã hội tích cực tham gia; ý kiến gửi về "
            "email: gopy.thcsleloi2024@gmail.com.",
            "violation",
            "",
        ),
    ],
)
def test_a_violation_needs_a_state_body(text: str, verdict: str, why: str, policy: AddressPolicy) -> None:
    judged = judge_text(text, policy)
    (f,) = judged.findings
    assert judged.verdict == verdict and f.contact_point, f.reason
    assert why in f.reason


DIRECTORY = (
    "II. ĐƯỜNG DÂY NÓNG CỦA CÁC ĐỊA PHƯƠNG\n"
    "1. Sở Nội vụ tỉnh Quảng Nam\nSố điện thoại đường dây nóng: 0235.3852.111\n"
    "Địa chỉ thư điện tử: sonoivu.qnam@gmail.com\n"
    "2. Sở Nội vụ tỉnh Quảng Ngãi\nLãnh đạo Sở: ông Trần Văn Hòa, Phó Giám đốc\nEmail: duongdaynong.snvqn@gmail.com\n"
    "3. Sở Nội vụ tỉnh Bình Định\nSố điện thoại đường dây nóng: 0256.3822.333\n"
    "Địa chỉ thư điện tử đường dây nóng: snv.binhdinh@gmail.com\n"
)


def test_a_directory_of_like_bodies_is_review(policy: AddressPolicy) -> None:
    judged = judge_text(DIRECTORY, policy)
    assert judged.verdict == "review"
    assert {f.cue for f in judged.findings} == {"directory"}
    assert "3 list items naming 'so noi vu'" in judged.findings[0].reason


def test_the_issuers_own_hotlines_are_no_directory(policy: AddressPolicy) -> None:
    text = (
        "I. BỘ NỘI VỤ\n1. Đường dây nóng tiếp nhận phản ánh về thủ tục hành chính\n"
        "Số điện thoại đường dây nóng: 024.3824.0101\nĐịa chỉ thư điện tử đường dây nóng: ttbnv@moha.gov.vn\n"
        "2. Đường dây nóng tiếp nhận phản ánh về công tác tuyển dụng\n"
        "Địa chỉ thư điện tử đường dây nóng: tuyendung.bnv@gmail.com, tiếp nhận phản ánh trong ngày.\n"
    )
    (f,) = [f for f in judge_text(text, policy).findings if f.address == "tuyendung.bnv@gmail.com"]
    assert (f.rule, f.cue) == ("DOC-001", "email-label"), f.reason


def test_an_official_address_alongside_makes_the_unit_a_state_body(policy: AddressPolicy) -> None:
    text = (
        "1. Trưởng phòng: CN. Võ Văn Đại\nĐiện thoại: 024.3858.1421\n"
        "E-mail: daivv@hus.edu.vn; vovandai.qt@gmail.com\nPhòng làm việc: phòng 311 tầng 3 nhà T1."
    )
    judged = judge_text(text, policy)
    assert judged.verdict == "violation"
    text = text.replace("daivv@hus.edu.vn; ", "")
    assert judge_text(text, policy).verdict == "review"


def test_a_contact_table_row_is_labelled_by_its_heading(policy: AddressPolicy) -> None:
    table = (
        "Bộ phận | Người liên hệ | Điện thoại | Email\n"
        "Văn phòng UBND phường | Đỗ Hữu Mai | 0236 3822 892 | tiepnhan.hoaminh@gmail.com"
    )
    (f,) = judge_text(table, policy, kind="table").findings
    assert (f.rule, f.cue) == ("DOC-001", "contact-person"), f.reason
    only_email = (
        "Bộ phận | Điện thoại | Email\nVăn phòng UBND phường | 0236 3822 892 | tiepnhan.hoaminh@gmail.com"
    )
    (f,) = judge_text(only_email, policy, kind="table").findings
    assert (f.rule, f.cue) == ("DOC-001", "column-label"), f.reason


def test_a_table_of_citizens_with_an_email_column_stays_review(policy: AddressPolicy) -> None:
    table = (
        "STT | Họ và tên | Người liên hệ | Email\n1 | Phạm Văn Tài | Tổ 12 | phamvantai1978@gmail.com\n"
        "2 | Hồ Thị Ngọc Ánh | Tổ 15 | ngocanh.ho@yahoo.com"
    )
    judged = judge_text(table, policy, kind="table")
    assert judged.verdict == "review" and {f.cue for f in judged.findings} == {"many-addresses"}


def test_a_chamber_of_commerce_footer_under_ministries_it_answers_is_review(policy: AddressPolicy) -> None:
    """ "Phòng Thương mại và Công nghiệp" is a business federation, not a state "Phòng": its footer
    block is its own, and the ministries named above it (whose drafts it answers) are not the
    body offering the address."""
    text = (
        "Kính gửi: Vụ Pháp chế – Bộ Tư pháp. Trả lời Công văn số 215/BTP-PC về việc góp ý Dự thảo Thông tư.\n"
        "PHÒNG THƯƠNG MẠI VÀ CÔNG NGHIỆP CHI NHÁNH ĐÀ NẴNG\n"
        "Số 256 Trần Phú, Hải Châu, Đà Nẵng\n"
        "Điện thoại: 0236.3821.719 / Fax: 0236.3822.930\n"
        "Email: gopy.phapluat.dn@gmail.com\n"
    )
    judged = judge_text(text, policy)
    (f,) = judged.findings
    assert judged.verdict == "review" and f.rule == "DOC-002", f.reason
    assert "PHÒNG THƯƠNG MẠI VÀ CÔNG NGHIỆP" in f.reason


@pytest.mark.parametrize(
    "email_line",
    [
        "Email: tranthimai.1975@gmail.com",
        "| Email | tranthimai.1975@gmail.com |",
        "E-mail:  tranthimai.1975@gmail.com",
    ],
)
def test_the_addressee_s_block_is_the_addressee_s_contact_however_laid_out(
    policy: AddressPolicy, email_line: str
) -> None:
    """A tax office's reply to a reader: the reader's phone and mailbox under "Kính gửi:" are hers,
    whether OCR kept the label line or flattened it into a table row."""
    text = (
        "CỤC THUẾ TỈNH HÀ TĨNH\nSố: 1520/CTHTI-TTHT\nHà Tĩnh, ngày 14 tháng 7 năm 2021\n"
        "V/v chính sách thuế TNCN\n\nKính gửi: Bà Trần Thị Mai\nSố điện thoại: 0915.223.446\n"
        f"{email_line}\n\nCục Thuế tỉnh Hà Tĩnh nhận được câu hỏi của bà về khoản phụ cấp. Về vấn đề này, "
        "Cục Thuế có ý kiến như sau: …\n"
    )
    judged = judge_text(text, policy)
    (f,) = judged.findings
    assert judged.verdict == "review" and f.rule == "DOC-002" and not f.contact_point, f.reason
    # the same block with its e-mail line read first (a form's order, or the OCR's)
    moved = text.replace(
        f"Kính gửi: Bà Trần Thị Mai\nSố điện thoại: 0915.223.446\n{email_line}\n",
        f"{email_line}\nKính gửi: Bà Trần Thị Mai\nSố điện thoại: 0915.223.446\n",
    )
    assert moved != text
    assert judge_text(moved, policy).verdict == "review"


def test_an_issuer_s_request_under_the_addressee_line_is_still_a_contact_point(policy: AddressPolicy) -> None:
    """A sentence asking the addressees to send to the issuer's mailbox is no label line of their block."""
    text = (
        "UBND PHƯỜNG HÒA MINH\nSố: 85/UBND-VP\nKính gửi: Các tổ dân phố\n"
        "Đề nghị các tổ dân phố gửi danh sách về Văn phòng UBND phường qua email: vp.hoaminh@gmail.com trước ngày 20/5.\n"
    )
    judged = judge_text(text, policy)
    (f,) = judged.findings
    assert judged.verdict == "violation" and f.rule == "DOC-001", f.reason


def _laid_out(words: list[str], indent: int = 108) -> str:
    """A page kept with its layout: one word group per line, each indented to its column."""
    return "\n".join(" " * indent + w for w in words)


def test_a_label_reaches_over_a_layout_s_indentation(policy: AddressPolicy) -> None:
    """Dev's g24-0010: a page kept word by word in a narrow column, each line indented by a hundred
    spaces. The label reads as near as it stands on the page; a run of spaces is one character."""
    text = "Sở Tài chính tỉnh Đắk Nông đề nghị các đơn vị góp ý dự thảo\n" + _laid_out(
        [
            "(Đồng thời gửi kèm",
            "file theo",
            "địa chỉ",
            "email:",
            "qlns.stc@daknong.gov.vn",
            "và",
            "quanlyngansach.dn@gmail.com).",
        ]
    )
    j = judge_text(text, policy)
    (f,) = [f for f in j.findings if f.address == "quanlyngansach.dn@gmail.com"]
    assert f.contact_point and f.rule == "DOC-001", f.reason
    # the same words with a whole unrelated paragraph between the label and the address stay apart
    far = (
        "Sở Tài chính tỉnh Đắk Nông\n"
        + _laid_out(["Email:"])
        + "\n"
        + "Nội dung dự thảo gồm nhiều chương, điều khoản về quản lý ngân sách cấp xã và các biểu mẫu kèm theo. "
        * 4
        + "\n"
        + _laid_out(["nguyenvana.dn@gmail.com"])
    )
    (g,) = [f for f in judge_text(far, policy).findings if f.address == "nguyenvana.dn@gmail.com"]
    assert not g.contact_point, g.reason


def test_a_masthead_s_answerable_person_does_not_own_the_contact_line_below(policy: AddressPolicy) -> None:
    """Fresh-18's g29-0013: a provincial portal's footer names the person answerable for it (Nghị
    định 72/2013) on the line above the publisher's contact line."""
    footer = (
        "Cổng thông tin điện tử tỉnh Quảng Nam - Giấy phép số: 112/GP-TTĐT.<br/>\n"
        "Đơn vị quản lý: Sở Thông tin và Truyền thông - Số 50 Hùng Vương - Thành phố Tam Kỳ<br/>\n"
        "Chịu trách nhiệm chính: Ông Hồ Quang Bửu - Giám đốc Sở Thông tin và Truyền thông<br/>\n"
        "Điện thoại: 0510.3818333 - Fax: 0510.3811759 - Email: congthongtin.qnam@gmail.com<br/>\n"
    )
    (f,) = judge_text(footer, policy).findings
    assert f.contact_point and f.rule == "DOC-001", f.reason
    # the person's own address, on the person's own line, stays theirs
    own = (
        "Đơn vị quản lý: Sở Thông tin và Truyền thông tỉnh Quảng Nam<br/>\n"
        "Tổng biên tập: Ông Hồ Quang Bửu, email: hoquangbuu.qn@gmail.com<br/>\n"
    )
    (g,) = judge_text(own, policy).findings
    assert g.rule == "DOC-002", g.reason


def test_an_attachment_not_compressed_is_no_prohibition(policy: AddressPolicy) -> None:
    """Fresh-19's g34-0004: "file đính kèm (không nén)" folds like "không nên" (should not), a
    prohibition; written with its marks it is "not compressed"."""
    text = (
        "Trung ương Hội Sinh viên Việt Nam phát động cuộc thi sáng tác clip. Địa chỉ gửi về: Trung ương Hội Sinh viên "
        "Việt Nam, 64 Bà Triệu, Hà Nội. SĐT: 024.62631857 hoặc file đính kèm (không nén) vào địa chỉ e-mail: tuhaotoquoc.hsv@gmail.com"
    )
    (f,) = judge_text(text, policy).findings
    assert f.contact_point and f.rule == "DOC-001", f.reason
    should_not = "Trung ương Hội Sinh viên Việt Nam lưu ý: các đơn vị không nên gửi bài qua e-mail: tuhaotoquoc.hsv@gmail.com"
    (g,) = judge_text(should_not, policy).findings
    assert not g.contact_point and g.cue == "prohibition", g.reason


def test_the_southern_spelling_gởi_sends(policy: AddressPolicy) -> None:
    """ "gởi" is how the south writes "gửi" (real fresh-21 g38-0018, a Saigon school's homework page;
    dev's g34-0007); folded it reads "goi", as "gọi" (to call) and "gói" (a package) do, which send nothing."""
    text = (
        "TRƯỜNG THCS NGUYỄN HUỆ\nHƯỚNG DẪN HỌC TẬP MÔN NGỮ VĂN 8 (tuần 25)\n"
        "Học sinh làm bài vào giấy kiểm tra, chụp ảnh rõ nét và gởi bài về địa chỉ thcsnguyenhue.nv8@gmail.com "
        "trước ngày 15/4/2020.\n"
    )
    (f,) = judge_text(text, policy).findings
    assert (f.rule, f.contact_point, f.cue) == ("DOC-001", True, "send-to-address")
    called = (
        "TRƯỜNG THCS NGUYỄN HUỆ\nEm Lan kể, tối nào em cũng gọi về nhà cho mẹ; "
        "cô giáo chủ nhiệm là người giữ hộp thư lop8a.nguyenhue@gmail.com của lớp.\n"
    )
    assert all(f.cue != "send-to-address" for f in judge_text(called, policy).findings)
