"""The monthly (or quarterly) report of Phòng Văn hóa và Thông tin to the district chairman, as a Word
document in the administrative format of Nghị định 30/2020.

Order of the components follows the decree's Phụ lục I: issuer block and national motto side by
side, number, place and date, type name and subject, addressee, body (I–IV), then "Nơi nhận:" and
the signer side by side.  The body is a list of section writers, one function per section.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from congvu.reports.docx_layout import TEXT_WIDTH_MM, data_table, layout_table, para, setup_page
from congvu.reports.figures import Case, Figures, UnitFigures
from congvu.reports.info import ReportInfo
from congvu.reports.periods import vn_date
from congvu.rules import DIRECTIVE_FULL

STATUS_VN = {
    "pending": "chờ xem xét",
    "confirmed": "đã xác nhận",
    "contested": "đang khiếu nại",
    "dismissed": "đã bác bỏ",
}
DOCS_HEADER = [
    "STT",
    "Cơ quan, đơn vị",
    "Số CBCCVV",
    "Văn bản đã kiểm tra",
    "Có vi phạm",
    "Cần xem xét",
    "Không phát hiện",
]
DOCS_WIDTHS = [12.0, 47.0, 24.0, 22.0, 20.0, 20.0, 20.0]  # "CBCCVV" fits whole in 11 pt bold
CASES_HEADER = [
    "STT", "Cơ quan, đơn vị", "Ghi nhận", "Chờ xem xét", "Đã xác nhận", "Khiếu nại", "Đã bác bỏ",
    "Người vi phạm", "Giới hạn xếp loại",
]  # fmt: skip
CASES_WIDTHS = [12.0, 41.0, 15.0, 15.0, 15.0, 15.0, 15.0, 17.0, 20.0]
# The header block: "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU" (77.4 mm in 12 pt) and the national title
# (87.7 mm in 12 pt bold) each on one line need 165.1 mm, a hair over the text width: the centred
# block takes 2.5 mm of each margin, as printed forms do, rather than wrap a name.
HEADER_MM = (79.0, 91.0)
UNSIGNED = "……………………………"  # the signer's name, to be written by hand when not configured
CHARTS = (
    ("trend", "Biểu đồ 1. Diễn biến số trường hợp vi phạm trong 12 tháng"),
    ("units", "Biểu đồ 2. Số trường hợp vi phạm theo cơ quan, đơn vị"),
)


def subject(figures: Figures) -> str:
    return f"Tình hình thực hiện Chỉ thị số 01/CT-UBND {figures.period.label}"


def docs_rows(figures: Figures) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, u in enumerate([*figures.units, figures.total], start=1):
        stt: object = index if u is not figures.total else ""
        v = u.verdicts
        rows.append([stt, u.name, u.staff, u.documents, v["violation"], v["review"], v["clean"]])
    return rows


def cases_rows(figures: Figures) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, u in enumerate([*figures.units, figures.total], start=1):
        stt: object = index if u is not figures.total else ""
        s = u.statuses
        rows.append(
            [stt, u.name, u.violations, s["pending"], s["confirmed"], s["contested"], s["dismissed"],
             u.violators, u.capped]
        )  # fmt: skip
    return rows


def _header(doc: DocxDocument, info: ReportInfo, day: date) -> None:
    table = layout_table(doc, list(HEADER_MM))
    left, right = table.rows[0].cells
    para(left, info.issuer_parent, size=12, align="center", after=0)
    para(left, info.issuer, bold=True, size=12, align="center", after=6)
    para(left, info.number_line, align="center", after=0)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align="center", after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, align="center", after=6)
    para(right, vn_date(day, info.place), italic=True, align="center", after=0)


def _title(doc: DocxDocument, figures: Figures, info: ReportInfo) -> None:
    para(doc, "", after=0)
    para(doc, "BÁO CÁO", bold=True, size=14, align="center", after=0)
    para(doc, subject(figures), bold=True, align="center", after=12)
    para(doc, f"Kính gửi: {info.addressee}", align="center", after=12)
    para(
        doc,
        f"Thực hiện {DIRECTIVE_FULL} về việc nghiêm cấm sử dụng hộp thư điện tử công cộng trong hoạt động "
        f"công vụ, {info.issuer_text} báo cáo kết quả {figures.period.label} như sau:",
        align="justify",
        indent=True,
    )


def _previous(figures: Figures) -> tuple[str, int]:
    trend = figures.trend
    if figures.period.kind == "quarter":
        return "quý trước", sum(p.confirmed for p in trend[-6:-3])
    prev = trend[-2]
    return f"tháng {prev.month[5:7]}/{prev.month[:4]}", prev.confirmed


def _general(doc: DocxDocument, figures: Figures) -> None:
    t, v, s = figures.total, figures.total.verdicts, figures.total.statuses
    checked_units = sum(1 for u in figures.units if u.documents)
    para(doc, "I. TÌNH HÌNH CHUNG", bold=True, keep_next=True)
    lines = [
        f"Toàn quận có {len(figures.units)} cơ quan, đơn vị với {t.staff} cán bộ, công chức, viên chức và "
        f"người lao động (CBCCVV). Trong kỳ đã kiểm tra {t.documents} văn bản của {checked_units} "
        f"cơ quan, đơn vị: {v['violation']} văn bản ghi địa chỉ thư điện tử công cộng làm đầu mối liên hệ, "
        f"{v['review']} văn bản cần xem xét thêm, {v['clean']} văn bản không phát hiện vi phạm.",
        f"Tổng số trường hợp vi phạm ghi nhận: {t.violations}; trong đó đã xác nhận {s['confirmed']}, "
        f"chờ xem xét {s['pending']}, đang khiếu nại {s['contested']}, đã bác bỏ {s['dismissed']}. "
        f"Số CBCCVV vi phạm đã được xác nhận: {t.violators}; số lượt xếp loại bị giới hạn ở mức "
        f"“{figures.cap}”: {t.capped}.",
        f"Bảng đánh giá, xếp loại đã khóa: {figures.closed_text()}.",
    ]
    label, before = _previous(figures)
    lines.append(f"So với {label}: {before} trường hợp vi phạm đã xác nhận; kỳ này: {s['confirmed']}.")
    for line in lines:
        para(doc, line, align="justify", indent=True)


def _results(doc: DocxDocument, figures: Figures) -> None:
    para(doc, "II. KẾT QUẢ KIỂM TRA", bold=True, keep_next=True)
    para(doc, "1. Kiểm tra văn bản theo cơ quan, đơn vị", bold=True, italic=True, keep_next=True)
    data_table(doc, DOCS_HEADER, docs_rows(figures), DOCS_WIDTHS)
    para(doc, "2. Tình hình xử lý vi phạm theo cơ quan, đơn vị", bold=True, italic=True, keep_next=True)
    data_table(doc, CASES_HEADER, cases_rows(figures), CASES_WIDTHS)
    if figures.mail:
        para(doc, "3. Kiểm tra luồng thư điện tử", bold=True, italic=True, keep_next=True)
        rows: list[list[object]] = [[i, m.rule, m.count] for i, m in enumerate(figures.mail, start=1)]
        data_table(doc, ["STT", "Quy tắc", "Số phát hiện"], rows, [15.0, 90.0, 40.0])
    from congvu.reports.charts import trend_chart, unit_chart  # matplotlib: only when a report is built

    images = {"trend": trend_chart(figures.trend), "units": unit_chart(figures.active_units)}
    para(doc, f"{4 if figures.mail else 3}. Biểu đồ", bold=True, italic=True, keep_next=True)
    for key, caption in CHARTS:  # each chart on the page of its caption, never apart
        doc.add_picture(io.BytesIO(images[key]), width=Mm(150))
        picture = doc.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        para(doc, caption, italic=True, size=12, align="center")


def case_text(index: int, case: Case) -> str:
    where = f"{case.full_name} ({', '.join(x for x in (case.position, case.unit_name) if x)})"
    month = f"tháng {case.month[5:7]}/{case.month[:4]}"
    if case.number:
        doc_day = f" ngày {_dmy(case.doc_date)}" if case.doc_date else ""
        found = f"văn bản số {case.number}{doc_day} ghi địa chỉ {', '.join(case.addresses) or '(không rõ)'}"
    else:
        found = "phát hiện qua kiểm tra trực tiếp"
    excerpt = (case.excerpt or "").strip().replace("\n", " ")
    if len(excerpt) > 200:
        excerpt = excerpt[:199] + "…"
    page = f"trang {case.page}: " if case.page else ""
    evidence = f" ({page}“{excerpt}”)" if excerpt else ""
    status = f"Tình trạng: {STATUS_VN[case.status]} (mã #{case.violation_id})"
    return f"{index}. {where}, {month}: {found}{evidence}. {status}."


def _dmy(raw: str) -> str:
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        return raw
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _cases(doc: DocxDocument, figures: Figures) -> None:
    para(doc, "III. CÁC TRƯỜNG HỢP VI PHẠM", bold=True, keep_next=True)
    if not figures.cases:
        para(doc, "Trong kỳ không có trường hợp vi phạm được xác nhận.", indent=True)
    for index, case in enumerate(figures.cases, start=1):
        para(doc, case_text(index, case), align="justify", indent=True)
    pending = figures.total.statuses["pending"]
    if pending:
        para(
            doc,
            f"Ngoài ra còn {pending} trường hợp đang chờ xem xét, sẽ báo cáo khi có kết luận.",
            indent=True,
        )


def _offenders(units: list[UnitFigures]) -> str:
    return ", ".join(u.name for u in units if u.violators)


def _proposals(doc: DocxDocument, figures: Figures) -> None:
    para(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, keep_next=True)
    t = figures.total
    items = []
    if t.violators:
        items.append(
            "Đề nghị Thủ trưởng các cơ quan, đơn vị có CBCCVV vi phạm "
            f"({_offenders(figures.units)}) xếp loại "
            f"các trường hợp vi phạm đã xác nhận không cao hơn mức “{figures.cap}” trong tháng vi phạm theo "
            "điểm b khoản 2 Chỉ thị; chấn chỉnh và sửa đổi các văn bản đã ban hành có ghi địa chỉ thư điện "
            "tử công cộng."
        )
    if t.statuses["pending"] or t.statuses["contested"]:
        items.append(
            "Đề nghị các cơ quan, đơn vị phối hợp xác minh, cung cấp thông tin đối với các trường hợp đang "
            "chờ xem xét hoặc khiếu nại để kết luận trong tháng tiếp theo."
        )
    items.append(
        "Đề nghị Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các phường tiếp tục gương mẫu, chỉ đạo "
        "CBCCVV sử dụng hệ thống thư điện tử công vụ của thành phố (@danang.gov.vn); Phòng Văn hóa và "
        "Thông tin tiếp tục hướng dẫn, kiểm tra, đôn đốc, nhắc nhở và báo cáo định kỳ."
    )
    for index, text in enumerate(items, start=1):
        para(doc, f"{index}. {text}", align="justify", indent=True)
    para(
        doc,
        f"Trên đây là báo cáo tình hình thực hiện Chỉ thị số 01/CT-UBND {figures.period.label}, "
        "kính báo cáo Chủ tịch UBND quận xem xét, chỉ đạo./.",
        align="justify",
        indent=True,
        keep_next=True,  # the last page never holds the "Nơi nhận" block alone
    )


def _footer(doc: DocxDocument, info: ReportInfo) -> None:
    table = layout_table(doc, [80.0, TEXT_WIDTH_MM - 80.0])
    left, right = table.rows[0].cells
    para(left, "Nơi nhận:", bold=True, italic=True, size=12, after=0)
    for line in info.recipients:
        para(left, f"- {line}", size=11, after=0)
    para(right, info.signer_title, bold=True, align="center", after=0)
    for _ in range(4):
        para(right, "", after=0)
    para(right, info.signer_name.strip() or UNSIGNED, bold=True, align="center", after=0)


SECTIONS: tuple[Callable[[DocxDocument, Figures], None], ...] = (_general, _results, _cases, _proposals)


def build_docx(figures: Figures, info: ReportInfo, day: date) -> bytes:
    """The report as .docx bytes."""
    doc = Document()
    setup_page(doc)
    doc.core_properties.title = f"Báo cáo {subject(figures)}"
    doc.core_properties.author = info.issuer_text
    doc.core_properties.language = "vi-VN"
    _header(doc, info, day)
    _title(doc, figures, info)
    for section in SECTIONS:
        section(doc, figures)
    _footer(doc, info)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
