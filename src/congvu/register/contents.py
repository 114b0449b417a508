"""What the register holds as *documents*, counted once each, and the verdict of each.

A file in the register is not always one document: a .zip or an .eml only carries documents, and
the same .docx recorded on its own and inside a .zip is one document, not two.  A document is
known by the hash of its innermost part (`part_sha256`, which the scan gives and recording keeps
in `documents.meta`); what a carrier says itself (an e-mail body with an address) counts as one
document of its own.  A document embedded in another document (a PDF inside a .docx) is part of
that document, not a second one.

Its verdict follows its findings the way the judge gives it: `violation` with a DOC-001 finding,
`review` with a DOC-002 or DOC-003 one, `clean` otherwise — DOC-000 (an official or other
address, informational) never makes a document "to review".

Registers recorded before part hashes were kept know a carrier's parts only by name; each such
part is then one document of its carrier (it cannot be matched with a copy recorded elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu import rules as registry
from congvu.register.schema import documents, findings

VERDICTS = ("violation", "review", "clean")
CARRIERS = frozenset({".zip", ".eml", ".msg822"})  # files that carry documents and are none themselves
_RANK = {"clean": 0, "review": 1, "violation": 2}


@dataclass(frozen=True, slots=True)
class Content:
    """One document as counted: its identity (the innermost part's sha256), the unit of the first
    register entry that holds it, and its verdict."""

    key: str
    unit_id: int | None
    verdict: str


def verdict_of(rules: Iterable[str]) -> str:
    """The judge's verdict from the rules' effects (`congvu.rules.verdict`)."""
    return registry.verdict(rules)


def _carrier(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in CARRIERS


def _parent(part: str, names: set[str]) -> str | None:
    """The part that holds `part` ("a.zip/b.docx" is held by "a.zip"), None for the file itself."""
    head = part
    while "/" in head:
        head = head.rsplit("/", 1)[0]
        if head in names:
            return head
    return None


def split(
    sha: str, path: str, parts: dict[str, str], rules_by_part: dict[str | None, set[str]]
) -> dict[str, str]:
    """One register entry as documents: {identity: verdict}.

    `parts` maps each readable part's name to its sha256 (may be empty), `rules_by_part` the rules
    found in each part (None: the file's own text).  A carrier (a .zip, an .eml) is a document only
    when its own text has something to report (its headers' official addresses do not count)."""
    names = set(parts) | {p for p in rules_by_part if p is not None}

    def is_carrier(part: str | None) -> bool:
        return _carrier(path if part is None else part)

    def document_of(part: str | None) -> str | None:
        """The part (None: the file) whose document `part` is: itself when a carrier holds it."""
        if part is None:
            return None
        holder = _parent(part, names)
        return part if is_carrier(holder) else document_of(holder)

    found: dict[str | None, set[str]] = {}
    for part in [None, *sorted(names)]:
        found.setdefault(document_of(part), set()).update(rules_by_part.get(part, set()))
    out: dict[str, str] = {}
    for doc, rules in found.items():
        verdict = verdict_of(rules)
        if is_carrier(doc) and verdict == "clean":
            continue  # only what it carries counts
        key = sha if doc is None else (parts.get(doc) or f"{sha}/{doc}")
        if key not in out or _RANK[verdict] > _RANK[out[key]]:
            out[key] = verdict
    if not out and not names:  # a carrier with nothing readable in it: the file itself
        out[sha] = "clean"
    return out


def contents(conn: Connection, where: sa.ColumnElement[bool]) -> list[Content]:
    """The documents of the register entries matching `where` (a condition on `documents`), each
    once, in the order of the first entry that holds it."""
    entries = conn.execute(
        sa.select(documents.c.id, documents.c.sha256, documents.c.path, documents.c.unit_id, documents.c.meta)
        .where(where)
        .order_by(documents.c.id)
    ).all()
    if not entries:
        return []
    rules: dict[int, dict[str | None, set[str]]] = {}
    ids = sa.select(documents.c.id).where(where)
    for doc_id, part, rule in conn.execute(
        sa.select(findings.c.document_id, findings.c.part, findings.c.rule)
        .where(findings.c.document_id.in_(ids))
        .distinct()
    ):
        rules.setdefault(doc_id, {}).setdefault(part, set()).add(rule)
    seen: dict[str, Content] = {}
    for entry in entries:
        meta: dict[str, Any] = entry.meta or {}
        parts = {str(k): str(v) for k, v in (meta.get("part_sha256") or {}).items()}
        for key, verdict in split(entry.sha256, entry.path, parts, rules.get(entry.id, {})).items():
            known = seen.get(key)
            if known is None:
                seen[key] = Content(key, entry.unit_id, verdict)
            elif _RANK[verdict] > _RANK[known.verdict]:
                seen[key] = Content(key, known.unit_id, verdict)
    return list(seen.values())


def in_period(first: date, last: date, start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    """Register entries of a period: dated in it, or undated and recorded in it (UTC bounds)."""
    return sa.or_(
        documents.c.date.between(first, last),
        sa.and_(documents.c.date.is_(None), documents.c.recorded_at >= start, documents.c.recorded_at < end),
    )
