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

A file that is one document and carries the issuer, number and date of one already counted (a
copy saved again, other bytes) is that document — the same administrative identity by which
`violations.open_violations` makes it one case.

Registers recorded before part hashes were kept know a carrier's parts only by name; each such
part is then one document of its carrier (it cannot be matched with a copy recorded elsewhere).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu import rules as registry
from congvu.register.schema import documents, findings
from congvu.register.violations import document_identity

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


def _verdict_rules() -> list[str]:
    """The rules whose findings change a verdict (informational ones never do)."""
    return sorted(r for r in registry.RULES if registry.effect_of(r) != "none")


def _carrier(name: str) -> bool:
    dot = name.rfind(".")
    return dot > name.rfind("/") and name[dot:].lower() in CARRIERS


def _parent(part: str, names: set[str]) -> str | None:
    """The part that holds `part` ("a.zip/b.docx" is held by "a.zip"), None for the file itself."""
    head = part
    while "/" in head:
        head = head.rsplit("/", 1)[0]
        if head in names:
            return head
    return None


def content_of(sha: str, path: str, parts: dict[str, str], part: str | None) -> str:
    """The identity of the document that part `part` of the file `sha` at `path` belongs to (None:
    the file's own text) — the same identity `split` counts it under."""
    names = set(parts) | ({part} if part else set())
    doc = part
    while doc is not None:
        holder = _parent(doc, names)
        if _carrier(path if holder is None else holder):
            break
        doc = holder
    if doc is None:
        return sha
    return parts.get(doc) or hashlib.sha256(f"{sha}/{doc}".encode()).hexdigest()  # no part hash kept


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
    once, in the order of the first entry that holds it.

    Part hashes are read for carriers only: a part of a document (a PDF inside a .docx) belongs to
    that document whatever its hash, so for the common entry — one file, one document — the count
    needs no JSON at all.  100,000 documents in a month take about 4 s (SQLite and PostgreSQL
    alike, half of it reading the rows): a report's work, not a page's."""
    entries = conn.execute(
        sa.select(
            documents.c.id,
            documents.c.sha256,
            documents.c.path,
            documents.c.unit_id,
            documents.c.issuer,
            documents.c.number,
            documents.c.date,
        )
        .where(where)
        .order_by(documents.c.id)
    ).all()
    if not entries:
        return []
    carried = sa.or_(*(sa.func.lower(documents.c.path).like(f"%{suffix}") for suffix in sorted(CARRIERS)))
    parts: dict[int, dict[str, str]] = {}
    for doc_id, meta in conn.execute(sa.select(documents.c.id, documents.c.meta).where(where, carried)):
        found = (meta or {}).get("part_sha256") or {}
        parts[doc_id] = {str(k): str(v) for k, v in found.items()}
    rules: dict[int, dict[str | None, set[str]]] = {}
    for doc_id, part, rule in conn.execute(  # only the rules that make a verdict (not DOC-000)
        sa.select(findings.c.document_id, findings.c.part, findings.c.rule)
        .join(documents, documents.c.id == findings.c.document_id)
        .where(where, findings.c.rule.in_(_verdict_rules()))
        .distinct()
    ):
        rules.setdefault(doc_id, {}).setdefault(part, set()).add(rule)
    seen: dict[str, tuple[int | None, str]] = {}  # identity -> (unit, verdict), first entry's unit
    nothing: dict[str | None, set[str]] = {}
    by_identity: dict[str, str] = {}  # issuer + number + date -> the identity first counted for it
    for doc_id, sha, path, unit_id, issuer, number, day in entries:
        found_rules = rules.get(doc_id, nothing)
        if doc_id not in parts and all(part is None for part in found_rules):
            key = sha
            if not _carrier(path):  # a copy saved again (other bytes) is the document already counted
                named = document_identity(
                    str(unit_id) if unit_id is not None else issuer, number, day.isoformat() if day else None
                )
                if named is not None:
                    key = by_identity.setdefault(named, sha)
            items = {key: verdict_of(found_rules.get(None, ()))}  # one file, one document
        else:
            items = split(sha, path, parts.get(doc_id, {}), found_rules)
        for key, verdict in items.items():
            known = seen.get(key)
            if known is None:
                seen[key] = (unit_id, verdict)
            elif _RANK[verdict] > _RANK[known[1]]:
                seen[key] = (known[0], verdict)
    return [Content(key, unit, verdict) for key, (unit, verdict) in seen.items()]


def in_period(first: date, last: date, start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    """Register entries of a period: dated in it, or undated and recorded in it (UTC bounds)."""
    return sa.or_(
        documents.c.date.between(first, last),
        sa.and_(documents.c.date.is_(None), documents.c.recorded_at >= start, documents.c.recorded_at < end),
    )
