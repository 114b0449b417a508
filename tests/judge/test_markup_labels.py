# ruff: noqa: E501  (page source reads better unwrapped)
"""Issue 11 point 2, sixth round: ward and school sites that local staff build and publish as source
(HTML, JSX, PHP templates) label an address with markup, not words: the "Hòm thư điện tử:" label in
one <span> and the address in the next, or an envelope icon (`<Mail size={18} />`, `<i class="bi
bi-envelope"></i>`) where a printed page has "✉". Dev items g6-0025, g10-0023 and g10-0024 showed
the kind; the cases here are written for the tests, each with its look-alike.
"""

from __future__ import annotations

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy

JSX_ICON = """<footer className="bg-red-800 text-white">
  <h4>Liên hệ</h4>
  <ul>
    <li>
      <MapPin size={18} />
      <span>UBND phường Hòa Minh, quận Liên Chiểu, TP. Đà Nẵng</span>
    </li>
    <li>
      <Phone size={18} />
      <span>0236 3733 123</span>
    </li>
    <li>
      <Mail size={18} />
      <span>vanphong.hoaminh@gmail.com</span>
    </li>
  </ul>
</footer>"""

BOOTSTRAP_ICON = """<footer class="footer">
  <div class="container text-center">
    <span><i class="bi bi-building"></i> Đoàn TNCS Hồ Chí Minh phường Hòa Minh</span>
    <span><i class="bi bi-envelope"></i> doanphuonghoaminh@gmail.com</span>
  </div>
</footer>"""

SPAN_LABEL = """<div className="flex flex-col gap-1">
  <h3>Ủy ban MTTQ Việt Nam phường Hòa Minh</h3>
  <span className="text-[10px] uppercase font-bold text-slate-400">Hòm thư điện tử:</span>
  <span className="text-xs sm:text-sm font-bold text-slate-800 leading-normal">
    mttq.hoaminh@danang.gov.vn<br />
    mttqhoaminh.lc@gmail.com
  </span>
</div>"""

CONTACTS = {
    "jsx_envelope_icon": (JSX_ICON, "vanphong.hoaminh@gmail.com"),
    "bootstrap_envelope_icon": (BOOTSTRAP_ICON, "doanphuonghoaminh@gmail.com"),
    "label_span_then_address_span_after_an_official_one": (SPAN_LABEL, "mttqhoaminh.lc@gmail.com"),
    "at_sign_icon_before_a_mailto_link": (
        '<h3>Đoàn khối các cơ quan tỉnh Bạc Liêu</h3>\n<p>\n  <i className="fa-solid fa-phone"></i>\n  <span> +02913.953.979</span>\n</p>\n'
        '<p>\n  <i className="fa-solid fa-at"></i>\n  <span style={{ paddingLeft: \'10px\'}}><Link to="mailto:doankhoi.bl@gmail.com" '
        'className="footer-links" > doankhoi.bl@gmail.com</Link></span>\n</p>',
        "doankhoi.bl@gmail.com",
    ),
    "react_icons_envelope": (
        '<p>Trường THCS Nguyễn Huệ, quận Hải Châu</p>\n<p><FaEnvelope className="mr-2" /><a>thcsnguyenhue.hc@gmail.com</a></p>',
        "thcsnguyenhue.hc@gmail.com",
    ),
    # the colon after the label's closing tag (dev's g21-0004, a job centre's contact block)
    "bold_label_then_colon": (
        "<p>Trung tâm Dịch vụ việc làm tỉnh Bình Dương tiếp nhận hồ sơ người lao động.</p>\n"
        "<p><b>Email</b>: ttdvvlbinhduong@gmail.com</p>",
        "ttdvvlbinhduong@gmail.com",
    ),
}


@pytest.mark.parametrize(("text", "address"), CONTACTS.values(), ids=CONTACTS.keys())
def test_a_label_in_markup_makes_the_contact_point(text: str, address: str, policy: AddressPolicy) -> None:
    judged = judge_text(text, policy)
    (f,) = [f for f in judged.findings if f.address == address]
    assert f.rule == "DOC-001", f.reason
    assert "\n" not in f.reason  # the cue is quoted on one line


LOOK_ALIKES = {
    # participants' addresses, each with its icon: a list, not the ward's contact
    "a_list_of_participants_with_icons": (
        "<h3>Danh sách đoàn viên đạt giải cuộc thi ảnh phường Hòa Minh</h3>\n<ul>\n"
        '<li>Nguyễn Văn An <i class="fa fa-envelope"></i> annguyen.dv@gmail.com</li>\n'
        '<li>Trần Thị Bình <i class="fa fa-envelope"></i> binhtran.dv@gmail.com</li>\n'
        '<li>Lê Văn Cường <i class="fa fa-envelope"></i> cuongle.dv@gmail.com</li>\n</ul>',
        "binhtran.dv@gmail.com",
    ),
    # an impostor warning keeps its veto whatever the icon
    "an_impostor_warning_with_an_icon": (
        "<p>UBND phường Hòa Minh cảnh báo: đối tượng mạo danh cán bộ phường gửi thư từ "
        '<i class="bi bi-envelope"></i> ubnd.hoaminh.gov@gmail.com</p>',
        "ubnd.hoaminh.gov@gmail.com",
    ),
    # a form field's placeholder is no label: the address stands inside an attribute
    "a_placeholder_in_an_input": (
        '<p>UBND phường Hòa Minh</p>\n<label>Email</label>\n<input type="email" placeholder="vidu.nguoidan@gmail.com" />',
        "vidu.nguoidan@gmail.com",
    ),
}


@pytest.mark.parametrize(("text", "address"), LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_look_alike_in_markup_is_no_contact_point(text: str, address: str, policy: AddressPolicy) -> None:
    judged = judge_text(text, policy)
    (f,) = [f for f in judged.findings if f.address == address]
    assert f.rule != "DOC-001", f.reason
