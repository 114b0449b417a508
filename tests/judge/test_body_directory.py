"""Issue 11, after fresh-12's report: a list that someone compiles of other bodies' contacts — a
tourism portal's health stations, an app's hospitals, each entry under its own body's name with its
own address — is a directory (docs/labelling.md: "a list of many units' addresses that the issuer
merely compiles"); the `directory` cue had read only numbered list items naming one kind of body.
A staff member's row under each office of the issuer stays the staff rule's (decision 3). The
texts are written for the tests.
"""

from __future__ import annotations

from judgekit import judge_text

from congvu.classify import AddressPolicy

STATIONS = """<h2>Hỗ trợ y tế cho du khách</h2>
<h3>Trạm Y tế xã Hòa Bắc</h3>
<ul>
  <li><strong>Địa chỉ:</strong> Thôn Nam Yên, xã Hòa Bắc</li>
  <li><strong>Điện thoại:</strong> 0236 3791 123</li>
  <li><strong>Email:</strong> <a href="mailto:tramytehoabac@gmail.com">tramytehoabac@gmail.com</a></li>
</ul>
<h3>Trạm Y tế xã Hòa Ninh</h3>
<ul>
  <li><strong>Địa chỉ:</strong> Thôn 2, xã Hòa Ninh</li>
  <li><strong>Điện thoại:</strong> 0236 3791 456</li>
  <li><strong>Email:</strong> <a href="mailto:tyt.hoaninh@gmail.com">tyt.hoaninh@gmail.com</a></li>
</ul>
<h3>Trung tâm Y tế huyện Hòa Vang</h3>
<ul>
  <li><strong>Địa chỉ:</strong> Thôn Dương Lâm 1, xã Hòa Phong</li>
  <li><strong>Email:</strong> <a href="mailto:ttyt.hoavang@danang.gov.vn">ttyt.hoavang@danang.gov.vn</a></li>
</ul>"""


def test_a_portals_list_of_stations_each_with_its_address_is_a_directory(policy: AddressPolicy) -> None:
    j = judge_text(STATIONS, policy)
    assert j.verdict == "review"
    publics = [f for f in j.findings if f.address.endswith("@gmail.com")]
    assert len(publics) == 2
    for f in publics:
        assert f.rule == "DOC-002" and "entries, each under its own body" in f.reason
        assert "Trạm Y tế xã" in f.reason  # the entries' bodies as written


def test_one_stations_own_page_is_still_its_contact_point(policy: AddressPolicy) -> None:
    own = STATIONS.split("<h3>Trạm Y tế xã Hòa Ninh</h3>")[0]
    j = judge_text(own, policy)
    assert j.verdict == "violation"
    assert [f.rule for f in j.findings] == ["DOC-001"]


def test_staff_rows_under_each_office_are_no_directory(policy: AddressPolicy) -> None:
    text = """THÔNG TIN LIÊN HỆ CỦA LÃNH ĐẠO CÁC CƠ QUAN HUYỆN ỦY
1. BAN TỔ CHỨC HUYỆN ỦY
- Ông: Nguyễn Văn Hưng - Trưởng Ban Tổ chức Huyện ủy; SĐT: 0975.111.222; Email: hungbtc.hv@gmail.com
2. ỦY BAN KIỂM TRA HUYỆN ỦY
- Ông: Trần Văn Long - Chủ nhiệm Ủy ban Kiểm tra; SĐT: 0903.333.444; Email: longubkt.hv@gmail.com
3. BAN TUYÊN GIÁO HUYỆN ỦY
- Bà: Lê Thị Minh - Trưởng Ban Tuyên giáo; SĐT: 0905.555.666; Email: minhbtg.hv@gmail.com
"""
    j = judge_text(text, policy)
    assert all("each under its own body" not in f.reason for f in j.findings)
