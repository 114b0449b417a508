"""DOCX extractor: every part where an address can hide, in order, with lines; hostile input."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from builders import Link, Table, build_docx, build_zip, build_zip_bomb

from congvu.extract import docx
from congvu.model import ExtractError, Segment
from congvu.settings import Limits

LIMITS = Limits()
FOOTER = "Địa chỉ: 15 Nguyễn Lương Bằng – Điện thoại: 0236.3842.xxx – Email: ubndhoaminh@gmail.com"
BODY = [
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
    "THÔNG BÁO",
    "Về việc tiếp công dân định kỳ tháng 5 năm 2024",
    "Mọi ý kiến xin gửi về bộ phận một cửa của phường.",
]


def kinds_texts(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in segments]


def test_thong_bao_parts_in_reading_order() -> None:
    data = build_docx(
        BODY,
        header="UBND QUẬN LIÊN CHIỂU",
        footer=FOOTER,
        table_rows=[
            ["STT", "Họ và tên", "Địa chỉ thư điện tử"],
            ["1", "Lê Văn Cường", "levancuong@yahoo.com"],
        ],
        textbox="Hộp thư góp ý: gopy.hoaminh@gmail.com",
        footnote="Theo Chỉ thị số 01/CT-UBND ngày 17/01/2014 của UBND thành phố Đà Nẵng.",
        comment="Đề nghị thay bằng hộp thư công vụ hoaminh@danang.gov.vn",
    )
    ex = docx.extract(data, LIMITS)
    assert kinds_texts(ex.segments) == [
        ("header", "UBND QUẬN LIÊN CHIỂU"),
        ("body", "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH"),
        ("body", "THÔNG BÁO"),
        ("body", "Về việc tiếp công dân định kỳ tháng 5 năm 2024"),
        ("body", "Mọi ý kiến xin gửi về bộ phận một cửa của phường."),
        ("table", "STT | Họ và tên | Địa chỉ thư điện tử\n1 | Lê Văn Cường | levancuong@yahoo.com"),
        ("textbox", "Hộp thư góp ý: gopy.hoaminh@gmail.com"),  # once: the mc:Fallback copy is skipped
        ("footer", FOOTER),
        ("footnote", "Theo Chỉ thị số 01/CT-UBND ngày 17/01/2014 của UBND thành phố Đà Nẵng."),
        ("comment", "Đề nghị thay bằng hộp thư công vụ hoaminh@danang.gov.vn"),
        ("meta", "creator: Nguyễn Văn An"),
    ]
    by_kind = {s.kind: s for s in ex.segments}
    assert [s.line for s in ex.segments if s.kind == "body"] == [1, 2, 3, 4]
    assert by_kind["table"].line == 5
    assert by_kind["footer"].part == "word/footer1.xml"
    assert by_kind["footnote"].part == "word/footnotes.xml"
    assert all(s.page is None for s in ex.segments)
    assert ex.warnings == []


def test_address_split_across_runs_is_joined_without_spaces() -> None:
    data = build_docx([["Email liên hệ: ", "nguyen", "van", "an@gm", "ail.com"]])
    assert docx.extract(data, LIMITS).segments[0].text == "Email liên hệ: nguyenvanan@gmail.com"


def test_split_runs_everywhere_still_reads_the_same() -> None:
    data = build_docx(BODY, split_runs=True, table_rows=[["Trần Thị Bình", "tranthibinh@yahoo.com.vn"]])
    texts = [s.text for s in docx.extract(data, LIMITS).segments if s.kind in ("body", "table")]
    assert texts == [*BODY, "Trần Thị Bình | tranthibinh@yahoo.com.vn"]


def test_tabs_breaks_and_special_hyphens() -> None:
    body = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>Số:</w:t><w:tab/><w:t>12/TB</w:t><w:noBreakHyphen/><w:t>UBND</w:t><w:br/>"
        "<w:t>hoa</w:t><w:softHyphen/><w:t>minh@gmail.com</w:t><w:cr/><w:t>Hết</w:t></w:r></w:p>"
    )
    ex = docx.extract(_raw_docx(body), LIMITS)
    assert ex.segments[0].text == "Số:\t12/TB-UBND\nhoaminh@gmail.com\nHết"
    # a paragraph with two breaks spans three lines, so the next one starts at line 4
    assert ex.segments[1].text == "Tiếp theo" and ex.segments[1].line == 4


def test_mailto_hyperlink_and_field_code_become_link_segments() -> None:
    data = build_docx(
        [
            Link(
                "bộ phận một cửa",
                "mailto:motcua.hoaminh%40gmail.com?subject=G%C3%B3p%20%C3%BD",
                before="Liên hệ ",
            ),
            Link("Cổng thông tin", "https://lienchieu.danang.gov.vn", before="Xem "),
            Link("hộp thư", "mailto:vanthu.hoaminh@yahoo.com", before="Gửi về ", field=True),
        ]
    )
    ex = docx.extract(data, LIMITS)
    assert kinds_texts(ex.segments)[:5] == [
        ("body", "Liên hệ bộ phận một cửa"),
        ("link", "motcua.hoaminh@gmail.com"),
        ("body", "Xem Cổng thông tin"),
        ("body", "Gửi về hộp thư"),
        ("link", "vanthu.hoaminh@yahoo.com"),
    ]
    assert [s.line for s in ex.segments if s.kind == "link"] == [1, 3]


def test_deleted_tracked_changes_are_not_read_but_insertions_are() -> None:
    body = (
        "<w:p><w:r><w:t>Email: </w:t></w:r>"
        '<w:del w:id="1" w:author="A"><w:r><w:delText>cu@gmail.com</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>hoaminh@danang.gov.vn</w:t></w:r></w:ins></w:p>'
    )
    assert docx.extract(_raw_docx(body), LIMITS).segments[0].text == "Email: hoaminh@danang.gov.vn"


def test_layout_table_cells_keep_their_paragraphs_on_one_line() -> None:
    data = build_docx(
        [
            Table(
                [
                    [
                        "UBND QUẬN LIÊN CHIỂU\nỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    ]
                ]
            )
        ]
    )
    (seg,) = [s for s in docx.extract(data, LIMITS).segments if s.kind == "table"]
    assert (
        seg.text
        == "UBND QUẬN LIÊN CHIỂU ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )


def test_legacy_tcvn3_text_is_converted() -> None:
    pytest.importorskip("congvu.extract.legacy_vn")
    data = build_docx(["Th«ng b¸o vÒ viÖc tiÕp c«ng d©n ®Þnh kú"])
    assert docx.extract(data, LIMITS).segments[0].text == "Thông báo về việc tiếp công dân định kỳ"


def test_python_docx_document_is_read() -> None:
    """A file saved by python-docx (Word's own default template underneath)."""
    document_mod = pytest.importorskip("docx")
    doc = document_mod.Document()
    doc.sections[0].footer.paragraphs[0].text = FOOTER
    doc.add_paragraph("Kính gửi: Ủy ban nhân dân quận Liên Chiểu")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Nguyễn Văn An"
    table.rows[0].cells[1].text = "nguyenvanan@gmail.com"
    buf = io.BytesIO()
    doc.save(buf)
    pairs = kinds_texts(docx.extract(buf.getvalue(), LIMITS).segments)
    assert ("body", "Kính gửi: Ủy ban nhân dân quận Liên Chiểu") in pairs
    assert ("table", "Nguyễn Văn An | nguyenvanan@gmail.com") in pairs
    assert ("footer", FOOTER) in pairs


def test_embedded_objects_become_attachments() -> None:
    inner = build_docx(["Phụ lục: danh sách cán bộ"])
    ex = docx.extract(build_docx(BODY, embeddings={"Microsoft_Word_Document.docx": inner}), LIMITS)
    assert [(a.name, a.data) for a in ex.attachments] == [
        ("word/embeddings/Microsoft_Word_Document.docx", inner)
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 this is not really a zip archive", "not a valid DOCX file: corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "OLE compound file"),
        (build_zip({"word/styles.xml": b"<w:styles/>"}), "word/document.xml is missing"),
    ],
    ids=["corrupt", "encrypted-ole", "no-document"],
)
def test_unreadable_files_raise_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        docx.extract(data, LIMITS)


def test_zip_bomb_renamed_docx_fails_fast() -> None:
    data = build_zip_bomb(1 << 30, name="word/document.xml")
    start = time.perf_counter()
    with pytest.raises(ExtractError, match="zip bomb"):
        docx.extract(data, LIMITS)
    assert time.perf_counter() - start < 1.0


def test_declared_total_over_the_limit_is_refused_before_inflating() -> None:
    data = build_zip_bomb(64 << 20, name="word/document.xml")
    small = Limits(max_unpacked_bytes=8 << 20, max_ratio=10_000)
    with pytest.raises(ExtractError, match="more than 8 MB"):
        docx.extract(data, small)


def test_lying_header_bomb_stops_at_the_declared_size() -> None:
    """Declared 100 kB, really 256 MiB: reading stops at the declared size and the CRC fails."""
    data = build_zip_bomb(256 << 20, name="word/document.xml", declared_size=100_000)
    start = time.perf_counter()
    with pytest.raises(ExtractError, match=r"word/document\.xml"):
        docx.extract(data, LIMITS)
    assert time.perf_counter() - start < 1.0


def test_entities_are_not_expanded() -> None:
    body = "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
    doctype = (
        '<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(3, 10))
        + '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    )
    data = _raw_docx(body + "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", doctype=doctype)
    text = docx.extract(data, LIMITS).text()
    assert "lollol" not in text and "root:" not in text


def test_thousand_small_documents_per_second_budget() -> None:
    data = build_docx(
        BODY * 5, header="UBND QUẬN LIÊN CHIỂU", footer=FOOTER, table_rows=[["1", "Lê Văn Cường"]] * 5
    )
    start = time.perf_counter()
    for _ in range(200):
        docx.extract(data, LIMITS)
    per_doc = (time.perf_counter() - start) / 200
    assert per_doc < 0.01  # ~1 ms measured; a generous bound for a loaded CI machine


def _raw_docx(body_xml: str, doctype: str = "") -> bytes:
    """A DOCX whose document.xml body is given as raw WordprocessingML (plus a last paragraph)."""
    base = build_docx(["Tiếp theo"])
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist()}
    xml = files["word/document.xml"].decode()
    head, sep, tail = xml.partition("<w:body>")
    head = head.replace("?>\n", "?>\n" + doctype, 1)
    files["word/document.xml"] = (head + sep + body_xml + tail).encode()
    return build_zip(files)
