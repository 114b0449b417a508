"""PDF: the text layer of each page via PDFium, OCR only for pages that have none.

Offices publish both born-digital PDFs and scans; OCR costs seconds per page, text extraction
milliseconds, so the text layer is trusted whenever it looks like real text.
PDFium is not thread-safe: callers run one document at a time per process, and every PDFium
object is closed here before returning, so a long-lived worker does not accumulate handles.
"""

from __future__ import annotations

import ctypes
import importlib
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from congvu.extract import ocr, pdfstamp, textlayer
from congvu.model import Attachment, ExtractError, Extraction, Segment
from congvu.settings import Limits

MIN_TEXT_CHARS = 10  # fewer non-space characters than this: the page is a scan (or blank)
MAX_GARBAGE_SHARE = 0.3  # more unmapped glyphs than this: the text layer is unusable
SCAN_TEXT_CHARS = 200  # a page mostly covered by an image, with less text than this, is a scan
SCAN_IMAGE_SHARE = 0.5  # ... "mostly covered": images over at least this share of the page area
MAX_STAMPED_PAGES = 20  # widget stamps are read on this many pages at most (a flatten each)


# Glyphs PDFium could not map to Unicode come out as U+FFFD/U+FFFE, control or private-use codes.
_GARBAGE = re.compile("[\ufffd\ufffe\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]")


def text_is_usable(text: str) -> bool:
    """Whether a page's text layer carries real text rather than nothing or unmapped glyph codes."""
    visible = len("".join(text.split()))  # str.split in C: several times faster than a regex sub
    if visible < MIN_TEXT_CHARS:
        return False
    if _GARBAGE.search(text) is None:  # the usual case: no unmapped glyph at all
        return True
    return len(_GARBAGE.findall(text)) / visible <= MAX_GARBAGE_SHARE


def _legacy_fixer() -> Callable[[str], str] | None:
    """`legacy_vn.fix_legacy` (TCVN3/VNI fonts) when that optional module is present."""
    try:
        module = importlib.import_module("congvu.extract.legacy_vn")
    except ModuleNotFoundError as exc:
        if exc.name != "congvu.extract.legacy_vn":
            raise
        return None
    fix: Callable[[str], str] | None = getattr(module, "fix_legacy", None)
    return fix


def clean_text(raw: str, fix: Callable[[str], str] | None = None) -> str:
    """PDFium's \\r\\n line breaks to \\n, its \\x02 (hyphen at a line break) back to "-", no
    blank lines (line N is the Nth text line of the page), legacy fonts repaired, NFC."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-").replace("\x00", "")
    text = "\n".join(line.rstrip() for line in text.split("\n") if line.strip())
    if fix is not None:
        text = fix(text)
    return unicodedata.normalize("NFC", text)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractError("encrypted PDF (password required)") from exc
        raise ExtractError(f"unreadable PDF: {exc}") from exc


def _uri_links(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[tuple[str, tuple[float, ...]]]:
    """(URI, rectangle) of each link annotation with a URI action, e.g. mailto: links."""
    found: list[tuple[str, tuple[float, ...]]] = []
    pos = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page, ctypes.byref(pos), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(doc, action, None, 0)
        if size <= 1 or size > 65536:
            continue
        buf = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(doc, action, buf, size)
        uri = unquote(buf.value.decode("utf-8", "replace")).strip()
        rect = pdfium_c.FS_RECTF()
        has_rect = pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
        found.append((uri, (rect.left, rect.bottom, rect.right, rect.top) if has_rect else ()))
    return found


def _link_segments(
    doc: pdfium.PdfDocument, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str, number: int
) -> list[Segment]:
    """Links as their own segments, on the line of the text they cover (the inspector's evidence)."""
    segments: list[Segment] = []
    seen: set[str] = set()
    for uri, rect in _uri_links(doc, page):
        if uri in seen:
            continue
        seen.add(uri)
        line = 1
        if rect:
            anchor = clean_text(textpage.get_text_bounded(*rect)).split("\n")[0].strip()
            at = text.find(anchor) if anchor else -1
            line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        segments.append(Segment(uri, page=number, line=line, kind="link"))
    return segments


def _image_share(page: pdfium.PdfPage) -> float:
    """Share of the page area covered by images: near 1 for a scanned page."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, min(right, width) - max(left, 0.0)) * max(
            0.0, min(top, height) - max(bottom, 0.0)
        )
    return min(covered / area, 1.0)


def needs_ocr(text: str, page: pdfium.PdfPage) -> bool:
    """No usable text layer, or a scan with a little text on top (a stamp, a "scanned by" line).

    A page with no content at all (a blank separator page) has nothing to OCR.
    """
    if not text_is_usable(text):
        return pdfium_c.FPDFPage_CountObjects(page) > 0
    return len(text) < SCAN_TEXT_CHARS and _image_share(page) >= SCAN_IMAGE_SHARE


@dataclass(slots=True)
class _OcrPlan:
    """Which pages get OCR, and why the others did not, said once per reason at the end."""

    limits: Limits
    deadline: float
    done: int = 0
    skipped: dict[str, list[int]] = field(default_factory=dict)
    stopped: str | None = None  # set after a timeout: no further page is attempted
    stamped_pages: int = 0  # pages whose widget stamps were read (pdfstamp), up to MAX_STAMPED_PAGES
    # Page 1's text layer was a misreading and OCR read it better: the same scanner's OCR made the
    # other pages' layers, so a later page whose layer is not Vietnamese either is read again too.
    layer_misread: bool = False

    def refuse(self) -> str | None:
        if not self.limits.ocr_enabled:
            return "OCR disabled"
        if self.stopped:
            return self.stopped
        if self.done >= self.limits.ocr_max_pages:
            return f"limits.ocr_max_pages = {self.limits.ocr_max_pages} reached"
        if self.deadline - time.monotonic() < 1:
            return "time limit reached (limits.max_seconds)"
        return None

    def warnings(self) -> list[str]:
        return [
            f"{len(pages)} page(s) without a text layer not OCR'd ({why}): pages {_page_list(pages)}"
            for why, pages in self.skipped.items()
        ]


def _page_list(pages: list[int], show: int = 10) -> str:
    head = ", ".join(map(str, pages[:show]))
    return head + (f" … {pages[-1]}" if len(pages) > show else "")


def _ocr_page(page: pdfium.PdfPage, number: int, plan: _OcrPlan, out: Extraction) -> str | None:
    """Render at limits.ocr_dpi (lower for huge pages, so memory stays bounded) and OCR."""
    why = plan.refuse()
    if why is not None:
        plan.skipped.setdefault(why, []).append(number)
        return None
    limits = plan.limits
    width, height = page.get_size()
    scale = limits.ocr_dpi / 72
    cap = ocr.max_pixels(limits)
    if width * height * scale * scale > cap:
        scale = (cap / max(width * height, 1.0)) ** 0.5 * 0.99
        out.warnings.append(f"page {number} is very large: OCR'd at {scale * 72:.0f} dpi")
    colour = page.render(scale=scale)  # only to find the red seal's ink
    try:
        seal = ocr.seal_mask(colour.to_pil())
    finally:
        colour.close()
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
        try:
            text = ocr.ocr_image(
                image, limits, dpi=round(scale * 72), timeout=plan.deadline - time.monotonic(), seal=seal
            )
        except ocr.OcrTimeout as exc:
            plan.stopped = f"OCR stopped at page {number}: {exc}"
            plan.skipped.setdefault(plan.stopped, []).append(number)
            return None
    finally:
        bitmap.close()
    plan.done += 1
    return text


def _attachments(doc: pdfium.PdfDocument, limits: Limits, out: Extraction) -> None:
    """Files embedded in the PDF (a form, the original .docx) are judged on their own."""
    total = 0
    for i in range(doc.count_attachments()):
        if len(out.attachments) >= limits.max_members:
            out.warnings.append(f"more than {limits.max_members} embedded files: the rest not read")
            return
        attachment = doc.get_attachment(i)
        name = attachment.get_name() or f"attachment-{i + 1}"
        try:
            data = attachment.get_data()
        except pdfium.PdfiumError as exc:
            out.warnings.append(f"embedded file {name!r} not readable: {exc}")
            continue
        total += len(data)
        if total > limits.max_unpacked_bytes:
            out.warnings.append("embedded files too large (limits.max_unpacked_mb): the rest not read")
            return
        out.attachments.append(Attachment(name, bytes(data)))


def _read_page(
    doc: pdfium.PdfDocument, index: int, plan: _OcrPlan, out: Extraction, fix: Callable[[str], str] | None
) -> None:
    number = index + 1
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            rects = pdfstamp.widget_rects(page)
            chars = pdfstamp.page_chars(textpage) if rects else []
            text = clean_text(raw, fix)
            links = _link_segments(doc, page, textpage, text, number)
        finally:
            textpage.close()
        scan = needs_ocr(text, page)
        # The header page's text layer read again by OCR when it is not real Vietnamese; a later
        # page's too once page 1's was (a contact line on page 3 is as garbled as the header).
        again = index == 0 or plan.layer_misread
        broken = not scan and again and plan.refuse() is None and textlayer.is_broken(text)
        ocr_text = _ocr_page(page, number, plan, out) if scan or broken else None
    finally:
        page.close()
    if broken and ocr_text is not None:
        out.ocr_pages += 1
        if ocr_text and textlayer.better(ocr_text, text):
            out.warnings.append(f"page {number}: the text layer is not readable Vietnamese; OCR'd instead")
            plan.layer_misread = True
        else:
            ocr_text = None
    elif ocr_text is not None:
        out.ocr_pages += 1
    captions: list[str] = []
    if ocr_text is None and rects and text and plan.stamped_pages < MAX_STAMPED_PAGES:
        plan.stamped_pages += 1
        try:
            stamped, captions = pdfstamp.splice_stamps(doc, index, raw, chars, rects)
        except pdfium.PdfiumError as exc:  # the page's own text stands without its stamps
            out.warnings.append(f"page {number}: stamped annotations not read: {exc}")
            stamped = raw
        text = clean_text(stamped, fix) if stamped != raw else text
    if ocr_text is not None:
        if ocr_text:
            out.segments.append(Segment(ocr_text, page=number, kind="ocr", ocr=True))
    elif text:
        out.segments.append(Segment(text, page=number))
    out.segments.extend(links)
    # the e-signature captions, apart from the text: the judge knows them for the certificate's
    out.segments.extend(
        Segment(clean_text(c, fix), page=number, kind="signature") for c in captions if c.strip()
    )


def extract(data: bytes, limits: Limits) -> Extraction:
    """Text per page (Segment per page, line 1), link URIs, OCR of scanned pages, embedded files."""
    deadline = ocr.deadline(limits)
    doc = _open(data)
    try:
        count = len(doc)
        if count > limits.max_pages:
            raise ExtractError(f"PDF has {count} pages; the limit is {limits.max_pages} (limits.max_pages)")
        out = Extraction(pages=count)
        plan = _OcrPlan(limits, deadline)
        fix = _legacy_fixer()
        for index in range(count):
            try:
                _read_page(doc, index, plan, out, fix)
            except pdfium.PdfiumError as exc:
                out.warnings.append(f"page {index + 1} not readable: {exc}")
        _attachments(doc, limits, out)
        out.warnings.extend(plan.warnings())
        return out
    finally:
        doc.close()


def header_band(data: bytes, limits: Limits, *, share: float, rescale: float) -> tuple[Image.Image, int]:
    """The top `share` of page 1 (its header, both columns) rendered at `rescale` × limits.ocr_dpi,
    with its resolution (`congvu.extract.headband` OCRs it); only the band is rendered, so the
    sharper read costs a fraction of a page's."""
    doc = _open(data)
    try:
        if len(doc) == 0:
            raise ExtractError("the PDF has no page")
        page = doc[0]
        try:
            width, height = page.get_size()
            scale = limits.ocr_dpi * rescale / 72
            cap = ocr.max_pixels(limits)
            if width * height * share * scale * scale > cap:
                scale = (cap / max(width * height * share, 1.0)) ** 0.5 * 0.99
            try:
                bitmap = page.render(scale=scale, grayscale=True, crop=(0, height * (1 - share), 0, 0))
            except pdfium.PdfiumError as exc:
                raise ExtractError(f"page 1 not renderable: {exc}") from exc
            try:
                return bitmap.to_pil().copy(), round(scale * 72)
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        doc.close()
