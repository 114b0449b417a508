"""DOCX: the WordprocessingML parts read directly with zipfile + lxml.

python-docx is too slow for bulk scans (≥ 1,000 files/s) and ignores text boxes, footnotes and
comments, where a contact address hides as easily as in the body. One walker serves every part:
block elements (paragraphs, tables) become segments in document order, and inline elements
(runs, fields, hyperlinks) are dispatched through a table keyed by tag, so Transitional and
Strict OOXML share the same code.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
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

W_NS = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
R_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MAIN_PART = "word/document.xml"
EMBEDDINGS = "word/embeddings/"
HYPERLINK_MAILTO = re.compile(r"mailto:\s*([^\"\s]+)", re.IGNORECASE)
# Part relationship type (last path segment) -> segment kind; order is the order of output.
PART_KINDS = {
    "header": "header",
    "footer": "footer",
    "footnotes": "footnote",
    "endnotes": "footnote",
    "comments": "comment",
}
NOTE_SKIP = {"separator", "continuationSeparator", "continuationNotice"}
META_FIELDS = (
    "creator",
    "lastModifiedBy",
    "title",
    "subject",
    "description",
    "keywords",
    "Company",
    "Manager",
)


def _w(*local: str) -> set[str]:
    return {f"{{{ns}}}{name}" for ns in W_NS for name in local}


def _attr(el: etree._Element, local: str) -> str:
    """A w: attribute in either the Transitional or the Strict namespace."""
    for ns in W_NS:
        value = el.get(f"{{{ns}}}{local}")
        if value is not None:
            return value
    return ""


@dataclass(slots=True)
class _Para:
    """Text of one paragraph being assembled, and what it anchors (text boxes, mailto links)."""

    text: list[str] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Part:
    """One XML part being walked: its name, relationship targets, output and running line."""

    name: str
    rels: dict[str, str]
    out: list[Segment]
    line: int = 1
    fields: list[list[str]] = field(default_factory=list)  # open complex fields' instructions

    def emit(self, text: str, kind: str) -> int:
        """Add a segment at the running line and advance it past the text's lines."""
        line = self.line
        stripped = text.strip()
        if stripped:
            self.out.append(Segment(fix_legacy(stripped), None, line, kind, self.name))
        self.line += 1 + text.count("\n")
        return line


# ---- inline level: runs and what they contain ----------------------------------------------

InlineFn = Callable[[etree._Element, _Para, _Part], None]


def _text(el: etree._Element, para: _Para, part: _Part) -> None:
    if el.text:
        para.text.append(el.text)


def _const(value: str) -> InlineFn:
    def handler(el: etree._Element, para: _Para, part: _Part) -> None:
        para.text.append(value)

    return handler


def _skip(el: etree._Element, para: _Para, part: _Part) -> None:
    return None


def _box(el: etree._Element, para: _Para, part: _Part) -> None:
    para.boxes.append(el)


def _alternate(el: etree._Element, para: _Para, part: _Part) -> None:
    """mc:AlternateContent: read the first Choice only; the Fallback repeats the same content."""
    choice = el.find(f"{{{MC_NS}}}Choice")
    _inline(choice if choice is not None else el.find(f"{{{MC_NS}}}Fallback"), para, part)


def _hyperlink(el: etree._Element, para: _Para, part: _Part) -> None:
    for ns in R_NS:
        rid = el.get(f"{{{ns}}}id")
        if rid:
            address = mailto_address(part.rels.get(rid))
            if address:
                para.links.append(address)
    _inline(el, para, part)


def _field_instruction(instr: str, para: _Para) -> None:
    if instr.strip()[:9].upper() == "HYPERLINK":
        match = HYPERLINK_MAILTO.search(instr)
        if match:
            address = mailto_address("mailto:" + match.group(1))
            if address:
                para.links.append(address)


def _fld_char(el: etree._Element, para: _Para, part: _Part) -> None:
    kind = _attr(el, "fldCharType")
    if kind == "begin":
        part.fields.append([])
    elif kind in ("separate", "end") and part.fields:
        instr = part.fields[-1]
        if instr and instr[0] != "\0":  # "\0" marks an instruction already handled at "separate"
            _field_instruction("".join(instr), para)
            instr[:] = ["\0"]
        if kind == "end":
            part.fields.pop()


def _instr_text(el: etree._Element, para: _Para, part: _Part) -> None:
    if part.fields and el.text:
        part.fields[-1].append(el.text)


def _fld_simple(el: etree._Element, para: _Para, part: _Part) -> None:
    _field_instruction(_attr(el, "instr"), para)
    _inline(el, para, part)


TEXT_TAGS = frozenset(_w("t") | {f"{{{MATH_NS}}}t"})
INLINE: dict[str, InlineFn] = {}
for _tag in TEXT_TAGS:
    INLINE[_tag] = _text
for _tag in _w("tab", "ptab"):
    INLINE[_tag] = _const("\t")
for _tag in _w("br", "cr"):
    INLINE[_tag] = _const("\n")
for _tag in _w("noBreakHyphen"):
    INLINE[_tag] = _const("-")
# Soft hyphens are dropped: they are invisible and would split an address in two.
for _tag in _w(
    "pPr",
    "rPr",
    "sdtPr",
    "del",
    "moveFrom",
    "delText",
    "delInstrText",
    "rt",
    "fldData",
    "softHyphen",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
    "object",
):
    INLINE[_tag] = _skip
for _tag in _w("txbxContent"):
    INLINE[_tag] = _box
for _tag in _w("hyperlink"):
    INLINE[_tag] = _hyperlink
for _tag in _w("fldChar"):
    INLINE[_tag] = _fld_char
for _tag in _w("instrText"):
    INLINE[_tag] = _instr_text
for _tag in _w("fldSimple"):
    INLINE[_tag] = _fld_simple
INLINE[f"{{{MC_NS}}}AlternateContent"] = _alternate


def _inline(el: etree._Element | None, para: _Para, part: _Part) -> None:
    """Walk inline content; unknown wrappers (w:ins, w:smartTag, w:sdtContent, ...) are entered."""
    if el is None:
        return
    text = para.text
    for child in el:
        tag = child.tag
        if tag in TEXT_TAGS:  # `_text` inlined: w:t is most of what a document holds
            value = child.text
            if value:
                text.append(value)
            continue
        handler = INLINE.get(tag)
        if handler is not None:
            handler(child, para, part)
        elif len(child):
            _inline(child, para, part)


def _paragraph_text(p: etree._Element, part: _Part) -> _Para:
    para = _Para()
    _inline(p, para, part)
    return para


# ---- block level: paragraphs and tables ----------------------------------------------------

P, TBL, TR, TC = range(4)
BLOCK_KIND = {tag: kind for kind, local in enumerate(("p", "tbl", "tr", "tc")) for tag in _w(local)}
BLOCK_SKIP = _w("sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr", "del", "moveFrom", "pPr")
ALTERNATE = f"{{{MC_NS}}}AlternateContent"


def _children(el: etree._Element) -> list[tuple[int, etree._Element]]:
    """Block children with their kind (P, TBL, TR, TC), looking through wrappers (w:sdt,
    w:customXml, mc:AlternateContent)."""
    out: list[tuple[int, etree._Element]] = []
    for child in el:
        tag = child.tag
        kind = BLOCK_KIND.get(tag)
        if kind is not None:
            out.append((kind, child))
        elif tag == ALTERNATE:
            choice = child.find(f"{{{MC_NS}}}Choice")
            out.extend(_children(choice if choice is not None else child))
        elif tag not in BLOCK_SKIP and len(child):
            out.extend(_children(child))
    return out


def _flush(para: _Para, part: _Part, line: int, box_kinds: tuple[str, str]) -> None:
    for address in para.links:
        part.out.append(Segment(address, None, line, "link", part.name))
    for box in para.boxes:
        _blocks(box, part, *box_kinds)


def _blocks(el: etree._Element, part: _Part, para_kind: str, table_kind: str) -> None:
    """Emit the paragraphs and tables under `el` in order, one line per paragraph or table row."""
    box_kinds = ("textbox", "textbox") if para_kind == "body" else (para_kind, table_kind)
    for kind, child in _children(el):
        if kind == P:
            para = _paragraph_text(child, part)
            line = part.emit("".join(para.text), para_kind)
            _flush(para, part, line, box_kinds)
        elif kind == TBL:
            _table(child, part, table_kind, box_kinds)


def _table(tbl: etree._Element, part: _Part, kind: str, box_kinds: tuple[str, str]) -> None:
    anchored = _Para()
    rows: list[str] = []
    for row_kind, tr in _children(tbl):
        if row_kind != TR:
            continue
        cells = [_cell_text(tc, part, anchored) for cell_kind, tc in _children(tr) if cell_kind == TC]
        if any(c.strip() for c in cells):
            rows.append(" | ".join(cells))
    line = part.line
    if rows:
        part.emit("\n".join(rows), kind)
    _flush(anchored, part, line, box_kinds)


def _cell_text(el: etree._Element, part: _Part, anchored: _Para) -> str:
    """A cell on one line: its paragraphs (and nested tables' cells) joined by spaces."""
    texts: list[str] = []
    for kind, child in _children(el):
        if kind == P:
            para = _paragraph_text(child, part)
            anchored.links.extend(para.links)
            anchored.boxes.extend(para.boxes)
            text = "".join(para.text).replace("\n", " ").strip()
        else:
            text = _cell_text(child, part, anchored)
        if text:
            texts.append(text)
    return " ".join(texts)


# ---- the package ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Package:
    zf: zipfile.ZipFile
    budget: Budget
    warnings: list[str]
    names: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    rels_cache: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names = {info.filename.lower(): info for info in self.zf.infolist()}

    def read(self, name: str) -> bytes | None:
        info = self.names.get(name.lstrip("/").lower())
        return None if info is None else read_member(self.zf, info, self.budget)

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type's last segment, resolved target) of a part's relationships.

        Read and parsed once per part: the main part's relationships serve both the part list and
        the walk of the main part itself."""
        cached = self.rels_cache.get(part)
        if cached is None:
            cached = self.rels_cache[part] = self._read_rels(part)
        return cached

    def _read_rels(self, part: str) -> list[tuple[str, str, str]]:
        folder, base = posixpath.split(part)
        data = self.read(posixpath.join(folder, "_rels", base + ".rels"))
        if data is None:
            return []
        out = []
        for rel in parse_xml(data, part + ".rels", self.warnings.append).iter(PKG_REL):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join("/" + folder, target)).lstrip("/")
            out.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], target))
        return out


def _main_part(pkg: _Package) -> str:
    for _, rel_type, target in pkg.rels(""):
        if rel_type == "officeDocument":
            return target
    return MAIN_PART


def _walk_part(pkg: _Package, name: str, out: list[Segment], kinds: tuple[str, str]) -> None:
    data = pkg.read(name)
    if data is None:
        pkg.warnings.append(f"{name}: listed in the document but missing")
        return
    root = parse_xml(data, name, pkg.warnings.append)
    part = _Part(name, {rid: target for rid, _, target in pkg.rels(name)}, out)
    if kinds[0] in ("footnote", "comment"):
        for note in root:
            note_type = _attr(note, "type")
            if note_type not in NOTE_SKIP:
                _blocks(note, part, *kinds)
    else:
        _blocks(root, part, *kinds)


def _meta(pkg: _Package, out: list[Segment]) -> None:
    for name in ("docProps/core.xml", "docProps/app.xml"):
        data = pkg.read(name)
        if data is None:
            continue
        line = 1
        for el in parse_xml(data, name, pkg.warnings.append):
            local = el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""
            if local in META_FIELDS and el.text and el.text.strip():
                out.append(Segment(f"{local}: {el.text.strip()}", None, line, "meta", name))
                line += 1


def _embeddings(pkg: _Package) -> list[Attachment]:
    found: list[Attachment] = []
    for info in pkg.zf.infolist():
        if not info.filename.startswith(EMBEDDINGS) or info.is_dir():
            continue
        if len(found) >= pkg.budget.limits.max_members:
            pkg.warnings.append(f"more than {len(found)} embedded objects: the rest were not read")
            break
        try:
            found.append(Attachment(info.filename, read_member(pkg.zf, info, pkg.budget)))
        except LimitExceeded as exc:
            pkg.warnings.append(f"embedded object not read: {exc}")
            break
        except ExtractError as exc:
            pkg.warnings.append(f"embedded object not read: {exc}")
    return found


def extract(data: bytes, limits: Limits) -> Extraction:
    """Text of every part a reader can see, in reading order: headers, body, footers, notes."""
    warnings: list[str] = []
    with open_zip(data, "DOCX") as zf:
        pkg = _Package(zf, Budget(limits), warnings)
        main = _main_part(pkg)
        if main.lower() not in pkg.names:
            raise ExtractError(f"not a valid DOCX file: {main} is missing")
        related = pkg.rels(main)
        parts = {kind: list(dict.fromkeys(t for _, rt, t in related if rt == kind)) for kind in PART_KINDS}
        segments: list[Segment] = []
        for name in parts["header"]:
            _walk_part(pkg, name, segments, ("header", "header"))
        _walk_part(pkg, main, segments, ("body", "table"))
        for rel_type in ("footer", "footnotes", "endnotes", "comments"):
            kind = PART_KINDS[rel_type]
            for name in parts[rel_type]:
                _walk_part(pkg, name, segments, (kind, kind))
        _meta(pkg, segments)
        attachments = _embeddings(pkg)
    return Extraction(segments=segments, attachments=attachments, warnings=warnings)
