"""Reading and writing the plain tables people exchange with the register (CSV and XLSX).

Every row keeps the line number the user sees in a spreadsheet, so a validation error can point at
"people.csv line 7, field unit" and the person can fix it without guessing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from congvu.output.cells import csv_cell_read, csv_row, text_cells

if TYPE_CHECKING:  # openpyxl is loaded only when a spreadsheet is actually read or written
    from openpyxl import Workbook


class TableError(Exception):
    """The file itself cannot be read (not the rows in it)."""


@dataclass(frozen=True, slots=True)
class Row:
    where: str  # "people.csv" or "book.xlsx[people]"
    line: int
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # sheet name, or the file stem for CSV
    where: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def _clean(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return str(value.isoformat())[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(name: str, where: str, lines: Iterable[tuple[int, Sequence[object]]]) -> Table | None:
    header: tuple[str, ...] | None = None
    rows: list[Row] = []
    for number, cells in lines:
        values = [_clean(c) for c in cells]
        if not any(values):
            continue
        if header is None:
            header = tuple(v.casefold() for v in values)
            continue
        padded = values + [""] * (len(header) - len(values))
        rows.append(Row(where, number, {h: padded[i] for i, h in enumerate(header) if h}))
    return None if header is None else Table(name, where, header, tuple(rows))


def read_tables(path: Path) -> list[Table]:
    """All non-empty tables in a CSV (one) or XLSX (one per sheet) file."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                lines = [
                    (n, [csv_cell_read(c) for c in cells]) for n, cells in enumerate(csv.reader(handle), 1)
                ]
            table = _table(path.stem, path.name, lines)
            return [table] if table else []
        if suffix in {".xlsx", ".xlsm"}:
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            tables = []
            for sheet in book.worksheets:
                rows = enumerate(sheet.iter_rows(values_only=True), start=1)
                table = _table(sheet.title, f"{path.name}[{sheet.title}]", rows)
                if table:
                    tables.append(table)
            book.close()
            return tables
    except FileNotFoundError as exc:
        raise TableError(f"{path}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise TableError(f"{path}: not UTF-8 text (save the CSV as 'CSV UTF-8')") from exc
    except (OSError, ValueError, KeyError) as exc:
        raise TableError(f"{path}: cannot read: {exc}") from exc
    raise TableError(f"{path}: expected a .csv or .xlsx file")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(csv_row(header))
        writer.writerows(csv_row(row) for row in rows)


def add_sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A data sheet as people like to receive one: bold header, frozen, readable widths."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="center")
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    text_cells(sheet)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(45, len(name) + 6))
