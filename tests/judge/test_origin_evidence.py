# ruff: noqa: E501  (realistic page text reads better unwrapped)
"""The page's origin as the last evidence of who offers a contact point: a ward's notice that names
no body is the ward's when it is published on the ward's own site (a *.gov.vn or *.edu.vn host);
any other host says nothing; a body the text names always weighs more. Texts written for these
tests (not corpus items)."""

from __future__ import annotations

from congvu.classify import AddressPolicy
from congvu.judge.document import Judged, judge
from congvu.judge.state import state_host
from congvu.model import Extraction, Origin, Segment

WARD_SITE = "https://hoaminh.lienchieu.danang.gov.vn/thong-bao/tap-huan-chuyen-doi-so-2024"
SCHOOL_SITE = "http://thcs-leloi.edu.vn/tin-tuc/tuyen-sinh-lop-6.html"
NEWS_SITE = "https://baodanang.vn/xa-hoi/202406/hoa-minh-tap-huan-chuyen-doi-so-3981234/"

# A ward's notice as its site shows it: the body is the site, the text never names itself.
NOTICE = (
    "THÔNG BÁO\n"
    "Về việc đăng ký tham gia lớp tập huấn kỹ năng chuyển đổi số năm 2024\n"
    "Nhằm hỗ trợ người dân trên địa bàn sử dụng dịch vụ công trực tuyến và thanh toán không dùng tiền mặt, "
    "lớp tập huấn sẽ được tổ chức vào sáng thứ Bảy ngày 15/6/2024.\n"
    "Người dân có nhu cầu tham gia đăng ký theo mẫu đính kèm, gửi về email: dangkytaphuan.2024@gmail.com "
    "trước ngày 12/6/2024.\n"
    "Trân trọng thông báo."
)
# A recruitment notice of a company, posted on a ward portal's jobs page.
COMPANY_AD = (
    "THÔNG TIN TUYỂN DỤNG\n"
    "Công ty TNHH Thương mại Dịch vụ Minh Phát cần tuyển 05 nhân viên kinh doanh làm việc tại quận Liên Chiểu.\n"
    "Yêu cầu: tốt nghiệp trung cấp trở lên, có xe máy riêng.\n"
    "Hồ sơ xin gửi về email: tuyendung.minhphat@gmail.com trước ngày 30/6/2024."
)


def _judge(text: str, policy: AddressPolicy, origin: str | None = None, how: str = "") -> Judged:
    return judge(Extraction([Segment(text)]), policy, origin=Origin(origin, how) if origin else None)


def test_without_origin_a_notice_naming_no_body_is_review(policy: AddressPolicy) -> None:
    judged = _judge(NOTICE, policy)
    (finding,) = judged.findings
    assert finding.contact_point and finding.rule == "DOC-002"
    assert "no state body is named near it" in finding.reason
    assert judged.verdict == "review"


def test_on_a_ward_site_the_ward_offers_it(policy: AddressPolicy) -> None:
    judged = _judge(NOTICE, policy, WARD_SITE)
    (finding,) = judged.findings
    assert finding.rule == "DOC-001" and judged.verdict == "violation"
    assert finding.reason.endswith("state body: 'hoaminh.lienchieu.danang.gov.vn' (page published on it)")


def test_on_a_school_site_the_school_offers_it(policy: AddressPolicy) -> None:
    (finding,) = _judge(NOTICE, policy, SCHOOL_SITE).findings
    assert finding.rule == "DOC-001"
    assert "state body: 'thcs-leloi.edu.vn' (page published on it)" in finding.reason


def test_a_page_naming_its_own_address_says_so(policy: AddressPolicy) -> None:
    (finding,) = _judge(NOTICE, policy, WARD_SITE, "canonical link").findings
    assert finding.rule == "DOC-001"
    assert "(page published on it, says its canonical link)" in finding.reason


def test_a_news_or_company_site_is_no_evidence(policy: AddressPolicy) -> None:
    """A newspaper or law library republishes state notices: its host says nothing either way."""
    for origin in (NEWS_SITE, "https://minhphat-tuyendung.com.vn/lien-he"):
        judged = _judge(NOTICE, policy, origin)
        (finding,) = judged.findings
        assert finding.rule == "DOC-002" and judged.verdict == "review"
        assert "no state body is named near it" in finding.reason


def test_a_company_named_next_to_the_address_outweighs_the_state_site(policy: AddressPolicy) -> None:
    judged = _judge(COMPANY_AD, policy, WARD_SITE)
    (finding,) = judged.findings
    assert finding.rule == "DOC-002" and judged.verdict == "review"
    assert "Công ty TNHH Thương mại" in finding.reason
    assert "gov.vn" not in finding.reason


def test_a_state_body_named_in_the_text_stays_the_offerer(policy: AddressPolicy) -> None:
    text = NOTICE.replace("gửi về email:", "gửi về Văn phòng UBND phường Hòa Minh, email:")
    (finding,) = _judge(text, policy, "https://lienchieu.danang.gov.vn/").findings
    assert finding.rule == "DOC-001"
    assert "(nearest organisation)" in finding.reason and "gov.vn" not in finding.reason


def test_a_part_of_a_container_does_not_take_its_own_page_address(policy: AddressPolicy) -> None:
    """A mail's HTML body naming a canonical link says nothing of where the mail came from."""
    extraction = Extraction([Segment(NOTICE)], origin=Origin(WARD_SITE, "canonical link"))
    assert judge(extraction, policy).findings[0].rule == "DOC-001"
    assert judge(extraction, policy, part="thu-moi.html").findings[0].rule == "DOC-002"


def test_state_hosts() -> None:
    assert state_host(WARD_SITE) == "hoaminh.lienchieu.danang.gov.vn"
    assert state_host("HTTPS://SoGDDT.DaNang.GOV.VN:8443/a") == "sogddt.danang.gov.vn"
    assert state_host("https://gov.vn.example.com/") is None
    assert state_host("https://notgov.vn/") is None
    assert state_host(NEWS_SITE) is None
    assert state_host("http://[::1") is None
    assert state_host("thong-bao.html") is None
