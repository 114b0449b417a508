"""Links on a page, read with lxml.html: anchors, image maps, frames and meta refresh.

Scripts, stylesheets and images are not followed: the audit reads what a visitor reads and the
documents a visitor can open, not a site's assets.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from congvu.crawl.urls import Link, classify_link, normalise

LINK_ATTRS: dict[str, str] = {"a": "href", "area": "href", "iframe": "src", "frame": "src"}
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")


def _targets(root: lxml.html.HtmlElement) -> list[str]:
    found: list[str] = []
    for el in root.iter(*LINK_ATTRS):
        value = el.get(LINK_ATTRS[str(el.tag).lower()])
        if value:
            found.append(value)
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            m = _REFRESH_URL.search(meta.get("content") or "")
            if m:
                found.append(m.group(1))
    return found


def page_links(html: bytes, page_url: str) -> list[Link]:
    """Followable links in document order, resolved against <base href> and made canonical."""
    data = _XML_DECL.sub(b"", html, count=1)
    if not data.strip():
        return []
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    base = page_url
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = normalise(base_el.get("href") or "", base=page_url) or page_url
    out: list[Link] = []
    seen: set[str] = set()
    for target in _targets(root):
        url = normalise(target, base=base)
        if url is None or url in seen:
            continue  # mailto:, javascript:, tel: and broken hrefs
        seen.add(url)
        link = classify_link(url)
        if link is not None:
            out.append(link)
    return out
