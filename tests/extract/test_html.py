"""HTML pages: visible text by lines, charsets, and addresses hidden in links and attributes."""

from __future__ import annotations

import random

import pytest

from congvu.extract import html
from congvu.model import ExtractError, Extraction
from congvu.settings import Limits

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="{charset}">
<title>UBND phường Hòa Khánh Bắc - Liên hệ</title>
<meta name="description" content="Cổng thông tin điện tử phường Hòa Khánh Bắc, quận Liên Chiểu">
<style>.lienhe {{ color: #003399 }}</style>
<script>var hidden = "script@gmail.com";</script>
</head>
<body>
<h1>ỦY BAN NHÂN DÂN<br>PHƯỜNG HÒA KHÁNH BẮC</h1>
<p class="lienhe">Mọi chi tiết xin liên hệ:   ông Nguyễn Văn An,
   email: nguyenvanan&#64;gmail.com</p>
<!-- cũ: vanthu@yahoo.com -->
<table>
 <tr><th>Họ và tên</th><th>Chức vụ</th></tr>
 <tr><td>Trần Thị Bình</td><td>Văn thư</td></tr>
</table>
<ul><li>Địa chỉ: 01 Nguyễn Lương Bằng</li><li>Điện thoại: 0236 3842 123</li></ul>
<noscript>Bật JavaScript</noscript><template><p>mẫu@gmail.com</p></template>
</body></html>
"""


def run(data: bytes) -> Extraction:
    return html.extract(data, Limits())


def kinds(result: Extraction, kind: str) -> list[str]:
    return [s.text for s in result.segments if s.kind == kind]


def test_visible_text_keeps_lines_and_skips_hidden_parts() -> None:
    result = run(PAGE.format(charset="utf-8").encode("utf-8"))
    assert kinds(result, "body") == [
        "ỦY BAN NHÂN DÂN\n"
        "PHƯỜNG HÒA KHÁNH BẮC\n"
        "Mọi chi tiết xin liên hệ: ông Nguyễn Văn An, email: nguyenvanan@gmail.com\n"
        "Họ và tên\tChức vụ\n"
        "Trần Thị Bình\tVăn thư\n"
        "Địa chỉ: 01 Nguyễn Lương Bằng\n"
        "Điện thoại: 0236 3842 123"
    ]
    assert kinds(result, "meta") == [
        "UBND phường Hòa Khánh Bắc - Liên hệ",
        "Cổng thông tin điện tử phường Hòa Khánh Bắc, quận Liên Chiểu",
    ]
    assert kinds(result, "link") == []
    assert result.warnings == []


@pytest.mark.parametrize(("charset", "codec"), [("windows-1258", "cp1258"), ("utf-16", "utf-16")])
def test_declared_charsets(charset: str, codec: str) -> None:
    import test_txt  # type: ignore[import-not-found]

    page = PAGE.format(charset=charset)
    data = test_txt.cp1258(page) if codec == "cp1258" else page.encode(codec)
    body = kinds(run(data), "body")[0]
    assert body.startswith("ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA KHÁNH BẮC\n")
    assert "ông Nguyễn Văn An, email: nguyenvanan@gmail.com" in body


def test_undeclared_windows_1258_is_detected() -> None:
    import test_txt  # type: ignore[import-not-found]

    page = PAGE.format(charset="x").replace('<meta charset="x">', "")
    body = kinds(run(test_txt.cp1258(page)), "body")[0]
    assert "Mọi chi tiết xin liên hệ: ông Nguyễn Văn An" in body


def test_old_vntime_site_is_converted() -> None:
    import test_legacy_vn  # type: ignore[import-not-found]

    text = test_legacy_vn.to_tcvn3("Uỷ ban nhân dân phường Hoà Minh, liên hệ: vanphong.hoaminh@yahoo.com")
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
        f'<body><p><font face=".VnTime">{text}</font></p></body></html>'
    )
    assert kinds(run(page.encode("latin-1")), "body") == [
        "Uỷ ban nhân dân phường Hoà Minh, liên hệ: vanphong.hoaminh@yahoo.com"
    ]


def cf_encode(address: str, key: int = 0x5A) -> str:
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in address.encode())


def test_mailto_links_and_attributes() -> None:
    protected = cf_encode("hkb.lienchieu@gmail.com")
    page = f"""<html><head><link rev="made" href="MAILTO:webmaster@hoakhanhbac.danang.gov.vn"></head><body>
    <a href="mailto:tran.thi.binh%40yahoo.com?subject=H%E1%BB%8Fi&amp;cc=ketoan.hkb@gmail.com">
       Gửi thư cho văn thư</a>
    <a href="ma&#105;lto:le&#46;hoa&#64;hotmail.com">Liên hệ</a>
    <span data-email="phongtuphap@gmail.com">Phòng Tư pháp</span>
    <input type="text" value="hotro [at] yahoo.com" placeholder="Họ tên">
    <img alt="logo" title="Ủy ban">
    <a href="/cdn-cgi/l/email-protection#{protected}"><span class="__cf_email__"
       data-cfemail="{protected}">[email&#160;protected]</span></a>
    </body></html>"""
    result = run(page.encode())
    assert kinds(result, "link") == [
        "webmaster@hoakhanhbac.danang.gov.vn",
        "tran.thi.binh@yahoo.com",
        "ketoan.hkb@gmail.com",
        "le.hoa@hotmail.com",
        "hkb.lienchieu@gmail.com",
    ]
    assert kinds(result, "meta") == ["phongtuphap@gmail.com", "hotro [at] yahoo.com"]
    assert "Gửi thư cho văn thư" in kinds(result, "body")[0]


def test_xhtml_with_xml_declaration() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<body><p>Phường Hòa Hiệp Nam</p><p>hoahiepnam@gmail.com</p></body></html>"
    )
    assert kinds(run(page.encode()), "body") == ["Phường Hòa Hiệp Nam\nhoahiepnam@gmail.com"]


def test_pre_keeps_its_lines() -> None:
    page = "<html><body><pre>Số:  12/TB\nNgười ký:  Lê Văn C</pre></body></html>"
    assert kinds(run(page.encode()), "body") == ["Số:  12/TB\nNgười ký:  Lê Văn C"]


@pytest.mark.parametrize("data", [b"", b"   \n  ", b"\xef\xbb\xbf  "])
def test_empty_input_is_an_error(data: bytes) -> None:
    with pytest.raises(ExtractError, match="empty"):
        run(data)


def test_binary_input_is_an_error() -> None:
    with pytest.raises(ExtractError):
        run(b"\xff\xd8\xff\xe0" + random.Random(3).randbytes(2048))


def test_a_site_copiers_link_to_the_protection_script_is_decoded() -> None:
    # HTTrack saves Cloudflare's "/cdn-cgi/l/email-protection#…" as "email-protection.html#…"
    protected = cf_encode("thcstanthanh.lv@gmail.com")
    link = f'<a href="../cdn-cgi/l/email-protection.html#{protected}">thư điện tử</a>'
    page = f"<html><body><p>Liên hệ: {link}</p></body></html>"
    assert kinds(run(page.encode()), "link") == ["thcstanthanh.lv@gmail.com"]
