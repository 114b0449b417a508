"""Write one corpus document in each office format, keeping the same truth across formats.

DOCX puts the contact block where offices put it: the page footer, a text box, or the body;
the header can be a real two-column table. PDF and scans wrap long lines as a page would.
The test builders in tests/extract (pdfbuild, builders) make the PDF, image, ODT and EML bytes.
"""

from __future__ import annotations

import html
import io
import random
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "extract"))

import builders  # noqa: E402
import docx  # noqa: E402
import pdfbuild  # noqa: E402
from layout import Doc, noisy  # noqa: E402


def _wrap(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += textwrap.wrap(line, width, break_on_hyphens=False) if len(line) > width else [line]
    return out


def txt(doc: Doc, rng: random.Random) -> bytes:
    return "\n".join(doc.lines()).encode("utf-8")


def _footer_place(doc: Doc, rng: random.Random) -> str:
    return rng.choices(("footer", "textbox", "body"), weights=(6, 2, 2))[0] if doc.contact.footer else "body"


def docx_bytes(doc: Doc, rng: random.Random) -> bytes:
    where = _footer_place(doc, rng)
    footer = noisy(doc.contact.footer or "", doc.noise)
    table = [[noisy(c, doc.noise) for c in row] for row in doc.contact.table or []]
    if where == "textbox":
        return builders.build_docx(
            doc.lines(with_footer=False, with_table=False), textbox=footer, table_rows=table or None
        )
    d = docx.Document()
    if doc.layout in ("cells", "rows") and rng.random() < 0.7:  # the header as a real 2-column table
        grid = d.add_table(rows=1, cols=2)
        for col, texts in enumerate((doc.left, doc.right)):
            cell = grid.cell(0, col)
            if rng.random() < 0.5:  # one paragraph per line, or one paragraph with line breaks
                cell.text = "\n".join(noisy(x, doc.noise) for x in texts)
            else:
                cell.paragraphs[0].text = noisy(texts[0], doc.noise)
                for x in texts[1:]:
                    cell.add_paragraph(noisy(x, doc.noise))
        rest = doc.lines(with_footer=where == "body", with_table=False)[len(doc.header()) :]
    else:
        rest = doc.lines(with_footer=where == "body", with_table=False)
    for line in rest:
        d.add_paragraph(line)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    if where == "footer":
        d.sections[0].footer.paragraphs[0].text = footer
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def odt(doc: Doc, rng: random.Random) -> bytes:
    footer = noisy(doc.contact.footer, doc.noise) if doc.contact.footer else None
    table = [[noisy(c, doc.noise) for c in row] for row in doc.contact.table or []]
    return builders.build_odt(
        doc.lines(with_footer=False, with_table=False), footer=footer, table_rows=table or None
    )


def pdf(doc: Doc, rng: random.Random) -> bytes:
    in_footer = doc.contact.footer is not None and rng.random() < 0.7
    # DejaVu Sans has no fullwidth "＠": a real PDF would carry the glyph from a CJK font
    lines = _wrap(
        [x.replace("\t", "    ").replace("＠", "@") for x in doc.lines(with_footer=not in_footer)], 110
    )
    footer = noisy(doc.contact.footer or "", doc.noise).replace("＠", "@") if in_footer else ""
    return pdfbuild.build_text_pdf(["\n".join(lines)], footers=[footer], font_size=8)


def _short(doc: Doc) -> str:
    """A scanned page: header, title, one body line, the contact and the signature (OCR is slow)."""
    lines = doc.header() + doc.title + doc.body[:1] + doc.contact.body
    lines += ["\t".join(r) for r in doc.contact.table or []] + doc.closing
    if doc.contact.footer:
        lines += [doc.contact.footer]
    return "\n".join(_wrap([noisy(x, doc.noise).replace("\t", "    ") for x in lines], 92))


def png(doc: Doc, rng: random.Random) -> bytes:
    return pdfbuild.render_text_png(_short(doc), dpi=200, font_size=10)


def scanpdf(doc: Doc, rng: random.Random) -> bytes:
    return pdfbuild.build_scanned_pdf([_short(doc)], dpi=200, font_size=10)


def html_bytes(doc: Doc, rng: random.Random) -> bytes:
    e = html.escape
    left = "<br>".join(e(noisy(x, doc.noise)) for x in doc.left)
    right = "<br>".join(e(noisy(x, doc.noise)) for x in doc.right)
    rest = doc.lines(with_footer=False, with_table=False)[len(doc.header()) :]
    parts = [f"<table><tr><td>{left}</td><td>{right}</td></tr></table>"]
    parts += [f"<p>{e(x)}</p>" for x in rest]
    if doc.contact.table:
        rows = "".join(
            "<tr>" + "".join(f"<td>{e(noisy(c, doc.noise))}</td>" for c in r) + "</tr>"
            for r in doc.contact.table
        )
        parts.append(f"<table>{rows}</table>")
    if doc.contact.footer:
        parts.append(f'<div class="footer"><p>{e(noisy(doc.contact.footer, doc.noise))}</p></div>')
    page = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{doc.id}</title></head>'
        f"<body>{''.join(parts)}</body></html>"
    )
    return page.encode("utf-8")


def _rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def rtf(doc: Doc, rng: random.Random) -> bytes:
    body = "".join(_rtf_escape(line).replace("\t", "\\tab ") + "\\par\n" for line in doc.lines())
    return (
        "{\\rtf1\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\uc1\\f0\\fs26\n" + body + "}"
    ).encode()


def eml(doc: Doc, rng: random.Random) -> bytes:
    attached = ("vanban.pdf", pdf(doc, rng)) if rng.random() < 0.5 else ("vanban.docx", docx_bytes(doc, rng))
    return builders.build_eml(
        f"Gửi văn bản số {doc.truth.number}",
        "Kính gửi các đơn vị,\n\nVăn thư gửi kèm văn bản để triển khai.\n\nTrân trọng.",
        [attached],
        from_="Văn thư UBND quận <vanthu.lienchieu@danang.gov.vn>",
        to="UBND phường Hòa Minh <ubndhoaminh@danang.gov.vn>",
    )


def zip_bytes(doc: Doc, rng: random.Random) -> bytes:
    annex = "PHỤ LỤC\nBiểu mẫu báo cáo kèm theo văn bản (đơn vị tự điền số liệu).\n".encode()
    return builders.build_zip({f"ho-so/{doc.id}.docx": docx_bytes(doc, rng), "ho-so/phu-luc.txt": annex})


RENDERERS: dict[str, tuple[str, Callable[[Doc, random.Random], bytes]]] = {
    "txt": (".txt", txt),
    "docx": (".docx", docx_bytes),
    "pdf": (".pdf", pdf),
    "html": (".html", html_bytes),
    "eml": (".eml", eml),
    "zip": (".zip", zip_bytes),
    "odt": (".odt", odt),
    "rtf": (".rtf", rtf),
    "png": (".png", png),
    "scanpdf": (".pdf", scanpdf),
}
OCR_FORMATS = ("png", "scanpdf")
