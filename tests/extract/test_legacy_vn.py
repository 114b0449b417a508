"""TCVN3/VNI tables, the Vietnamese score and fix_legacy (which must never damage Unicode text)."""

from __future__ import annotations

import string
import unicodedata

import pytest

from congvu.extract import legacy_vn
from congvu.extract.legacy_vn import fix_legacy, looks_vietnamese, tcvn3_to_unicode, vni_to_unicode

_TCVN3_ENCODE = {char: chr(code) for code, char in legacy_vn.TCVN3_BYTES.items()}


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as Word shows a .VnTime run (Latin-1 code points). Toned capitals → lowercase."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ch.lower() in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


_VNI_MARK = {  # (shape, tone) -> VNI mark character, lowercase
    (shape, tone): mark for mark, (shape, tone) in legacy_vn.VNI_MARKS.items()
}
_VNI_SHAPES = {"\u0302": "^", "\u0306": "(", "\u031b": "+"}
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_vni(text: str) -> str:
    """Unicode → VNI-Windows, built from the NFD decomposition (independent of the module's regex)."""
    singles = {v: k for k, v in legacy_vn.VNI_SINGLE.items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        low = ch.lower()
        upper = ch != low
        if low in singles and low not in "ơư":
            enc = singles[low]
            out.append(enc.upper() if upper else enc)
            continue
        parts = unicodedata.normalize("NFD", low)
        base, marks = parts[0], parts[1:]
        if not marks or base not in "aeiouy":
            out.append(ch)
            continue
        tone = "".join(m for m in marks if m in _TONE_MARKS)
        shape = "".join(m for m in marks if m not in _TONE_MARKS)
        if base == "i":
            enc = singles[unicodedata.normalize("NFC", "i" + tone)]
            out.append(enc.upper() if upper else enc)
            continue
        if shape == "\u031b":  # horn: ơ/ư are single VNI characters that take tone marks
            vbase = singles["ơ" if base == "o" else "ư"]
            mark = _VNI_MARK[("", tone)] if tone else ""
        else:
            vbase = base
            mark = _VNI_MARK[(shape, tone)]
        if upper:
            vbase, mark = vbase.upper(), mark.upper()
        out.append(vbase + mark)
    return "".join(out)


ADMIN = (
    "Uỷ ban nhân dân phường Hoà Khánh Bắc\n"
    "Về việc đề nghị cung cấp thông tin tháng 3 năm 2024\n"
    "Mọi chi tiết xin liên hệ: ông Nguyễn Văn An, email: nguyenvanan@gmail.com"
)


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [  # widely reproduced TCVN3 gibberish of the national motto, checked by hand against the code chart
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("§µ N½ng", "Đà Nẵng"),
        ("Uû ban nh©n d©n quËn Liªn ChiÓu", "Uỷ ban nhân dân quận Liên Chiểu"),
    ],
)
def test_tcvn3_known_strings(legacy: str, unicode: str) -> None:
    assert tcvn3_to_unicode(legacy) == unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Ñaø Naüng", "Đà Nẵng"),
        ("ÑAØ NAÜNG", "ĐÀ NẴNG"),
        ("chæ thò soá 01", "chỉ thị số 01"),
        ("Ngöôøi daân phöôøng", "Người dân phường"),
    ],
)
def test_vni_known_strings(legacy: str, unicode: str) -> None:
    assert vni_to_unicode(legacy) == unicode


def test_round_trip_of_an_administrative_text() -> None:
    assert tcvn3_to_unicode(to_tcvn3(ADMIN)) == ADMIN
    assert vni_to_unicode(to_vni(ADMIN)) == ADMIN
    upper = "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC"
    assert vni_to_unicode(to_vni(upper)) == upper


def test_ascii_is_never_changed() -> None:
    ascii_text = string.printable + " nguyenvanan@gmail.com tran.thi-b_2@yahoo.com.vn UBND"
    assert tcvn3_to_unicode(ascii_text) == ascii_text
    assert vni_to_unicode(ascii_text) == ascii_text
    assert fix_legacy(ascii_text) == ascii_text


def test_score_separates_vietnamese_from_gibberish() -> None:
    assert looks_vietnamese(ADMIN) > 0.9
    assert looks_vietnamese(to_tcvn3(ADMIN)) < 0.6
    assert looks_vietnamese(to_vni(ADMIN)) < 0.6
    assert looks_vietnamese("") == 0.0
    assert looks_vietnamese("12/2024 nguyenvanan@gmail.com") == 0.0  # neither helps nor hurts


def test_fix_legacy_converts_only_the_legacy_lines() -> None:
    mixed = "\n".join(
        [
            "Cộng hòa xã hội chủ nghĩa Việt Nam",  # Unicode: left alone even though it has ò, ã, ĩ
            to_tcvn3("Mọi chi tiết xin liên hệ: ông Nguyễn Văn An, email: nguyenvanan@gmail.com"),
            to_vni("Đề nghị các đơn vị phối hợp thực hiện"),
            "Müller, café, naïve",  # foreign words with Latin-1 letters: no Vietnamese reading is better
        ]
    )
    assert fix_legacy(mixed).split("\n") == [
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Mọi chi tiết xin liên hệ: ông Nguyễn Văn An, email: nguyenvanan@gmail.com",
        "Đề nghị các đơn vị phối hợp thực hiện",
        "Müller, café, naïve",
    ]


def test_fix_legacy_leaves_unicode_vietnamese_untouched() -> None:
    text = "Ủy ban nhân dân phường Hòa Khánh Bắc thông báo: hồ sơ gửi về email ubnd@danang.gov.vn"
    assert fix_legacy(text) == text
    heads = "Thủ trưởng cơ quan, đơn vị; Đà Nẵng, ngày 05 tháng 3 năm 2024"
    assert fix_legacy(heads) == heads
