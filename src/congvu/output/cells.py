"""Cells that stay text in a spreadsheet: OWASP's rule against CSV (formula) injection.

Names, positions, reasons and excerpts come from documents and people congvu does not control. A
cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel or LibreOffice when the file is opened (`=HYPERLINK(...)` leaking data, `=cmd|...` DDE).
Every CSV and XLSX congvu writes goes through this module: in CSV such a cell gets a leading `'`
(the spreadsheet shows the text, not a formula); in XLSX it is stored as a string with the
"quote prefix" style, so the text is unchanged and stays text even when someone edits the cell.
Plain numbers (`-5`, `+84905123456`) are not formulas and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*\Z")


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read this cell as a formula (or a command)?"""
    return text.startswith(TRIGGERS) and not _NUMBER.match(text)


def csv_cell(value: Any) -> Any:
    """A CSV cell: formula-like text prefixed with `'`; anything else unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def csv_cell_read(text: str) -> str:
    """The inverse, for tables congvu reads back (a directory exported, edited and re-imported)."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def text_cells(target: Workbook | Worksheet) -> None:
    """Make every formula-like text cell of a workbook (or one sheet) a plain string cell.

    congvu never writes formulas of its own, so any cell openpyxl took for one came from data."""
    sheets = target.worksheets if hasattr(target, "worksheets") else [target]
    for sheet in sheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
