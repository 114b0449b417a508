"""Builders of PDFs and images for tests, made on the fly so no binary fixture has to be trusted.

Text PDFs use DejaVu Sans (Debian `fonts-dejavu-core`) because it covers every Vietnamese letter;
fpdf2 embeds it with a ToUnicode map, so a correct extractor must return the exact text back.
"Scanned" PDFs are images of rendered text with no text layer, like a photocopier's output.
Reuse from another test folder as tests/core does with its helpers:
`sys.path.insert(0, str(Path(__file__).parents[1] / "extract")); import pdfbuild`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_MISSING = f"{FONT} not found (install the Debian package fonts-dejavu-core)"

A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4


def have_font() -> bool:
    return FONT.is_file()


def ocr_ready() -> bool:
    """The font to render a scan and the OCR engine to read it back are both installed."""
    from congvu.extract import ocr

    return have_font() and ocr.tesseract_available()


OCR_MISSING = "needs fonts-dejavu-core, tesseract-ocr and tesseract-ocr-vie (Debian packages)"


def build_text_pdf(
    pages: Sequence[str],
    *,
    footers: Sequence[str] | None = None,
    links: dict[int, list[str]] | None = None,
    files: dict[str, bytes] | None = None,
    owner_password: str | None = None,
    user_password: str | None = None,
    font_size: float = 12,
) -> bytes:
    """An A4 PDF with a real text layer: one page per string, one PDF line per `\\n`.

    Lines are written one cell each (never wrapped), so the test knows the exact line layout.
    `footers` (one per page, "" for none) are written at the foot of the page, after the body.
    `links` maps a 1-based page number to URIs placed as link annotations over the first line
    containing the URI's target (e.g. the address of a mailto:), else over the first line;
    `files` are embedded files; `owner_password`/`user_password` encrypt the file (RC4).
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=font_size)
    line_h = font_size * 0.5
    for number, text in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_xy(20, 20)
        lines = text.split("\n")
        for line in lines:
            pdf.set_x(20)
            pdf.cell(0, line_h, line, new_x="LMARGIN", new_y="NEXT")
        if footers and footers[number - 1]:
            pdf.set_xy(20, 297 - 20)
            pdf.cell(0, line_h, footers[number - 1])
        for uri in (links or {}).get(number, []):
            target = uri.split(":", 1)[-1]
            row = next((i for i, line in enumerate(lines) if target in line), 0)
            y = 20 + row * line_h
            if footers and target in footers[number - 1] and target not in text:
                y = 297 - 20
            pdf.link(20, y, 150, line_h, uri)
    for name, content in (files or {}).items():
        pdf.embed_file(bytes=content, basename=name)
    if owner_password is not None:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password)
    return bytes(pdf.output())


def render_text_image(
    text: str, *, dpi: int = 300, width_mm: float = A4_MM[0], font_size: float = 12
) -> Image.Image:
    """Text drawn black on white at `dpi`, as a scanner would deliver a page (grayscale).

    The page is as wide as `width_mm` and only as tall as the text needs, to keep OCR tests fast.
    """
    px_per_mm = dpi / MM_PER_INCH
    font = ImageFont.truetype(str(FONT), size=round(font_size / 72 * dpi))
    margin = round(15 * px_per_mm)
    line_h = round(font_size / 72 * dpi * 1.5)
    lines = text.split("\n")
    size = (round(width_mm * px_per_mm), 2 * margin + line_h * len(lines))
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * line_h), line, font=font, fill=0)
    return img


def render_text_png(text: str, *, dpi: int = 300, **kw: float) -> bytes:
    """`render_text_image` as PNG bytes with its resolution recorded, like a scanner's PNG."""
    buf = io.BytesIO()
    render_text_image(text, dpi=dpi, **kw).save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def build_tiff(pages: Sequence[str], *, dpi: int = 300, **kw: float) -> bytes:
    """A multi-page TIFF (one frame per string), the usual output of office scanners and fax."""
    frames = [render_text_image(text, dpi=dpi, **kw) for text in pages]
    buf = io.BytesIO()
    frames[0].save(
        buf, "TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi), compression="tiff_lzw"
    )
    return buf.getvalue()


def build_scanned_pdf(pages: Sequence[str], *, dpi: int = 300, **kw: float) -> bytes:
    """An image-only PDF: each page is a picture of its text and has no text layer at all."""
    frames = [render_text_image(text, dpi=dpi, **kw) for text in pages]
    buf = io.BytesIO()
    frames[0].save(buf, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi))
    return buf.getvalue()


def build_mixed_pdf(parts: Sequence[tuple[str, str]], *, dpi: int = 300, stamp: str = "") -> bytes:
    """Pages that are either ("text", s) with a text layer or ("scan", s) as an image only.

    A non-empty `stamp` is written as real text on top of every scanned page, as scanning apps
    do ("Scanned by ..."): such a page has a text layer, but not the document's text.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    for kind, text in parts:
        if kind == "text":
            pdf.add_page()
            pdf.set_xy(20, 20)
            for line in text.split("\n"):
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        else:
            img = render_text_image(text, dpi=dpi)
            w_mm, h_mm = (v / dpi * MM_PER_INCH for v in img.size)
            pdf.add_page(format=(w_mm, h_mm))
            pdf.image(img, x=0, y=0, w=w_mm, h=h_mm)
            if stamp:
                pdf.set_xy(5, h_mm - 8)
                pdf.cell(0, 5, stamp)
    return bytes(pdf.output())


def build_blank_pdf(pages: int) -> bytes:
    """`pages` empty pages, cheaply: for page-limit tests (10,000 pages build in well under a second)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    try:
        for _ in range(pages):
            doc.new_page(595, 842).close()
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()


def add_stamps(
    data: bytes,
    stamps: Sequence[tuple[str, str]],
    page_index: int = 0,
    *,
    spare: float = 0.0,
    after: bool = False,
    joint: bool = False,
    rise: float = 0.0,
) -> bytes:
    """`data` with text stamped over the page in annotations, as e-signature software stamps the
    number and the day into a blank "Số:    /UBND-VP": each (anchor, text) puts `text` in an
    annotation just left of the first character of `anchor` on the page (Helvetica, 12 pt), or with
    `after` just right of its last character.
    `spare` widens each annotation's rectangle to the right of its text by that many points, over
    the anchor (real signing software draws boxes far wider than the number they hold), `rise`
    raises its top over the line above; with `joint` all stamps are drawn in one annotation whose
    box spans them (a signing tool's one field for the day and the month).
    The page's own text is unchanged; only the annotations' appearance shows the stamps."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(data)
    try:
        page = doc[page_index]
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
        placed = []
        for anchor, text in stamps:
            left, bottom, _right, _top = textpage.get_charbox(raw.index(anchor))
            width = 7.0 * len(text) + 4
            x = left - width - 2
            if after:
                x = textpage.get_charbox(raw.index(anchor) + len(anchor) - 1)[2] + 1
            placed.append((text, x, bottom, width))
        groups = [placed] if joint else [[one] for one in placed]
        for group in groups:
            x0 = min(x for _, x, _, _ in group)
            x1 = max(x + width for _, x, _, width in group)
            low = min(bottom for _, _, bottom, _ in group)
            annot = pdfium_c.FPDFPage_CreateAnnot(page, pdfium_c.FPDF_ANNOT_STAMP)
            rect = pdfium_c.FS_RECTF(x0, low + 12 + rise, x1 + spare, low - 2)
            pdfium_c.FPDFAnnot_SetRect(annot, ctypes.byref(rect))
            for text, x, bottom, _width in group:
                obj = pdfium_c.FPDFPageObj_NewTextObj(doc, b"Helvetica", ctypes.c_float(12))
                wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
                pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, pdfium_c.FPDF_WIDESTRING))
                pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x + 2, bottom)
                pdfium_c.FPDFAnnot_AppendObject(annot, obj)
            pdfium_c.FPDFPage_CloseAnnot(annot)
        textpage.close()
        page.close()
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    finally:
        doc.close()


def build_two_column_pdf(left: Sequence[str], right: Sequence[str]) -> bytes:
    """A header in two columns, as a Word table's cells come out: every line of the left column
    first, then the right column's, each beside its left-hand row (one page, 12 pt)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for x, lines in ((20, left), (110, right)):
        for row, line in enumerate(lines):
            pdf.set_xy(x, 20 + 6 * row)
            pdf.cell(0, 6, line)
    return bytes(pdf.output())


def build_invisible_layer_pdf(
    image_text: str, layer_text: str, *, dpi: int = 300, more: list[tuple[str, str]] = ()
) -> bytes:
    """A scan with a scanner's own OCR layer: the page shows `image_text` as a picture, and an
    invisible text layer over it says `layer_text` (a layer that lost its diacritics, say); `more`
    holds the (image text, layer text) of the pages after it."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    for shown, layer in [(image_text, layer_text), *more]:
        img = render_text_image(shown, dpi=dpi)
        w_mm, h_mm = (v / dpi * MM_PER_INCH for v in img.size)
        pdf.add_page(format=(w_mm, h_mm))
        pdf.image(img, x=0, y=0, w=w_mm, h=h_mm)
        pdf.text_mode = TextMode.INVISIBLE
        pdf.set_xy(15, 15)
        for line in layer.split("\n"):
            pdf.set_x(15)
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
