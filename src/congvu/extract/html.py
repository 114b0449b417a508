"""HTML pages: visible text with line structure, plus addresses hidden in links and attributes.

Ward web pages often show "Liên hệ" as a link whose mailto: target is the only place the address
is written, or put it in a data-* attribute that a script (or Cloudflare's e-mail protection)
turns into text in the browser. Those become kind="link"/"meta" segments so the detector sees them.

A page saved from a browser usually still says where it was published (`own_address`): the
browser's "saved from url" note, its canonical link, its og:url, its <base href>. That address is
the extraction's `origin`, which the judge weighs when the text names no body at all.
"""

from __future__ import annotations

import html as html_lib
import re

import lxml.html
from lxml import etree

from congvu.extract.legacy_vn import fix_legacy
from congvu.extract.textutil import CFEMAIL_SCRIPT, clean_text, decode_bytes, decode_cfemail, parse_mailto
from congvu.model import ExtractError, Extraction, Origin, Segment
from congvu.settings import Limits

SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "object"})
_BLOCK_TAGS = (
    "address article aside blockquote body br caption center dd details div dl dt fieldset figcaption"
    " figure footer form h1 h2 h3 h4 h5 h6 header hr legend li main nav ol option p pre section"
    " summary table tbody tfoot thead tr ul"
)
BLOCK = frozenset(_BLOCK_TAGS.split())
CELL = frozenset({"td", "th"})
META_NAMES = frozenset({"description", "keywords", "author", "og:title", "og:description"})
# attributes whose value is shown to the user or read by scripts; checked for e-mail-looking values
TEXT_ATTRS = frozenset({"title", "value", "content", "alt", "placeholder", "aria-label", "label"})
EMAILISH = re.compile(r"\S\s*(?:@|＠|&#64;|\(at\)|\[at\]|\{at\}|\(a\)|\s+at\s+)\s*\S", re.IGNORECASE)
MAX_ATTR_CHARS = 500
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_CFEMAIL_HREF = re.compile(CFEMAIL_SCRIPT)
# The note a browser writes on top of a page it saves ("<!-- saved from url=(0045)https://… -->").
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
SAVED_FROM_REACH = 4096  # characters at the top of the file where the note is looked for
_WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a <meta> in the first 4 KiB declares (the browser's pre-scan), if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def _parse(text: str) -> tuple[lxml.html.HtmlElement, bool]:
    """The tree, and whether libxml2 cut it short at its depth limit (2048 levels even with
    `huge_tree`; 256 without it, which real pages built from nested tables can reach)."""
    text = _XML_DECL.sub("", text, count=1)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        raise ExtractError("empty file")
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractError(f"not readable as HTML: {exc}") from exc
    cut = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, cut


_DROPPED = re.compile(r"<(script|style|template|head)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)?[^>]*>")


def flat_text(text: str) -> str:
    """The page's text without a tree (block tags become line breaks, inline ones vanish): what is
    left to read when the tree was cut short, so that nothing after the cut goes unseen."""
    stripped = _TAG.sub(_tag_break, _DROPPED.sub("\n", text))
    return _tidy(_SPACES_IN_LINE.sub(" ", html_lib.unescape(stripped)))


_SPACES_IN_LINE = re.compile(r"[ \t\xa0]+")


def _tag_break(match: re.Match[str]) -> str:
    name = (match.group(1) or "").lower()
    return "\n" if name in BLOCK or name in CELL or name in ("title", "tr") else ""


def visible_text(root: lxml.html.HtmlElement) -> str:
    """Text a reader sees, one line per block element, cells separated by tabs (no recursion)."""
    parts: list[str] = []
    skipping = 0
    pre = 0

    def add(value: str | None) -> None:
        if value:
            parts.append(value if pre else _SPACES.sub(" ", value))

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else None  # None: comment or PI
        if event == "start":
            if tag in SKIP:
                skipping += 1
            if skipping or tag is None:
                continue
            if tag == "pre":
                pre += 1
            if tag in BLOCK:
                parts.append("\n")
            add(el.text)
        else:
            if tag in SKIP:
                skipping -= 1
            elif not skipping and tag is not None:
                if tag in BLOCK:
                    parts.append("\n")
                elif tag in CELL:
                    parts.append("\t")
                if tag == "pre":
                    pre -= 1
                if tag == "a":
                    add(_link_target(el))
            if not skipping:
                add(el.tail)
    return _tidy("".join(parts))


def _link_target(el: lxml.html.HtmlElement) -> str | None:
    """ " (mailto:X)" after a link whose text does not show the address it writes to ("Góp ý",
    "Liên hệ", an envelope icon): where the page offers it, so its context (a footer, a byline) is
    read with it (docs/labelling.md, decision 4); the link segment alone has none."""
    shown = el.text_content()
    hidden = [a for a in parse_mailto((el.get("href") or "").strip()) if a.lower() not in shown.lower()]
    return f" (mailto:{', '.join(hidden)}) " if hidden else None


def _tidy(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        cells = [c.strip(" \xa0") for c in line.split("\t")]
        joined = "\t".join(c for c in cells if c)
        if joined:
            lines.append(joined)
    return "\n".join(lines)


def _meta_segments(root: lxml.html.HtmlElement) -> list[Segment]:
    found: list[str] = []
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        found.append(title.text_content())
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in META_NAMES and (meta.get("content") or "").strip():
            found.append(meta.get("content") or "")
    return [Segment(text=fix_legacy(clean_text(_SPACES.sub(" ", t).strip())), kind="meta") for t in found]


def _attribute_segments(root: lxml.html.HtmlElement) -> list[Segment]:
    """mailto: targets and Cloudflare-protected addresses as links; e-mail-like attributes as meta."""
    seen: set[tuple[str, str]] = set()
    out: list[Segment] = []

    def emit(text: str, kind: str) -> None:
        text = clean_text(text.strip())
        if text and (kind, text) not in seen:
            seen.add((kind, text))
            out.append(Segment(text=text, kind=kind))

    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            name = name.lower()
            if name == "href":
                for address in parse_mailto(value):
                    emit(address, "link")
                cf = _CFEMAIL_HREF.search(value)
                if cf and (decoded := decode_cfemail(cf.group(1))):
                    emit(decoded, "link")
            elif name == "data-cfemail":
                if decoded := decode_cfemail(value):
                    emit(decoded, "link")
            elif (name in TEXT_ATTRS or name.startswith("data-")) and EMAILISH.search(value):
                emit(value[:MAX_ATTR_CHARS], "meta")
    return out


_MAILTO_ATTR = re.compile(r"""href\s*=\s*["']?\s*(mailto:[^"'>\s]+)""", re.IGNORECASE)


def _own_address_tags(root: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(how, URL) of every tag by which a page names its own address, in the order they are trusted:
    the canonical link (the publisher's own word), og:url, then <base href>."""
    found: list[tuple[int, str, str]] = []
    for el in root.iter("link", "meta", "base"):
        tag = el.tag.lower()
        if tag == "link" and "canonical" in (el.get("rel") or "").lower().split():
            found.append((0, "canonical link", el.get("href") or ""))
        elif tag == "meta" and (el.get("property") or el.get("name") or "").lower() == "og:url":
            found.append((1, "og:url", el.get("content") or ""))
        elif tag == "base":
            found.append((2, "base address", el.get("href") or ""))
    return [(how, url) for _, how, url in sorted(found, key=lambda f: f[0])]


def own_address(text: str, root: lxml.html.HtmlElement) -> Origin | None:
    """The absolute http(s) address the page names as its own, or None: the browser's saved-from
    note first (where this very copy was downloaded from), then `_own_address_tags`. A relative
    address names no site and is passed over."""
    candidates: list[tuple[str, str]] = []
    saved = _SAVED_FROM.search(text[:SAVED_FROM_REACH])
    if saved:
        candidates.append(("saved-from note", saved.group(1)))
    candidates.extend(_own_address_tags(root))
    for how, url in candidates:
        url = html_lib.unescape(url.strip())
        if _WEB_ADDRESS.match(url):
            return Origin(url, how)
    return None


def _mailto_in(text: str) -> list[str]:
    return [a for m in _MAILTO_ATTR.finditer(text) for a in parse_mailto(html_lib.unescape(m.group(1)))]


def extract(data: bytes, limits: Limits) -> Extraction:
    if not data.strip():
        raise ExtractError("empty file")
    if len(data) > limits.max_file_bytes:
        raise ExtractError(f"file too large ({len(data)} bytes, limit {limits.max_file_bytes})")
    text, encoding = decode_bytes(data, declared_charset(data))
    root, cut = _parse(text)
    segments = _meta_segments(root)
    warnings = [] if encoding.startswith("utf") else [f"decoded as {encoding}"]
    if cut:
        # the tree stops at the depth limit: read the whole page as flat text instead
        warnings.append("elements nested too deep to lay out: the page was read as flat text")
        body = fix_legacy(clean_text(flat_text(text)))
        segments.extend(Segment(text=address, kind="link") for address in _mailto_in(text))
    else:
        body = fix_legacy(clean_text(visible_text(root)))
    if body:
        segments.append(Segment(text=body, kind="body"))
    segments.extend(_attribute_segments(root))
    return Extraction(segments=segments, warnings=warnings, origin=own_address(text, root))
