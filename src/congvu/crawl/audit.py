"""One website audit from the settings: the fetch policy and crawl options the `crawl.*` settings
(and the command's flags) give, and the run itself with each download judged in a worker process.

`congvu crawl` parses its options and calls `audit`; everything a crawl needs to know about the
settings is here, so the command holds no policy of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from congvu.crawl.fetcher import Fetcher, FetchPolicy
from congvu.crawl.run import Crawler, CrawlOptions, CrawlOutcome, OnEntry
from congvu.crawl.state import CrawlState
from congvu.crawl.urls import host_of
from congvu.settings import MB, Config, CrawlSettings


def user_agent(configured: str, contact: str) -> str:
    """`crawl.user_agent` when set, else congvu's own, with `crawl.contact` for site operators."""
    from congvu import __version__

    if configured:
        return configured
    reach = f"+{contact}" if contact else "contact: not configured (crawl.contact)"
    return f"congvu/{__version__} (website audit, Directive 01/CT-UBND Lien Chieu; {reach})"


def lacks_contact(settings: CrawlSettings) -> bool:
    """Neither crawl.contact nor a whole crawl.user_agent: site operators cannot reach us."""
    return not settings.contact and not settings.user_agent


def fetch_policy(settings: CrawlSettings) -> FetchPolicy:
    return FetchPolicy(
        user_agent=user_agent(settings.user_agent, settings.contact),
        timeout_seconds=float(settings.timeout_seconds),
        delay_seconds=settings.delay_ms / 1000,
        max_page_bytes=settings.max_page_mb * MB,
        max_document_bytes=settings.max_document_mb * MB,
        max_redirects=settings.max_redirects,
    )


def allowed_domains(allow: Iterable[str], starts: Iterable[str]) -> frozenset[str]:
    """--allow-domain (lowercase, without a leading dot), else the start URLs' hosts."""
    domains = [d.strip().lower().lstrip(".") for d in allow if d.strip()]
    return frozenset(domains or [host_of(u) for u in starts])


def crawl_options(
    settings: CrawlSettings,
    starts: list[str],
    allowed: frozenset[str],
    *,
    max_pages: int | None = None,
    max_depth: int | None = None,
    conditional: bool = True,
) -> CrawlOptions:
    """The flags where given (--max-pages, --max-depth), else crawl.max_pages and crawl.max_depth."""
    return CrawlOptions(
        starts,
        allowed,
        max_pages=max_pages if max_pages is not None else settings.max_pages,
        max_depth=max_depth if max_depth is not None else settings.max_depth,
        conditional=conditional,
    )


def audit(
    config: Config, options: CrawlOptions, state: Path | None = None, on_entry: OnEntry | None = None
) -> CrawlOutcome:
    """Crawl and judge.  Downloaded files are untrusted: each is judged in a worker process with
    the memory limit and the wall-clock timeout of `congvu scan`, so one pathological file costs
    one entry."""
    from congvu.scan.checker import PoolChecker

    checker = PoolChecker(config, workers=1)

    def judge(data: bytes, name: str, url: str) -> Any:
        result = checker.check(data, name, origin=url)  # fetched from there: who publishes it
        result.path = url
        return result

    fetcher, crawl_state = Fetcher(fetch_policy(CrawlSettings.of(config))), CrawlState(state)
    try:
        return Crawler(options, fetcher, judge, crawl_state, on_entry=on_entry).run()
    finally:
        fetcher.close()
        crawl_state.close()
        checker.close()
