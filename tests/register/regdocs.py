"""Scan and crawl results in the JSON contract shape, built by hand (independent of the scanner)."""

from __future__ import annotations

import hashlib
from typing import Any


def finding(
    address: str, rule: str = "DOC-001", *, line: int = 38, excerpt: str | None = None
) -> dict[str, Any]:
    return {
        "address": address,
        "as_written": address,
        "class": "public",
        "provider": "Gmail",
        "contact_point": rule == "DOC-001",
        "obfuscated": False,
        "rule": rule,
        "reason": "public mailbox given as the issuer's contact"
        if rule == "DOC-001"
        else "public address in text",
        "page": 1,
        "line": line,
        "excerpt": excerpt or f"Điện thoại: 0511.3731xxx; Email: {address}",
        "part": None,
        "cue": "Email:" if rule == "DOC-001" else None,
    }


def document(
    number: str,
    *,
    issuer: str = "UBND QUẬN LIÊN CHIỂU\nUBND PHƯỜNG HÒA MINH",
    signer: str | None = "Nguyễn Văn An",
    date: str | None = "2014-06-20",
    findings: list[dict[str, Any]] | None = None,
    sha: bool = True,
) -> dict[str, Any]:
    found = findings if findings is not None else [finding("nguyenvanan85@gmail.com")]
    doc: dict[str, Any] = {
        "path": f"van-ban/{number.replace('/', '-')}.pdf",
        "status": "ok",
        "error": None,
        "verdict": "violation" if any(f["rule"] == "DOC-001" for f in found) else "review",
        "metadata": {
            "issuer": issuer,
            "number": number,
            "type_code": None,
            "date": date,
            "subject": "V/v tổng hợp danh sách hộ nghèo, hộ cận nghèo năm 2014",
            "signer": signer,
            "type_name": "Công văn",
            "place": "Liên Chiểu",
        },
        "findings": found,
        "format": "pdf",
    }
    doc["sha256"] = hashlib.sha256(number.encode()).hexdigest() if sha else None
    return doc


CONTACT_PAGE = "https://hoaminh.lienchieu.danang.gov.vn/lien-he.html"


def web_page(address: str, url: str = CONTACT_PAGE) -> dict[str, Any]:
    """A crawled page (what `record_crawl` takes): a ward's contact page giving `address`."""
    found = [finding(address)]
    return {"url": url, "status": "ok", "verdict": "violation", "sha256": "c" * 64, "findings": found}
