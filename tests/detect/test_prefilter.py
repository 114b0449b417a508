"""The prefilter: the zero-copy view is faithful and the pure-Python fallback finds the same."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from congvu.detect import find_addresses, rawview, triggers

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from detect_corpus import generate


@pytest.mark.parametrize(
    "text",
    ["ascii @ only", "Liên Chiểu — thư điện tử", "latin é", "emoji 😀 ＠", "x" * 10_000 + "ạ"],
)
def test_view_matches_encoding(text: str) -> None:
    got = rawview.view(text)
    if not rawview.ENABLED:
        pytest.skip("no zero-copy view on this interpreter; the encode fallback is used")
    assert got is not None
    width, buf = got
    codec = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}[width]
    assert bytes(buf) == text.encode(codec)


def test_fallback_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text, _ = generate(0.3, seed=7)
    fast = find_addresses(text)
    monkeypatch.setattr(triggers, "_hs", None)
    assert find_addresses(text) == fast


def test_encoded_fallback_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rawview, "ENABLED", False)
    text = "Gửi 😀 nguyenvana a còng gmail chấm com và tranthihoa@yahoo.com.vn"
    got = find_addresses(text)
    assert [m.address for m in got] == ["nguyenvana@gmail.com", "tranthihoa@yahoo.com.vn"]
    assert all(text[m.start : m.end] == m.as_written for m in got)


def test_every_trigger_literal_fires() -> None:
    for name, trig in triggers.TRIGGERS.items():
        for lit in trig.literals:
            texts = ["abc " + lit + " gmail.com", "Ủy ban abc " + lit.upper() + "\ngmail.com"]
            if name == "ocr-at":  # a provider's domain right after OCR's misread at-sign
                texts = ["abc(" + lit + "com", "Ủy ban abc/" + lit.upper() + "com\n", "ab(Đ" + lit + "vn"]
            elif name != "bracket-a":  # `(a)` needs a domain with a real dot after it
                texts.append("Ủy ban abc " + lit.upper() + " gmail chấm com")
            for text in texts:
                assert triggers.trigger_ends(text), (lit, text)


@pytest.mark.parametrize(
    "text",
    [
        "(a) Các cơ quan, đơn vị gửi báo cáo trước ngày 20/5/2025;",
        "Điểm [a] khoản 2 Điều 5 Nghị định số 30/2020/NĐ-CP",
        "Phương án (a) gmail chấm com không được chấp nhận",
        "Đăng ký tài khoản tại gmail.com hoặc yahoo.com.vn",  # a provider's domain, no misread at-sign
    ],
)
def test_list_marker_opens_no_window(text: str) -> None:
    assert triggers.trigger_ends(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The committee will meet at the hall on Monday, what data is that?",
        "Congress và Hội đồng; còng tay; bánh cong",
        "Uỷ ban nhân dân phường Hòa Khánh Bắc",
    ],
)
def test_prose_opens_no_window(text: str) -> None:
    assert triggers.trigger_ends(text) == []
