# ruff: noqa: E501  (realistic lines read better unwrapped)
"""Plain text: every encoding a Vietnamese office produces must come out as the same Unicode text."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

import pytest

from congvu.extract import textutil, txt
from congvu.model import ExtractError
from congvu.settings import Limits

ADMIN = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC\n"
    "Số: 125/UBND-VP\n"
    "V/v đề nghị cung cấp thông tin về việc sử dụng thư điện tử công vụ\n"
    "Mọi chi tiết xin liên hệ: ông Nguyễn Văn An, email: nguyenvanan@gmail.com"
)
# TCVN3 has no toned capitals (offices typed headings in .VnTimeH), so its sample is in sentence case
ADMIN_LOWER = (
    "Uỷ ban nhân dân phường Hoà Khánh Bắc\n"
    "Về việc đề nghị cung cấp thông tin tháng 3 năm 2024\n"
    "Mọi chi tiết xin liên hệ: ông Nguyễn Văn An, email: nguyenvanan@gmail.com"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: precomposed base letters plus combining tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
        out += base.encode("cp1258") + "".join(c for c in nfd if c in _TONES).encode("cp1258")
    return bytes(out)


def _legacy(name: str) -> Callable[[str], bytes]:
    """A test-side encoder from test_legacy_vn (built from NFD, independent of the module's decoder)."""
    import test_legacy_vn  # type: ignore[import-not-found]

    convert = getattr(test_legacy_vn, name)
    return lambda text: convert(text).encode("cp1252")


def run(data: bytes, limits: Limits | None = None) -> tuple[str, object]:
    result = txt.extract(data, limits or Limits())
    return "\f".join(s.text for s in result.segments), result


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf-8", lambda t: t.encode("utf-8")),
        ("utf-8 with BOM", lambda t: t.encode("utf-8-sig")),
        ("utf-8 NFD", lambda t: unicodedata.normalize("NFD", t).encode("utf-8")),
        ("utf-16 with BOM", lambda t: t.encode("utf-16")),
        ("utf-16-le without BOM", lambda t: t.encode("utf-16-le")),
        ("utf-16-be without BOM", lambda t: t.encode("utf-16-be")),
        ("windows-1258", cp1258),
    ],
)
def test_unicode_and_windows_1258(name: str, encode: Callable[[str], bytes]) -> None:
    text, result = run(encode(ADMIN))
    assert text == ADMIN, name
    assert result.segments[0].page is None and result.segments[0].line == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["to_tcvn3", "to_vni"])
def test_legacy_font_encodings(name: str) -> None:
    data = _legacy(name)(ADMIN_LOWER)
    text, result = run(data)
    assert text == ADMIN_LOWER
    assert "nguyenvanan@gmail.com" in text
    assert result.warnings == [f"decoded as {name[3:]}"]  # type: ignore[attr-defined]


def test_vni_keeps_toned_capitals() -> None:
    text, _ = run(_legacy("to_vni")(ADMIN))
    assert text == ADMIN


def test_form_feeds_make_pages_and_crlf_is_normalised() -> None:
    data = "Trang một\r\nDòng hai\fTrang hai: liên hệ tranthib@yahoo.com\r\n\f".encode()
    result = txt.extract(data, Limits())
    assert [(s.page, s.line, s.text) for s in result.segments] == [
        (1, 1, "Trang một\nDòng hai"),
        (2, 1, "Trang hai: liên hệ tranthib@yahoo.com\n"),
    ]
    assert result.pages == 2


def test_tcvn3_paragraph_pasted_into_utf8_is_fixed() -> None:
    import test_legacy_vn  # type: ignore[import-not-found]

    line = test_legacy_vn.to_tcvn3("Đề nghị liên hệ đồng chí Lê Thị Hoa, email lethihoa@yahoo.com")
    data = ("Kính gửi: các phòng ban\n" + line).encode("utf-8")
    text, _ = run(data)
    assert text == "Kính gửi: các phòng ban\nĐề nghị liên hệ đồng chí Lê Thị Hoa, email lethihoa@yahoo.com"


def test_empty_and_binary_input_are_clear_errors() -> None:
    with pytest.raises(ExtractError, match="empty file"):
        txt.extract(b"", Limits())
    with pytest.raises(ExtractError, match="binary"):
        txt.extract(b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4096), Limits())


def test_too_large_is_refused() -> None:
    with pytest.raises(ExtractError, match="too large"):
        txt.extract(b"a" * 100, Limits(max_file_bytes=10))


def test_encoding_is_scored_on_a_sample_only(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = textutil.looks_vietnamese

    def spy(text: str) -> float:
        seen.append(len(text))
        return real(text)

    monkeypatch.setattr(textutil, "looks_vietnamese", spy)
    data = _legacy("to_tcvn3")(ADMIN_LOWER + "\n") * 5000  # ~700 KB
    text, _ = run(data)
    assert text.startswith(ADMIN_LOWER)
    assert seen and max(seen) <= textutil.SAMPLE_BYTES


def test_html_character_references_in_a_text_file_are_decoded() -> None:
    """A portal's question list saved as text keeps its escaping ("Sở Kế hoạch v&agrave; Đầu tư"):
    the judge would read names cut at every "&". Prose ampersands and line-break references stay."""
    source = (
        "<td>Sở Kế hoạch v&agrave; Đầu tư tỉnh H&agrave; Tĩnh trả lời như sau</td>\n"
        "<td>C&ocirc;ng ty cổ phần x&#226;y dựng Ng&#x00E0;n Phố</td>\n"
        "Phòng GD&ĐT, Sở KH&CN; &unknownname; dòng&#10;liền&#133;một&#8232;dòng\n"
    )
    text = txt.extract(source.encode(), Limits()).segments[0].text
    assert text.split("\n") == [
        "<td>Sở Kế hoạch và Đầu tư tỉnh Hà Tĩnh trả lời như sau</td>",
        "<td>Công ty cổ phần xây dựng Ngàn Phố</td>",
        "Phòng GD&ĐT, Sở KH&CN; &unknownname; dòng&#10;liền…một&#8232;dòng",
        "",
    ]
    assert unicodedata.is_normalized("NFC", text)


def test_an_escaped_page_source_is_judged_with_whole_names() -> None:
    """The same contact block, escaped or not, names the same body in its finding."""
    from congvu.classify import AddressPolicy
    from congvu.scan.document import scan_bytes

    block = (
        '<div class="footer">\n<p>Ph&ograve;ng Đăng k&yacute; kinh doanh - Sở Kế hoạch v&agrave; Đầu tư '
        "tỉnh H&agrave; Tĩnh</p>\n<p>Địa chỉ: số 02 Nguyễn Chí Thanh, TP H&agrave; Tĩnh</p>\n"
        '<p>Điện thoại: 0239.3856.247 - Email: <a href="mailto:phongdkkd.hatinh@gmail.com">'
        "phongdkkd.hatinh@gmail.com</a></p>\n</div>\n"
    )
    result = scan_bytes(block.encode(), "chan-trang.txt", AddressPolicy(), Limits())
    (finding,) = [f for f in result.findings if f.address == "phongdkkd.hatinh@gmail.com"]
    assert finding.rule == "DOC-001", finding.reason
    assert "Sở Kế hoạch và Đầu tư" in finding.reason or "Phòng Đăng ký kinh doanh" in finding.reason, (
        finding.reason
    )


def test_a_json_record_saved_as_text_is_judged_with_its_escaped_breaks_blanked() -> None:
    """A procurement portal's export keeps its strings' line breaks escaped ("quốc gia\\nGửi tài
    liệu"): read as the word "nGửi", the direction cue was lost and the bidder ("Nhà thầu") above it
    vetoed the hospital's own mailbox. Blanked to spaces of the same width, lines stay the file's."""
    from congvu.classify import AddressPolicy
    from congvu.scan.document import scan_bytes

    record = (
        '{"notifyNo": "IB2600123456", "bidCloseDate": "2026-03-02",\n'
        ' "otherRequirement": "1. Nhà thầu xếp hạng 1 cung cấp các tài liệu được liệt kê dưới đây sau khi kết thúc '
        "chào giá trực tuyến và trước khi chủ đầu tư gửi xác nhận chấp thuận\\nGửi tài liệu qua thư điện tử về "
        'địa chỉ: khoaduoc.bvdkquangnam@gmail.com\\n1.1 Giấy phép lưu hành sản phẩm",\n'
        ' "projectPlace": "Bệnh viện Đa khoa tỉnh Quảng Nam"}\n'
    )
    text = txt.extract(record.encode(), Limits()).segments[0].text
    assert "chấp thuận  Gửi tài liệu" in text and text.count("\n") == record.count("\n")
    assert (
        "C:\\\\new" in txt.extract(b"C:\\\\new folder", Limits()).segments[0].text
    )  # an escaped backslash stays
    result = scan_bytes(record.encode(), "thong-bao-moi-thau.txt", AddressPolicy(), Limits())
    (finding,) = result.findings
    assert finding.rule == "DOC-001" and finding.line == 2, finding.reason


def _cf(address: str, key: int = 0x7F) -> str:
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in address.encode())


def test_cloudflare_protected_addresses_in_a_pages_source_kept_as_text() -> None:
    # A school portal's source saved by a site copier (corpus g44-0011..0013): the address is only
    # hexadecimal; the browser's script would show it where "[email protected]" stands.
    school, office = "c2tanthanh.bt.sgddtvl@gmail.com", "phongcttt@vinhlong.gov.vn"
    source = (
        '<p style="text-align:center;">Email: &#160;<a href="../cdn-cgi/l/email-protection.html" '
        f'class="__cf_email__" data-cfemail="{_cf(school)}">[email&#160;protected]</a></p>\n'
        "<p>Báo cáo gửi về Sở Giáo dục và Đào tạo <b><i>qua email: </i></b>"
        f'<a href="../../cdn-cgi/l/email-protection.html#{_cf(office, 0x40)}"><b>liên hệ</b></a></p>\n'
    )
    text = txt.extract(source.encode(), Limits()).segments[0].text
    assert f">{school}</a>" in text  # in the placeholder's place, after its "Email:" label
    assert f'href="mailto:{office}"' in text
    assert "[email" not in text
    # a hexadecimal string that is no protected address stays as it is
    odd = '<span data-cfemail="zz12">[email protected]</span>'
    assert "[email protected]" in txt.extract(odd.encode(), Limits()).segments[0].text
