"""ODT (OpenDocument text): content.xml for the body, styles.xml for page headers and footers.

ODF keeps text as mixed content (character data between elements, with XML whitespace collapsed
and runs of spaces written as text:s), so unlike DOCX the walker reads `.text`/`.tail` and
applies the ODF whitespace rule itself. Same package safety as DOCX (see ooxml.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from congvu.extract.ooxml import (
    Budget,
    LimitExceeded,
    fix_legacy,
    mailto_address,
    open_zip,
    parse_xml,
    read_member,
)
from congvu.model import Attachment, ExtractError, Extraction, Segment
from congvu.settings import Limits

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
TEXT_MIMES = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
)
WHITESPACE = re.compile(r"[ \t\r\n]+")
PAGE_PARTS = {
    f"{{{STYLE}}}{name}": kind
    for kind in ("header", "footer")
    for name in (kind, f"{kind}-left", f"{kind}-first")
}
META_FIELDS = {"creator", "initial-creator", "title", "subject", "description", "keyword"}


def _t(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


@dataclass(slots=True)
class _Para:
    text: list[str] = field(default_factory=list)
    space: bool = True  # the output ends in collapsible white space (start of paragraph counts)
    boxes: list[etree._Element] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    notes: list[etree._Element] = field(default_factory=list)
    comments: list[etree._Element] = field(default_factory=list)

    def chars(self, data: str | None) -> None:
        """Character data: ODF collapses white space runs to one space."""
        if not data:
            return
        data = WHITESPACE.sub(" ", data)
        if self.space and data.startswith(" "):
            data = data[1:]
        if data:
            self.text.append(data)
            self.space = data.endswith(" ")

    def literal(self, data: str) -> None:
        self.text.append(data)
        self.space = False


@dataclass(slots=True)
class _Part:
    name: str
    out: list[Segment]
    line: int = 1

    def emit(self, text: str, kind: str, *, at: int | None = None) -> int:
        """Add a segment at the running line (advancing it), or at line `at` (notes, comments)."""
        line = self.line if at is None else at
        if text.strip():
            self.out.append(Segment(fix_legacy(text.strip()), None, line, kind, self.name))
        if at is None:
            self.line += 1 + text.count("\n")
        return line


InlineFn = Callable[[etree._Element, _Para], None]


def _spaces(el: etree._Element, para: _Para) -> None:
    try:
        count = int(el.get(_t(TEXT, "c"), "1"))
    except ValueError:
        count = 1
    para.literal(" " * max(0, min(count, 1000)))


def _const(value: str) -> InlineFn:
    def handler(el: etree._Element, para: _Para) -> None:
        para.literal(value)

    return handler


def _link(el: etree._Element, para: _Para) -> None:
    address = mailto_address(el.get(XLINK_HREF))
    if address:
        para.links.append(address)
    _inline(el, para)


INLINE: dict[str, InlineFn] = {
    _t(TEXT, "s"): _spaces,
    _t(TEXT, "tab"): _const("\t"),
    _t(TEXT, "line-break"): _const("\n"),
    _t(TEXT, "a"): _link,
    _t(TEXT, "note"): lambda el, para: para.notes.append(el),
    _t(OFFICE, "annotation"): lambda el, para: para.comments.append(el),
}
INLINE_SKIP = {
    _t(TEXT, "note-citation"),
    _t(TEXT, "change"),
    _t(TEXT, "change-start"),
    _t(SVG, "title"),
    _t(SVG, "desc"),
    _t(OFFICE, "annotation-end"),
}


def _inline(el: etree._Element, para: _Para) -> None:
    para.chars(el.text)
    for child in el:
        tag = child.tag
        handler = INLINE.get(tag)
        if handler is not None:
            handler(child, para)
        elif isinstance(tag, str) and tag.startswith(f"{{{DRAW}}}"):
            para.boxes.append(child)  # frames, text boxes, shapes: read after the paragraph
        elif tag not in INLINE_SKIP:
            _inline(child, para)
        para.chars(child.tail)


P_TAGS = {_t(TEXT, "p"), _t(TEXT, "h")}
TABLE_TAG = _t(TABLE, "table")
ROW_TAG = _t(TABLE, "table-row")
CELL_TAG = _t(TABLE, "table-cell")
BLOCK_SKIP = {
    _t(TEXT, "tracked-changes"),
    _t(OFFICE, "forms"),
    _t(TEXT, "sequence-decls"),
    _t(TABLE, "table-column"),
    _t(TABLE, "table-columns"),
    _t(TABLE, "covered-table-cell"),
    _t(SVG, "title"),
    _t(SVG, "desc"),
    _t(TEXT, "note-citation"),
    _t(TEXT, "index-title-template"),
}


def _children(el: etree._Element) -> list[etree._Element]:
    """Paragraphs, tables, rows and cells under `el`, through lists, sections, frames and row groups."""
    out: list[etree._Element] = []
    for child in el:
        tag = child.tag
        if tag in P_TAGS or tag in (TABLE_TAG, ROW_TAG, CELL_TAG):
            out.append(child)
        elif tag not in BLOCK_SKIP and len(child):
            out.extend(_children(child))
    return out


def _paragraph(p: etree._Element) -> _Para:
    para = _Para()
    _inline(p, para)
    return para


def _flush(para: _Para, part: _Part, line: int, kinds: tuple[str, str]) -> None:
    for address in para.links:
        part.out.append(Segment(address, None, line, "link", part.name))
    for box in para.boxes:
        _blocks(box, part, *(("textbox", "textbox") if kinds[0] == "body" else kinds))
    for extra, kind in ((para.notes, "footnote"), (para.comments, "comment")):
        for el in extra:
            texts = [_cell_text(c, _Para()) for c in _children(el)]
            part.emit("\n".join(t for t in texts if t), kind, at=line)


def _blocks(el: etree._Element, part: _Part, para_kind: str, table_kind: str) -> None:
    for child in _children(el):
        if child.tag in P_TAGS:
            para = _paragraph(child)
            line = part.emit("".join(para.text), para_kind)
            _flush(para, part, line, (para_kind, table_kind))
        elif child.tag == TABLE_TAG:
            _table(child, part, para_kind, table_kind)


def _table(tbl: etree._Element, part: _Part, para_kind: str, kind: str) -> None:
    anchored = _Para()
    rows = []
    for row in _children(tbl):
        if row.tag != ROW_TAG:
            continue
        cells = [_cell_text(c, anchored) for c in _children(row) if c.tag == CELL_TAG]
        while cells and not cells[-1]:
            cells.pop()  # spreadsheet-made tables repeat empty columns to the page edge
        if cells:
            rows.append(" | ".join(cells))
    line = part.line
    if rows:
        part.emit("\n".join(rows), kind)
    _flush(anchored, part, line, (para_kind, kind))


def _cell_text(el: etree._Element, anchored: _Para) -> str:
    if el.tag in P_TAGS:
        para = _paragraph(el)
        anchored.links.extend(para.links)
        anchored.boxes.extend(para.boxes)
        anchored.notes.extend(para.notes)
        anchored.comments.extend(para.comments)
        return "".join(para.text).replace("\n", " ").strip()
    texts = [_cell_text(child, anchored) for child in _children(el)]
    return " ".join(t for t in texts if t)


def _meta(root: etree._Element, out: list[Segment]) -> None:
    line = 1
    for el in root.iter():
        value = (el.text or "").strip()
        if value and isinstance(el.tag, str) and etree.QName(el).localname in META_FIELDS:
            out.append(Segment(f"{etree.QName(el).localname}: {value}", None, line, "meta", "meta.xml"))
            line += 1


def _embedded(
    zf_names: list[str], read: Callable[[str], bytes], limits: Limits, warnings: list[str]
) -> list[Attachment]:
    """Embedded OLE objects are stored as top-level members "Object N" (ODF sub-documents are folders)."""
    found: list[Attachment] = []
    for name in zf_names:
        if "/" in name or not name.startswith("Object "):
            continue
        if len(found) >= limits.max_members:
            warnings.append(f"more than {len(found)} embedded objects: the rest were not read")
            break
        try:
            found.append(Attachment(name, read(name)))
        except ExtractError as exc:
            warnings.append(f"embedded object not read: {exc}")
            if isinstance(exc, LimitExceeded):
                break
    return found


def extract(data: bytes, limits: Limits) -> Extraction:
    """Page headers, then the body (with its frames, notes and comments), then page footers."""
    warnings: list[str] = []
    segments: list[Segment] = []
    with open_zip(data, "ODT") as zf:
        infos = {info.filename: info for info in zf.infolist()}
        budget = Budget(limits)

        def read(name: str) -> bytes:
            return read_member(zf, infos[name], budget)

        if "content.xml" not in infos:
            raise ExtractError("not a valid ODT file: content.xml is missing")
        mime = read("mimetype").decode("ascii", "replace").strip() if "mimetype" in infos else ""
        if mime not in TEXT_MIMES:
            warnings.append(f"not an OpenDocument text ({mime or 'no mimetype'}): read its text anyway")
        if "META-INF/manifest.xml" in infos and b"encryption-data" in read("META-INF/manifest.xml"):
            raise ExtractError("password-protected ODT: its content is encrypted and cannot be read")
        content = parse_xml(read("content.xml"), "content.xml", warnings.append)
        footers: list[Segment] = []
        if "styles.xml" in infos:
            styles = parse_xml(read("styles.xml"), "styles.xml", warnings.append)
            header_part, footer_part = _Part("styles.xml", segments), _Part("styles.xml", footers)
            for el in styles.iter(*PAGE_PARTS):
                kind = PAGE_PARTS[el.tag]
                _blocks(el, header_part if kind == "header" else footer_part, kind, kind)
        body = content.find(_t(OFFICE, "body"))
        if body is not None:
            _blocks(body, _Part("content.xml", segments), "body", "table")
        segments.extend(footers)
        if "meta.xml" in infos:
            _meta(parse_xml(read("meta.xml"), "meta.xml", warnings.append), segments)
        attachments = _embedded(list(infos), read, limits, warnings)
    return Extraction(segments=segments, attachments=attachments, warnings=warnings)
