"""Output formats for scan results: every format is a module with `report(results, out)`.

This mapping is the one place that lists them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TextIO

from congvu.model import DocumentResult

ReportFn = Callable[[Sequence[DocumentResult], TextIO], None]

FORMATS: dict[str, str] = {
    "table": "table",
    "json": "json_out",
    "csv": "csv_out",
    "sarif": "sarif",
}


def get_reporter(name: str) -> ReportFn:
    module = importlib.import_module(f"congvu.output.{FORMATS[name]}")
    fn: ReportFn = module.report
    return fn
