# ruff: noqa: E501
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


def _mission(no: str, name: str, city: str, official: str, public: str) -> str:
    """One mission's block of a portal's directory, as the portal's table markup spreads it."""
    row = '\t\t\t\t\t<tr>\n\t\t\t\t\t<td><span class="dipstyle3">{}</span></td>\n\t\t\t\t\t</tr>\n'
    return (
        f'\t\t\t\t\t</div></div></div><div class="w1 pa10 bsbb vat"><div class="fs1 mtb5 fwb">{no}. {city.upper()}</div>\n'
        '\t\t\t\t\t<div class="fs1 mtb5 pl10 pl0-xs"><div align="center">\n'
        '\t\t\t\t\t<table width="100%" cellspacing="0" cellpadding="5" border="0" align="center">\n\t\t\t\t\t<tbody>\n'
        f'\t\t\t\t\t<tr>\n\t\t\t\t\t<td><strong><span class="dipstyle2">{no}.1. {name} tại {city}:</span></strong></td>\n\t\t\t\t\t</tr>\n'
        + row.format(f"Địa chỉ: {no} Rue de la République, {city}")
        + row.format(f"Điện thoại: +33-1-4414 64{no}0; +33-1-4414 64{no}1")
        + row.format(f"Fax: +33-1-4414 64{no}9")
        + row.format(f"Email: {official}; {public}")
        + row.format("Giờ địa phương so với Việt Nam: Mùa hè: - 5 giờ; Mùa đông: - 6 giờ")
        + "\t\t\t\t\t</tbody>\n\t\t\t\t\t</table>\n"
    )


def test_a_directory_in_a_portals_table_markup_is_a_directory(policy: AddressPolicy) -> None:
    """A government portal's directory of the country's missions abroad (real corpus g68-0010): each
    mission's block names it, then ~700 characters and ~25 lines of table markup to its e-mail line.
    The addresses are the missions', compiled by the portal, not the portal's contact points."""
    text = "".join(
        _mission(str(no), body, city, official, public)
        for no, body, city, official, public in (
            (1, "Đại sứ quán Việt Nam", "An-giê-ri", "vnemb.dz@mofa.gov.vn", "sqvn.algerie@yahoo.com.vn"),
            (2, "Đại sứ quán Việt Nam", "Ăng-gô-la", "vnemb.ao@mofa.gov.vn", "sqvn.angola@gmail.com"),
            (3, "Đại sứ quán Việt Nam", "Ai Cập", "vnemb.eg@mofa.gov.vn", "sqvn.cairo@yahoo.com.vn"),
            (
                4,
                "Tổng Lãnh sự quán Việt Nam",
                "Mác-xây",
                "tlsq.marseille@mofa.gov.vn",
                "tlsq.marseille@gmail.com",
            ),
        )
    )
    j = judge_text(text, policy)
    assert j.verdict == "review"
    publics = [f for f in j.findings if not f.address.endswith("mofa.gov.vn")]
    assert len(publics) == 4
    assert all(f.rule == "DOC-002" and "each under its own body" in f.reason for f in publics)
