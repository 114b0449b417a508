"""The what-ifs as an XLSX for the chairman's office: one workbook, Vietnamese headers.

Each writer takes the JSON contract of its what-if (`whatif_scan`, `whatif_mail`,
`whatif_register`) and lays it out as a summary sheet (month or mode, the two policy hashes, what
changes in the policy, the counts) and one table a sheet.  Every text cell goes through
`congvu.output.cells.text_cells` (names, addresses and excerpts come from outside).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from congvu.output.cells import text_cells

BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
WRAP = Alignment(vertical="top", wrap_text=True)
YES_NO = {True: "Có", False: "Không", None: ""}
LABELS = {  # the contracts' counters, as the summary sheet names them
    "documents": "văn bản",
    "findings": "phát hiện",
    "mail_findings": "phát hiện về thư",
    "changed": "văn bản thay đổi kết luận",
    "now": "hiện nay",
    "after": "dự kiến",
    "excerpt": "chấm lại theo trích đoạn",
    "class-unchanged": "phân loại địa chỉ không đổi",
    "not-rejudged": "không chấm lại được",
    "appear": "vi phạm sẽ phát sinh",
    "disappear": "vi phạm sẽ mất",
    "undecided": "vi phạm chưa chấm lại được",
    "sheets": "dòng phiếu đánh giá thay đổi",
    "capped_now": "bị giới hạn hiện nay",
    "capped_after": "bị giới hạn dự kiến",
    "messages": "thư",
    "rows": "dòng",
    "changes": "thay đổi",
    "to_citizen": "gửi công dân",
    "refused_to_citizen": "gửi công dân bị từ chối/giữ",
    "doc": "văn bản",
    "mail": "thư",
    "web": "trang web",
    "manual": "thủ công",
}


def _label(key: str) -> str:
    return f"{LABELS[key]} ({key})" if key in LABELS else key


def _cell(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return YES_NO[value]
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _table(book: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    ws = book.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for row in rows:
        ws.append([_cell(v) for v in row])
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(14, min(48, len(header) + 4))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"


def _summary(book: Workbook, title: str, out: dict[str, Any], extra: Sequence[tuple[str, Any]]) -> None:
    ws = book.active
    assert ws is not None
    ws.title = "Tóm tắt"
    ws["A1"] = title
    ws["A1"].font = BOLD
    lines: list[tuple[str, Any]] = [
        *extra,
        ("Chính sách hiện hành (mã băm)", out.get("policy_now")),
        ("Chính sách dự kiến (mã băm)", out.get("policy_after")),
    ]
    for name, change in (out.get("policy_diff") or {}).items():
        lines.append((f"Thay đổi: {name}", f"{_cell(change.get('now'))} → {_cell(change.get('after'))}"))
    for key, value in (out.get("summary") or {}).items():
        lines.append((f"Số liệu: {_label(key)}", _cell(value)))
    for i, (name, value) in enumerate(lines, start=3):
        ws.cell(i, 1, name).font = BOLD
        ws.cell(i, 2, _cell(value)).font = PLAIN
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 80


def _save(book: Workbook, path: Path) -> None:
    text_cells(book)
    book.save(path)


def write_register(out: dict[str, Any], path: Path) -> None:
    book = Workbook()
    _summary(
        book,
        f"Dự kiến tác động của chính sách mới lên sổ theo dõi tháng {out['month']}",
        out,
        [("Tháng", out["month"]), *((f"Chấm lại: {_label(k)}", v) for k, v in out["rejudged"].items()),
         *((f"Không chấm lại: {_label(k)}", v) for k, v in out["not_rejudged"].items())],
    )  # fmt: skip
    _table(
        book,
        "Vi phạm sẽ phát sinh",
        ("Mã cán bộ", "Quy tắc", "Tháng", "Văn bản (sha256)", "Đường dẫn", "Địa chỉ", "Quy tắc hiện nay"),
        ((a["person_id"], a["rule"], a["month"], a["document"], a["path"], a["addresses"], a["rules_now"])
         for a in out["appear"]),
    )  # fmt: skip
    _table(
        book,
        "Vi phạm sẽ mất",
        ("Số vi phạm", "Mã cán bộ", "Quy tắc", "Tháng", "Trạng thái", "Đường dẫn", "Địa chỉ",
         "Quy tắc dự kiến"),
        ((d["violation_id"], d["person_id"], d["rule"], d["month"], d["status"], d["path"], d["addresses"],
          d["rules_after"]) for d in out["disappear"]),
    )  # fmt: skip
    _table(
        book,
        "Phiếu đánh giá",
        ("Đơn vị", "Mã cán bộ", "Họ và tên", "Tháng", "Đề xuất", "Kết quả hiện nay", "Kết quả dự kiến",
         "Bị giới hạn hiện nay", "Bị giới hạn dự kiến"),
        ((s["unit"], s["person_id"], s.get("full_name"), s["month"], s.get("proposed"), s["final_now"],
          s["final_after"], s.get("capped_now"), s.get("capped_after")) for s in out["sheets"]),
    )  # fmt: skip
    _table(
        book,
        "Chưa chấm lại được",
        ("Số vi phạm", "Mã cán bộ", "Quy tắc", "Tháng", "Địa chỉ"),
        (
            (u["violation_id"], u["person_id"], u["rule"], u["month"], u["addresses"])
            for u in out["undecided"]
        ),
    )
    _save(book, path)


def write_scan(out: dict[str, Any], path: Path) -> None:
    book = Workbook()
    _summary(book, "Dự kiến kết luận văn bản theo chính sách mới", out, [])
    _table(
        book,
        "Văn bản",
        ("Đường dẫn", "Số hiệu", "Kết luận hiện nay", "Kết luận dự kiến"),
        ((d.get("path"), (d.get("metadata") or {}).get("number"), d["verdict_now"], d["verdict_after"])
         for d in out["documents"]),
    )  # fmt: skip
    _save(book, path)


def write_mail(out: dict[str, Any], path: Path) -> None:
    book = Workbook()
    _summary(book, "Dự kiến xử lý thư theo chính sách mới", out, [("Chế độ", out.get("mode"))])
    _table(
        book,
        "Thư",
        ("Mã hàng đợi", "Thời gian", "Người gửi", "Người nhận", "Mã cán bộ", "Đơn vị", "Quy tắc",
         "Xử lý hiện nay", "Xử lý dự kiến", "Thay đổi", "Gửi công dân"),
        ((m["queue_id"], m["time"], m["sender"], m["recipient"], m["person_id"], m.get("unit"), m["rule"],
          m.get("action_now"), m["action"], m.get("change"), m["to_citizen"]) for m in out["messages"]),
    )  # fmt: skip
    _save(book, path)
