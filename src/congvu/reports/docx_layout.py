"""Page and type settings of Nghị định 30/2020 for python-docx: A4, the decree's margins, Times New
Roman 13 pt, tables without borders for the header and signature blocks.

Low-level helpers only; what the report says is in `docx_report`.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
# Nghị định 30/2020, Phụ lục I: top 20–25, bottom 20–25, left 30–35, right 15–20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]


def setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)  # Word picks per script; Vietnamese must not fall back
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.0


def para(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    align: str = "left",
    indent: bool = False,
    after: float | None = None,
    keep_next: bool = False,
) -> Paragraph:
    """One paragraph in one style: the document's text is built from these.  `keep_next` keeps it
    on the page of what follows (a heading with its table, a chart with its caption)."""
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    if keep_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def rows_unsplit(table: Table) -> Table:
    """No row of `table` is cut across two pages (Word and LibreOffice both read `w:cantSplit`)."""
    for row in table.rows:
        props = row._tr.get_or_add_trPr()
        if props.find(qn("w:cantSplit")) is None:
            props.append(OxmlElement("w:cantSplit"))
    return table


def cell_lines(cell: _Cell) -> _Cell:
    """A table cell starts with one empty paragraph; drop it so `para` appends from the top."""
    first = cell.paragraphs[0]
    if not first.text:
        first._element.getparent().remove(first._element)
    return cell


def _borders(table: Table, value: str) -> None:
    props = table._tbl.tblPr
    old = props.find(qn("w:tblBorders"))
    if old is not None:
        props.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    props.append(borders)


def _grid(table: Table, widths_mm: list[float]) -> None:
    """Column widths in the table grid too: Word reads the cells' widths, LibreOffice the grid."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def layout_table(doc: DocxDocument, widths_mm: list[float]) -> Table:
    """A borderless table that places blocks side by side (header, signature)."""
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table, "nil")
    _grid(table, widths_mm)
    margins = OxmlElement("w:tblCellMar")  # the blocks use the full width, as on paper
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
        cell_lines(cell)
    return rows_unsplit(table)  # the signature block is one piece: title, name and "Nơi nhận"


def data_table(
    doc: DocxDocument, header: list[str], rows: list[list[object]], widths_mm: list[float]
) -> Table:
    """A bordered figures table: bold centred header, numbers centred, 11 pt."""
    table = doc.add_table(rows=1, cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table, "single")
    _grid(table, widths_mm)
    lines: list[tuple[list[object], bool]] = [(list(header), True), *((r, False) for r in rows)]
    for values, bold in lines:
        cells = table.rows[0].cells if bold else table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.width = Mm(widths_mm[index])
            cell_lines(cell)
            numeric = isinstance(value, int)
            align = "center" if bold or numeric or index == 0 else "left"
            para(cell, str(value), bold=bold, size=TABLE_PT, align=align, after=0)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header repeats when the table runs onto a new page
    header_row.append(repeat)
    return rows_unsplit(table)


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
