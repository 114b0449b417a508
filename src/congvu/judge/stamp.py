"""E-signature stamps: the text a digital signature prints on page 1, often above the header.

A signed PDF's stamp reads "Ký bởi: Cục Thuế tỉnh Bắc Ninh" / "Cơ quan: …" / "Email: …" / "Thời
gian ký: 08.06.2020 15:19". It is no header line: its organ is the signer's certificate, not the
issuer's block (Nghị định 30/2020 puts the issuer's name in boxes 1-2), and its time is when the
file was signed, not the document's date (box 4's "…, ngày … tháng … năm …").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# The stamp's field labels, folded; OCR bends their letters ("Kỹ bot:", "Người ky:").
_FIELD = re.compile(
    r"^\W*(?:\S{0,12}\s)?(?:k[yi]\s*b[oơ]\S{0,2}|nguoi\s*k[yi]|thoi\s*gian\s*k[yi]|co\s*quan|email|dia\s*chi)\s*:"
)
# The signing time: "08.06.2020 15:19", "23.03.2022 16:33" (dots, then the hour).
_TIME = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\s+\d{1,2}:\d{2}")


def stamp_lines(folded: Sequence[str], limit: int) -> frozenset[int]:
    """Indices (below `limit`) of the lines of an e-signature stamp: a "Ký bởi:" or "Thời gian ký:"
    line, the field lines next to one, and a signing time on its own line right below its label."""
    end = min(limit, len(folded))
    labelled = [
        i for i in range(end) if re.search(r"k[yi]\s*b[oơ]\S{0,2}\s*:|thoi\s*gian\s*k[yi]", folded[i])
    ]
    if not labelled:
        return frozenset()
    out: set[int] = set()
    for i in labelled:
        out.add(i)
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < end and (_FIELD.match(folded[j]) or _TIME.search(folded[j])):
                out.add(j)
    return frozenset(out)
