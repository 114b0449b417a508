"""ODT extractor: body, page header/footer, frames, notes, annotations, ODF white space rules."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from builders import Link, build_odt, build_zip, build_zip_bomb

from congvu.extract import odt
from congvu.model import ExtractError
from congvu.settings import Limits

LIMITS = Limits()
FOOTER = "Địa chỉ: 15 Nguyễn Lương Bằng – Điện thoại: 0236.3842.xxx – Email: ubndhoaminh@gmail.com"


def test_thong_bao_parts_in_reading_order() -> None:
    data = build_odt(
        ["Kính gửi: Ban Chỉ huy Quân sự phường", "Mọi ý kiến xin gửi về bộ phận một cửa."],
        heading="THÔNG BÁO",
        header="ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
        footer=FOOTER,
        table_rows=[["STT", "Họ và tên", "Thư điện tử"], ["1", "Phạm Thị Dung", "phamthidung@yahoo.com"]],
        textbox="Hộp thư góp ý: gopy.hoaminh@gmail.com",
        footnote="Theo Chỉ thị số 01/CT-UBND của UBND thành phố Đà Nẵng.",
        comment="Thay bằng hoaminh@danang.gov.vn",
    )
    ex = odt.extract(data, LIMITS)
    assert [(s.kind, s.text, s.line) for s in ex.segments] == [
        ("header", "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH", 1),
        ("body", "THÔNG BÁO", 1),
        ("body", "Kính gửi: Ban Chỉ huy Quân sự phường", 2),
        ("comment", "Thay bằng hoaminh@danang.gov.vn", 2),
        ("body", "Mọi ý kiến xin gửi về bộ phận một cửa.", 3),
        ("table", "STT | Họ và tên | Thư điện tử\n1 | Phạm Thị Dung | phamthidung@yahoo.com", 4),
        ("textbox", "Hộp thư góp ý: gopy.hoaminh@gmail.com", 7),
        ("footnote", "Theo Chỉ thị số 01/CT-UBND của UBND thành phố Đà Nẵng.", 6),
        ("footer", FOOTER, 1),
        ("meta", "creator: Nguyễn Văn An", 1),
    ]
    assert {s.part for s in ex.segments} == {"styles.xml", "content.xml", "meta.xml"}
    assert ex.warnings == []


def test_spans_spaces_tabs_and_line_breaks() -> None:
    data = build_odt(
        [["Email: ", "nguyen", "van", "an@gm", "ail.com"], "Số:\t12/TB-UBND\nNgày  06   tháng 5"]
    )
    texts = [s.text for s in odt.extract(data, LIMITS).segments if s.kind == "body"]
    assert texts == ["Email: nguyenvanan@gmail.com", "Số:\t12/TB-UBND\nNgày  06   tháng 5"]


def test_xml_white_space_collapses_as_in_odf() -> None:
    content = (
        "<text:p>  Liên hệ:\n      <text:span> hoaminh@gmail.com </text:span>  (văn thư)"
        '<text:s text:c="2"/>x</text:p>'
    )
    ex = odt.extract(_raw_odt(content), LIMITS)
    assert ex.segments[0].text == "Liên hệ: hoaminh@gmail.com (văn thư)  x"


def test_mailto_links() -> None:
    data = build_odt(
        [Link("văn thư", "mailto:vanthu.hoaminh%40gmail.com?subject=H%E1%BB%8Fi", before="Gửi ")]
    )
    ex = odt.extract(data, LIMITS)
    assert [(s.kind, s.text) for s in ex.segments[:2]] == [
        ("body", "Gửi văn thư"),
        ("link", "vanthu.hoaminh@gmail.com"),
    ]


def test_tracked_deletions_are_not_read() -> None:
    content = (
        "<text:tracked-changes><text:changed-region text:id='c1'><text:deletion>"
        "<text:p>cu.hoaminh@gmail.com</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        "<text:p>Email: <text:change text:change-id='c1'/>hoaminh@danang.gov.vn</text:p>"
    )
    texts = [s.text for s in odt.extract(_raw_odt(content), LIMITS).segments if s.kind == "body"]
    assert texts == ["Email: hoaminh@danang.gov.vn"]


def test_other_opendocument_types_are_read_with_a_warning() -> None:
    data = build_odt(["Danh sách"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist()}
    files["mimetype"] = b"application/vnd.oasis.opendocument.spreadsheet"
    ex = odt.extract(build_zip(files), LIMITS)
    assert ex.segments[0].text == "Danh sách"
    assert "not an OpenDocument text" in ex.warnings[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 broken", "not a valid ODT file: corrupt"),
        (build_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "content.xml is missing"),
        (
            build_zip(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.text",
                    "content.xml": b"\x8f\x1e\xa0 encrypted bytes",
                    "META-INF/manifest.xml": b"<manifest:encryption-data/>",
                }
            ),
            "password-protected",
        ),
    ],
    ids=["corrupt", "no-content", "encrypted"],
)
def test_unreadable_files_raise_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        odt.extract(data, LIMITS)


def test_zip_bomb_renamed_odt_fails_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(ExtractError, match="zip bomb"):
        odt.extract(build_zip_bomb(1 << 30, name="content.xml"), LIMITS)
    assert time.perf_counter() - start < 1.0


def _raw_odt(body_xml: str) -> bytes:
    base = build_odt(["placeholder-paragraph"])
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist()}
    content = files["content.xml"].decode()
    start = content.index('<text:p text:style-name="P1">placeholder-paragraph</text:p>')
    end = content.index("</text:p>", start) + len("</text:p>")
    files["content.xml"] = (content[:start] + body_xml + content[end:]).encode()
    return build_zip(files)
