"""The monthly and quarterly report of Phòng Văn hóa và Thông tin to the district chairman
(Directive 01/CT-UBND clause 3): figures, Word in the Nghị định 30/2020 format, Excel, PDF.

The names below load on first use: python-docx and matplotlib are heavy, and the web app and
the CLI import this package long before anyone asks for a report.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "MEDIA_TYPES": "congvu.reports.monthly",
    "build_monthly": "congvu.reports.monthly",
    "build_quarterly": "congvu.reports.monthly",
    "build_report": "congvu.reports.monthly",
    "format_of": "congvu.reports.monthly",
    "PdfUnavailable": "congvu.reports.pdf_report",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'congvu.reports' has no attribute {name!r}")
