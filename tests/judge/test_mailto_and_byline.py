# ruff: noqa: E501  (page source reads better unwrapped)
"""Issue 11, seventh round (fresh-11's first report): a `mailto:` link is a page's offer to be written
to (docs/labelling.md, decision 4), whatever the link's text says — five of fresh-11's nine missed
contact points were such links judged "no contact cue nearby". Whose link it is still decides: an
article's byline or a citizen's question is theirs. The pages here are written for the tests.
"""

from __future__ import annotations

from judgekit import judge_text

from congvu.classify import AddressPolicy
from congvu.extract import html
from congvu.judge.document import judge
from congvu.settings import Limits

SCHOOL_FOOTER = """<div class="footer">
    <b>TRƯỜNG THCS NGUYỄN HUỆ</b> - Phường Hòa Minh, quận Liên Chiểu<br/>
    <a href="../admin/">Đăng nhập</a>
    |
    <a href="/sitemap.aspx">Sơ đồ trang</a>
    |
    <a href="mailto:thcsnguyenhue.lc@gmail.com">Góp ý</a>
    |
    <a href="#">Lên đầu</a>
</div>"""

FEEDBACK_POPUP = """// Hộp góp ý của UBND phường Hòa Hiệp Nam
export default function GopY() {
  const [noiDung, setNoiDung] = useState('');
  const gui = () => {
    const mailto = `mailto:ubnd.hoahiepnam@gmail.com?subject=Góp ý từ người dân&body=${encodeURIComponent(noiDung)}`;
    window.location.href = mailto;
  };
  return <button onClick={gui}>Gửi góp ý</button>;
}"""


def test_a_mailto_link_in_a_schools_footer_is_its_contact_point(policy: AddressPolicy) -> None:
    j = judge_text(SCHOOL_FOOTER, policy)
    assert j.verdict == "violation"
    (f,) = j.findings
    assert f.rule == "DOC-001" and "'mailto:' link" in f.reason


def test_a_feedback_buttons_mailto_is_the_wards_contact_point(policy: AddressPolicy) -> None:
    j = judge_text(FEEDBACK_POPUP, policy)
    assert j.verdict == "violation"
    assert [f.rule for f in j.findings] == ["DOC-001"]


def test_an_address_in_a_link_url_is_still_no_contact_point(policy: AddressPolicy) -> None:
    # the cue is "mailto:" only: an address inside any other URL is a link's text, not an offer
    text = "Xem thêm: https://example.vn/lien-he?ref=thcsnguyenhue.lc@gmail.com"
    assert judge_text(text, policy).verdict == "review"


def test_a_mailto_link_read_from_a_page_keeps_its_place_in_the_text(policy: AddressPolicy) -> None:
    page = f"""<html><head><title>Trường THCS Nguyễn Huệ</title></head><body>
    <h1>TRƯỜNG THCS NGUYỄN HUỆ</h1><p>Tin tức hoạt động của nhà trường.</p>
    {SCHOOL_FOOTER}</body></html>"""
    extraction = html.extract(page.encode(), Limits())
    body = next(s.text for s in extraction.segments if s.kind == "body")
    assert "Góp ý (mailto:thcsnguyenhue.lc@gmail.com)" in body
    j = judge(extraction, policy)
    assert j.verdict == "violation"
    (f,) = [f for f in j.findings if f.address == "thcsnguyenhue.lc@gmail.com"]
    assert f.rule == "DOC-001" and "Góp ý (mailto:" in f.excerpt
    # a link whose text shows the address is not written twice
    shown = html.extract(b'<p>Email: <a href="mailto:a.b@gmail.com">a.b@gmail.com</a></p>', Limits())
    assert next(s.text for s in shown.segments if s.kind == "body") == "Email: a.b@gmail.com"


def test_a_byline_or_a_citizens_mailto_is_theirs(policy: AddressPolicy) -> None:
    news = """<html><body><h1>UBND PHƯỜNG HÒA MINH</h1>
    <h2>Ra quân tổng vệ sinh môi trường hưởng ứng ngày Chủ nhật xanh</h2>
    <p>Sáng ngày 12/10, UBND phường phối hợp với Ủy ban MTTQ Việt Nam phường ra quân tổng vệ sinh.</p>
    <p>Tác giả: <a href="mailto:phongvien.nguyenvana@gmail.com">Nguyễn Văn An</a></p></body></html>"""
    j = judge(html.extract(news.encode(), Limits()), policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.rule == "DOC-002" and "byline" in f.reason
    question = """<html><body><h1>UBND PHƯỜNG HÒA MINH</h1><h2>Hỏi đáp chính sách</h2>
    <p>Câu hỏi của bà <a href="mailto:tranthibich1975@gmail.com">Trần Thị Bích</a> (tổ 12): Tôi muốn hỏi thủ tục đăng ký tạm trú?</p>
    </body></html>"""
    assert judge(html.extract(question.encode(), Limits()), policy).verdict == "review"


def test_a_byline_in_plain_text_is_the_writers_own_address(policy: AddressPolicy) -> None:
    text = (
        "UBND PHƯỜNG HÒA MINH\n"
        "Ra quân tổng vệ sinh môi trường hưởng ứng ngày Chủ nhật xanh\n"
        "Sáng ngày 12/10, UBND phường phối hợp với Ủy ban MTTQ Việt Nam phường ra quân.\n"
        "Bài và ảnh: Nguyễn Văn An (email: phongvien.nguyenvana@gmail.com)\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "review" and "byline" in j.findings[0].reason
    # a research article's corresponding-author footnote, its university named above it
    article = (
        "TẠP CHÍ KHOA HỌC - TRƯỜNG ĐẠI HỌC KINH TẾ QUỐC DÂN\n"
        "Các yếu tố ảnh hưởng đến ý định mua sắm trực tuyến của người tiêu dùng tại Hà Nội\n"
        "Trần Thị Lan, Khoa Thương mại và Kinh tế quốc tế, Trường Đại học Kinh tế Quốc dân\n"
        "_______\n"
        "*\n"
        "    Tác giả liên hệ. ĐT.: 024.3628.0280\n"
        "    Email: tranthilan.ktqd@yahoo.com\n"
    )
    j = judge_text(article, policy)
    assert j.verdict == "review" and "corresponding author" in j.findings[0].reason, j.findings[0].reason
    # a place to send entries is no byline ("Nộp bài: X")
    contest = "UBND PHƯỜNG HÒA MINH\nThể lệ cuộc thi viết về phường em.\nNộp bài: vanphong.hoaminh@gmail.com, hạn cuối ngày 30/11.\n"
    assert judge_text(contest, policy).verdict == "violation"


def test_words_for_a_person_in_a_role_are_no_institute(policy: AddressPolicy) -> None:
    # "THÀNH VIÊN MỚI" (new members) in a club's all-capital heading is no "Viện" (institute)
    text = (
        "CÂU LẠC BỘ DOANH NHÂN TRẺ 1985\n"
        "ĐĂNG KÝ THÀNH VIÊN MỚI\n"
        "Mọi thắc mắc xin liên hệ Email: clbdoanhnhan1985@gmail.com\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "review"
    assert "VIÊN" not in j.findings[0].reason


def test_an_offices_name_that_holds_students_is_no_list_of_students(policy: AddressPolicy) -> None:
    # "Hội Sinh viên" is a body, not "sinh viên" (students) the text lists
    text = (
        "Mọi chi tiết xin liên hệ: Đ/c Lê Văn Bình - Chủ tịch Hội Sinh viên, SĐT: 0398 174 438.\n"
        "Văn phòng Đoàn Thanh niên - Hội Sinh viên trường Đại học Bách khoa Đà Nẵng\n"
        'Email: <a href="mailto:vpdoan.dhbk@gmail.com">vpdoan.dhbk@gmail.com</a>\n'
    )
    j = judge_text(text, policy)
    assert j.verdict == "violation", j.findings[0].reason
    # a list of students keeps its veto
    roster = "Danh sách sinh viên nhận học bổng: Trần Văn Cường, lớp 20T1, email: cuong.tran2002@gmail.com\n"
    assert judge_text(roster, policy).verdict == "review"


def test_an_id_number_ten_rows_below_is_another_rows(policy: AddressPolicy) -> None:
    rows = "\n".join(
        f"\t\t\t<li>\n\t\t\t\t{label}: <span>{value}</span>\n\t\t\t</li>"
        for label, value in [
            ("Địa chỉ gửi tin, bài", "Đội Tuyên truyền; email: tintuc.congantinh@gmail.com"),
            ("Đường dây nóng", "113"),
            ("Cứu hỏa", "114"),
            ("Hướng dẫn làm CMND", "0236.3870155"),
        ]
    )
    text = f'<div class="main">\n\t<b>CÔNG AN TỈNH QUẢNG NAM</b>\n\t\t<ul>\n{rows}\n\t\t</ul>\n</div>'
    j = judge_text(text, policy)
    assert j.verdict == "violation", j.findings[0].reason
    # on its own row the ID number still says whose address it is
    row = "| Nguyễn Thị Hoa | CMND 201234567 | hoanguyen.qn@gmail.com |"
    assert judge_text("CÔNG AN TỈNH QUẢNG NAM\n" + row, policy).verdict == "review"


def test_a_pages_default_address_in_code_is_labelled_by_its_key(policy: AddressPolicy) -> None:
    text = (
        "<footer>\n  <h3>Bệnh viện Đa khoa huyện Hòa Vang</h3>\n"
        '  <div className="flex items-center gap-2">\n    <Mail size={15} />\n'
        "    <span>{contact?.email || 'bvdkhoavang@gmail.com'}</span>\n  </div>\n</footer>"
    )
    j = judge_text(text, policy)
    assert j.verdict == "violation"
    assert "'email' key" in j.findings[0].reason


def test_a_starred_authors_note_holds_the_authors_own_address(policy: AddressPolicy) -> None:
    """A name marked with a star and the note that opens with it (real fresh-20: g36-0014, a report
    template under a lecturer's name; g37-0007, a journal article's foot-of-page note): the author's
    own address, whatever contact block or label it stands in."""
    template = (
        "BÁO CÁO KẾT QUẢ ĐỒ ÁN CHUYÊN NGÀNH (không quá 7 trang)\n"
        "TIÊU ĐỀ: Tên đề tài nêu rõ bài toán và phương pháp giải quyết.\n"
        "Lê Thị Mỹ Hạnh*\n"
        "*Khoa Công nghệ thông tin, Trường Đại học Sư phạm Kỹ thuật, Đại học Đà Nẵng\n"
        "Email: myhanh.ute@gmail.com\n"
        "TÓM TẮT\n2-3 câu nêu vấn đề cần giải quyết và kết quả chính.\n"
    )
    (f,) = judge_text(template, policy).findings
    assert (f.rule, f.contact_point, f.cue) == ("DOC-002", False, "author-note")
    assert "Lê Thị Mỹ Hạnh*" in f.reason
    article = (
        "Tạp chí Khoa học ĐHQGHN: Nghiên cứu Chính sách và Quản lý, Tập 30, Số 2 (2014) 11-19\n"
        "Quản lý nhà nước về xuất khẩu lao động ở Việt Nam hiện nay\n"
        "Phạm Quang Vinh∗\n"
        "Khoa Luật, Đại học Quốc gia Hà Nội, 144 Xuân Thủy, Cầu Giấy, Hà Nội, Việt Nam\n"
        "Nhận ngày 10 tháng 3 năm 2014\n"
        + "Bài viết phân tích thực trạng quản lý nhà nước về xuất khẩu lao động.\n" * 20
        + "_______\n∗ ĐT: 84 - 912345678.\n E-mail: quangvinh.luat@gmail.com\n"
    )
    (f,) = judge_text(article, policy).findings
    assert (f.rule, f.contact_point, f.cue) == ("DOC-002", False, "author-note")


def test_a_star_with_no_starred_person_keeps_the_contact_point(policy: AddressPolicy) -> None:
    """A notice's starred remark, or a section title's star, names no author: the contact stands."""
    notice = (
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\n"
        "Kế hoạch tổ chức Hội thi Tuyên truyền viên giỏi năm 2014∗\n"
        "Các tổ dân phố đăng ký danh sách thí sinh trước ngày 15/9/2014.\n"
        "* Mọi thông tin chi tiết xin liên hệ Văn phòng UBND phường,\n"
        "Email: vanphong.hoaminh@gmail.com\n"
    )
    (f,) = judge_text(notice, policy).findings
    assert (f.rule, f.contact_point) == ("DOC-001", True)
