"""A small ward website served on 127.0.0.1 by the tests themselves (no test leaves the machine).

`Site` holds routes (path → Route) that a test may change between crawls, and logs every request
with its headers, so a test can prove what the crawler did *not* fetch as well as what it did.
"""

from __future__ import annotations

import contextlib
import functools
import io
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))
import pdfbuild

HTML = "text/html; charset=utf-8"
HUGE_BYTES = 3 * 1024 * 1024


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    stream: bool = False  # no Content-Length: the body runs until the connection closes


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Request] = []
        self.lock = threading.Lock()
        self.base = ""

    def paths(self) -> list[str]:
        with self.lock:
            return [r.path for r in self.log]

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.log.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path)
            if route is None:
                body = "<html><body><h1>404 - Không tìm thấy trang</h1></body></html>".encode()
                route = Route(body, status=404)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if not route.stream:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            # the crawler may stop reading at its size limit, as it should
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

    return Handler


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def page(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><header><p>CỔNG THÔNG TIN ĐIỆN TỬ UBND PHƯỜNG HÒA MINH</p></header>{body}</body></html>"
    ).encode()


def docx_bytes(paragraphs: tuple[str, ...]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


PUBLIC_CONTACT = "vhtt.hoaminh@gmail.com"
PDF_CONTACT = "kehoach.hoaminh@gmail.com"
DOCX_CONTACT = "vanthu.hoaminh@yahoo.com"
HIDDEN_CONTACT = "danhba.noibo@gmail.com"  # only on the page robots.txt excludes


@functools.cache
def _documents() -> tuple[bytes, bytes]:
    """The ward's PDF and DOCX, built once per test session (building a PDF embeds a font)."""
    pdf = pdfbuild.build_text_pdf(
        [
            "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA MINH\nSố: 15/KH-UBND\n"
            "KẾ HOẠCH\nTổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2014\n"
            "Mọi thông tin xin liên hệ: Văn phòng UBND phường, "
            f"điện thoại 0236.3842 111, email: {PDF_CONTACT}"
        ]
    )
    docx_file = docx_bytes(
        (
            "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
            "Số: 45/UBND-VP",
            "V/v đăng ký tham gia Hội thi tin học văn phòng năm 2014",
            f"Danh sách đăng ký xin gửi về địa chỉ thư điện tử: {DOCX_CONTACT} trước ngày 20/6/2014.",
        )
    )
    return pdf, docx_file


def ward_site() -> Site:
    """The ward's website: one page or document for each case the audit must get right."""
    site = Site()
    r = site.routes
    r["/robots.txt"] = Route(b"User-agent: *\nDisallow: /noi-bo/\n", content_type="text/plain")
    r["/"] = Route(
        page(
            "Trang chủ - UBND phường Hòa Minh",
            '<nav><a href="/lien-he.html">Liên hệ</a> <a href="gioi-thieu.html#top">Giới thiệu</a>'
            ' <a href="/thong-bao/danh-sach-thi-sinh.html">Danh sách thí sinh</a>'
            ' <a href="/van-ban/ke-hoach-15-KH-UBND.pdf">Kế hoạch số 15/KH-UBND</a>'
            ' <a href="/van-ban/cong-van-45-UBND.docx">Công văn số 45/UBND</a>'
            ' <a href="/tin-cu.html">Tin cũ</a> <a href="/vong-lap">Chuyên mục cũ</a>'
            ' <a href="/bao-cao-lon.html">Báo cáo tổng hợp</a> <a href="/noi-bo/danh-ba.html">Danh bạ</a>'
            ' <a href="/anh/logo.png">Logo</a> <a href="http://example.invalid/">Liên kết ngoài</a>'
            ' <a href="mailto:ubndhoaminh@danang.gov.vn">Hộp thư công vụ</a></nav>'
            "<p>Chào mừng quý vị đến với cổng thông tin điện tử phường Hòa Minh.</p>",
        ),
        etag='"trang-chu-v1"',
    )
    r["/lien-he.html"] = Route(
        page(
            "Liên hệ",
            "<h1>Phòng Văn hóa - Thông tin phường Hòa Minh</h1>"
            "<p>Địa chỉ: 150 Tôn Đức Thắng, phường Hòa Minh, quận Liên Chiểu, thành phố Đà Nẵng</p>"
            "<p>Điện thoại: 0236.3842 111 - Fax: 0236.3842 112</p>"
            f'<p>Email: <a href="mailto:{PUBLIC_CONTACT}">vhtt.hoaminh&#64;gmail&#46;com</a></p>',
        ),
        etag='"lien-he-v1"',
    )
    r["/gioi-thieu.html"] = Route(
        page(
            "Giới thiệu",
            "<h1>Ủy ban nhân dân phường Hòa Minh</h1>"
            "<p>Địa chỉ: 150 Tôn Đức Thắng, phường Hòa Minh, quận Liên Chiểu</p>"
            "<p>Điện thoại: 0236.3842 111</p><p>Email: ubndhoaminh@danang.gov.vn</p>",
        ),
        etag='"gioi-thieu-v1"',
    )
    r["/thong-bao/danh-sach-thi-sinh.html"] = Route(
        page(
            "Danh sách thí sinh",
            "<h1>Danh sách thí sinh dự tuyển công chức cấp xã năm 2014</h1>"
            "<table><tr><th>STT</th><th>Họ và tên</th><th>Ngày sinh</th><th>Email</th></tr>"
            "<tr><td>1</td><td>Nguyễn Thị Lan</td><td>12/03/1990</td><td>nguyenthilan90@gmail.com</td></tr>"
            "<tr><td>2</td><td>Trần Văn Bình</td><td>05/07/1988</td><td>binhtran88@yahoo.com</td></tr>"
            "</table>",
        )
    )
    pdf, docx_file = _documents()
    r["/van-ban/ke-hoach-15-KH-UBND.pdf"] = Route(pdf, content_type="application/pdf")
    r["/van-ban/cong-van-45-UBND.docx"] = Route(
        docx_file, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    r["/vong-lap"] = Route(status=302, headers={"Location": "/vong-lap-2"})
    r["/vong-lap-2"] = Route(status=301, headers={"Location": "/vong-lap"})
    r["/bao-cao-lon.html"] = Route(
        page(
            "Báo cáo", "<p>" + "Báo cáo tổng hợp tình hình kinh tế - xã hội. " * (HUGE_BYTES // 45) + "</p>"
        ),
        stream=True,
    )
    r["/noi-bo/danh-ba.html"] = Route(page("Danh bạ nội bộ", f"<p>Liên hệ: {HIDDEN_CONTACT}</p>"))
    return site
