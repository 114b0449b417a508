"""`congvu record`: store a scan's results (its JSON, or scan the paths now) in the register."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from congvu.cli._db import (
    EXIT_STORE,
    ByOption,
    DbOption,
    FormatOption,
    config,
    fail,
    opened,
    print_json,
    who,
)
from congvu.cli.originals import originals_store
from congvu.register.recording import RecordingIncomplete
from congvu.register.recording import record as record_documents
from congvu.register.results import ContractError, JudgedDocument, judged_documents


def _from_json(text: str, where: str) -> list[JudgedDocument]:
    """The documents of a scan's JSON, every one parsed before anything is recorded."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        fail(f"{where}: not JSON ({error})", 1)
        raise
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        items = list(data["documents"])
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict) and "path" in data:
        items = [data]
    else:
        fail(f"{where}: expected the output of `congvu scan --format json`", 1)
        raise AssertionError
    try:
        return list(judged_documents(items))
    except ContractError as error:
        fail(f"{where}: {error}", 1)
        raise


def _scan(paths: list[Path]) -> Iterator[dict[str, Any]]:
    from congvu.scan.runner import scan_paths  # lazily: recording JSON must not pay for the scanner

    for result in scan_paths(paths, config()):
        yield result.as_contract()


def _adopt_if_new(store: Any, by: str) -> None:
    """Documents judged here under a version not adopted before: the audit log learns of it."""
    from congvu.policyversion import policy_version
    from congvu.register.policies import adopt

    with store.begin() as conn:
        adopt(
            conn,
            policy_version(config()).as_dict(),
            by,
            store.clock(),
            "congvu record: judged under this version",
        )


def record(
    inputs: Annotated[
        list[str] | None, typer.Argument(help="SCAN.json (or - for stdin), or files/folders to scan.")
    ] = None,
    format: FormatOption = "table",
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Record documents, findings and violations; recording the same document twice adds nothing."""
    items = inputs or ["-"]
    docs: Any
    policy: str | None = None  # a scan's JSON does not say which policy judged it
    if items == ["-"]:
        docs = _from_json(sys.stdin.read(), "stdin")
    elif len(items) == 1 and items[0].lower().endswith(".json"):
        docs = _from_json(Path(items[0]).read_text(encoding="utf-8"), items[0])
    else:
        from congvu.policyversion import policy_version
        from congvu.settings import ConfigError

        try:
            policy = policy_version(config()).hash  # judged here, under the settings in force
        except ConfigError as error:
            fail(str(error), 2)
        docs = _scan([Path(p) for p in items])
    try:
        with opened(db) as store:
            if policy is not None:
                _adopt_if_new(store, who(by))
            report = record_documents(store, docs, who(by), originals=originals_store(), policy=policy)
    except RecordingIncomplete as error:  # never expected; a count the register lacks is worse
        fail(f"recording stopped: {error}", EXIT_STORE)
        return
    if format == "json":
        print_json(report.as_dict())
        return
    typer.echo(
        f"documents: {report.documents_new} new, {report.documents_known} already recorded, "
        f"{report.documents_failed} unreadable; findings: {report.findings_new} new; "
        f"violations: {report.violations_new} new ({report.unattributed} unattributed)"
    )


def register(app: typer.Typer) -> None:
    app.command("record")(record)
