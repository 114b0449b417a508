# ruff: noqa: E501  (realistic page text reads better unwrapped)
"""A saved web page names where it was published: the browser's saved-from note, its canonical
link, its og:url, its <base href>. That address is the extraction's origin (the judge's last
evidence of who offers a contact point); a relative one names no site."""

from __future__ import annotations

import pytest

from congvu.classify import AddressPolicy
from congvu.extract import html
from congvu.model import Origin
from congvu.scan.document import scan_bytes
from congvu.settings import Limits

POLICY = AddressPolicy.default()
WARD = "https://hoaminh.lienchieu.danang.gov.vn/thong-bao/tap-huan-chuyen-doi-so-2024"
BODY = (
    "<body><h1>THÔNG BÁO</h1><p>Về việc đăng ký tham gia lớp tập huấn kỹ năng chuyển đổi số năm 2024</p>"
    "<p>Người dân có nhu cầu tham gia đăng ký theo mẫu đính kèm, gửi về email: dangkytaphuan.2024@gmail.com "
    "trước ngày 12/6/2024.</p></body></html>"
)


def _page(head: str, before: str = "") -> bytes:
    return f'{before}<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Thông báo</title>{head}</head>{BODY}'.encode()


@pytest.mark.parametrize(
    ("head", "before", "how"),
    [
        (f'<link rel="canonical" href="{WARD}">', "", "canonical link"),
        (f'<meta property="og:url" content="{WARD}">', "", "og:url"),
        (f'<base href="{WARD}">', "", "base address"),
        ("", f"<!-- saved from url=(0077){WARD} -->\n", "saved-from note"),
    ],
)
def test_each_way_a_page_names_its_address(head: str, before: str, how: str) -> None:
    extraction = html.extract(_page(head, before), Limits())
    assert extraction.origin == Origin(WARD, how)


def test_the_saved_from_note_then_the_canonical_link_win() -> None:
    head = f'<base href="https://cdn.danang.gov.vn/"><meta property="og:url" content="https://m.danang.gov.vn/tb"><link rel="canonical" href="{WARD}">'
    assert html.extract(_page(head), Limits()).origin == Origin(WARD, "canonical link")
    saved = "<!-- saved from url=(0037)https://lienchieu.danang.gov.vn/tb/1 -->\n"
    assert html.extract(_page(head, saved), Limits()).origin == Origin(
        "https://lienchieu.danang.gov.vn/tb/1", "saved-from note"
    )


def test_a_relative_or_missing_address_is_no_origin() -> None:
    assert html.extract(_page('<link rel="canonical" href="/thong-bao/123.html">'), Limits()).origin is None
    assert html.extract(_page(""), Limits()).origin is None


def test_a_saved_ward_page_is_judged_as_the_wards() -> None:
    page = _page(f'<link rel="canonical" href="{WARD}">')
    result = scan_bytes(page, "thong-bao.html", POLICY, Limits(ocr_enabled=False))
    (finding,) = result.findings
    assert result.verdict == "violation" and finding.rule == "DOC-001"
    assert (
        "state body: 'hoaminh.lienchieu.danang.gov.vn' (page published on it, says its canonical link)"
        in finding.reason
    )
    assert result.as_contract()["origin"] == WARD


def test_a_given_origin_wins_over_the_pages_own_word() -> None:
    """A newspaper's copy may keep the ward's canonical link: where it was fetched from decides."""
    page = _page(f'<link rel="canonical" href="{WARD}">')
    news = "https://baodanang.vn/xa-hoi/202406/hoa-minh-tap-huan-3981234/"
    result = scan_bytes(page, "thong-bao.html", POLICY, Limits(ocr_enabled=False), origin=news)
    assert result.verdict == "review" and result.origin == news


def test_a_page_in_a_mail_does_not_lend_its_address_to_the_mail() -> None:
    page = _page(f'<link rel="canonical" href="{WARD}">').decode()
    mail = (
        "From: Nguyen Van Tam <tamnv.hm@gmail.com>\nTo: vanphong@lienchieu.danang.gov.vn\n"
        "Subject: Thong bao tap huan\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n" + page
    )
    result = scan_bytes(mail.encode(), "thu.eml", POLICY, Limits(ocr_enabled=False))
    assert result.verdict != "violation"
    assert result.origin is None
