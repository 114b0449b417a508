# ruff: noqa: E501  (realistic document text reads better unwrapped)
"""Issue 11 point 2, sixth round: contact lines as offices write them in fields rather than
sentences, found by probing the judge with the forms of real notices (not corpus items):

- one label naming several fields, the values in the same order ("ĐT/Email: 0905 … / X",
  "Liên hệ (Zalo/email): …; X");
- the place that receives, named as a field ("Hộp thư nhận bài dự thi: X", "Địa chỉ nhận hồ sơ: X",
  "Nơi nhận bài: …") — "Nơi nhận:" alone stays the list of recipients;
- a verb of sending or registering made a label ("Nộp bài tại: X", "Đăng ký dự thi: X", "Bản mềm: X");
- a body that receives ("Ban Tổ chức nhận bài dự thi qua email X"), never one that reports what it
  received ("đã nhận được đơn … qua email X");
- the cells of the Front's organisations: "Chi đoàn", "Liên đội", "Chi hội Phụ nữ" (not any "Chi hội").

Each form has its look-alike that must not become a contact point or a state body's.
"""

from __future__ import annotations

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy
from congvu.judge import state

NOTICE = (
    "UBND phường Hòa Minh thông báo tổ chức Hội thi tìm hiểu pháp luật về phòng, chống ma túy năm 2024.\n"
)
ADDRESS = "hoithi.hoaminh@gmail.com"

CONTACT_LINES = {
    "phone_and_email_named_together": f"ĐT/Email: 0905 111 222 / {ADDRESS}",
    "long_field_names_with_a_dash": f"Điện thoại/Email: 0236 3733 123 - {ADDRESS}",
    "three_fields_named_together": f"SĐT/Zalo/Email: 0905111222 - {ADDRESS}",
    "fields_in_brackets_after_lien_he": f"Liên hệ (Zalo/email): 0905 111 222; {ADDRESS}",
    "mailbox_that_receives_entries": f"Hộp thư nhận bài dự thi: {ADDRESS}",
    "address_that_receives_files": f"Địa chỉ nhận hồ sơ: {ADDRESS}",
    "place_that_receives_entries": f"Nơi nhận bài dự thi: {ADDRESS}",
    "submit_at_as_a_label": f"Nộp bài tại: {ADDRESS}",
    "register_as_a_label": f"Đăng ký dự thi: {ADDRESS}",
    "soft_copy_as_a_label": f"Hình thức gửi: bản giấy về Văn phòng UBND phường; bản mềm: {ADDRESS}",
    "organisers_receive_entries_via": f"Ban Tổ chức nhận bài qua email {ADDRESS} đến hết ngày 30/6/2024.",
    "sent_via_gmail_by_name": f"Bài dự thi gửi qua Gmail {ADDRESS} trước ngày 30/6/2024.",
    "receive_quotations_at": f"Văn phòng nhận báo giá tại địa chỉ thư điện tử {ADDRESS} trước 17 giờ ngày 15/8/2024.",
    # the sender named before "gửi qua địa chỉ: Email:" is who sends, not whose address it is (g21-0013)
    "the_bidder_sends_via_the_address_label": f"Tài liệu chứng minh năng lực, nhà thầu gửi qua địa chỉ: Email: {ADDRESS} và bưu điện: Văn phòng UBND phường.",
    # readers invited to share at an address (the forms of VnExpress's "Mời độc giả chia sẻ … tại địa chỉ email X")
    "share_at_the_address": f"Mời các bạn chia sẻ ảnh về khu phố của mình tại địa chỉ email {ADDRESS} trước ngày 30/6/2024.",
    # "emai:" (a typo of the label, real corpus g66-0006) after the receiver's postal address
    "typo_emai_after_the_receivers_address": f"Bài dự thi gửi về Ban tổ chức Hội thi, 14 Hà Khê, Thanh Khê; emai: {ADDRESS} trước ngày 30/6/2024.",
}


@pytest.mark.parametrize("line", CONTACT_LINES.values(), ids=CONTACT_LINES.keys())
def test_a_field_form_contact_line_is_the_wards_contact_point(line: str, policy: AddressPolicy) -> None:
    judged = judge_text(NOTICE + line + "\n", policy)
    (f,) = [f for f in judged.findings if f.address == ADDRESS]
    assert f.contact_point, f.reason
    assert f.rule == "DOC-001", f.reason
    assert judged.verdict == "violation"


LOOK_ALIKES = {
    # who sends or registers is not who receives
    "the_registrant_field": f"Danh sách đăng ký:\nNgười đăng ký: Trần Thị Mỹ, tổ 12\nNgười đăng ký email: {ADDRESS}",
    "the_registering_unit": f"Đơn vị đăng ký: {ADDRESS}",
    # a candidate's own registration address, the label inside the candidate's brackets
    "a_candidates_registration": f"Thí sinh Nguyễn Văn An (Đăng ký dự thi: {ADDRESS}) đạt giải nhất.",
    # a subscriber receives news at their own address
    "a_subscribers_newsletter": f"Bạn đọc có thể đăng ký nhận thông tin qua email cá nhân, ví dụ {ADDRESS}.",
    # a memo's addressee and its sender
    "a_memos_addressee": f"PHIẾU CHUYỂN THÔNG TIN\nGửi: {ADDRESS}\nNội dung: đề nghị bổ sung hồ sơ đăng ký.",
    "sent_from_as_a_label": f"Thư góp ý gửi từ: {ADDRESS}",
    # a body reporting what came in names the sender's address
    "a_complaint_received_via": f"UBND phường đã nhận được đơn phản ánh của ông Lê Văn Tám qua email {ADDRESS} về việc lấn chiếm vỉa hè.",
    "recognised_not_received": f"Hội đồng công nhận bài viết của bà Phạm Thị Hoa (email {ADDRESS}) đạt giải nhì.",
    # a citizen's own row with fields named together
    "a_citizens_row_with_fields_named_together": f"Ngày 12/3/2024, ông Nguyễn Văn Hùng, tổ 7, ĐT/Email: 0905 222 333 / {ADDRESS}, phản ánh việc xả rác.",
}


@pytest.mark.parametrize("line", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_look_alike_is_no_contact_point(line: str, policy: AddressPolicy) -> None:
    judged = judge_text(NOTICE + line + "\n", policy)
    (f,) = [f for f in judged.findings if f.address == ADDRESS]
    assert not f.contact_point, f.reason
    assert f.rule == "DOC-002"


def test_noi_nhan_alone_is_still_the_list_of_recipients(policy: AddressPolicy) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA MINH\n\nSố: 88/TB-UBND\n\nTHÔNG BÁO\nVề việc tổ chức Hội thi.\n"
        "Hồ sơ gửi về Văn phòng, email: vanphong@hoaminh.danang.gov.vn.\n\n"
        f"Nơi nhận:\n- Như trên;\n- Trường THCS Lý Tự Trọng ({ADDRESS});\n- Lưu: VT.\n"
    )
    judged = judge_text(text, policy)
    (f,) = [f for f in judged.findings if f.address == ADDRESS]
    assert not f.contact_point
    assert "Nơi nhận" in f.reason


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Chi đoàn khu phố 3 phường Hòa Minh", "state"),
        ("Liên đội Trường Tiểu học Kim Đồng", "state"),
        ("Chi hội Phụ nữ tổ dân phố 12", "state"),
        ("Chi hội Nông dân thôn Phú Hạ", "state"),
        ("Chi hội Doanh nhân trẻ quận Hải Châu", "other"),
        ("Đoàn phường Cẩm Thành", "state"),
        ("Đoàn khối các cơ quan tỉnh Bạc Liêu", "state"),
        ("Đoàn trường THPT Phan Châu Trinh", "state"),
        ("Đoàn kiểm tra liên ngành của huyện", None),
        ("Đoàn công tác phường Hòa Minh", None),
    ],
)
def test_the_cells_of_the_fronts_organisations(name: str, kind: str | None) -> None:
    assert state.kind_of_name(name) == kind


def test_a_youth_union_cells_contest_mailbox_is_charged(policy: AddressPolicy) -> None:
    text = 'Chi đoàn khu phố 3 phát động cuộc thi ảnh "Quê hương em". Bài dự thi gửi về email: chidoankp3@gmail.com.\n'
    (f,) = judge_text(text, policy).findings
    assert f.rule == "DOC-001", f.reason
    assert "Chi đoàn" in f.reason
