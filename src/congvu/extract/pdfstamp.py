"""Text stamped into a PDF page by form widgets (e-signature number and date stamps).

Offices that sign electronically leave the number and the day blank in the body ("Số:    /BNV-CCHC",
"Hà Nội, ngày    tháng 9 năm 2025") and the signing software stamps them in as form widgets.
PDFium's text page reads the page's own content only, so the header loses its number and date.
Here the page is flattened (the widgets' appearance becomes page content), the characters that
flattening added are collected per widget, and each short stamp is put back into the page's text
at its place on the line: before the first character to its right, else after the last to its
left (measured from the stamped characters, not from the widget's box). Long widget texts (a
signature caption: "Ký bởi: …, Thời gian ký: …", "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC / ttcbth@… /
09.01.2025 10:21:11 +07:00") are never spliced into the body: they are returned apart, line by
line, for a segment of their own (kind "signature"), so the signing certificate's e-mail is seen
and said to be the certificate's, never read as a contact line of the text.
"""

from __future__ import annotations

import ctypes
import itertools
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

STAMP_SUBTYPES = (pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_FREETEXT, pdfium_c.FPDF_ANNOT_STAMP)
MAX_STAMP_CHARS = 24  # a number, a day, a month; longer widget texts are signature captions
TOLERANCE = 2.0  # points around a widget's rectangle where its characters may fall


@dataclass(frozen=True, slots=True)
class _Char:
    index: int
    char: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def key(self) -> tuple[str, float, float]:
        return self.char, round(self.left, 1), round(self.bottom, 1)


Rect = tuple[float, float, float, float]  # left, bottom, right, top


def widget_rects(page: pdfium.PdfPage) -> list[Rect]:
    """Rectangles of the page's widget, free-text and stamp annotations (cheap: no text read)."""
    rects: list[Rect] = []
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, i)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) not in STAMP_SUBTYPES:
                continue
            rect = pdfium_c.FS_RECTF()
            if pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
                left, right = sorted((rect.left, rect.right))
                bottom, top = sorted((rect.bottom, rect.top))
                if right - left > 1 and top - bottom > 1:
                    rects.append((left, bottom, right, top))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return rects


def page_chars(textpage: pdfium.PdfTextPage) -> list[_Char]:
    """The text page's real (not generated, not blank) characters with their boxes."""
    out: list[_Char] = []
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code == 0 or pdfium_c.FPDFText_IsGenerated(textpage, i) or chr(code).isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        out.append(_Char(i, chr(code), left, bottom, right, top))
    return out


def _inside(c: _Char, rect: Rect) -> bool:
    x, y = (c.left + c.right) / 2, (c.bottom + c.top) / 2
    left, bottom, right, top = rect
    return left - TOLERANCE <= x <= right + TOLERANCE and bottom - TOLERANCE <= y <= top + TOLERANCE


def _joined(chars: list[_Char], *, by_width: bool = False) -> str:
    """Characters of one stamp (or one caption line), left to right, with a space where the gap is
    a word gap: wider than a quarter of the characters' height, or with `by_width` a third of their
    median width (a caption's loose boxes are a font's whole ascent and descent high, which hides a
    narrow caption font's spaces)."""
    chars = sorted(chars, key=lambda c: c.left)
    widths = sorted(c.right - c.left for c in chars)
    width_gap = max(widths[len(widths) // 2], 0.5) / 3
    out = chars[0].char
    for prev, cur in itertools.pairwise(chars):
        gap = width_gap if by_width else 0.25 * max(prev.top - prev.bottom, cur.top - cur.bottom, 1.0)
        out += (" " if cur.left - prev.right > gap else "") + cur.char
    return out


def _added_chars(doc: pdfium.PdfDocument, index: int, before: list[_Char]) -> list[_Char]:
    """Flatten page `index` and return the characters flattening added (the widgets' text)."""
    page = doc[index]
    try:
        flattened = pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
    finally:
        page.close()
    if flattened != pdfium_c.FLATTEN_SUCCESS:
        return []
    page = doc[index]  # PDFium: a flattened page must be loaded again before it is read
    try:
        textpage = page.get_textpage()
        try:
            after = page_chars(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    seen = Counter(c.key for c in before)
    added: list[_Char] = []
    for c in after:
        if seen[c.key] > 0:
            seen[c.key] -= 1
        else:
            added.append(c)
    return added


def _insert_at(rect: Rect, stamp: list[_Char], chars: list[_Char]) -> tuple[int, bool] | None:
    """(raw text index, before?) where a stamp in `rect` belongs: before the nearest character to
    its right on the same line, else after the nearest one to its left; None when the line is empty.

    "Its right" is measured from the middle of the stamped characters, not of the box: signing
    software draws a box far wider than the number it holds (from "Số:" to past "/VNNIC"; over
    the word "tháng"), and the box's middle would put the number after the type code or a day
    inside a word."""
    _left, bottom, _right, top = rect
    centre = (min(c.left for c in stamp) + max(c.right for c in stamp)) / 2
    line = [c for c in chars if bottom - TOLERANCE <= (c.bottom + c.top) / 2 <= top + TOLERANCE]
    rightwards = [c for c in line if c.left >= centre]
    if rightwards:
        return min(rightwards, key=lambda c: c.left).index, True
    leftwards = [c for c in line if c.right <= centre]
    if leftwards:
        return max(leftwards, key=lambda c: c.right).index, False
    return None


def _lines(chars: list[_Char]) -> list[str]:
    """A caption's characters as its lines, top to bottom (PDF y grows upwards)."""
    rows: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: -(c.bottom + c.top)):
        mid = (c.bottom + c.top) / 2
        row = rows[-1] if rows else None
        if row is not None and abs(2 * mid - row[0].bottom - row[0].top) <= row[0].top - row[0].bottom:
            row.append(c)
        else:
            rows.append([c])
    return [_joined(row, by_width=True) for row in rows]


def splice_stamps(
    doc: pdfium.PdfDocument, index: int, raw: str, chars: list[_Char], rects: list[Rect]
) -> tuple[str, list[str]]:
    """`raw` (page `index`'s text as PDFium gives it, one character per text-page index) with the
    short widget stamps put in their places, and the long ones (signature captions) apart, each as
    its lines joined by newlines. The page is flattened in the open document: call this after
    everything else was read from the page."""
    added = _added_chars(doc, index, chars)
    if not added:
        return raw, []
    inserts: list[tuple[int, str]] = []
    captions: list[str] = []
    for rect in rects:
        mine = [c for c in added if _inside(c, rect)]
        if not mine:
            continue
        stamp = _joined(mine)
        if len(stamp) > MAX_STAMP_CHARS:
            captions.append("\n".join(_lines(mine)))
            continue
        where = _insert_at(rect, mine, chars)
        if where is None:
            continue
        at, before = where
        pos = at if before else at + 1
        if pos > len(raw):
            continue
        lead = "" if pos == 0 or raw[pos - 1].isspace() else " "
        trail = "" if pos < len(raw) and raw[pos].isspace() else " "
        inserts.append((pos, f"{lead}{stamp}{trail}" if before else f" {stamp}{trail}"))
    for pos, piece in sorted(inserts, reverse=True):
        raw = raw[:pos] + piece + raw[pos:]
    return raw, captions
