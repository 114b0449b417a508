"""The JSON contract of `congvu scan --format json` (fields may be added, never renamed or removed)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from congvu import __version__
from congvu.model import DocumentResult
from congvu.output.safe_text import valid_utf8


def as_dict(results: Sequence[DocumentResult]) -> dict[str, object]:
    return {"congvu": __version__, "documents": [r.as_contract() for r in results]}


def report(results: Sequence[DocumentResult], out: TextIO) -> None:
    json.dump(valid_utf8(as_dict(results)), out, ensure_ascii=False, indent=2)
    out.write("\n")
