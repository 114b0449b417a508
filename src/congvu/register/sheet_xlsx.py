"""The evaluation sheet as an XLSX ready to print on A4 landscape and sign.

Laid out like a Vietnamese administrative form: issuing body and national motto on top, title with
the month, the table (STT / Họ và tên / Chức vụ / Đề xuất / Kết quả / Ghi chú), then the two
signature blocks.  The table header repeats on every printed page.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from congvu.output.cells import text_cells
from congvu.register.evaluation import AWAITING, Sheet

HEADERS = ("STT", "Họ và tên", "Chức vụ", "Đề xuất", "Kết quả", "Ghi chú")
WIDTHS = (6, 28, 30, 28, 28, 48)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
ITALIC = Font(name="Times New Roman", italic=True, size=12)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TABLE_ROW = 7


def _put(ws: Worksheet, ref: str, value: str, font: Font, merge_to: str | None = None) -> None:
    ws[ref] = value
    ws[ref].font = font
    ws[ref].alignment = CENTER
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")


def write_sheet(sheet: Sheet, path: Path, prepared_by: str | None = None) -> None:
    book = Workbook()
    ws = book.active
    ws.title = f"Tháng {sheet.month}"
    year, month = sheet.month.split("-")
    _put(ws, "A1", (sheet.parent_name or "").upper(), PLAIN, "C1")
    _put(ws, "D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, "F1")
    _put(ws, "A2", sheet.unit_name.upper(), BOLD, "C2")
    _put(ws, "D2", "Độc lập - Tự do - Hạnh phúc", BOLD, "F2")
    _put(ws, "A4", f"BẢNG ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC THÁNG {month}/{year}", BOLD, "F4")
    _put(
        ws,
        "A5",
        f"Đơn vị: {sheet.unit_name} — mức tối đa khi vi phạm Chỉ thị 01/CT-UBND: {sheet.cap}",
        ITALIC,
        "F5",
    )
    for col, (title, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(row=TABLE_ROW, column=col, value=title)
        cell.font, cell.alignment, cell.border = BOLD, CENTER, BOX
        ws.column_dimensions[cell.column_letter].width = width
    row = TABLE_ROW
    for item in sheet.rows:
        row += 1
        values = (
            item.stt,
            item.full_name,
            item.position,
            item.proposed or "",
            item.final or (AWAITING if item.awaiting else ""),
            item.note,
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font, cell.border = PLAIN, BOX
            cell.alignment = CENTER if col == 1 else WRAP
    sign = row + 2
    _put(ws, f"A{sign}", "NGƯỜI LẬP BIỂU", BOLD, f"C{sign}")
    _put(ws, f"D{sign}", "THỦ TRƯỞNG ĐƠN VỊ", BOLD, f"F{sign}")
    _put(ws, f"A{sign + 1}", "(Ký, ghi rõ họ tên)", ITALIC, f"C{sign + 1}")
    _put(ws, f"D{sign + 1}", "(Ký tên, đóng dấu)", ITALIC, f"F{sign + 1}")
    if prepared_by:
        _put(ws, f"A{sign + 5}", prepared_by, BOLD, f"C{sign + 5}")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{TABLE_ROW}:{TABLE_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    text_cells(book)  # names, positions and notes are data, never formulas
    ws.print_options.horizontalCentered = True
    book.save(path)
