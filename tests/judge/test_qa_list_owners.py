# ruff: noqa: E501  (page source reads better unwrapped)
"""Issue 11, ninth round (fresh-14's false violations g21-0023 and g21-0026): a portal's list of
citizens' questions gives each asker's address twice — in the question ("Tôi: …, hòm thư điện tử:
X") and in an e-mail column (`<td><a href="mailto:X">X</a></td>`) with the asker's name in the next
cell. A label says what an address is, not whose: the asker's own address is his wherever it is
labelled. The pages here are written for the tests."""

from __future__ import annotations

from judgekit import judge_text

from congvu.classify import AddressPolicy

# one row of a Q&A list: the answering body's record first, then the question, then the asker's columns
ROW = """<tr>
        <td>
            <p>{"UserName":"Phòng Quản lý thuế", "Level":"Cục Thuế tỉnh", "Email":"<a href="mailto:cucthue@quangnam.gov.vn">cucthue@quangnam.gov.vn</a>"}</p>
        </td>
        <td>
            <p>Tôi: Trần Văn Bình (sđt 0905123456), hòm thư điện tử: <a href="mailto:tranvanbinh.qn@gmail.com">tranvanbinh.qn@gmail.com</a>. Tôi xin hỏi: hộ kinh doanh chuyển lên doanh nghiệp có được miễn thuế môn bài theo Nghị định của Chính phủ không? Xin cảm ơn!</p>
        </td>
        <td><a href="mailto:tranvanbinh.qn@gmail.com">tranvanbinh.qn@gmail.com</a></td>
        <td>Trần Văn Bình</td>
    </tr>"""


def test_an_askers_address_labelled_in_his_column_is_his_own_everywhere(policy: AddressPolicy) -> None:
    j = judge_text(ROW, policy)
    assert j.verdict == "review"
    (f,) = [f for f in j.findings if f.address == "tranvanbinh.qn@gmail.com"]
    assert f.rule == "DOC-002" and not f.contact_point
    assert "the writer's own address" in f.reason  # the question's occurrence or the column's
    column = [f for f in j.findings if f.cue == "owned-elsewhere"]
    assert not column or "the same address elsewhere in the text" in column[0].reason


def test_without_the_self_introduction_the_column_label_still_offers_it(policy: AddressPolicy) -> None:
    # the same column with no question introducing its owner: the mailto link is an offer again (so
    # the step above is the self-introduction's doing, not the column's)
    row = ROW.replace(
        'Tôi: Trần Văn Bình (sđt 0905123456), hòm thư điện tử: <a href="mailto:tranvanbinh.qn@gmail.com">tranvanbinh.qn@gmail.com</a>. ',
        "",
    )
    (f,) = [f for f in judge_text(row, policy).findings if f.address == "tranvanbinh.qn@gmail.com"]
    assert f.contact_point


def test_a_self_introduction_sets_the_address_aside_but_gui_toi_is_still_a_direction(
    policy: AddressPolicy,
) -> None:
    letter = "Tôi tên là Lê Thị Hoa, giáo viên Trường THCS Nguyễn Huệ, quận Liên Chiểu, email: lethihoa1980@gmail.com.\n"
    (f,) = judge_text(letter, policy).findings
    assert not f.contact_point and f.rule == "DOC-002"
    notice = (
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\n"
        "Mọi ý kiến đóng góp về dự thảo quy chế xin gửi tới: ubndhoaminh.lc@gmail.com trước ngày 15/12/2025.\n"
    )
    j = judge_text(notice, policy)
    assert j.verdict == "violation" and [f.rule for f in j.findings] == ["DOC-001"]


def test_a_company_named_in_the_next_cell_owns_the_mailto_before_it(policy: AddressPolicy) -> None:
    # the asker is a company: its name is the next cell's whole line, the question above names a state body
    row = """<tr>
        <td>
            <p>Trại lợn nái cấp bố mẹ ở thôn Hợp Lý được UBND huyện cho phép xây dựng thì có được hưởng chính sách của HĐND tỉnh hay không?</p>
        </td>
        <td><a href="mailto:congtyhoaphat.qn@gmail.com">congtyhoaphat.qn@gmail.com</a></td>
        <td>Công ty cổ phần chăn nuôi Hòa Phát</td>
    </tr>"""
    j = judge_text(row, policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.rule == "DOC-002" and "Công ty cổ phần chăn nuôi Hòa Phát" in f.reason


RECORD = """  {
    "title": "Độc giả: Nguyễn Văn Hiệp - Linh Đàm - Hà Nội",
    "email": "nguyenhiep.ld@gmail.com",
    "question": "Tôi xin hỏi về việc đăng ký tài khoản doanh nghiệp trên Cổng thông tin của Bộ Thông tin và Truyền thông nhưng hệ thống báo lỗi chữ ký số.",
    "answer": "Bộ Thông tin và Truyền thông giải đáp như sau: đề nghị quý độc giả gửi ảnh chụp màn hình lỗi về địa chỉ makeinvietnam@mic.gov.vn để được hỗ trợ."
  }"""


def test_a_q_and_a_record_s_email_field_is_the_asker_s(policy: AddressPolicy) -> None:
    """Fresh-18's g31-0001: a ministry's Q&A page crawled as JSON; the record names its asker
    ("Độc giả: …") above the 'email' field."""
    j = judge_text(RECORD, policy)
    assert j.verdict == "review", [f.reason for f in j.findings]
    (f,) = [f for f in j.findings if f.address == "nguyenhiep.ld@gmail.com"]
    assert not f.contact_point and f.cue == "asker", f.reason


def test_readers_invited_to_write_are_no_asker(policy: AddressPolicy) -> None:
    text = "Tòa soạn Báo Quảng Nam (cơ quan của Tỉnh ủy Quảng Nam) mời bạn đọc gửi bài dự thi về email: baoquangnam.cuocthi@gmail.com trước ngày 30/11."
    (f,) = judge_text(text, policy).findings
    assert f.contact_point, f.reason
