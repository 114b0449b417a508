"""find_addresses on realistic Vietnamese lines: what must be found, and what must not."""

from __future__ import annotations

import unicodedata

import pytest

from congvu.detect import find_addresses

# (line, [(address, as_written, obfuscated)])
FOUND = [
    (
        "Mọi ý kiến góp ý gửi về địa chỉ nguyenvana@gmail.com trước ngày 15/3/2025.",
        [("nguyenvana@gmail.com", "nguyenvana@gmail.com", False)],
    ),
    (
        "Người liên hệ: đ/c Trần Thị Hoa, chuyên viên Phòng Nội vụ (tranthihoa@yahoo.com).",
        [("tranthihoa@yahoo.com", "tranthihoa@yahoo.com", False)],
    ),
    ("Thư điện tử: <le.huu.duc@outlook.com>", [("le.huu.duc@outlook.com", "le.huu.duc@outlook.com", False)]),
    (
        'Email: "phamminh85@gmail.com", số điện thoại 0905123456.',
        [("phamminh85@gmail.com", "phamminh85@gmail.com", False)],
    ),
    (
        "ĐỀ NGHỊ GỬI VỀ HOAKHANHBAC.UBND@GMAIL.COM ĐỂ TỔNG HỢP",
        [("hoakhanhbac.ubnd@gmail.com", "HOAKHANHBAC.UBND@GMAIL.COM", False)],
    ),
    (
        "Liên hệ: nguyenvana [at] gmail [dot] com hoặc số máy lẻ 123.",
        [("nguyenvana@gmail.com", "nguyenvana [at] gmail [dot] com", True)],
    ),
    ("Hộp thư: nguyenvana(at)gmail(dot)com", [("nguyenvana@gmail.com", "nguyenvana(at)gmail(dot)com", True)]),
    (
        "Hộp thư: nguyenvana{at}yahoo{dot}com{dot}vn",
        [("nguyenvana@yahoo.com.vn", "nguyenvana{at}yahoo{dot}com{dot}vn", True)],
    ),
    (
        "Email nguyenvana at gmail dot com (tránh thư rác)",
        [("nguyenvana@gmail.com", "nguyenvana at gmail dot com", True)],
    ),
    (
        "Gửi cho anh nguyenvana @ gmail . com nhé",
        [("nguyenvana@gmail.com", "nguyenvana @ gmail . com", True)],
    ),
    ("Thư điện tử: nguyenvana＠gmail．com", [("nguyenvana@gmail.com", "nguyenvana＠gmail．com", True)]),
    (
        "Liên hệ nguyenvana a còng gmail chấm com để nhận tài liệu.",
        [("nguyenvana@gmail.com", "nguyenvana a còng gmail chấm com", True)],
    ),
    (
        "LIÊN HỆ NGUYENVANA A CÒNG GMAIL CHẤM COM",
        [("nguyenvana@gmail.com", "NGUYENVANA A CÒNG GMAIL CHẤM COM", True)],
    ),
    (
        "lien he nguyenvana a cong gmail cham com",
        [("nguyenvana@gmail.com", "nguyenvana a cong gmail cham com", True)],
    ),
    ("Email: nguyen\u200bvana@gmail.com", [("nguyenvana@gmail.com", "nguyen\u200bvana@gmail.com", True)]),
    ("Email: nguyenvana@gm\u00adail.com", [("nguyenvana@gmail.com", "nguyenvana@gm\u00adail.com", True)]),
    (
        "Email: nguyenvana@\u2060gmail.co\ufeffm",
        [("nguyenvana@gmail.com", "nguyenvana@\u2060gmail.co\ufeffm", True)],
    ),
    (
        "Email: nguyenvana\u200c@\u200dgmail.com",
        [("nguyenvana@gmail.com", "nguyenvana\u200c@\u200dgmail.com", True)],
    ),
    (
        "Liên hệ nguyenvan.an@gmail.\ncom để biết thêm",
        [("nguyenvan.an@gmail.com", "nguyenvan.an@gmail.\ncom", True)],
    ),
    (
        "Liên hệ nguyenvanan@gm-\nail.com để biết thêm",
        [("nguyenvanan@gmail.com", "nguyenvanan@gm-\nail.com", True)],
    ),
    (
        "Liên hệ nguyenvanan@\ngmail.com để biết thêm",
        [("nguyenvanan@gmail.com", "nguyenvanan@\ngmail.com", True)],
    ),
    ("Email: nguyenvana&#64;gmail.com", [("nguyenvana@gmail.com", "nguyenvana&#64;gmail.com", True)]),
    ("Email: nguyenvana&#x40;gmail.com", [("nguyenvana@gmail.com", "nguyenvana&#x40;gmail.com", True)]),
    ("Email: nguyenvana&commat;gmail.com", [("nguyenvana@gmail.com", "nguyenvana&commat;gmail.com", True)]),
    ("Vui lòng gửi abc@gmail.comđể liên hệ", [("abc@gmail.com", "abc@gmail.com", False)]),
    ("Vui lòng gửi abc@yahoo.com.vnđể liên hệ", [("abc@yahoo.com.vn", "abc@yahoo.com.vn", False)]),
    ("Báo cáo gửi abc@gmail.comvề phòng", [("abc@gmail.com", "abc@gmail.com", False)]),
    ("Báo cáo gửi abc@danang.gov.vntrước 10 giờ", [("abc@danang.gov.vn", "abc@danang.gov.vn", False)]),
    ("Hết câu abc@gmail.com. Ông Nam phụ trách.", [("abc@gmail.com", "abc@gmail.com", False)]),
    ("mailto:abc@gmail.com?subject=B%C3%A1o%20c%C3%A1o", [("abc@gmail.com", "abc@gmail.com", False)]),
    (
        "Công văn gửi vanthu@lienchieu.danang.gov.vn và bản sao tới nguyenvana@gmail.com.",
        [
            ("vanthu@lienchieu.danang.gov.vn", "vanthu@lienchieu.danang.gov.vn", False),
            ("nguyenvana@gmail.com", "nguyenvana@gmail.com", False),
        ],
    ),
    (
        "Thư gửi info@xn--bcher-kva.de (tên miền quốc tế)",
        [("info@bücher.de", "info@xn--bcher-kva.de", False)],
    ),
    ("Email: lienhe@hoàkhánh.vn", [("lienhe@hoàkhánh.vn", "lienhe@hoàkhánh.vn", False)]),
    ("Gửi tới nguyenvana@ gmail.com nhé", [("nguyenvana@gmail.com", "nguyenvana@ gmail.com", True)]),
    ("Email nguyenvana At gmail Dot com", [("nguyenvana@gmail.com", "nguyenvana At gmail Dot com", True)]),
    ("Hết hạn nộp abc@gmail.com.In dịp này", [("abc@gmail.com", "abc@gmail.com", False)]),
    # a byline after a spaced full stop: "Th" of "Thùy" is Thailand's TLD, but it starts a word
    (
        "gửi về ban tổ chức thông qua email:\xa0thachthucthaydoi2019@gmail.com . Thùy Linh",
        [("thachthucthaydoi2019@gmail.com", "thachthucthaydoi2019@gmail.com", False)],
    ),
    ("Email: abc@gmail.com.Thông báo này", [("abc@gmail.com", "abc@gmail.com", False)]),
    # two addresses glued together: the first domain ends at its TLD, the second local part after it
    (
        "gửi về địa chỉ email của tôi:vuvietanh@gmail.comvuvietanh@webmail.sunmoon.ac.kr.Xin chân thành",
        [
            ("vuvietanh@gmail.com", "vuvietanh@gmail.com", False),
            ("vuvietanh@webmail.sunmoon.ac.kr", "vuvietanh@webmail.sunmoon.ac.kr", False),
        ],
    ),
    # a footnote's number glued to the TLD
    (
        "qua email chính thống của bộ phận nhân sự (p.tccb@nhidong.org.vn3) hoặc số điện thoại",
        [("p.tccb@nhidong.org.vn", "p.tccb@nhidong.org.vn", False)],
    ),
    # a comma typed for a big provider's dot; anywhere else "a@b,com" is no address
    (
        "Email liên lạc: khanhchi82.59@gmail,com",
        [("khanhchi82.59@gmail.com", "khanhchi82.59@gmail,com", True)],
    ),
    (
        "Hộp thư: vanthu.phuong@yahoo,com.vn",
        [("vanthu.phuong@yahoo.com.vn", "vanthu.phuong@yahoo,com.vn", True)],
    ),
    ("danh sách a@b,com,d", []),
    # a lost line break glues the next sentence's capitalised first word to the TLD
    (
        "Bài dự thi gửi về doanxa.hoatien@gmail.comTừ ngày 11/11",
        [("doanxa.hoatien@gmail.com", "doanxa.hoatien@gmail.com", False)],
    ),
    (
        "Entries go to doanxa.hoatien@gmail.comFrom November 11",
        [("doanxa.hoatien@gmail.com", "doanxa.hoatien@gmail.com", False)],
    ),
    ("Email: vanthu@danang.gov.vnHotline: 1022", [("vanthu@danang.gov.vn", "vanthu@danang.gov.vn", False)]),
    (
        "Hộp thư: nguyen[dot]van[at]gmail[dot]com",
        [("nguyen.van@gmail.com", "nguyen[dot]van[at]gmail[dot]com", True)],
    ),
]

# A space before the @ only: an address when a plausible local part and a full domain surround it.
# (This replaces the earlier decision that `abc @gmail.com` is always a handle mention.)
SPACE_BEFORE_AT = [
    (
        "Mọi thắc mắc gửi về thư điện tử hoakhanhbac2021 @gmail.com trước ngày 20/5/2025.",
        [("hoakhanhbac2021@gmail.com", "hoakhanhbac2021 @gmail.com", True)],
    ),
    (
        "Email: vanthu.hoaminh @yahoo.com.vn (bộ phận văn thư)",
        [("vanthu.hoaminh@yahoo.com.vn", "vanthu.hoaminh @yahoo.com.vn", True)],
    ),
    ("Liên hệ bà Lan, lan85  @gmail.com", [("lan85@gmail.com", "lan85  @gmail.com", True)]),
    # a sentence's full stop or a wrap after the domain is no file extension
    (
        "Email: vanthu.hoaminh @gmail.com. Điện thoại: 0236 3731 234",
        [("vanthu.hoaminh@gmail.com", "vanthu.hoaminh @gmail.com", True)],
    ),
    # spaces on both sides of @ and dots: spaced out on purpose, still an address before "html"
    ("Email abc @ gmail . com, trang web: abc.html", [("abc@gmail.com", "abc @ gmail . com", True)]),
]

# Spoken and bracketed forms broken by a line wrap.
WRAPPED_SPOKEN = [
    (
        "Đề nghị gửi báo cáo về hộp thư hoakhanhbac_lienchieu a\ncòng gmail chấm com để tổng hợp.",
        [("hoakhanhbac_lienchieu@gmail.com", "hoakhanhbac_lienchieu a\ncòng gmail chấm com", True)],
    ),
    (
        "Liên hệ chị Hạnh: hanhnguyen85 a còng yahoo chấm\ncom hoặc số 0905 123 456.",
        [("hanhnguyen85@yahoo.com", "hanhnguyen85 a còng yahoo chấm\ncom", True)],
    ),
    (
        "Hồ sơ gửi về ubndhoahiepnam a còng gmail\nchấm com trước 17 giờ.",
        [("ubndhoahiepnam@gmail.com", "ubndhoahiepnam a còng gmail\nchấm com", True)],
    ),
    (
        "Bộ phận một cửa: vanphong.hoaminh (at)\ngmail.com",
        [("vanphong.hoaminh@gmail.com", "vanphong.hoaminh (at)\ngmail.com", True)],
    ),
    (
        "Bộ phận một cửa: vanphong.hoaminh\n[at] outlook.com",
        [("vanphong.hoaminh@outlook.com", "vanphong.hoaminh\n[at] outlook.com", True)],
    ),
    (
        "LIÊN HỆ TRUONGMINH A\nCÒNG GMAIL CHẤM COM",
        [("truongminh@gmail.com", "TRUONGMINH A\nCÒNG GMAIL CHẤM COM", True)],
    ),
]

# `(a)` / `[a]` for @, only before a domain written with real dots.
BRACKET_A = [
    (
        "Văn bản điện tử gửi vanphong.ubnd (a) gmail.com để theo dõi.",
        [("vanphong.ubnd@gmail.com", "vanphong.ubnd (a) gmail.com", True)],
    ),
    ("Hộp thư: vanphong.ubnd[a]gmail.com", [("vanphong.ubnd@gmail.com", "vanphong.ubnd[a]gmail.com", True)]),
    (
        "Email phòng Tư pháp: tuphap.lienchieu [A] yahoo.com.vn",
        [("tuphap.lienchieu@yahoo.com.vn", "tuphap.lienchieu [A] yahoo.com.vn", True)],
    ),
]

_LONG = "Mọi ý kiến phản ánh của công dân về thủ tục hành chính xin gửi về hộp thư "

# A local part cut by a line wrap: joined only when the line before looks wrapped.
WRAPPED_LOCAL = [
    (_LONG + "ubndhoa\nminh@gmail.com", [("ubndhoaminh@gmail.com", "ubndhoa\nminh@gmail.com", True)]),
    ("Hộp thư: ubnd.\nhoaminh@gmail.com", [("ubnd.hoaminh@gmail.com", "ubnd.\nhoaminh@gmail.com", True)]),
    (
        "Hộp thư: vanthu_\nhoakhanh@gmail.com",
        [("vanthu_hoakhanh@gmail.com", "vanthu_\nhoakhanh@gmail.com", True)],
    ),
    ("Hộp thư: hoa-\r\nminh@yahoo.com", [("hoa-minh@yahoo.com", "hoa-\r\nminh@yahoo.com", True)]),
    # not joined: the line before ends in a Vietnamese word, an English word, or is short
    ("Mọi chi tiết liên hệ\nminh@gmail.com", [("minh@gmail.com", "minh@gmail.com", False)]),
    ("For details please contact\nminh@gmail.com", [("minh@gmail.com", "minh@gmail.com", False)]),
    ("Hộp thư ubnd\nminh@gmail.com", [("minh@gmail.com", "minh@gmail.com", False)]),
    (_LONG + "ubnd \nminh@gmail.com", [("minh@gmail.com", "minh@gmail.com", False)]),
    (_LONG + "phường Hòa\nminh@gmail.com", [("minh@gmail.com", "minh@gmail.com", False)]),
    (_LONG + "email\nminh@gmail.com", [("minh@gmail.com", "minh@gmail.com", False)]),
    (_LONG + "Ủy ban\nminh@gmail.com", [("minh@gmail.com", "minh@gmail.com", False)]),
    (_LONG + "anh Nguyen Van Minh\nminh@gmail.com", [("minh@gmail.com", "minh@gmail.com", False)]),
]

NOT_FOUND = [
    "Kính gửi: @UBND phường Hòa Khánh Bắc",
    "Đồng kính gửi @Chủ tịch UBND quận Liên Chiểu",
    "Theo dõi Zalo @hoakhanhbac và trang @nguyenvana để cập nhật tin tức",
    "Lịch họp: 8h @ hội trường tầng 2",
    "Đề nghị có mặt họp lúc 8h@phòng họp A",
    "Theo dõi Facebook @lienchieu.vn để cập nhật",
    "Địa chỉ nguyenvana.gmail.com là sai vì thiếu ký tự @",
    "Đăng ký tài khoản tại gmail.com hoặc outlook.com",
    "Please meet at hall dot five after the briefing",
    "We meet at the hall at 9 am, see you at lunch.",
    "Visit us at lienchieu.danang.gov.vn for details.",
    "Phần mềm phiên bản 2.4.1@3.0.12 đã được cập nhật",
    "Tệp đính kèm: bao-cao@2x.png, logo@2x.ai",
    "Máy chủ nội bộ admin@mail.internal không dùng cho công văn",
    "Người gửi: user@localhost",
    "Tin tức & Sự kiện; giá 100 000 đ/người",
    "Câu trả lời: a còng là tên gọi của ký tự @ trong tiếng Việt",
    "Anh ấy bị còng tay chấm dứt hợp đồng",
    # handles and prose around a lone space-before-@
    "Theo dõi Zalo @hoakhanhbac để nhận thông báo",
    "Theo dõi Facebook @ubndhoaminh và Zalo @ubnd.hoaminh.vn",
    "Theo dõi Facebook @lienchieu.vn để cập nhật",
    "Kính gửi @UBND phường Hòa Minh",
    "Lịch họp: 8h @ hội trường tầng 2",
    "Gửi anh Khánh @gmail.com của phòng",
    # a file name: name, space, "@site", file extension (a saved web page or download)
    "Tài liệu đính kèm: file @viethanit.edu.vn.html (trang lưu từ website của trường)",
    "Tải về: thong-bao-tuyen-sinh @ubndlienchieu.gov.vn.pdf",
    "Xem tệp Ke hoach @gmail.com.docx đính kèm",
    "Ghi chú: x @gmail.com là ví dụ",
    # `(a)` / `[a]` list markers
    "(a) Các cơ quan, đơn vị gửi báo cáo về Phòng Nội vụ trước ngày 20/5/2025;",
    "Theo điểm (a) khoản 2, hồ sơ gồm: tờ khai (a) bản sao.",
    "Phương án abc (a) gmail chấm com không hợp lệ",
    "Mục [a] thủ tục hành chính.vn",
    "Xem mục (a) phụ lục.Văn bản kèm theo",
]


ALL_FOUND = FOUND + SPACE_BEFORE_AT + WRAPPED_SPOKEN + BRACKET_A + WRAPPED_LOCAL


@pytest.mark.parametrize(("line", "expected"), ALL_FOUND)
def test_found(line: str, expected: list[tuple[str, str, bool]]) -> None:
    got = find_addresses(line)
    assert [(m.address, m.as_written, m.obfuscated) for m in got] == expected
    for m in got:
        assert line[m.start : m.end] == m.as_written
        assert m.source == "text"


@pytest.mark.parametrize("line", NOT_FOUND)
def test_not_found(line: str) -> None:
    assert find_addresses(line) == []


@pytest.mark.parametrize(("line", "expected"), FOUND[:8] + FOUND[11:13])
def test_nfd_text_around(line: str, expected: list[tuple[str, str, bool]]) -> None:
    """Decomposed Vietnamese around the address: same address, offsets into the NFD text."""
    nfd = unicodedata.normalize("NFD", line)
    got = find_addresses(nfd)
    assert [m.address for m in got] == [e[0] for e in expected]
    for m in got:
        assert nfd[m.start : m.end] == m.as_written
        assert unicodedata.is_normalized("NFC", m.address)


def test_nfd_glued_word_is_cut() -> None:
    line = unicodedata.normalize("NFD", "Gửi abc@gmail.comvề phòng và xyz@yahoo.com.vnđể tổng hợp")
    assert [m.address for m in find_addresses(line)] == ["abc@gmail.com", "xyz@yahoo.com.vn"]


def test_offsets_in_long_text() -> None:
    filler = "Ủy ban nhân dân phường Hòa Minh thông báo lịch tiếp công dân. " * 2000
    text = filler + "Liên hệ: nguyenvana [at] gmail [dot] com. " + filler + "tranthihoa@yahoo.com.vn\n"
    got = find_addresses(text)
    assert [m.address for m in got] == ["nguyenvana@gmail.com", "tranthihoa@yahoo.com.vn"]
    assert [text[m.start : m.end] for m in got] == [m.as_written for m in got]
    assert got[0].start == len(filler) + len("Liên hệ: ")


def test_empty_and_clean_text() -> None:
    assert find_addresses("") == []
    assert find_addresses("Trân trọng kính chào./.") == []


def test_ocr_space_after_the_first_dot_of_a_domain() -> None:
    """fresh-17's g28-0007: tesseract reads a 2017 scan's "qua địa chỉ email: …@gmail.com chậm nhất" as
    "…@gmail. com". A dot and one space join the first label to the next only; after a whole domain
    the sentence goes on, and a capitalised word after the space is a new sentence."""
    ocr = "và qua địa\nchỉ email: dreongluankg@gmail. com chậm nhất ngày 18/10/2017."
    (m,) = find_addresses(ocr)
    assert (m.address, m.obfuscated, m.as_written) == (
        "dreongluankg@gmail.com",
        True,
        "dreongluankg@gmail. com",
    )
    assert [m.address for m in find_addresses("Gửi về abc@gmail.com. do đó các đơn vị")] == ["abc@gmail.com"]
    assert [m.address for m in find_addresses("Gửi về abc@ubnd.gov.vn. vui lòng")] == ["abc@ubnd.gov.vn"]
    assert find_addresses("Liên hệ chị Lan qua abc@gmail. Tôi sẽ gửi sau.") == []


# fresh-24's g49 items: a ministry's OCR texts of letters it received, and tesseract's own reads of
# fresh-17's scans, print the at-sign as "(@", "(Đ", "(" or "/" glued between local part and domain.
OCR_AT_SIGN = [
    (
        "hoặc gửi qua Email  ttdtcbcc(@gmail.com  trước  ngày  khai  giảng",
        [("ttdtcbcc@gmail.com", "ttdtcbcc(@gmail.com", True)],
    ),
    (
        "theo địa chỉ thư điện tử ntbalicu/gmail.com chậm nhất trước 10 giờ",
        [("ntbalicu@gmail.com", "ntbalicu/gmail.com", True)],
    ),
    (
        "ĐTDĐ: +983865255, email: nguyenlevinh255(Đgmail.com).",
        [("nguyenlevinh255@gmail.com", "nguyenlevinh255(Đgmail.com", True)],
    ),
    (
        "6. E-mail: trungtamthongtintnmt(gmail.com\nII. THU THẬP THÔNG TIN",
        [("trungtamthongtintnmt@gmail.com", "trungtamthongtintnmt(gmail.com", True)],
    ),
    ("Email: phongkt©yahoo.com.vn", [("phongkt@yahoo.com.vn", "phongkt©yahoo.com.vn", True)]),
    (
        "Liên hệ vanthu.stp(@bacgiang.gov.vn",
        [("vanthu.stp@bacgiang.gov.vn", "vanthu.stp(@bacgiang.gov.vn", True)],
    ),
]
OCR_AT_SIGN_NOT = [
    "Xem hướng dẫn tại https://hotro.vn/gmail.com/dang-nhap",  # a web path
    "Mở trang web(gmail.com) để đăng nhập",  # a name in brackets, closed again
    "Đăng nhập(gmail.com hoặc yahoo.com",  # glued to a Vietnamese word
    "Bản quyền©gmail.com",
    "Tài khoản ab(gmail.com",  # too short to be a local part
    "Truy cập www/gmail.com",
    "Cổng thông tin (bacgiang.gov.vn) của tỉnh",  # only before a provider's domain
]


@pytest.mark.parametrize(("line", "expected"), OCR_AT_SIGN)
def test_ocr_at_sign_misread(line: str, expected: list[tuple[str, str, bool]]) -> None:
    got = find_addresses(line)
    assert [(m.address, m.as_written, m.obfuscated) for m in got] == expected
    assert all(line[m.start : m.end] == m.as_written for m in got)


@pytest.mark.parametrize("line", OCR_AT_SIGN_NOT)
def test_ocr_at_sign_not_read_into_prose(line: str) -> None:
    assert find_addresses(line) == []


def test_ocr_at_sign_in_a_long_text() -> None:
    """Past the short-text shortcut, the Hyperscan trigger (or its fallback) must open the window."""
    filler = "Ủy ban nhân dân tỉnh Hòa Bình đề nghị các đơn vị phối hợp thực hiện. " * 300
    text = filler + "E-mail: phuongdongls1974(@gmail.com.\n" + filler + "Email: trungtam(gmail.com\n"
    assert [m.address for m in find_addresses(text)] == ["phuongdongls1974@gmail.com", "trungtam@gmail.com"]
