"""Addresses highlighted inside an excerpt, safely: every piece of text is escaped, only <mark> is ours."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape


def highlight(text: str | None, needles: Iterable[str | None]) -> Markup:
    """`text` with each occurrence of any needle wrapped in <mark> (case-insensitive, longest first)."""
    source = text or ""
    folded = source.casefold()
    spans: list[tuple[int, int]] = []
    for needle in sorted({n for n in needles if n}, key=len, reverse=True):
        key, start = needle.casefold(), 0
        while (at := folded.find(key, start)) >= 0:
            end = at + len(key)
            if all(end <= a or at >= b for a, b in spans):
                spans.append((at, end))
            start = end
    out, pos = [], 0
    for a, b in sorted(spans):
        out.append(escape(source[pos:a]))
        out.append(Markup("<mark>") + escape(source[a:b]) + Markup("</mark>"))
        pos = b
    out.append(escape(source[pos:]))
    return Markup("").join(out)
