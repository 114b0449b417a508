"""Build realistic DOCX / ODT / EML / ZIP bytes for tests, with no fixture files on disk.

The XML is shaped like what Word and LibreOffice write (relationships, content types, text boxes
with an mc:Fallback copy, footnote separators), so extractor tests exercise the real structure.
Blocks in a body list: `str` (one paragraph), a list/tuple of str (one paragraph, one run each),
`Table`, `Link` or `TextBox`.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class Table:
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class Link:
    """A paragraph `before` + hyperlink `text` (to `target`) + `after`; `field` uses a HYPERLINK field."""

    text: str
    target: str
    before: str = ""
    after: str = ""
    field: bool = False


@dataclass(frozen=True)
class TextBox:
    paragraphs: Sequence[str]


Block = str | Sequence[str] | Table | Link | TextBox

# ---- DOCX -------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _run(text: str, split: bool = False) -> str:
    """One w:r per piece; tabs and newlines become w:tab / w:br like Word writes them."""
    pieces = [text[i : i + 4] for i in range(0, len(text), 4)] if split else [text]
    out = []
    for piece in pieces:
        inner = []
        for j, chunk in enumerate(piece.replace("\t", "\0t\0").replace("\n", "\0n\0").split("\0")):
            if j % 2:
                inner.append("<w:tab/>" if chunk == "t" else "<w:br/>")
            elif chunk:
                inner.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
        out.append(f'<w:r><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr>{"".join(inner)}</w:r>')
    return "".join(out)


def _para(runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
    return f"<w:p>{ppr if style else ''}{runs}</w:p>"


class _DocxRels:
    def __init__(self) -> None:
        self.items: list[tuple[str, str, str, bool]] = []

    def add(self, rel_type: str, target: str, external: bool = False) -> str:
        rid = f"rId{len(self.items) + 1}"
        self.items.append((rid, rel_type, target, external))
        return rid

    def xml(self) -> str:
        rels = "".join(
            f'<Relationship Id="{rid}" Type="{REL_TYPE}{t}" Target={quoteattr(target)}'
            f"{' TargetMode=' + quoteattr('External') if ext else ''}/>"
            for rid, t, target, ext in self.items
        )
        return f'{XML_DECL}<Relationships xmlns="{PKG_R}">{rels}</Relationships>'


def _textbox(box: TextBox) -> str:
    content = "<w:txbxContent>" + "".join(_para(_run(t)) for t in box.paragraphs) + "</w:txbxContent>"
    return (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:extent cx="2743200" cy="914400"/><wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f'<v:shape id="Text Box 1" type="#_x0000_t202"><v:textbox>{content}</v:textbox></v:shape>'
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )


def _docx_block(block: Block, rels: _DocxRels, split: bool) -> str:
    if isinstance(block, str):
        return _para(_run(block, split), "Normal")
    if isinstance(block, Table):
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc><w:tcPr/>{_para(_run(c, split))}</w:tc>" for c in row) + "</w:tr>"
            for row in block.rows
        )
        return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid/>{rows}</w:tbl>'
    if isinstance(block, Link):
        if block.field:
            link = (
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> HYPERLINK '
                f'"{escape(block.target)}" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f'{_run(block.text)}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            )
        else:
            rid = rels.add("hyperlink", block.target, external=True)
            link = f'<w:hyperlink r:id="{rid}" w:history="1">{_run(block.text)}</w:hyperlink>'
        return _para(_run(block.before) + link + _run(block.after))
    if isinstance(block, TextBox):
        return _textbox(block)
    return _para("".join(_run(r) for r in block))


def _part(root: str, body: str) -> str:
    return f"{XML_DECL}<w:{root} {NAMESPACES}>{body}</w:{root}>"


def build_docx(
    body_paragraphs: Sequence[Block],
    *,
    header: str | Sequence[str] | None = None,
    footer: str | Sequence[str] | None = None,
    table_rows: Sequence[Sequence[str]] | None = None,
    textbox: str | None = None,
    footnote: str | None = None,
    comment: str | None = None,
    split_runs: bool = False,
    creator: str | None = "Nguyễn Văn An",
    embeddings: Mapping[str, bytes] | None = None,
) -> bytes:
    """A Word 2016-shaped DOCX. `table_rows`/`textbox` are appended after the body blocks;
    the footnote hangs on the last body paragraph and the comment on the first."""
    rels = _DocxRels()
    blocks = list(body_paragraphs)
    if table_rows is not None:
        blocks.append(Table(table_rows))
    if textbox is not None:
        blocks.append(TextBox([textbox]))
    xml_blocks = [_docx_block(b, rels, split_runs) for b in blocks]
    files: dict[str, str | bytes] = {}
    overrides = []

    def add_part(name: str, rel: str, ctype: str, xml: str) -> str:
        files[name] = xml
        overrides.append(f'<Override PartName="/{name}" ContentType="{ctype}"/>')
        return rels.add(rel, name.removeprefix("word/"))

    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    if footnote is not None:
        notes = (
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            "</w:r></w:p></w:footnote>"
            f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{_run(" " + footnote)}</w:p></w:footnote>'
        )
        add_part("word/footnotes.xml", "footnotes", wml + "footnotes+xml", _part("footnotes", notes))
        ref = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        xml_blocks[-1] = xml_blocks[-1].replace("</w:p>", ref + "</w:p>")
    if comment is not None:
        author = 'w:author="Trần Thị Bình" w:initials="TTB"'
        body = f'<w:comment w:id="0" {author}>{_para(_run(comment))}</w:comment>'
        add_part("word/comments.xml", "comments", wml + "comments+xml", _part("comments", body))
        xml_blocks[0] = (
            xml_blocks[0]
            .replace("<w:r>", '<w:commentRangeStart w:id="0"/><w:r>', 1)
            .replace("</w:p>", '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
        )
    sect = []
    for kind, root, text in (("header", "hdr", header), ("footer", "ftr", footer)):
        if text is None:
            continue
        paras = [text] if isinstance(text, str) else list(text)
        rid = add_part(
            f"word/{kind}1.xml",
            kind,
            wml + kind + "+xml",
            _part(root, "".join(_para(_run(t)) for t in paras)),
        )
        sect.append(f'<w:{kind}Reference w:type="default" r:id="{rid}"/>')
    sect_pr = f'<w:sectPr>{"".join(sect)}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    files["word/document.xml"] = _part("document", f"<w:body>{''.join(xml_blocks)}{sect_pr}</w:body>")
    files["word/_rels/document.xml.rels"] = rels.xml()
    defaults = []
    for name, data in (embeddings or {}).items():
        files[f"word/embeddings/{name}"] = data
        defaults.append(
            f'<Default Extension="{name.rsplit(".", 1)[-1]}" ContentType="application/octet-stream"/>'
        )
    files["docProps/core.xml"] = (
        f'{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"{f'<dc:creator>{escape(creator)}</dc:creator>' if creator else ''}</cp:coreProperties>"
    )
    content_types = (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{"".join(defaults)}'
        f'<Override PartName="/word/document.xml" ContentType="{wml}document.main+xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    package_rels = (
        f'{XML_DECL}<Relationships xmlns="{PKG_R}">'
        f'<Relationship Id="rId1" Type="{REL_TYPE}officeDocument" Target="word/document.xml"/>'
        f'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
    )
    ordered = {"[Content_Types].xml": content_types, "_rels/.rels": package_rels, **files}
    return build_zip({k: v.encode() if isinstance(v, str) else v for k, v in ordered.items()})


# ---- ODT --------------------------------------------------------------------------------------

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"'
)
ODT_MIME = b"application/vnd.oasis.opendocument.text"


def odf_text(text: str) -> str:
    """Escape text the way LibreOffice writes it: text:s for repeated spaces, text:tab, text:line-break."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\t":
            out.append("<text:tab/>")
        elif ch == "\n":
            out.append("<text:line-break/>")
        elif ch == " " and i + 1 < len(text) and text[i + 1] == " ":
            j = i
            while j < len(text) and text[j] == " ":
                j += 1
            out.append(f' <text:s text:c="{j - i - 1}"/>' if j - i > 2 else " <text:s/>")
            i = j
            continue
        else:
            out.append(escape(ch))
        i += 1
    return "".join(out)


def _odt_block(block: Block) -> str:
    if isinstance(block, str):
        return f'<text:p text:style-name="P1">{odf_text(block)}</text:p>'
    if isinstance(block, Table):
        rows = "".join(
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{odf_text(c)}</text:p>'
                "</table:table-cell>"
                for c in row
            )
            + "</table:table-row>"
            for row in block.rows
        )
        width = max((len(r) for r in block.rows), default=1)
        return (
            f'<table:table table:name="Bảng1"><table:table-column table:number-columns-repeated="{width}"/>'
            f"{rows}</table:table>"
        )
    if isinstance(block, Link):
        return (
            f"<text:p>{odf_text(block.before)}"
            f'<text:a xlink:type="simple" xlink:href={quoteattr(block.target)}>'
            f"<text:span>{odf_text(block.text)}</text:span></text:a>{odf_text(block.after)}</text:p>"
        )
    if isinstance(block, TextBox):
        inner = "".join(f"<text:p>{odf_text(t)}</text:p>" for t in block.paragraphs)
        return (
            '<text:p><draw:frame draw:name="Khung1" text:anchor-type="paragraph" svg:width="6cm">'
            f"<draw:text-box>{inner}</draw:text-box></draw:frame></text:p>"
        )
    return "<text:p>" + "".join(f"<text:span>{odf_text(r)}</text:span>" for r in block) + "</text:p>"


def build_odt(
    body_paragraphs: Sequence[Block],
    *,
    heading: str | None = None,
    header: str | Sequence[str] | None = None,
    footer: str | Sequence[str] | None = None,
    table_rows: Sequence[Sequence[str]] | None = None,
    textbox: str | None = None,
    footnote: str | None = None,
    comment: str | None = None,
    creator: str | None = "Nguyễn Văn An",
) -> bytes:
    """A LibreOffice-shaped ODT (mimetype stored first, manifest, meta, styles with master page)."""
    blocks = [_odt_block(b) for b in body_paragraphs]
    if table_rows is not None:
        blocks.append(_odt_block(Table(table_rows)))
    if textbox is not None:
        blocks.append(_odt_block(TextBox([textbox])))
    if footnote is not None:
        note = (
            f'<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            f"<text:note-body><text:p>{odf_text(footnote)}</text:p></text:note-body></text:note>"
        )
        blocks[-1] = blocks[-1][: -len("</text:p>")] + note + "</text:p>"
    if comment is not None:
        ann = (
            "<office:annotation><dc:creator>Trần Thị Bình</dc:creator><dc:date>2024-05-06T08:00:00</dc:date>"
            f"<text:p>{odf_text(comment)}</text:p></office:annotation>"
        )
        start = blocks[0].index(">") + 1
        blocks[0] = blocks[0][:start] + ann + blocks[0][start:]
    if heading is not None:
        blocks.insert(0, f'<text:h text:outline-level="1">{odf_text(heading)}</text:h>')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODF_NS}>'
        "<office:body><office:text><text:sequence-decls/>"
        f"{''.join(blocks)}</office:text></office:body></office:document-content>"
    )
    page = []
    for tag, text in (("header", header), ("footer", footer)):
        if text is not None:
            paras = [text] if isinstance(text, str) else list(text)
            page.append(
                f"<style:{tag}>"
                + "".join(f"<text:p>{odf_text(t)}</text:p>" for t in paras)
                + f"</style:{tag}>"
            )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {ODF_NS}><office:styles/>'
        '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
        f"{''.join(page)}</style:master-page></office:master-styles></office:document-styles>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ODF_NS}><office:meta>'
        f"{f'<dc:creator>{escape(creator)}</dc:creator>' if creator else ''}"
        "</office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
        'opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), ODT_MIME, compress_type=zipfile.ZIP_STORED)
        for name, text in (
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest),
        ):
            zf.writestr(name, text.encode())
    return buf.getvalue()


# ---- EML --------------------------------------------------------------------------------------


def build_eml(
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes]] = (),
    *,
    from_: str = "Nguyễn Văn An <nguyenvanan@gmail.com>",
    to: str = "Văn phòng UBND phường Hòa Minh <vanphong.hoaminh@danang.gov.vn>",
    cc: str | None = None,
    reply_to: str | None = None,
    html: str | None = None,
    forwarded: bytes | None = None,
    date: datetime | None = None,
) -> bytes:
    """An RFC 5322 message as a mail client writes it (RFC 2047 headers, MIME parts)."""
    msg = EmailMessage()
    msg["From"] = from_
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or datetime(2024, 5, 6, 8, 30, tzinfo=timezone(timedelta(hours=7))))
    msg["Message-ID"] = "<20240506083000.1234@hoaminh.danang.gov.vn>"
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, data in attachments:
        maintype, subtype = _guess_type(name)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if forwarded is not None:
        msg.add_attachment(message_from_bytes(forwarded, policy=policy.default))
    return msg.as_bytes()


def _guess_type(name: str) -> tuple[str, str]:
    import mimetypes

    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    maintype, subtype = ctype.split("/", 1)
    return maintype, subtype


# ---- ZIP --------------------------------------------------------------------------------------


def build_zip(
    members: Mapping[str, bytes],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    name_encoding: str = "utf-8",
    utf8_flag: bool = True,
) -> bytes:
    """A zip of `members`. name_encoding other than utf-8 writes raw names in that code page
    without the UTF-8 flag, as Windows Explorer does (e.g. "cp1258" on Vietnamese Windows);
    utf8_flag=False writes UTF-8 names without the flag, as some older archivers do."""
    buf = io.BytesIO()
    swaps: list[tuple[bytes, bytes]] = []
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for i, (name, data) in enumerate(members.items()):
            if (name_encoding != "utf-8" or not utf8_flag) and not name.isascii():
                raw = name.encode(name_encoding)
                placeholder = f"@{i:06d}".ljust(len(raw), "~")[: len(raw)]
                swaps.append((placeholder.encode(), raw))
                name = placeholder
            zf.writestr(name, data)
    out = buf.getvalue()
    for placeholder_bytes, raw in swaps:
        out = out.replace(placeholder_bytes, raw)
    return out


def build_zip_bomb(
    size: int = 1 << 30, *, name: str = "zeros.bin", declared_size: int | None = None
) -> bytes:
    """A one-member zip that inflates to `size` zero bytes, built in milliseconds without ever
    holding the zeros: deflate output of identical chunks after a full flush is identical, so the
    stream is one compressed 1 MiB chunk repeated. `declared_size` lets the header lie.
    The CRC is only real for small sizes: no careful reader gets to the end of a real bomb."""
    chunk = 1 << 20
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(bytes(chunk)) + comp.flush(zlib.Z_FULL_FLUSH)
    full, rest = divmod(size, chunk)
    tail = comp.compress(bytes(rest)) + comp.flush() if rest else b"\x03\x00"
    stream = block * full + tail
    crc = zlib.crc32(bytes(size)) if size <= 1 << 24 else 0
    raw_name = name.encode()
    file_size = size if declared_size is None else declared_size
    common = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(stream), file_size)
    local = b"PK\x03\x04" + common + struct.pack("<HH", len(raw_name), 0) + raw_name
    central = (
        b"PK\x01\x02"
        + struct.pack("<H", 20)
        + common
        + struct.pack("<HHHHHII", len(raw_name), 0, 0, 0, 0, 0, 0)
        + raw_name
    )
    offset = len(local) + len(stream)
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1, 1, len(central), offset, 0)
    return local + stream + central + end
