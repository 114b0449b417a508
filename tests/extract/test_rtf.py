"""RTF as Vietnamese Word writes it: \\uN escapes, \\'xx in Windows-1258, headers, fields, pages."""

from __future__ import annotations

import pytest

from congvu.extract import rtf
from congvu.model import ExtractError, Extraction
from congvu.settings import Limits

FONTS = "{\\fonttbl{\\f0\\froman\\fcharset163 Times New Roman;}{\\f1\\fswiss\\fcharset0 .VnTime;}}"


def u(text: str) -> str:
    """Text as Word writes it in RTF: ASCII as is, everything else as \\uN? (negative above 32767)."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 128:
            out.append({"\\": "\\\\", "{": "\\{", "}": "\\}"}.get(ch, ch))
        else:
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def hexed(data: bytes) -> str:
    return "".join(f"\\'{b:02x}" if b > 127 else chr(b) for b in data)


def doc(body: str, prolog: str = "\\ansi\\ansicpg1258\\deff0" + FONTS) -> bytes:
    return ("{\\rtf1" + prolog + "\\viewkind4\\uc1\\pard\\plain\\f0\\fs26 " + body + "}").encode("ascii")


def run(data: bytes) -> Extraction:
    return rtf.extract(data, Limits())


def by_kind(result: Extraction, kind: str) -> list[str]:
    return [s.text for s in result.segments if s.kind == kind]


def test_unicode_escapes() -> None:
    body = u("ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC") + "\\par "
    body += u("Mọi chi tiết xin liên hệ: ông Nguyễn Văn An,")
    body += " email: nguyenvanan" + u("＠") + "gmail.com\\par"  # U+FF20 → \u-224?
    result = run(doc(body))
    assert by_kind(result, "body") == [
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC\n"
        "Mọi chi tiết xin liên hệ: ông Nguyễn Văn An, email: nguyenvanan＠gmail.com"
    ]
    assert "\\u-224?" in doc(body).decode()


def test_windows_1258_hex_escapes_become_nfc() -> None:
    import test_txt  # type: ignore[import-not-found]

    text = "Kính gửi: Uỷ ban nhân dân quận Liên Chiểu"
    body = hexed(test_txt.cp1258(text)) + "\\par"
    assert "\\'d2" in body  # a combining hook above, composed by NFC afterwards
    for prolog in ("\\ansi\\ansicpg1258\\deff0" + FONTS, "\\ansi\\ansicpg1258"):  # font charset / code page
        assert by_kind(run(doc(body, prolog)), "body") == [text]


def test_uc2_skips_two_fallback_bytes() -> None:
    body = "{\\uc2 Ph\\u432\\'75\\'2b\\u7901\\'6f\\'27ng}\\par"
    assert by_kind(run(doc(body)), "body") == ["Phường"]


def test_headers_footers_footnotes_and_mailto_fields() -> None:
    body = (
        "{\\header\\pard\\plain\\f0 " + u("UBND PHƯỜNG HÒA KHÁNH BẮC") + "\\par}"
        "{\\footerf\\pard "
        + u("Địa chỉ: 01 Nguyễn Lương Bằng; thư: hkb@gmail.com")
        + "\\par}"
        + u("Đề nghị liên hệ văn thư")
        + "{\\super\\chftn}{\\footnote\\pard\\plain {\\super\\chftn} "
        + u("Bà Lê Thị Hoa, lethihoa@yahoo.com")
        + '}: {\\field{\\*\\fldinst{ HYPERLINK "mailto:vanthu.hkb%40gmail.com?subject=C%C3%B4ng" }}'
        "{\\fldrslt{\\ul " + u("gửi thư") + "}}}\\par"
    )
    result = run(doc(body))
    assert by_kind(result, "body") == ["Đề nghị liên hệ văn thư: gửi thư"]
    assert by_kind(result, "header") == ["UBND PHƯỜNG HÒA KHÁNH BẮC"]
    assert by_kind(result, "footer") == ["Địa chỉ: 01 Nguyễn Lương Bằng; thư: hkb@gmail.com"]
    assert by_kind(result, "footnote") == ["Bà Lê Thị Hoa, lethihoa@yahoo.com"]
    assert by_kind(result, "link") == ["vanthu.hkb@gmail.com"]


def test_page_breaks_make_pages() -> None:
    body = u("Trang một") + "\\par\\page " + u("Trang hai: liên hệ tranthib@yahoo.com") + "\\par"
    result = run(doc(body))
    assert [(s.page, s.text) for s in result.segments] == [
        (1, "Trang một"),
        (2, "Trang hai: liên hệ tranthib@yahoo.com"),
    ]
    assert result.pages == 2


def test_pictures_are_skipped_cheaply() -> None:
    picture = "{\\*\\shppict{\\pict\\pngblip\\picw10\\pich10 " + "89504e470d0a1a0a" * 20000 + "}}"
    binary = "{\\pict\\wmetafile8\\bin6 " + "}{}{\\\\" + "}"  # 6 raw bytes, braces included
    body = u("Trước ảnh") + picture + binary + u(" sau ảnh") + "\\par"
    assert by_kind(run(doc(body)), "body") == ["Trước ảnh sau ảnh"]


def test_textbox_text_is_kept() -> None:
    body = (
        u("Thân văn bản")
        + "{\\shp{\\*\\shpinst{\\sp{\\sn shapeType}{\\sv 202}}{\\shptxt\\pard "
        + u("Nơi nhận: như trên; email lưu: luutru@gmail.com")
        + "\\par}}}\\par"
    )
    result = run(doc(body))
    assert by_kind(result, "body") == ["Thân văn bản"]
    assert by_kind(result, "textbox") == ["Nơi nhận: như trên; email lưu: luutru@gmail.com"]


def test_vntime_tcvn3_text_is_converted() -> None:
    import test_legacy_vn  # type: ignore[import-not-found]

    legacy = test_legacy_vn.to_tcvn3("Mọi chi tiết xin liên hệ bà Trần Thị Mai, email: tranthimai@yahoo.com")
    body = "{\\f1 " + hexed(legacy.encode("latin-1")) + "}\\par"
    assert by_kind(run(doc(body)), "body") == [
        "Mọi chi tiết xin liên hệ bà Trần Thị Mai, email: tranthimai@yahoo.com"
    ]


@pytest.mark.parametrize(
    ("data", "message"), [(b"", "empty"), (b"  ", "empty"), (b"PK\x03\x04", "not an RTF")]
)
def test_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        run(data)


def test_unbalanced_rtf_still_yields_text() -> None:
    assert by_kind(run(b"{\\rtf1\\ansi " + u("Phường Hòa Minh").encode() + b"\\par {\\b "), "body") == [
        "Phường Hòa Minh"
    ]


@pytest.mark.parametrize("escape", ["\\u1114112?", "\\u99999999999?", "\\u-70000?", "\\u2147483648?"])
def test_an_impossible_unicode_escape_hides_nothing(escape: str) -> None:
    """Found by tests/extract/test_fuzz.py: one `\\uN` no character has made the whole document
    unreadable (chr: ValueError) or an internal error (OverflowError), hiding its addresses."""
    body = u("Mọi chi tiết xin liên hệ: ") + escape + " vanphong.hoaminh@gmail.com\\par " + u("Trân trọng.")
    text = "\n".join(s.text for s in run(doc(body)).segments)
    assert "vanphong.hoaminh@gmail.com" in text
    assert "\ufffd" in text and "Trân trọng." in text  # the escape is shown, what follows is read
