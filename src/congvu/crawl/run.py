"""The crawl loop: take the next URL, ask robots.txt, fetch, judge, remember, queue its links.

One URL at a time, breadth first.  Each page or document is judged by the same function as
`congvu scan` (passed in as `judge`), so a verdict on the web means what it means on paper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from congvu.crawl.fetcher import Fetched, Fetcher, Validators, scan_name
from congvu.crawl.links import page_links
from congvu.crawl.robots import Robots
from congvu.crawl.state import CrawlState, Pending
from congvu.crawl.urls import host_allowed, host_of
from congvu.model import DocumentResult
from congvu.settings import CrawlSettings

# (data, file name, url it was fetched from: its origin, the judge's evidence of who publishes it)
Judge = Callable[[bytes, str, str], DocumentResult]
OnEntry = Callable[[dict[str, Any]], None]
_DEFAULT = CrawlSettings.defaults()


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    start_urls: list[str]
    allowed_domains: frozenset[str]
    max_pages: int = _DEFAULT.max_pages  # the crawl.* settings' defaults
    max_depth: int = _DEFAULT.max_depth
    conditional: bool = True  # send the stored ETag / Last-Modified (False: judge everything again)


@dataclass(slots=True)
class CrawlOutcome:
    pages: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    resumed: bool = False
    stopped_at_max_pages: bool = False
    not_modified: int = 0


def _entry(url: str, fetched: Fetched, depth: int, result: DocumentResult | None) -> dict[str, Any]:
    """A page entry: the scan contract of the result (findings unchanged), keyed by URL."""
    body: dict[str, Any] = {"status": "error", "error": fetched.error, "verdict": None, "findings": []}
    if result is not None:
        body = result.as_contract()
        body.pop("path", None)
    kind = "page" if fetched.is_html else "document"
    return {
        "url": url,
        **body,
        "kind": kind,
        "final_url": fetched.final_url,
        "http_status": fetched.status_code,
        "content_type": fetched.content_type or None,
        "depth": depth,
        "reused": False,
    }


class Crawler:
    def __init__(
        self,
        options: CrawlOptions,
        fetcher: Fetcher,
        judge: Judge,
        state: CrawlState,
        *,
        on_entry: OnEntry | None = None,
    ) -> None:
        self.options, self.fetcher, self.judge, self.state = options, fetcher, judge, state
        self.robots = Robots(fetcher)
        self.on_entry = on_entry

    def refusal(self, url: str) -> str | None:
        """Why `url` may not be fetched (outside the allowed domains, robots.txt), or None."""
        if not host_allowed(host_of(url), self.options.allowed_domains):
            return "outside the allowed domains (--allow-domain)"
        return self.robots.refusal(url)

    def run(self) -> CrawlOutcome:
        outcome = CrawlOutcome()
        self.state.begin_run(self.options.start_urls)
        outcome.resumed = self.state.resumed
        while (pending := self.state.next_pending()) is not None:
            if self.state.fetched_count() >= self.options.max_pages:
                outcome.stopped_at_max_pages = True
                break
            outcome.not_modified += self._visit(pending)
        self.state.finish_run()
        outcome.pages = self.state.visits("page")
        outcome.skipped = self.state.visits("skipped")
        return outcome

    def _skip(self, pending: Pending, reason: str, final_url: str | None = None) -> int:
        entry = {"url": pending.url, "reason": reason}
        self.state.record_visit(pending, final_url or pending.url, "skipped", entry)
        return 0

    def _visit(self, pending: Pending) -> int:
        """Fetch and judge one URL; returns 1 when the server said it had not changed."""
        reason = self.refusal(pending.url)
        if reason:
            return self._skip(pending, reason)
        stored = self.state.stored(pending.url) if self.options.conditional else None
        fetched = self.fetcher.get(
            pending.url, validators=stored.validators if stored else None, check_redirect=self.refusal
        )
        if fetched.skipped:
            return self._skip(pending, fetched.skipped, fetched.final_url)
        if fetched.final_url != pending.url and self.state.seen(fetched.final_url):
            return self._skip(
                pending, f"redirects to {fetched.final_url}, already checked", fetched.final_url
            )
        if fetched.not_modified and stored is not None:
            entry = {**stored.entry, "reused": True, "depth": pending.depth}
            self._store(pending, fetched.final_url, entry, stored.links, stored.validators)
            return 1
        result: DocumentResult | None = None
        links: list[dict[str, Any]] = []
        if fetched.error is None:
            name = scan_name(fetched.content_type, fetched.final_url) or "page.html"
            result = self.judge(fetched.body, name, fetched.final_url)  # after redirects: where it is
            if fetched.is_html:
                found = page_links(fetched.body, fetched.final_url)
                links = [{"url": link.url, "document": link.document} for link in found]
        entry = _entry(pending.url, fetched, pending.depth, result)
        validators = fetched.validators if fetched.error is None else Validators()
        self._store(pending, fetched.final_url, entry, links, validators)
        return 0

    def _store(
        self,
        pending: Pending,
        final_url: str,
        entry: dict[str, Any],
        links: list[dict[str, Any]],
        validators: Validators,
    ) -> None:
        new: list[Pending] = []
        for link in links:
            url = str(link["url"])
            is_doc = bool(link["document"])
            depth = pending.depth + 1
            if not is_doc and depth > self.options.max_depth:
                continue  # documents linked from a page that was read are always checked
            if not host_allowed(host_of(url), self.options.allowed_domains) or self.state.seen(url):
                continue
            if any(p.url == url for p in new):
                continue
            new.append(Pending(url, depth))
        resource = (validators, links) if entry["status"] == "ok" else None
        self.state.record_visit(pending, final_url, "page", entry, new_links=new, resource=resource)
        if self.on_entry is not None:
            self.on_entry(entry)
