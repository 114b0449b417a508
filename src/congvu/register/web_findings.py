"""Recording a crawl: web pages, their findings, and WEB-001 violations against the site's unit.

A public mailbox given as a contact on a page or on a document the site publishes is a WEB-001
violation of the unit that owns the site (directive clause 1c: no official publication may give a
public address as a contact).  One violation per site and address — the same Gmail in the footer
of 300 pages is one violation with 300 findings linked to it, not 300 — keyed
"web:<sha256(host, address)>:WEB-001" so re-crawls add nothing.  Review-class findings (DOC-002,
DOC-003) are stored for `congvu violations review` and make no violation.  Violations name the
unit, not a person: an inspector assigns the responsible person (`congvu violations assign`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register import audit
from congvu.register.bulk import insert_findings
from congvu.register.months import month_of
from congvu.register.recording import evidence_hash, insert_ignore
from congvu.register.schema import findings, violation_findings, violations, web_pages
from congvu.register.sites import SiteIndex
from congvu.register.store import Store
from congvu.rules import for_web

WEB_RULE = "WEB-001"  # the rule this recorder opens violations for (the keys name it)


@dataclass
class WebRecordReport:
    pages_recorded: int = 0
    pages_failed: int = 0
    findings_new: int = 0
    violations_new: int = 0
    unowned_pages: int = 0  # pages on a site no unit owns (congvu sites add HOST --unit CODE)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


def page_source(url: str) -> str:
    return f"web:{url_hash(url)}"


def violation_key(host: str, address: str) -> str:
    digest = hashlib.sha256("\x1f".join((host, address.lower())).encode()).hexdigest()
    return f"web:{digest}:{WEB_RULE}"


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def record_crawl(store: Store, pages: Iterable[Mapping[str, Any]], who: str) -> WebRecordReport:
    """Store a crawl's page entries (the `congvu crawl --format json` shape); one transaction."""
    entries = list(pages)

    def work(conn: Connection) -> WebRecordReport:
        report = WebRecordReport()
        index = SiteIndex.load(conn)
        now = store.clock()
        for entry in entries:
            if entry.get("status") != "ok":
                report.pages_failed += 1
                continue
            _record_page(conn, index, entry, who, now, report)
        return report

    return store.run(work)


def _upsert_page(
    conn: Connection, url: str, unit_id: int | None, entry: Mapping[str, Any], now: datetime
) -> None:
    values = {
        "unit_id": unit_id,
        "verdict": entry.get("verdict"),
        "sha256": entry.get("sha256"),
        "last_seen": now,
    }
    done = conn.execute(
        insert_ignore(conn, web_pages, ["url_hash"]).values(
            url_hash=url_hash(url), url=url, host=_host(url), first_seen=now, **values
        )
    )
    if done.rowcount == 0:
        conn.execute(web_pages.update().where(web_pages.c.url_hash == url_hash(url)).values(**values))


def _record_page(
    conn: Connection,
    index: SiteIndex,
    entry: Mapping[str, Any],
    who: str,
    now: datetime,
    report: WebRecordReport,
) -> None:
    url = str(entry["url"])
    site = index.site_for(url)
    unit_id = site.unit_id if site else None
    report.unowned_pages += site is None
    _upsert_page(conn, url, unit_id, entry, now)
    report.pages_recorded += 1
    source = page_source(url)
    rows, hits = [], []
    for f in entry.get("findings") or []:
        # The scan engine's document rule becomes the web rule (`Rule.web_of`): same judgement,
        # published on a site.
        rule = for_web(str(f.get("rule") or ""))
        rows.append(
            (
                source, rule, evidence_hash(rule, f), None, str(f.get("address") or ""), f.get("as_written"),
                f.get("class"), f.get("provider"), bool(f.get("contact_point")), bool(f.get("obfuscated")),
                f.get("page"), f.get("line"), str(f.get("excerpt") or ""), f.get("reason"), f.get("part"),
                f.get("cue"), now,
            )
        )  # fmt: skip
        if rule == WEB_RULE:
            hits.append(f)
    report.findings_new += insert_findings(conn, rows)
    if hits:
        _violations(conn, url, site.unit_code if site else None, unit_id, hits, who, now, report)


def _violations(
    conn: Connection,
    url: str,
    unit_code: str | None,
    unit_id: int | None,
    hits: list[Mapping[str, Any]],
    who: str,
    now: datetime,
    report: WebRecordReport,
) -> None:
    host = _host(url)
    by_address: dict[str, list[Mapping[str, Any]]] = {}
    for f in hits:
        by_address.setdefault(str(f.get("address")), []).append(f)
    rows = [
        {
            "key": violation_key(host, address),
            "person_id": None,
            "unit_id": unit_id,
            "month": month_of(None, now),
            "status": "pending",
            "rule": WEB_RULE,
            "document_id": None,
            "evidence": {
                "site": host,
                "url": url,
                "unit": unit_code,
                "addresses": [address],
                "excerpts": [
                    {
                        "address": address,
                        "page": f.get("page"),
                        "line": f.get("line"),
                        "excerpt": f.get("excerpt"),
                    }
                    for f in found[:5]
                ],
            },
            "created_at": now,
            "created_by": who,
        }
        for address, found in sorted(by_address.items())
    ]
    made = conn.execute(
        insert_ignore(conn, violations, ["key"]).returning(violations.c.id, violations.c.key), rows
    ).all()
    report.violations_new += len(made)
    keys = [r["key"] for r in rows]
    ids = {
        r.key: r.id
        for r in conn.execute(sa.select(violations.c.key, violations.c.id).where(violations.c.key.in_(keys)))
    }
    found_ids = conn.execute(
        sa.select(findings.c.id, findings.c.address).where(
            findings.c.source == page_source(url), findings.c.rule == WEB_RULE
        )
    ).all()
    links = [
        {"violation_id": ids[violation_key(host, r.address)], "finding_id": r.id}
        for r in found_ids
        if violation_key(host, r.address) in ids
    ]
    if links:
        conn.execute(insert_ignore(conn, violation_findings, ["violation_id", "finding_id"]), links)
    audit.append(
        conn,
        now,
        [
            audit.Event(
                who,
                "violation.created",
                "violation",
                str(m.id),
                None,
                {"status": "pending", "unit": unit_code, "key": m.key, "url": url},
                "recorded from a website crawl",
            )
            for m in made
        ],
    )
