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

from sqlalchemy.engine import Connection

from congvu.register.bulk import insert_ignore
from congvu.register.months import month_of
from congvu.register.results import CrawledPage, JudgedFinding
from congvu.register.schema import web_pages
from congvu.register.sites import SiteIndex
from congvu.register.store import Store
from congvu.register.violations import NewFinding, NewViolation, open_violations, record_findings
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


def record_crawl(
    store: Store, pages: Iterable[CrawledPage | Mapping[str, Any]], who: str, policy: str | None = None
) -> WebRecordReport:
    """Store a crawl's page entries (the `congvu crawl --format json` shape); one transaction.
    Every entry is parsed first (`CrawledPage.from_contract`), so a broken one writes nothing.
    `policy`: the policy version the pages were judged under (`congvu.policyversion`), kept on
    every finding and violation; None when not known (a crawl's JSON recorded later)."""
    entries = [
        p if isinstance(p, CrawledPage) else CrawledPage.from_contract(p, f"pages[{i}]")
        for i, p in enumerate(pages)
    ]

    def work(conn: Connection) -> WebRecordReport:
        report = WebRecordReport()
        index = SiteIndex.load(conn)
        now = store.clock()
        for entry in entries:
            if entry.status != "ok":
                report.pages_failed += 1
                continue
            _record_page(conn, index, entry, who, now, report, policy)
        return report

    return store.run(work)


def _upsert_page(conn: Connection, unit_id: int | None, page: CrawledPage, now: datetime) -> None:
    url = page.url
    values = {"unit_id": unit_id, "verdict": page.verdict, "sha256": page.sha256, "last_seen": now}
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
    page: CrawledPage,
    who: str,
    now: datetime,
    report: WebRecordReport,
    policy: str | None = None,
) -> None:
    site = index.site_for(page.url)
    unit_id = site.unit_id if site else None
    report.unowned_pages += site is None
    _upsert_page(conn, unit_id, page, now)
    report.pages_recorded += 1
    source = page_source(page.url)
    # The scan engine's document rule becomes the web rule (`Rule.web_of`): same judgement,
    # published on a site.
    rows = [NewFinding.judged(source, f, for_web(f.rule), None, now) for f in page.findings]
    report.findings_new += record_findings(conn, rows, policy)
    by_address: dict[str, list[tuple[JudgedFinding, NewFinding]]] = {}
    for f, row in zip(page.findings, rows, strict=True):
        if row.rule == WEB_RULE:
            by_address.setdefault(f.address, []).append((f, row))
    host = _host(page.url)
    unit_code = site.unit_code if site else None
    new = [
        NewViolation(
            key=violation_key(host, address),
            rule=WEB_RULE,
            month=month_of(None, now),
            evidence={
                "site": host,
                "url": page.url,
                "unit": unit_code,
                "addresses": [address],
                "excerpts": [{**f.excerpt_evidence(), "address": address} for f, _ in found[:5]],
            },
            unit_id=unit_id,
            findings=tuple(row.identity for _, row in found),
            noted={"unit": unit_code, "url": page.url},
        )
        for address, found in sorted(by_address.items())
    ]
    made = open_violations(conn, new, who, now, "recorded from a website crawl", policy)
    report.violations_new += len(made)
