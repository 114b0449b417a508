"""Text stamped into a PDF page by form widgets (e-signature number and date stamps).

Offices that sign electronically leave the number and the day blank in the body ("Số:    /BNV-CCHC",
"Hà Nội, ngày    tháng 9 năm 2025") and the signing software stamps them in as form widgets.
PDFium's text page reads the page's own content only, so the header loses its number and date.
Here the page is flattened (the widgets' appearance becomes page content), the characters that
flattening added are collected per widget, and each short stamp is put back into the page's text
at its place on its line: next to the nearer of the characters either side of it (line and sides
measured from the stamped characters, not from the widget's box, which may be far wider and two
lines high); a widget whose characters straddle the page's own text (the day and the month in one
box over "ngày tháng năm") is cut there and each piece placed on its own. Long widget texts (a
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


def _owners(added: list[_Char], rects: list[Rect]) -> list[list[_Char]]:
    """The added characters of each widget. Boxes overlap (a month's box reaches over the year's
    first digit: "07 2" / "2023"): a character inside several boxes is the one's whose middle is
    nearest its own."""
    mine: list[list[_Char]] = [[] for _ in rects]
    for c in added:
        inside = [k for k, rect in enumerate(rects) if _inside(c, rect)]
        if inside:
            x, y = (c.left + c.right) / 2, (c.bottom + c.top) / 2
            k = min(
                inside,
                key=lambda k: (
                    abs((rects[k][0] + rects[k][2]) / 2 - x) + abs((rects[k][1] + rects[k][3]) / 2 - y)
                ),
            )
            mine[k].append(c)
    return mine


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


def _insert_at(stamp: list[_Char], chars: list[_Char]) -> tuple[int, bool] | None:
    """(raw text index, before?) where a stamp belongs: after the nearest character to
    its left on the same line when that one is nearer than the nearest to its right, else before
    the one to its right; None when the line is empty.

    Sides are measured from the middle of the stamped characters, not of the box: signing
    software draws a box far wider than the number it holds (from "Số:" to past "/VNNIC"; over
    the word "tháng"), and the box's middle would put the number after the type code or a day
    inside a word. The nearer side wins because the two may be far apart in the text: the number
    after "Số:" has the other column's "Hà Nội, ngày …" to its right on the same row, five lines
    further down in the page's text (fresh-17's g32-0014)."""
    bottom, top = min(c.bottom for c in stamp), max(c.top for c in stamp)
    start, end = min(c.left for c in stamp), max(c.right for c in stamp)
    centre = (start + end) / 2
    # the stamp's own line, from its characters: a box two lines high ("Số:" and the motto's
    # "TỈNH LẠNG SƠN" above it) would offer the line above's characters as neighbours
    line = [c for c in chars if bottom - TOLERANCE <= (c.bottom + c.top) / 2 <= top + TOLERANCE]
    right = min((c for c in line if c.left >= centre), key=lambda c: c.left, default=None)
    left = max((c for c in line if c.right <= centre), key=lambda c: c.right, default=None)
    if left is not None and (right is None or start - left.right < right.left - end):
        return left.index, False
    if right is not None:
        return right.index, True
    return None


def _pieces(stamp: list[_Char], chars: list[_Char]) -> list[list[_Char]]:
    """A stamp cut where the page's own text lies between its characters: one widget may hold the
    day and the month with the word "tháng" printed between them ("19 … 02" over "ngày tháng năm",
    fresh-24's Hà Tĩnh and Thanh Hóa decisions); each piece goes to its own place."""
    stamp = sorted(stamp, key=lambda c: c.left)
    bottom, top = min(c.bottom for c in stamp), max(c.top for c in stamp)
    between = [c for c in chars if bottom <= (c.bottom + c.top) / 2 <= top]
    pieces = [[stamp[0]]]
    for prev, cur in itertools.pairwise(stamp):
        mid = [c for c in between if prev.right <= (c.left + c.right) / 2 <= cur.left]
        if mid:
            pieces.append([cur])
        else:
            pieces[-1].append(cur)
    return pieces


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
    for mine in _owners(added, rects):
        if not mine:
            continue
        stamp = _joined(mine)
        if len(stamp) > MAX_STAMP_CHARS:
            captions.append("\n".join(_lines(mine)))
            continue
        for piece in _pieces(mine, chars):
            where = _insert_at(piece, chars)
            if where is None:
                continue
            at, before = where
            pos = at if before else at + 1
            if pos > len(raw):
                continue
            text = _joined(piece)
            lead = "" if pos == 0 or raw[pos - 1].isspace() else " "
            trail = "" if pos < len(raw) and raw[pos].isspace() else " "
            inserts.append((pos, f"{lead}{text}{trail}" if before else f" {text}{trail}"))
    for pos, put in sorted(inserts, reverse=True):
        raw = raw[:pos] + put + raw[pos:]
    return raw, captions
