"""Website audit: crawl official sites politely and judge every page and document like `congvu scan`.

urls (identity, scope) → fetcher (HTTP, limits, redirects) → robots → links (lxml) → state (SQLite
on disk, resumable, validators) → run (the loop).  The judge is passed in, so the crawler knows
nothing about addresses and the scan engine nothing about HTTP.
"""

from congvu.crawl.fetcher import Fetcher, FetchPolicy, Throttle
from congvu.crawl.run import Crawler, CrawlOptions, CrawlOutcome
from congvu.crawl.state import CrawlState

__all__ = ["CrawlOptions", "CrawlOutcome", "CrawlState", "Crawler", "FetchPolicy", "Fetcher", "Throttle"]
