"""The report files read back: Word (Nghị định 30/2020 layout), Excel figures, the CLI."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from openpyxl import load_workbook
from reportkit import Month, utc
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register.schema import findings
from congvu.reports import build_monthly, build_quarterly
from congvu.settings import Config

SIGNER = "Trần Thị Hồng Vân"
CONFIG = Config({"report.signer_name": SIGNER})


def _docx(month: Month) -> DocxDocument:
    data = build_monthly(month.store, "2014-06", "docx", config=CONFIG, day=date(2014, 7, 3))
    return Document(io.BytesIO(data))


def test_word_report_has_the_administrative_layout(month: Month) -> None:
    doc = _docx(month)
    header = doc.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.splitlines() == [
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "Số: …/BC-VHTT",
    ]
    assert right.splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Liên Chiểu, ngày 03 tháng 7 năm 2014",
    ]
    motto, place = header.rows[0].cells[1].paragraphs[1:3]
    assert motto.runs[0].underline and place.runs[0].italic
    assert header.rows[0].cells[0].paragraphs[1].runs[0].bold
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and {b.get(qn("w:val")) for b in borders} == {"nil"}
    texts = [p.text for p in doc.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Tình hình thực hiện Chỉ thị số 01/CT-UBND tháng 06/2014"
    assert texts[title + 2] == "Kính gửi: Chủ tịch UBND quận"
    for heading in (
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ KIỂM TRA",
        "III. CÁC TRƯỜNG HỢP VI PHẠM",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in texts
    section = doc.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    mm = {name: round(getattr(section, f"{name}_margin").mm) for name in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25  # Nghị định 30/2020, Phụ lục I
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 13)
    footer = doc.tables[-1].rows[0].cells
    assert footer[0].text.startswith("Nơi nhận:") and "- Lưu: VT, VHTT." in footer[0].text
    assert footer[1].paragraphs[0].text == "TRƯỞNG PHÒNG" and footer[1].paragraphs[-1].text == SIGNER
    assert len(doc.inline_shapes) == 2  # the trend and per-unit charts


def test_word_report_carries_the_figures_and_cases(month: Month) -> None:
    doc = _docx(month)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "kiểm tra 4 văn bản của 3 cơ quan, đơn vị" in body
    assert "Tổng số trường hợp vi phạm ghi nhận: 3; trong đó đã xác nhận 2, chờ xem xét 1" in body
    assert "Nguyễn Văn An (Công chức Văn phòng - Thống kê, UBND phường Hòa Minh)" in body
    assert "văn bản số 15/UBND-VP ngày 20/06/2014 ghi địa chỉ nguyenvanan85@gmail.com" in body
    assert "Lý Thu Thảo" in body and "So với tháng 05/2014: 1" in body
    docs_table, cases_table = doc.tables[1], doc.tables[2]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in docs_table.rows}
    assert rows["UBND phường Hòa Minh"][2:] == ["5", "2", "1", "1", "0"]
    assert rows["Tổng cộng"][2:] == ["65", "4", "2", "1", "1"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in cases_table.rows}
    assert rows["UBND phường Hòa Minh"][2:] == ["1", "0", "1", "0", "0", "1", "1"]
    assert rows["Phòng Nội vụ"][2:] == ["1", "1", "0", "0", "0", "0", "0"]


def test_excel_has_the_same_figures(month: Month) -> None:
    data = build_monthly(month.store, "2014-06", "xlsx", config=CONFIG)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Tổng hợp",
        "Kiểm tra văn bản",
        "Xử lý vi phạm",
        "Trường hợp vi phạm",
        "Diễn biến 12 tháng",
    ]
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=4, values_only=True)}
    assert (summary["Văn bản đã kiểm tra"], summary["Vi phạm đã xác nhận"], summary["Số CBCCVV"]) == (
        4,
        2,
        65,
    )
    checks = {r[1]: r[2:] for r in book["Kiểm tra văn bản"].iter_rows(min_row=2, values_only=True)}
    assert checks["UBND phường Hòa Minh"] == (5, 2, 1, 1, 0)
    header = next(book["Xử lý vi phạm"].iter_rows(max_row=1, values_only=True))
    assert header[:5] == ("STT", "Cơ quan, đơn vị", "Ghi nhận", "Chờ xem xét", "Đã xác nhận")
    cases = list(book["Trường hợp vi phạm"].iter_rows(min_row=2, values_only=True))
    assert {(c[2], c[10]) for c in cases} == {
        ("Nguyễn Văn An", "đã xác nhận"),
        ("Lý Thu Thảo", "đã xác nhận"),
    }
    trend = list(book["Diễn biến 12 tháng"].iter_rows(min_row=2, values_only=True))
    assert trend[-1] == ("2014-06", 3, 2, 2) and len(trend) == 12


def test_mail_findings_appear_when_mail_flow_records_them(month: Month) -> None:
    row = {
        "source": "mail:policy", "rule": "MAIL-001", "evidence_hash": "a" * 64,
        "address": "annv@danang.gov.vn", "contact_point": False, "obfuscated": False,
        "excerpt": "annv@danang.gov.vn → nguyenvanan85@gmail.com",
        "recorded_at": utc("2014-06-20T03:00:00"),
    }  # fmt: skip
    with month.store.begin() as conn:
        conn.execute(findings.insert().values(**row))
    try:
        book = load_workbook(io.BytesIO(build_monthly(month.store, "2014-06", "xlsx", config=CONFIG)))
        assert list(book["Luồng thư"].iter_rows(min_row=2, values_only=True)) == [("MAIL-001", 1, "findings")]
        doc = Document(io.BytesIO(build_monthly(month.store, "2014-06", "docx", config=CONFIG)))
        assert "3. Kiểm tra luồng thư điện tử" in [p.text for p in doc.paragraphs]
    finally:
        with month.store.begin() as conn:
            conn.execute(findings.delete().where(findings.c.rule == "MAIL-001"))


def test_quarterly_report(month: Month) -> None:
    doc = Document(io.BytesIO(build_quarterly(month.store, "2014-Q2", "docx", config=CONFIG)))
    texts = [p.text for p in doc.paragraphs]
    assert "Tình hình thực hiện Chỉ thị số 01/CT-UBND quý II năm 2014" in texts
    with pytest.raises(ValueError, match="YYYY-Qn"):
        build_quarterly(month.store, "2014-05", "docx", config=CONFIG)


def test_cli_writes_the_report_by_suffix(month: Month, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "bao-cao-06-2014.xlsx"
    result = runner.invoke(
        app, ["report", "monthly", "--month", "2014-06", "--out", str(out), "--db", month.url]
    )
    assert result.exit_code == 0, result.output
    assert (
        load_workbook(out)["Tổng hợp"]["A1"].value
        == "Tình hình thực hiện Chỉ thị số 01/CT-UBND tháng 06/2014"
    )
    out = tmp_path / "quy.docx"
    result = runner.invoke(
        app,
        [
            "report",
            "quarterly",
            "--quarter",
            "2014-Q2",
            "--out",
            str(out),
            "--number",
            "7",
            "--db",
            month.url,
        ],
    )
    assert result.exit_code == 0, result.output
    assert Document(str(out)).tables[0].rows[0].cells[0].paragraphs[2].text == "Số: 07/BC-VHTT"
    bad = runner.invoke(app, ["report", "monthly", "--month", "2014-06", "--out", str(tmp_path / "x.odt")])
    assert bad.exit_code == 1 and ".docx, .xlsx or .pdf" in bad.output
    bad = runner.invoke(app, ["report", "monthly", "--month", "06/2014", "--out", str(tmp_path / "x.docx")])
    assert bad.exit_code == 1
