"""Property tests: any plain address embedded in Vietnamese prose is found exactly."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from congvu.detect import find_addresses

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_atom = st.text(_ALNUM, min_size=1, max_size=12)
_local = st.lists(_atom, min_size=1, max_size=3).map(".".join)
_label = st.text(_ALNUM, min_size=1, max_size=15)
_tld = st.sampled_from(
    ["com", "vn", "net", "org", "edu", "gov", "info", "biz", "io", "co", "me", "com.vn", "gov.vn"]
)
_domain = st.builds(
    lambda labels, tld: ".".join([*labels, tld]), st.lists(_label, min_size=1, max_size=3), _tld
)
_address = st.builds(lambda lo, d: f"{lo}@{d}", _local, _domain)

_SENTENCE = (
    "Ủy ban nhân dân phường Hòa Khánh Bắc đề nghị các đồng chí gửi báo cáo về địa chỉ thư điện tử "
    "trước ngày để tổng hợp trình Chủ tịch quận Liên Chiểu xem xét"
)
_WORDS = _SENTENCE.split()
_prose = st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join)
_before = st.sampled_from([" ", ": ", " (", " <", ' "', "\n", "\t"])
_after = st.sampled_from([" ", ". ", ") ", ">", '",', "\n", ", ", "; "])


@settings(max_examples=300, deadline=None)
@given(_prose, _before, _address, _after, _prose, st.booleans(), st.booleans())
def test_plain_address_found_exactly(
    head: str, before: str, address: str, after: str, tail: str, upper: bool, nfd: bool
) -> None:
    written = address.upper() if upper else address
    text = head + before + written + after + tail
    if nfd:
        text = unicodedata.normalize("NFD", text)
    got = find_addresses(text)
    assert [(m.address, m.as_written, m.obfuscated) for m in got] == [(address, written, False)]
    m = got[0]
    assert text[m.start : m.end] == m.as_written


@settings(max_examples=200, deadline=None)
@given(_prose, _address, _prose, st.sampled_from(["\u200b", "\u00ad", "\u2060", "\ufeff"]), st.data())
def test_invisible_character_inside(head: str, address: str, tail: str, zw: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(1, len(address) - 1))
    written = address[:i] + zw + address[i:]
    text = f"{head} {written} {tail}"
    got = find_addresses(text)
    assert [(m.address, m.as_written, m.obfuscated) for m in got] == [(address, written, True)]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_never_crashes_and_slices_match(text: str) -> None:
    for m in find_addresses(text):
        assert text[m.start : m.end] == m.as_written
        assert "@" in m.address
