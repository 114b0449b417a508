"""Bounded fuzzing of every reader and of the address detector, in the normal test suite.

Each target mutates a realistic seed (a Vietnamese notice as TXT, HTML, EML, DOCX, ZIP, PDF, ODT,
RTF, DOC):
flipped and inserted bytes, cut and repeated slices, and format-specific tokens (deep tags,
MIME boundaries, entities). The property: a reader may refuse a file (`ExtractError`, reported as
an error) but never fails with an internal error, and the detector never raises and returns spans
that are in the text. `derandomize=True` and no example database: the same examples on every run,
so CI is stable; each target runs a few seconds. Inputs that once broke a reader are kept in
`tests/extract/fuzz_regressions/` and replayed by `test_kept_regressions`.
"""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile
from pathlib import Path

import pytest
from builders import build_docx, build_eml, build_odt, build_zip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfbuild import build_text_pdf
from test_doc import word97

from congvu.classify import AddressPolicy
from congvu.detect import find_addresses
from congvu.scan.document import scan_bytes
from congvu.settings import Limits, load_config

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
LIMITS = Limits(max_unpacked_bytes=20 * 1024 * 1024, ocr_enabled=False, max_pages=50)
POLICY = AddressPolicy.from_config(load_config(environ={}))
# CONGVU_FUZZ_EXAMPLES=5000 runs a longer campaign with fresh random examples (not for CI).
CAMPAIGN = int(os.environ.get("CONGVU_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=CAMPAIGN or 120,
    derandomize=not CAMPAIGN,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NOTICE = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: 15/TB-UBND\nHòa Minh, ngày 20 tháng 6 năm 2014\n"
    "THÔNG BÁO\nVề việc tiếp nhận hồ sơ đề nghị hỗ trợ hộ nghèo\n"
    "Mọi chi tiết xin liên hệ: Văn phòng UBND phường, email: vanphong.hoaminh@gmail.com\n"
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"
)
HTML = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Liên hệ</title></head><body>"
    "<table><tr><td>Địa chỉ: 75 Nguyễn Lương Bằng</td><td>Email: "
    "<a href='mailto:vanphong.hoaminh@gmail.com?cc=hotro@yahoo.com'>vanphong.hoaminh@gmail.com</a>"
    "</td></tr></table><p data-cfemail='1a7b6a5a7d777b7376347974'>[email&#160;protected]</p>"
    f"<pre>{NOTICE}</pre></body></html>"
)

TOKENS: dict[str, list[bytes]] = {
    "txt": [b"\f", b"\r\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", "＠".encode(), b" (a) ", b"\xd0"],
    "html": [b"<div>" * 300, b"<table><tr><td>", b"&#64;", b"<!--", b"<script>", b"<![CDATA[", b"\x00"],
    "eml": [
        b'\nContent-Type: multipart/mixed; boundary="x"\n\n--x\n',
        b"\nContent-Transfer-Encoding: base64\n\n",
        b"=?utf-8?b?4bq=?=",
        b"\n--x--\n",
        b"\nContent-Type: message/rfc822\n\n",
    ],
    "zip": [b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"],
    "pdf": [b"obj", b"endobj", b"stream\n", b"<<", b">>", b"/Length 999999", b"xref", b"R ", b"\x00"],
}
TOKENS["docx"] = TOKENS["odt"] = TOKENS["zip"]
# RTF: the groups and control words the pre-processing cuts out or rewrites (pictures, sub-documents,
# fields, \\bin with a length, \\uN with its fallback, hex escapes)
TOKENS["rtf"] = [b"{", b"}", b"{\\header ", b"{\\*\\fldinst HYPERLINK \"mailto:", b"{\\pict ",
                 b"\\bin999999 ", b"\\u-7939?", b"\\'ff", b"\\page ", b"\\uc9 ", b"{" * 300,
                 b"\\fcharset163 "]  # fmt: skip
# DOC: the FIB and piece-table numbers the header/footer reader follows (offsets, counts, lengths)
TOKENS["doc"] = [b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xff\xff\xff\x7f", b"\x02", b"\x01\x00",
                 b"\xec\xa5"]  # fmt: skip


def _rtf(text: str) -> bytes:
    """The notice as Word saves RTF: Vietnamese letters as \\uN?, a header and a mailto: field."""
    escaped = "".join(ch if ord(ch) < 128 else f"\\u{ord(ch)}?" for ch in text).replace("\n", "\\par\n")
    return (
        "{\\rtf1\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset163 Times New Roman;}}"
        "{\\header \\pard UBND PH\\u431?\\u7900?NG H\\u210?A MINH\\par}"
        "\\uc1\\pard\\f0\\fs26 " + escaped + '{\\field{\\*\\fldinst HYPERLINK "mailto:hotro@yahoo.com"}'
        "{\\fldrslt hotro@yahoo.com}}\\par\\page}"
    ).encode("ascii")


def _seeds() -> dict[str, bytes]:
    docx = build_docx(NOTICE.split("\n"), header="UBND PHƯỜNG HÒA MINH", footer="Email: hotro@gmail.com")
    return {
        "txt": NOTICE.encode(),
        "html": HTML.encode(),
        "eml": build_eml("Thông báo 15/TB-UBND", NOTICE, [("thong-bao.txt", NOTICE.encode())], html=HTML),
        "docx": docx,
        "zip": build_zip(
            {"thong-bao.docx": docx, "ghi-chu.txt": NOTICE.encode(), "../ra-ngoai.html": HTML.encode()}
        ),
        "pdf": build_text_pdf([NOTICE]),
        "odt": build_odt(NOTICE.split("\n"), header="UBND PHƯỜNG HÒA MINH", footer="Email: hotro@gmail.com"),
        "rtf": _rtf(NOTICE),
        "doc": word97(NOTICE.replace("\n", "\r")),
    }


SEEDS = _seeds()


def _edit(data: bytes, edit: tuple[str, int, int, bytes]) -> bytes:
    kind, at, length, blob = edit
    at = at % (len(data) + 1)
    if kind == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (blob[0] or 1)]) + data[at + 1 :]
    if kind == "insert":
        return data[:at] + blob + data[at:]
    if kind == "delete":
        return data[:at] + data[at + length :]
    if kind == "repeat":
        return data[:at] + data[at : at + length] * 8 + data[at:]
    return data[:at]  # truncate


def mutants(fmt: str) -> st.SearchStrategy[bytes]:
    blob = st.one_of(st.binary(min_size=1, max_size=16), st.sampled_from(TOKENS[fmt]))
    edit = st.tuples(
        st.sampled_from(["flip", "insert", "delete", "repeat", "truncate"]),
        st.integers(0, 1 << 20),
        st.integers(1, 64),
        blob,
    )
    seed = SEEDS[fmt]

    def apply(edits: list[tuple[str, int, int, bytes]]) -> bytes:
        data = seed
        for e in edits:
            data = _edit(data, e)
        return data

    return st.lists(edit, min_size=1, max_size=5).map(apply)


def check(data: bytes, name: str, limits: Limits = LIMITS) -> None:
    """The property every reader keeps: refuse cleanly or read, never an internal error."""
    result = scan_bytes(data, name, POLICY, limits)
    assert not (result.error or "").startswith("internal error"), result.error
    assert not [w for w in result.warnings if "internal error" in w], result.warnings
    for f in result.findings:
        assert "@" in f.address


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_every_seed_is_read_and_its_address_found(fmt: str) -> None:
    """A seed the reader refused would make its target fuzz nothing but the refusal."""
    result = scan_bytes(SEEDS[fmt], f"van-ban.{fmt}", POLICY, LIMITS)
    assert result.error is None
    assert "vanphong.hoaminh@gmail.com" in {f.address for f in result.findings}


@pytest.mark.parametrize("fmt", ["txt", "html", "eml", "docx", "zip", "odt", "rtf"])
def test_readers_survive_mutated_files(fmt: str) -> None:
    @FUZZ
    @given(mutants(fmt))
    def run(data: bytes) -> None:
        check(data, f"van-ban.{fmt}")

    run()


def test_pdf_reader_survives_mutated_files() -> None:
    @settings(FUZZ, max_examples=CAMPAIGN or 100)
    @given(mutants("pdf"))
    def run(data: bytes) -> None:
        check(data, "van-ban.pdf")

    run()


def test_doc_reader_survives_mutated_files() -> None:
    """Fewer examples: each runs antiword (and catdoc) as subprocesses; the FIB, PlcfHdd and piece
    table that `extract.doc` reads itself for headers and footers are what the mutations hit."""

    limits = dataclasses.replace(LIMITS, max_seconds=2.0)  # some mutants make catdoc loop for good

    @settings(FUZZ, max_examples=CAMPAIGN or 40)
    @given(mutants("doc"))
    def run(data: bytes) -> None:
        check(data, "van-ban.doc", limits)

    run()


_NAME = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(lambda n: not n.endswith(("/", "\\")))  # a name zipfile can write as a file member


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


DOCX_PARTS = _members(SEEDS["docx"])
XML_TOKENS = [
    b"<w:p>" * 300,
    b"<w:t>",
    b"</w:t>",
    b"&amp;",
    b"&#x0;",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"\x00",
]


@settings(FUZZ, max_examples=CAMPAIGN or 80)
@given(
    st.sampled_from(sorted(n for n in DOCX_PARTS if n.endswith((".xml", ".rels")))),
    st.lists(
        st.tuples(
            st.sampled_from(["flip", "insert", "delete", "repeat", "truncate"]),
            st.integers(0, 1 << 16),
            st.integers(1, 64),
            st.one_of(st.binary(min_size=1, max_size=16), st.sampled_from(XML_TOKENS)),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_docx_reader_survives_mutated_xml_parts(part: str, edits: list[tuple[str, int, int, bytes]]) -> None:
    members = dict(DOCX_PARTS)
    for e in edits:
        members[part] = _edit(members[part], e)
    check(build_zip(members), "van-ban.docx")


@FUZZ
@given(
    st.dictionaries(_NAME, st.sampled_from([NOTICE.encode(), HTML.encode(), SEEDS["docx"], b""]), max_size=4)
)
def test_zip_member_names_of_any_kind(members: dict[str, bytes]) -> None:
    check(build_zip(members), "ho-so.zip")


_TEXTISH = st.text(
    st.one_of(
        st.sampled_from(list("@＠.()[]<>:;,\n\t -_")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=400,
)


@FUZZ
@given(_TEXTISH, st.sampled_from(["", "vanphong.hoaminh@gmail.com", "an (at) yahoo (dot) com", "x@y"]))
def test_detector_never_raises_and_spans_are_in_the_text(noise: str, address: str) -> None:
    text = noise[: len(noise) // 2] + address + noise[len(noise) // 2 :]
    for m in find_addresses(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert "@" in m.address


def test_kept_regressions() -> None:
    kept = sorted(REGRESSIONS.glob("*"))
    assert kept, "the kept inputs are part of the suite"
    for path in kept:
        data = path.read_bytes()
        check(data, path.name)
        if b"vanphong.hoaminh@gmail.com" in data:  # the address the input once hid is found now
            found = scan_bytes(data, path.name, POLICY, LIMITS).findings
            assert "vanphong.hoaminh@gmail.com" in {f.address for f in found}, path.name
