"""Nesting as a hiding place: deep HTML must not swallow an address silently, deep MIME must
give a clean result (found, or a warning), never an internal error with a traceback."""

from __future__ import annotations

import logging

import pytest

from congvu.classify import AddressPolicy
from congvu.extract import html
from congvu.scan.document import scan_bytes
from congvu.settings import Limits, load_config

CONTACT = "Mọi chi tiết xin liên hệ: <b>vanphong.hoaminh@gmail.com</b>"


def _page(depth: int, inside: str = "Thông báo lịch tiếp công dân") -> bytes:
    return (
        "<html><head><title>UBND phường Hòa Minh</title></head><body>"
        + "<div>" * depth
        + inside
        + "</div>" * depth
        + f"<p>{CONTACT}</p><p><a href='mailto:hotro.hoaminh@gmail.com'>Hỗ trợ</a></p></body></html>"
    ).encode()


def _scan(data: bytes, name: str):  # type: ignore[no-untyped-def]
    return scan_bytes(data, name, AddressPolicy.from_config(load_config(environ={})), Limits())


@pytest.mark.parametrize("depth", [254, 255, 300, 2100, 20_000])
def test_deep_html_still_shows_the_contact(depth: int) -> None:
    result = _scan(_page(depth), "lien-he.html")
    addresses = {f.address for f in result.findings}
    assert result.verdict == "violation", (depth, result.warnings)
    assert {"vanphong.hoaminh@gmail.com", "hotro.hoaminh@gmail.com"} <= addresses
    if depth > 2048:  # past libxml2's limit even with huge_tree: read flat, and said so
        assert any("nested too deep" in w for w in result.warnings)


def test_an_address_inside_the_deepest_element_is_found() -> None:
    ex = html.extract(_page(5000, inside=CONTACT.replace("vanphong", "tiepdan")), Limits())
    text = "\n".join(s.text for s in ex.segments)
    assert "tiepdan.hoaminh@gmail.com" in text and "Mọi chi tiết xin liên hệ: tiepdan" in text
    body = next(s.text for s in ex.segments if s.kind == "body")
    assert "UBND phường Hòa Minh" not in body  # the <head> stays out of the body, flat or not
    assert ex.warnings == ["elements nested too deep to lay out: the page was read as flat text"]


def _nested_mail(levels: int) -> bytes:
    head = (
        "From: =?utf-8?b?Tmd1eeG7hW4gVsSDbiBBbg==?= <annv@danang.gov.vn>\n"
        "To: vanphong@danang.gov.vn\nSubject: Bao cao tuan\nMIME-Version: 1.0\n"
    )
    opening = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(levels))
    body = "Content-Type: text/plain; charset=utf-8\n\nMọi chi tiết xin liên hệ: vanphong.hoaminh@gmail.com\n"
    closing = "".join(f"--b{i}--\n" for i in reversed(range(levels)))
    return (head + opening + body + closing).encode()


@pytest.mark.parametrize("levels", [60, 600, 2000, 20_000])
def test_deep_mime_is_read_as_text_with_a_warning(levels: int, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        result = _scan(_nested_mail(levels), "thu-chuyen-tiep.eml")
    assert result.status == "ok" and result.error is None
    assert result.verdict == "violation"
    assert any("MIME" in w and "nest" in w and "read as plain text" in w for w in result.warnings)
    assert not [r for r in caplog.records if r.exc_info]  # no traceback logged
    assert "vanphong.hoaminh@gmail.com" in {f.address for f in result.findings}
