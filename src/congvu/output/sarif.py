"""SARIF 2.1.0, so code-review and security dashboards can show document findings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from congvu import __version__
from congvu.model import DocumentResult
from congvu.output.safe_text import valid_utf8
from congvu.rules import RULES, shown


def _result(r: DocumentResult, f: object) -> dict[str, object]:
    from congvu.model import Finding

    assert isinstance(f, Finding)
    region: dict[str, object] = {"startLine": f.line or 1, "snippet": {"text": f.excerpt}}
    location: dict[str, object] = {
        "physicalLocation": {"artifactLocation": {"uri": Path(r.path).as_posix()}, "region": region}
    }
    props: dict[str, object] = {"address": f.address, "class": f.cls, "contact_point": f.contact_point}
    if f.page is not None:
        props["page"] = f.page
    if f.part:
        props["part"] = f.part
    return {
        "ruleId": f.rule,
        "level": RULES[f.rule].level if f.rule in RULES else "note",
        "message": {"text": f"{f.address}: {f.reason}"},
        "locations": [location],
        "properties": props,
    }


def report(results: Sequence[DocumentResult], out: TextIO) -> None:
    rules = [
        {"id": rule.id, "shortDescription": {"text": rule.summary}}
        for rule in RULES.values()
        if rule.family == "DOC"  # the rules a document can break
    ]
    sarif_results = [_result(r, f) for r in results for f in r.findings if shown(f.rule)]
    notifications = [
        {"level": "error", "message": {"text": f"{r.path}: {r.error}"}}
        for r in results
        if r.status == "error"
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "congvu", "version": __version__, "rules": rules}},
                "results": sarif_results,
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
            }
        ],
    }
    json.dump(valid_utf8(doc), out, ensure_ascii=False, indent=2)
    out.write("\n")
