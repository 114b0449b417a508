"""The monthly report says which unit-month sheets are closed (issue 12): signed ratings are final,
the others may still change."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from reportkit import Month

from congvu.register.closures import ClosedSheet, close_sheet
from congvu.reports.monthly import build_monthly, figures_for
from congvu.reports.periods import month_period
from congvu.settings import Config


def test_the_report_lists_the_closed_sheets(month: Month) -> None:
    config = Config()
    assert (
        "chưa có đơn vị nào khóa" in figures_for(month.store, month_period("2014-06"), config).closed_text()
    )
    with pytest.raises(ClosedSheet, match="may still be contested"):  # anh An's June case: still in time
        close_sheet(month.store, "HM", "2014-06", "Lê Văn Hùng")
    close_sheet(month.store, "LC-VP", "2014-06", "Lê Quốc Khánh")  # no case: nothing blocks it
    figures = figures_for(month.store, month_period("2014-06"), config)
    assert figures.closed_sheets == ["Văn phòng HĐND và UBND quận (06/2014)"]
    book = load_workbook(io.BytesIO(build_monthly(month.store, "2014-06", "xlsx", config=config)))
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=4, values_only=True)}
    assert summary["Bảng đánh giá đã khóa"] == "1 bảng: Văn phòng HĐND và UBND quận (06/2014)"
    doc = Document(io.BytesIO(build_monthly(month.store, "2014-06", "docx", config=config)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Bảng đánh giá, xếp loại đã khóa: 1 bảng: Văn phòng HĐND và UBND quận (06/2014)." in text
    july = figures_for(month.store, month_period("2014-07"), config)
    assert july.closed_sheets == []  # closing June says nothing about July
