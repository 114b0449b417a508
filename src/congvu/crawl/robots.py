"""robots.txt, per origin, read once per run, as RFC 9309 says a crawler must treat it.

A missing robots.txt (any 4xx) allows everything; an unreachable one (5xx, timeout) forbids
everything on that site for this run — an audit can wait, a struggling server should not be hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from congvu.crawl.fetcher import Fetcher

MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB


@dataclass(slots=True)
class _Rules:
    parser: RobotFileParser | None  # None: nothing applies (allow all)
    deny_all: str | None = None  # why the whole site is off limits


class Robots:
    """Answers "may congvu fetch this URL?" and "how long must it wait between requests?"."""

    def __init__(self, fetcher: Fetcher, agent: str = "congvu") -> None:
        self.fetcher = fetcher
        self.agent = agent
        self._by_origin: dict[str, _Rules] = {}

    def _origin(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _rules(self, url: str) -> _Rules:
        origin = self._origin(url)
        if origin not in self._by_origin:
            self._by_origin[origin] = self._load(origin)
        return self._by_origin[origin]

    def _load(self, origin: str) -> _Rules:
        got = self.fetcher.get(f"{origin}/robots.txt", limit_name="robots.txt", any_type=True)
        code = got.status_code
        if got.error and code is not None and 400 <= code < 500:
            return _Rules(None)
        if got.error or code != 200:
            return _Rules(None, f"robots.txt unreachable ({got.error or code}); site skipped per RFC 9309")
        parser = RobotFileParser()
        parser.parse(got.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.agent)
        if delay:
            self.fetcher.throttle.set_host_delay(urlsplit(origin).hostname or "", float(delay))
        return _Rules(parser)

    def refusal(self, url: str) -> str | None:
        """None if `url` may be fetched, else the reason (shown in the crawl's `skipped` list)."""
        rules = self._rules(url)
        if rules.deny_all:
            return rules.deny_all
        if rules.parser is not None and not rules.parser.can_fetch(self.agent, url):
            return "excluded by robots.txt"
        return None
