"""`congvu whatif scan`: the same files judged under the current and the candidate policy.

Each document is read and extracted (OCR'd) once through the one engine
(`congvu.scan.runner.scan_paths` with `candidate`) and its extraction judged under both policies;
a file that cannot be read is the same error under either.  The output is the `congvu scan`
document object of the candidate's reading with `verdict_now` and `verdict_after` added.  Nothing
is recorded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from congvu import __version__
from congvu.model import DocumentResult
from congvu.policyversion import policy_version
from congvu.scan.runner import scan_paths
from congvu.settings import Config


def _counts(results: list[DocumentResult]) -> dict[str, int]:
    return dict(Counter(r.verdict or r.status for r in results))


def whatif_scan(
    paths: Iterable[Path], now: Config, after: Config, *, workers: int = 0, show_all: bool = False
) -> dict[str, Any]:
    """The JSON contract of `congvu whatif scan --format json` (fields may be added, never removed)."""
    paths = list(paths)
    before = list(scan_paths(paths, now, workers=workers, candidate=after))
    later = [r.candidate or r for r in before]
    documents = []
    changed = 0
    for old, new in zip(before, later, strict=True):
        differs = old.verdict != new.verdict
        changed += differs
        if differs or show_all:
            doc = new.as_contract()
            doc["verdict_now"], doc["verdict_after"] = old.verdict, new.verdict
            documents.append(doc)
    version_now, version_after = policy_version(now), policy_version(after)
    return {
        "congvu": __version__,
        "policy_now": version_now.hash,
        "policy_after": version_after.hash,
        "policy_diff": version_now.diff(version_after),
        "documents": documents,
        "summary": {
            "documents": len(later),
            "changed": changed,
            "now": _counts(before),
            "after": _counts(later),
        },
    }
