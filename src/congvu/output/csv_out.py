"""One CSV row per finding (documents without findings get one row), for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from congvu.model import DocumentResult
from congvu.output.cells import csv_row

COLUMNS = (
    "path",
    "status",
    "error",
    "verdict",
    "number",
    "date",
    "issuer",
    "signer",
    "address",
    "as_written",
    "class",
    "provider",
    "contact_point",
    "obfuscated",
    "rule",
    "reason",
    "part",
    "page",
    "line",
    "excerpt",
)


def report(results: Sequence[DocumentResult], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in results:
        doc = [
            r.path,
            r.status,
            r.error or "",
            r.verdict or "",
            r.metadata.number or "",
            r.metadata.date or "",
            r.metadata.issuer or "",
            r.metadata.signer or "",
        ]
        if not r.findings:
            writer.writerow(csv_row(doc + [""] * (len(COLUMNS) - len(doc))))
        for f in r.findings:
            writer.writerow(
                csv_row(
                    [
                        *doc,
                        f.address,
                        f.as_written,
                        f.cls,
                        f.provider or "",
                        str(f.contact_point).lower(),
                        str(f.obfuscated).lower(),
                        f.rule,
                        f.reason,
                        f.part or "",
                        "" if f.page is None else f.page,
                        "" if f.line is None else f.line,
                        f.excerpt,
                    ]
                )
            )
