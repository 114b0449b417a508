"""A legal portal's attribute table: the fields a document database prints about a document.

vbpl.vn, thuvienphapluat and the provinces' "văn bản chỉ đạo điều hành" pages show a document
with its attributes as labelled fields — "Số hiệu: 1234/QĐ-UBND", "Ngày ban hành: 12/05/2024",
"Cơ quan ban hành: Ủy ban nhân dân tỉnh Quảng Nam" — above or beside a text whose own header the
page may leave out. Such a field is the page's statement about the document it shows: it fills a
header field the header reader left empty, never overrides one it read. Only a field that opens
its line (or a table cell) counts: "… về số hiệu tài khoản …" in a sentence is no field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from congvu.judge.datefind import first_date
from congvu.judge.text import fold, squash

PORTAL_LINES = 200  # an attribute table stands near the top of the page
PORTAL_CHARS = 40_000  # … and the lines read are cut at this many characters (cost bound)

_FIELD_START = r"(?:^|\n|\|)[ \t]*"  # (a tab folds to a space)
_NUMBER_FIELD = re.compile(
    _FIELD_START + r"(?:so\s*hieu|so\s*ky\s*hieu|so\s*/\s*ky\s*hieu|ky\s*hieu)(?:\s*van\s*ban)?"
    r"[ \t]*[:|]?[ \t]*"
    r"(?P<value>[0-9][^\n|\t]{1,40})"
)
_DATE_FIELD = re.compile(_FIELD_START + r"ngay\s*ban\s*hanh[ \t]*[:|]?[ \t]*(?P<value>[0-9][^\n|\t]{5,30})")
_ISSUER_FIELD = re.compile(
    _FIELD_START + r"(?:co\s*quan|noi|don\s*vi)\s*ban\s*hanh[ \t]*[:|][ \t]*(?P<value>[^\n|\t]{3,120})"
)


@dataclass(frozen=True)
class PortalFields:
    number: str | None = None  # the field's value as written ("1234/QĐ-UBND"), for `header` to read
    date: str | None = None  # ISO
    issuer: str | None = None


def portal_fields(lines: list[str]) -> PortalFields:
    """The attribute fields among the first lines of a page, as written (folded only to find them)."""
    head = "\n".join(lines[:PORTAL_LINES])[:PORTAL_CHARS]
    folded = fold(head)  # same length as `head`: positions map back one to one
    number = date = issuer = None
    m = _NUMBER_FIELD.search(folded)
    if m is not None:
        number = head[m.start("value") : m.end("value")].strip()  # read by the header's number grammar
    m = _DATE_FIELD.search(folded)
    if m is not None:
        date = first_date("ngay " + m.group("value"))
    m = _ISSUER_FIELD.search(folded)
    if m is not None:
        issuer = squash(head[m.start("value") : m.end("value")]).strip(" .;,") or None
    return PortalFields(number, date, issuer)
