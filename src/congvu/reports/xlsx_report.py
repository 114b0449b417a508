"""The report's figures as a workbook: one sheet per table, Vietnamese headers, numbers as numbers
(so people can sum and chart them in Excel), same rows as the Word tables."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from congvu.output.cells import text_cells
from congvu.register.tables import add_sheet
from congvu.reports.docx_report import CASES_HEADER, DOCS_HEADER, STATUS_VN, cases_rows, docs_rows, subject
from congvu.reports.figures import Figures
from congvu.reports.info import ReportInfo


def _summary(book: Workbook, figures: Figures, info: ReportInfo) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tổng hợp"
    t, s, v = figures.total, figures.total.statuses, figures.total.verdicts
    rows: list[tuple[str, object]] = [
        ("Đơn vị báo cáo", info.issuer_text),
        ("Kỳ báo cáo", figures.period.label),
        ("Số cơ quan, đơn vị", len(figures.units)),
        ("Số CBCCVV", t.staff),
        ("Văn bản đã kiểm tra", t.documents),
        ("Văn bản có vi phạm", v["violation"]),
        ("Văn bản cần xem xét", v["review"]),
        ("Văn bản không phát hiện vi phạm", v["clean"]),
        ("Vi phạm ghi nhận", t.violations),
        ("Vi phạm chờ xem xét", s["pending"]),
        ("Vi phạm đã xác nhận", s["confirmed"]),
        ("Vi phạm đang khiếu nại", s["contested"]),
        ("Vi phạm đã bác bỏ", s["dismissed"]),
        ("CBCCVV vi phạm (đã xác nhận)", t.violators),
        (f"Lượt xếp loại bị giới hạn ở mức “{figures.cap}”", t.capped),
        ("Bảng đánh giá đã khóa", figures.closed_text()),
    ]
    sheet.append([subject(figures)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Chỉ tiêu", "Số liệu"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 30


def build_xlsx(figures: Figures, info: ReportInfo) -> bytes:
    """The workbook as bytes: Tổng hợp, Kiểm tra văn bản, Xử lý vi phạm, Trường hợp vi phạm,
    Diễn biến 12 tháng, and Luồng thư when mail-flow findings exist."""
    book = Workbook()
    _summary(book, figures, info)
    add_sheet(book, "Kiểm tra văn bản", DOCS_HEADER, docs_rows(figures))
    add_sheet(book, "Xử lý vi phạm", CASES_HEADER, cases_rows(figures))
    add_sheet(
        book,
        "Trường hợp vi phạm",
        ["Mã", "Tháng", "Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Văn bản số", "Ngày văn bản",
         "Địa chỉ", "Trang", "Trích dẫn", "Tình trạng"],
        [
            [c.violation_id, c.month, c.full_name, c.position, c.unit_name, c.number or "", c.doc_date or "",
             ", ".join(c.addresses), c.page or "", c.excerpt or "", STATUS_VN[c.status]]
            for c in figures.cases
        ],
    )  # fmt: skip
    add_sheet(
        book,
        "Diễn biến 12 tháng",
        ["Tháng", "Vi phạm ghi nhận", "Vi phạm đã xác nhận", "Người vi phạm"],
        [[p.month, p.recorded, p.confirmed, p.violators] for p in figures.trend],
    )
    if figures.mail:
        add_sheet(
            book,
            "Luồng thư",
            ["Quy tắc", "Số phát hiện", "Nguồn"],
            [[m.rule, m.count, m.source] for m in figures.mail],
        )
    text_cells(book)  # names, reasons and excerpts are data, never formulas
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
