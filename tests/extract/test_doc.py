"""Word 97-2003 .doc through antiword/catdoc, on real .doc files built here.

No .doc sample ships with Debian's antiword/catdoc, so `word97` builds a minimal but genuine Word 97
file: an OLE2 compound file (MS-CFB v3, 512-byte sectors) with
a WordDocument stream (FIB, nFib 0xC1, 1Table flag) and a 1Table stream holding a one-piece piece
table (MS-DOC Clx/PlcPcd). Both antiword and catdoc read it as a Word document.
Page headers/footers and tables come from a .docx built with python-docx and saved as .doc by
LibreOffice (`soffice`), exactly what Word users in the wards exchange.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from congvu.extract import doc
from congvu.model import ExtractError
from congvu.settings import Limits

SECTOR = 512
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
TEXT_FC = 0x800  # where the text starts in the WordDocument stream
needs_tools = pytest.mark.skipif(
    not (shutil.which("antiword") and shutil.which("catdoc")), reason="antiword/catdoc not installed (apt)"
)


def _entry(name: str, kind: int, start: int, size: int, child: int = NOSTREAM, left: int = NOSTREAM) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(raw), kind, 1, left, NOSTREAM, child)
        + b"\0" * 36
        + struct.pack("<IQ", start, size)
    )


def cfb(streams: list[tuple[str, bytes]]) -> bytes:
    """An OLE2 compound file with up to 3 streams of >= 4096 bytes each (so no mini stream)."""
    fat = [FATSECT, END]  # sector 0: the FAT, sector 1: the directory
    starts, bodies = [], []
    for _, data in streams:
        body = data + b"\0" * (-len(data) % SECTOR)
        first = len(fat)
        count = len(body) // SECTOR
        fat += [first + i + 1 for i in range(count - 1)] + [END]
        starts.append(first)
        bodies.append(body)
    fat += [FREE] * (128 - len(fat))
    # directory tree: streams sorted by (length, upper-case name) along left siblings of the last
    order = sorted(range(len(streams)), key=lambda i: (len(streams[i][0]), streams[i][0].upper()))
    left = {order[k]: order[k - 1] + 1 for k in range(1, len(order))}
    entries = [_entry("Root Entry", 5, END, 0, child=order[-1] + 1)]
    for i, (name, data) in enumerate(streams):
        entries.append(_entry(name, 2, starts[i], len(data), left=left.get(i, NOSTREAM)))
    entries += [_entry("", 0, 0, 0)] * (4 - len(entries))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<9I", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    return header + struct.pack("<128I", *fat) + b"".join(entries) + b"".join(bodies)


def word97(text: str, *, eight_bit: bool = False, encrypted: bool = False) -> bytes:
    """A Word 97 document holding `text` (paragraphs end with \\r), UTF-16 or 8-bit cp1252 pieces."""
    body = text.encode("cp1252") if eight_bit else text.encode("utf-16-le")
    fib = bytearray(TEXT_FC)
    flags = 0x0200 | 0x1000 | (0x0100 if encrypted else 0)  # fWhichTblStm, fExtChar, fEncrypted
    struct.pack_into("<6H", fib, 0, 0xA5EC, 0xC1, 0, 0x0409, 0, flags)  # lid en-US, as Word 97 did
    struct.pack_into("<H", fib, 12, 0xBF)
    struct.pack_into("<II", fib, 24, TEXT_FC, TEXT_FC + len(body))
    struct.pack_into("<H", fib, 32, 14)  # csw
    struct.pack_into("<H", fib, 62, 22)  # cslw
    struct.pack_into("<I", fib, 64, TEXT_FC + len(body))  # cbMac
    struct.pack_into("<I", fib, 76, len(text))  # ccpText
    struct.pack_into("<H", fib, 152, 93)  # cbRgFcLcb
    fc = (TEXT_FC * 2) | 0x40000000 if eight_bit else TEXT_FC
    clx = b"\x02" + struct.pack("<I", 16) + struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, fc, 0)
    struct.pack_into("<II", fib, 154 + 33 * 8, 0, len(clx))  # fcClx, lcbClx
    word = (bytes(fib) + body).ljust(4096, b"\0")
    return cfb([("WordDocument", word), ("1Table", clx.ljust(4096, b"\0"))])


LETTER = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC\r"
    "Số: 57/TB-UBND\r"
    "Mọi chi tiết xin liên hệ: ông Nguyễn Văn An, email: nguyenvanan@gmail.com\r"
)
EXPECTED = LETTER.strip("\r").replace("\r", "\n")


@needs_tools
def test_unicode_document() -> None:
    result = doc.extract(word97(LETTER), Limits())
    assert [s.text for s in result.segments] == [EXPECTED]
    assert result.segments[0].page is None


@needs_tools
def test_catdoc_reads_the_built_document(tmp_path: pytest.TempPathFactory) -> None:
    """Proves the fixture is a real Word file. antiword 0.37 reads it too, but segfaults on it now and
    then (the fixture has no stylesheet/section tables), which is why extract() must survive a crash."""
    path = tmp_path / "thong-bao.doc"  # type: ignore[operator]
    path.write_bytes(word97(LETTER))
    catdoc = next(t for t in doc.TOOLS if t.name == "catdoc")
    assert "ông Nguyễn Văn An, email: nguyenvanan@gmail.com" in doc._run(catdoc, str(path), 30)


def _tcvn3_doc(text: str) -> bytes:
    import test_legacy_vn  # type: ignore[import-not-found]

    return word97(test_legacy_vn.to_tcvn3(text), eight_bit=True)


@needs_tools
def test_vntime_8bit_document_is_converted() -> None:
    data = _tcvn3_doc("Uỷ ban nhân dân quận Liên Chiểu\rLiên hệ: bà Lê Thị Hoa, lethihoa@yahoo.com\r")
    result = doc.extract(data, Limits())
    assert result.text() == "Uỷ ban nhân dân quận Liên Chiểu\nLiên hệ: bà Lê Thị Hoa, lethihoa@yahoo.com"


@needs_tools
@pytest.mark.xfail(strict=True, reason="catdoc drops U+00AD, which is TCVN3's 'ư' (byte 0xAD)")
def test_vntime_u_horn_survives_catdoc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc, "TOOLS", tuple(t for t in doc.TOOLS if t.name == "catdoc"))  # antiword keeps it
    result = doc.extract(_tcvn3_doc("Uỷ ban nhân dân phường Hoà Minh\r"), Limits())
    assert result.text() == "Uỷ ban nhân dân phường Hoà Minh"


@needs_tools
def test_falls_back_to_catdoc(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = doc.Tool("false", lambda path: ["false", path], ())
    monkeypatch.setattr(doc, "TOOLS", (broken, *[t for t in doc.TOOLS if t.name == "catdoc"]))
    result = doc.extract(word97(LETTER), Limits())
    assert result.text() == EXPECTED
    assert result.warnings == ["read with catdoc after: false failed: exit 1"]


@needs_tools
def test_encrypted_document() -> None:
    with pytest.raises(ExtractError, match="encrypted"):
        doc.extract(word97(LETTER, encrypted=True), Limits())


@needs_tools
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (cfb([("Workbook", b"\x09\x08" + b"\0" * 5000)]), "Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000, "not a Word document"),
    ],
    ids=["excel-in-doc", "broken-ole"],
)
def test_not_a_word_document(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        doc.extract(data, Limits())


def test_wrong_magic_and_empty() -> None:
    with pytest.raises(ExtractError, match="empty"):
        doc.extract(b"", Limits())
    with pytest.raises(ExtractError, match="OLE2"):
        doc.extract(b"{\\rtf1 not a doc}", Limits())


def test_timeout_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    if not shutil.which("sleep"):
        pytest.skip("no sleep binary")
    slow = doc.Tool("sleep", lambda path: ["sleep", "5"], ())
    monkeypatch.setattr(doc, "TOOLS", (slow,))
    with pytest.raises(ExtractError, match=r"timed out after 0\.3 s"):
        doc.extract(word97(LETTER), Limits(max_seconds=0.3))


def test_missing_tools_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        doc, "TOOLS", (doc.Tool("antiword-not-here", lambda p: ["antiword-not-here", p], ()),)
    )
    with pytest.raises(ExtractError, match="antiword-not-here is not installed"):
        doc.extract(word97(LETTER), Limits())


def _soffice_doc(tmp: Path) -> bytes:
    """A ward notice with a page header, a contact footer and a narrow table, saved as .doc."""
    docx = pytest.importorskip("docx")
    from docx.shared import Cm

    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH"
    section.footer.paragraphs[
        0
    ].text = "Địa chỉ: 45 Nguyễn Lương Bằng, phường Hòa Minh. Email: vanthu.hoaminh@gmail.com"
    d.add_paragraph("Thông báo lịch tiếp công dân tháng 5 năm 2025 của Ủy ban nhân dân phường Hòa Minh.")
    table = d.add_table(rows=2, cols=4)
    table.style = "Table Grid"
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(2), Cm(3), Cm(2.5), Cm(8)), strict=True):
            cell.width = width
    texts = [
        ["TT", "Bộ phận", "Liên hệ", "Ghi chú"],
        ["1", "Văn phòng HĐND và UBND phường", "vanphong.hoaminh (at) outlook.com", "Tiếp nhận hồ sơ"],
    ]
    for r, row_texts in enumerate(texts):
        for c, text in enumerate(row_texts):
            table.cell(r, c).text = text
    d.add_paragraph("Trân trọng./.")
    d.save(str(tmp / "thong-bao.docx"))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp}/lo-profile",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp),
            str(tmp / "thong-bao.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp / "thong-bao.doc").read_bytes()


@pytest.fixture(scope="module")
def soffice_doc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice Writer) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed: cannot write a real .doc with a footer")
    return _soffice_doc(tmp_path_factory.mktemp("soffice"))


@needs_tools
def test_footer_and_header_are_recovered(soffice_doc: bytes) -> None:
    """antiword prints no page header/footer; they come back with their kind, once."""
    result = doc.extract(soffice_doc, Limits())
    kinds = {s.kind: s.text for s in result.segments}
    assert kinds["header"] == "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH"
    assert (
        kinds["footer"] == "Địa chỉ: 45 Nguyễn Lương Bằng, phường Hòa Minh. Email: vanthu.hoaminh@gmail.com"
    )
    assert "vanthu.hoaminh@gmail.com" not in result.segments[0].text  # antiword really drops it
    assert result.text().count("vanthu.hoaminh@gmail.com") == 1


@needs_tools
def test_cell_wrapped_by_antiword_is_recovered(soffice_doc: bytes) -> None:
    from congvu.detect import find_addresses

    result = doc.extract(soffice_doc, Limits())
    body = result.segments[0].text
    assert "vanphong.hoaminh (at) outlook.com" not in body  # antiword wrapped the cell
    tables = [s for s in result.segments if s.kind == "table"]
    assert [s.text for s in tables] == ["vanphong.hoaminh (at) outlook.com"]
    found = [m.address for s in result.segments for m in find_addresses(s.text)]
    assert sorted(found) == ["vanphong.hoaminh@outlook.com", "vanthu.hoaminh@gmail.com"]


def test_header_stories_of_a_document_without_them() -> None:
    assert doc.header_footer_stories(word97(LETTER)) == []
    assert doc.header_footer_stories(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) == []
