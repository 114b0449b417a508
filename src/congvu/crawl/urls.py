"""URL identity and scope: which links the crawler may follow, and what it expects behind them.

Two spellings of one address (`HTTP://Host:80/a#top` and `http://host/a`) must be one frontier
entry, or a site with a menu on every page is read many times over; so every URL is normalised
once, here, before anything compares it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

# Links to these are followed as documents and judged like `congvu scan` judges a file.
DOCUMENT_EXTENSIONS = frozenset({".pdf", ".docx", ".doc", ".odt", ".rtf"})
# Links to these are never fetched: media, archives and formats congvu does not read on a site.
_SKIPPED = (
    ".jpg .jpeg .png .gif .bmp .webp .svg .ico .tif .tiff .mp3 .mp4 .avi .mov .wmv .flv .webm .ogg"
    " .wav .zip .rar .7z .gz .tar .exe .msi .apk .iso .css .js .json .xml .woff .woff2 .ttf .eot"
    " .xls .xlsx .ppt .pptx .ods .odp"
)
SKIPPED_EXTENSIONS = frozenset(_SKIPPED.split())
_DEFAULT_PORTS = {"http": 80, "https": 443}


class BadUrl(ValueError):
    """A start URL that cannot be crawled (no scheme, not http(s), no host)."""


def normalise(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of `url` (resolved against `base`), or None if not http(s)."""
    raw = url.strip()
    if base is not None:
        try:
            raw = urljoin(base, raw)
        except ValueError:
            return None
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit(SplitResult(scheme, netloc, path, parts.query, ""))


def start_url(raw: str) -> str:
    """A start URL as typed by a person: `lienchieu.danang.gov.vn` means `http://…/`."""
    candidate = raw if "://" in raw else f"http://{raw}"
    url = normalise(candidate)
    if url is None:
        raise BadUrl(f"not a web address congvu can crawl: {raw!r} (http:// or https:// only)")
    return url


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    """`allowed` holds domains; a subdomain of an allowed domain is allowed too (ward sites)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in allowed)


def extension(url: str) -> str:
    return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()


def file_name(url: str) -> str:
    """A name for the scan engine (its extension picks the reader), from the URL's last segment."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    return name or "index.html"


@dataclass(frozen=True, slots=True)
class Link:
    """A link found on a page: where it points and whether it looks like a document."""

    url: str
    document: bool


def classify_link(url: str) -> Link | None:
    """A followable link, or None for media and archives the audit never needs to download."""
    ext = extension(url)
    if ext in SKIPPED_EXTENSIONS:
        return None
    return Link(url, ext in DOCUMENT_EXTENSIONS)
