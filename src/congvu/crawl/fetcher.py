"""HTTP for the crawler: one GET at a time, politely, within time and size limits.

Redirects are followed here rather than by httpx so that every hop is checked against the
allowed domains (an official page must not walk the crawler off to another site), loops are
named in the error, and the per-host pause applies to each hop.  Bodies are streamed and reading
stops at the size limit, so a 2 GB "page" costs at most the limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from congvu import extract
from congvu.crawl.urls import DOCUMENT_EXTENSIONS, extension, file_name, host_of, normalise
from congvu.settings import MB, CrawlSettings

_DEFAULT = CrawlSettings.defaults()

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Content types read as documents, and the extension that tells the scan engine which reader to use.
DOCUMENT_TYPES: dict[str, str] = {
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/rtf": ".rtf",
    "text/rtf": ".rtf",
    "text/plain": ".txt",
}
# Servers often label documents generically; then the URL's extension decides.
GENERIC_TYPES = frozenset({"application/octet-stream", "binary/octet-stream", "application/download", ""})

# Returns None when a redirect target may be fetched, else the reason it may not.
RedirectCheck = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Defaults: the crawl.* settings' (in seconds and bytes)."""

    user_agent: str
    timeout_seconds: float = float(_DEFAULT.timeout_seconds)
    delay_seconds: float = _DEFAULT.delay_ms / 1000
    max_page_bytes: int = _DEFAULT.max_page_mb * MB
    max_document_bytes: int = _DEFAULT.max_document_mb * MB
    max_redirects: int = _DEFAULT.max_redirects


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said identifies this version of the resource (conditional GET)."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(slots=True)
class Fetched:
    url: str
    final_url: str
    status_code: int | None = None
    content_type: str = ""
    body: bytes = b""
    validators: Validators = field(default_factory=Validators)
    not_modified: bool = False
    error: str | None = None
    skipped: str | None = None  # fetched headers only: not something the audit reads

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


class Throttle:
    """At most one request per `delay` seconds to each host (robots.txt Crawl-delay may raise it)."""

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}

    def set_host_delay(self, host: str, seconds: float) -> None:
        self._host_delay[host] = max(seconds, self.delay)

    def wait(self, host: str) -> None:
        now = self._clock()
        due = self._next.get(host, now)
        if due > now:
            self._sleep(due - now)
            now = due
        self._next[host] = now + self._host_delay.get(host, self.delay)


def scan_name(content_type: str, url: str) -> str | None:
    """The file name under which the scan engine reads this response, or None if it is not read.

    A page is read as HTML whatever its URL says (`/tin-tuc.aspx`); a document by its declared
    type, or by its URL's extension when the server only says "octet-stream".
    """
    name = file_name(url)
    if content_type in HTML_TYPES:
        return name if extract.format_for(name) is extract.format_for("x.html") else f"{name}.html"
    ext = DOCUMENT_TYPES.get(content_type)
    if ext is not None:
        return name if extension(url) == ext else f"{name}{ext}"
    if content_type in GENERIC_TYPES and extension(url) in DOCUMENT_EXTENSIONS:
        return name
    return None


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


class Fetcher:
    """GETs with the congvu User-Agent, bounded redirects, streaming size limits and a throttle."""

    def __init__(
        self, policy: FetchPolicy, *, client: httpx.Client | None = None, throttle: Throttle | None = None
    ):
        self.policy = policy
        self.throttle = throttle or Throttle(policy.delay_seconds)
        self.client = client or httpx.Client(
            headers={"User-Agent": policy.user_agent},
            timeout=httpx.Timeout(policy.timeout_seconds),
            follow_redirects=False,
            trust_env=False,  # an audit must reach the site itself, not a proxy from the environment
        )

    def close(self) -> None:
        self.client.close()

    def get(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        check_redirect: RedirectCheck | None = None,
        limit_name: str = "crawl.max_page_mb",
        any_type: bool = False,
    ) -> Fetched:
        chain = [url]
        current = url
        headers = validators.headers() if validators else {}
        while True:
            self.throttle.wait(host_of(current))
            try:
                result = self._one(url, current, headers, limit_name, any_type)
            except httpx.TimeoutException:
                return Fetched(
                    url,
                    current,
                    error=f"timed out after {self.policy.timeout_seconds:g} s (crawl.timeout_seconds)",
                )
            except httpx.HTTPError as exc:
                return Fetched(url, current, error=f"cannot fetch: {type(exc).__name__}: {exc}")
            if isinstance(result, Fetched):
                return result
            target = normalise(result, base=current)
            if target is None:
                return Fetched(
                    url, current, error=f"redirect to an address that cannot be fetched: {result!r}"
                )
            if target in chain:
                loop = " → ".join([*chain[chain.index(target) :], target])
                return Fetched(url, current, error=f"redirect loop: {loop}")
            if len(chain) > self.policy.max_redirects:
                return Fetched(
                    url,
                    current,
                    error=f"more than {self.policy.max_redirects} redirects (crawl.max_redirects)",
                )
            reason = check_redirect(target) if check_redirect else None
            if reason:
                return Fetched(url, current, error=f"redirects to {target}: {reason}")
            chain.append(target)
            current = target

    def _one(
        self, url: str, current: str, headers: dict[str, str], limit_name: str, any_type: bool
    ) -> Fetched | str:
        """One request: a finished `Fetched`, or the Location to follow."""
        with self.client.stream("GET", current, headers=headers) as resp:
            if resp.status_code in REDIRECT_CODES:
                location = resp.headers.get("location")
                if not location:
                    return Fetched(url, current, resp.status_code, error="redirect without a Location")
                return location
            got = Fetched(url, current, resp.status_code)
            got.content_type = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            got.validators = Validators(resp.headers.get("etag"), resp.headers.get("last-modified"))
            if resp.status_code == 304:
                got.not_modified = True
                return got
            if resp.status_code >= 400:
                got.error = f"HTTP {resp.status_code} {resp.reason_phrase}".strip()
                return got
            if resp.status_code != 200:
                got.error = f"unexpected HTTP status {resp.status_code}"
                return got
            if not any_type and scan_name(got.content_type, current) is None:
                got.skipped = f"not a page or document congvu reads ({got.content_type or 'no type'})"
                return got
            limit = self.policy.max_page_bytes if got.is_html else self.policy.max_document_bytes
            limit_name = limit_name if got.is_html else "crawl.max_document_mb"
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                got.error = f"response is {_mb(int(declared))}; the limit is {_mb(limit)} ({limit_name})"
                return got
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    got.error = f"response is larger than {_mb(limit)}; stopped reading ({limit_name})"
                    return got
                chunks.append(chunk)
            got.body = b"".join(chunks)
            return got
