"""EML extractor: header lines, bodies in their charsets, attachments, malformed real mail."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from builders import build_docx, build_eml

from congvu.extract import eml
from congvu.model import ExtractError
from congvu.settings import Limits

LIMITS = Limits()
SHARED = Path(os.environ.get("CONGVU_SHARED") or Path(__file__).resolve().parents[2] / ".." / "shared")
EXTERNAL = SHARED / "data" / "external"
BODY = (
    "Kính gửi: Văn phòng HĐND và UBND phường Hòa Minh\n"
    "Tôi xin gửi kèm đơn đề nghị cấp giấy xác nhận cư trú.\n"
    "Mọi liên hệ xin gửi về: nguyenvanan@gmail.com"
)


def test_headers_body_and_attachments() -> None:
    don = build_docx(["ĐƠN ĐỀ NGHỊ", "Email: nguyenvanan@gmail.com"])
    data = build_eml(
        "Đơn đề nghị xác nhận cư trú",
        BODY,
        [("Đơn đề nghị.docx", don), ("CCCD.pdf", b"%PDF-1.7 ...")],
        cc="Trần Thị Bình <tranthibinh@yahoo.com>",
        reply_to="nguyenvanan@gmail.com",
    )
    ex = eml.extract(data, LIMITS)
    assert [(s.kind, s.text, s.line) for s in ex.segments] == [
        ("email-header", "From: Nguyễn Văn An <nguyenvanan@gmail.com>", 1),
        ("email-header", "Reply-To: nguyenvanan@gmail.com", 2),
        ("email-header", "To: Văn phòng UBND phường Hòa Minh <vanphong.hoaminh@danang.gov.vn>", 3),
        ("email-header", "Cc: Trần Thị Bình <tranthibinh@yahoo.com>", 4),
        ("email-header", "Subject: Đơn đề nghị xác nhận cư trú", 5),
        ("email-header", "Date: Mon, 06 May 2024 08:30:00 +0700", 6),
        ("body", BODY, 1),
    ]
    assert b"=?utf-8?" in data  # the headers really were RFC 2047 encoded on the wire
    assert [(a.name, a.data) for a in ex.attachments] == [
        ("Đơn đề nghị.docx", don),
        ("CCCD.pdf", b"%PDF-1.7 ..."),
    ]
    assert ex.warnings == []


def test_forwarded_message_becomes_an_eml_attachment() -> None:
    inner = build_eml("Thông báo lịch tiếp dân", "Liên hệ: ubndhoaminh@gmail.com")
    ex = eml.extract(build_eml("Fwd: Thông báo lịch tiếp dân", "Chuyển tiếp.", forwarded=inner), LIMITS)
    (att,) = ex.attachments
    assert att.name == "forwarded.eml"
    nested = eml.extract(att.data, LIMITS)
    assert "Subject: Thông báo lịch tiếp dân" in [s.text for s in nested.segments]
    assert nested.segments[-1].text == "Liên hệ: ubndhoaminh@gmail.com"


RAW_HEAD = (
    b"From: =?windows-1258?Q?V=E3n_th=FD?= <vanthu.hoaminh@gmail.com>\r\n"
    b"To: ubndhoaminh@danang.gov.vn\r\nSubject: Test\r\nMIME-Version: 1.0\r\n"
)


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        (
            b"Content-Type: text/plain; charset=windows-1258\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n",
            b"Ph=FD=F5=CCng Ho=CCa Minh, email: hoaminh@gmail.com\r\n",
            "Phường Hòa Minh, email: hoaminh@gmail.com",
        ),
        (
            b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n",
            "Café Hòa Minh – hoaminh@yahoo.com".encode()
            .replace("–".encode(), b"-")
            .replace("Hòa".encode(), "Hòa".encode("latin-1"))
            .replace("Café".encode(), "Café".encode("latin-1")),
            "Café Hòa Minh - hoaminh@yahoo.com",
        ),
        (
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
            b"VWJuZCBwaMaw4budbmcgSMOyYSBNaW5oOiBob2FtaW5oQGdtYWlsLmNvbQ==\r\n",
            "Ubnd phường Hòa Minh: hoaminh@gmail.com",
        ),
        (
            b"Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n",  # no charset, really UTF-8
            "Ủy ban nhân dân phường: hoaminh@gmail.com".encode(),
            "Ủy ban nhân dân phường: hoaminh@gmail.com",
        ),
    ],
    ids=["windows-1258-qp", "iso-8859-1", "utf8-base64", "undeclared-utf8"],
)
def test_charsets_and_transfer_encodings(headers: bytes, body: bytes, expected: str) -> None:
    ex = eml.extract(RAW_HEAD + headers + b"\r\n" + body, LIMITS)
    assert ex.segments[0].text == "From: Văn thư <vanthu.hoaminh@gmail.com>"
    assert ex.segments[-1].text == expected


def test_html_alternative_adds_only_hidden_mailto_links() -> None:
    html = (
        "<html><body><p>Kính gửi quý cơ quan.</p><p>Liên hệ <a href='mailto:an.nguyen@gmail.com'>"
        "anh An</a> hoặc <a href='mailto:nguyenvanan@gmail.com'>nguyenvanan@gmail.com</a></p></body></html>"
    )
    ex = eml.extract(build_eml("Hỏi đáp", BODY, html=html), LIMITS)
    bodies = [(s.kind, s.text) for s in ex.segments if s.kind != "email-header"]
    assert bodies == [("body", BODY), ("link", "an.nguyen@gmail.com")]


def test_html_only_body_is_converted_to_text() -> None:
    raw = (
        RAW_HEAD + b"Content-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><body><p>Email: <b>ubndhoaminh@gmail.com</b></p></body></html>"
    )
    text = "\n".join(s.text for s in eml.extract(raw, LIMITS).segments if s.kind == "body")
    assert "Email: ubndhoaminh@gmail.com" in text


def test_attachment_without_file_name_is_named_from_its_type() -> None:
    raw = (
        RAW_HEAD + b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Xem t\xe1\xbb\x87p \xc4\x91\xc3\xadnh k\xc3\xa8m.\r\n"
        b"--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjcK\r\n"
        b"--b1\r\nContent-Type: message/rfc822\r\n\r\nFrom: a@gmail.com\r\nSubject: x\r\n\r\nhi\r\n"
        b"--b1--\r\n"
    )
    ex = eml.extract(raw, LIMITS)
    assert [(a.name, a.data[:9]) for a in ex.attachments] == [
        ("attachment-1.pdf", b"%PDF-1.7\n"),
        ("forwarded.eml", b"From: a@g"),
    ]
    assert ex.segments[-1].text == "Xem tệp đính kèm."


def test_missing_boundary_is_read_as_text_with_a_warning() -> None:
    raw = RAW_HEAD + b"Content-Type: multipart/mixed\r\n\r\nN\xe1\xbb\x99i dung: hoaminh@gmail.com\r\n"
    ex = eml.extract(raw, LIMITS)
    assert ex.segments[-1].text == "Nội dung: hoaminh@gmail.com"
    assert any("boundary" in w for w in ex.warnings)


def test_bad_base64_and_truncation_give_warnings_not_errors() -> None:
    raw = (
        RAW_HEAD + b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"SG9hbWluaEBnbWFpbC5jb20=!!*\r\n"
        b'--b1\r\nContent-Type: application/pdf; name="to-trinh.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        b"JVBERi0xLjcKJe"  # cut in the middle of the attachment, no closing boundary
    )
    ex = eml.extract(raw, LIMITS)
    assert ex.segments[-1].text.startswith("Hoaminh@gmail.com")
    assert [a.name for a in ex.attachments] == ["to-trinh.pdf"]
    assert ex.warnings  # the defects are reported


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty file"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "not an e-mail message")],
    ids=["empty", "outlook-msg"],
)
def test_unreadable_input_is_an_error(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        eml.extract(data, LIMITS)


def test_text_without_headers_is_read_with_a_warning() -> None:
    ex = eml.extract("Kính gửi anh An,\nemail: nguyenvanan@gmail.com\n".encode(), LIMITS)
    assert "nguyenvanan@gmail.com" in ex.text()
    assert "no e-mail headers found: read as plain text" in ex.warnings


# ---- real third-party messages -------------------------------------------------------------

needs_external = pytest.mark.skipif(not EXTERNAL.is_dir(), reason=f"external test data absent ({EXTERNAL})")


def _corpus() -> list[Path]:
    if not EXTERNAL.is_dir():
        return []
    files = sorted((EXTERNAL / "mail-parser" / "tests" / "mails").glob("*"))
    files += sorted((EXTERNAL / "flanker" / "tests" / "fixtures" / "messages").rglob("*.eml"))
    files += sorted((EXTERNAL / "cpython" / "Lib" / "test" / "test_email" / "data").glob("msg_*.txt"))
    files += [p for p in sorted((EXTERNAL / "pymilter" / "test").glob("*")) if p.name != "COPYING"]
    return files


@pytest.mark.external
@needs_external
def test_every_real_message_extracts_quickly() -> None:
    outlook_msg = EXTERNAL / "mail-parser" / "tests" / "mails" / "mail_outlook_1"  # an Outlook .msg (CFB)
    start = time.perf_counter()
    for path in _corpus():
        data = path.read_bytes()
        if path == outlook_msg:
            with pytest.raises(ExtractError):
                eml.extract(data, LIMITS)
            continue
        eml.extract(data, LIMITS)  # no exception: malformed mail gives warnings
    assert time.perf_counter() - start < 20


@pytest.mark.external
@needs_external
@pytest.mark.parametrize(
    ("relpath", "name", "prefix"),
    [
        ("pymilter/test/zip1", "zip.zip", b"PK\x03\x04"),  # GPL data: read in place, never copied
        ("flanker/tests/fixtures/messages/enclosed.eml", "thanks.eml", b""),
        ("flanker/tests/fixtures/messages/attached-pdf.eml", "test.pdf", b"%PDF"),
        ("mail-parser/tests/mails/mail_test_1", "ФНС_РФ558.zip", b"PK\x03\x04"),  # raw UTF-8 name
        ("pymilter/test/bounce1", "delivery-status.txt", b""),
    ],
)
def test_real_attachments(relpath: str, name: str, prefix: bytes) -> None:
    ex = eml.extract((EXTERNAL / relpath).read_bytes(), LIMITS)
    found = {a.name: a.data for a in ex.attachments}
    assert name in found and found[name].startswith(prefix)


@pytest.mark.external
@needs_external
def test_real_malformed_message_missing_boundary() -> None:
    ex = eml.extract((EXTERNAL / "mail-parser/tests/mails/mail_malformed_3").read_bytes(), LIMITS)
    assert any(s.kind == "body" and s.text.strip() for s in ex.segments)
    assert any("boundary" in w for w in ex.warnings)
