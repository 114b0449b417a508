"""Reading domain lists: the bundled TSV and the files an administrator imports.

Imported files come from other mail tools, so both native formats are read as they are:
SpamAssassin rules (`freemail_domains a.com *.b.com`, `freemail_whitelist x.com`) and rspamd maps
(one domain per line).  A broken file must stop the run with the file and line named, because a
silently half-read list would quietly under-report public mailboxes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from congvu.classify.domains import Pattern, PatternError, parse_pattern
from congvu.classify.providers import provider_name
from congvu.settings import ConfigError

log = logging.getLogger(__name__)

BUNDLED = "public_domains.tsv"
SA_DOMAINS = "freemail_domains"
SA_EXCEPTIONS = ("freemail_whitelist", "freemail_welcomelist")


@dataclass(frozen=True, slots=True)
class Entry:
    """One list row: a public pattern with its provider, or (``exception``) a never-public pattern."""

    pattern: Pattern
    provider: str
    sources: str
    exception: bool = False


@dataclass(frozen=True, slots=True)
class DomainList:
    entries: tuple[Entry, ...]

    @property
    def public(self) -> list[Entry]:
        return [e for e in self.entries if not e.exception]

    @property
    def exceptions(self) -> list[Entry]:
        return [e for e in self.entries if e.exception]


def _parse_tsv(text: str, origin: str) -> DomainList:
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            raise ConfigError(f"{origin}:{lineno}: expected 3 tab-separated columns, got {len(cols)}")
        raw, provider, sources = (c.strip() for c in cols)
        exception = raw.startswith("!")
        try:
            pattern = parse_pattern(raw.removeprefix("!"))
        except PatternError as exc:
            raise ConfigError(f"{origin}:{lineno}: {exc}") from exc
        entries.append(Entry(pattern, provider, sources, exception))
    return DomainList(tuple(entries))


def load_bundled() -> DomainList:
    """The curated list shipped in ``congvu/classify/data`` (built by tools/build_public_domains.py)."""
    text = resources.files("congvu.classify").joinpath("data", BUNDLED).read_text(encoding="utf-8")
    return _parse_tsv(text, BUNDLED)


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def _sa_entries(lines: list[str], origin: str) -> Iterator[Entry]:
    source = f"import:{origin}"
    for lineno, raw in enumerate(lines, 1):
        words = _strip_comment(raw).split()
        if not words:
            continue
        directive, values = words[0].lower(), words[1:]
        if directive == SA_DOMAINS or directive in SA_EXCEPTIONS:
            exception = directive != SA_DOMAINS
            for value in values:
                if exception and "@" in value:
                    log.warning(
                        "%s:%d: address %s in %s is not a domain; skipped", origin, lineno, value, directive
                    )
                    continue
                pattern = _pattern_at(value, origin, lineno)
                name = "-" if exception else provider_name(pattern.text)
                yield Entry(pattern, name, source, exception)
        # Any other SpamAssassin directive (ifplugin, endif, score, ...) carries no domains.


def _rspamd_entries(lines: list[str], origin: str) -> Iterator[Entry]:
    source = f"import:{origin}"
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            log.warning("%s:%d: regular-expression entry %s is not supported; skipped", origin, lineno, line)
            continue
        words = _strip_comment(line).split()
        if not words:
            continue
        pattern = _pattern_at(words[0], origin, lineno)  # a second column (map value) is ignored
        yield Entry(pattern, provider_name(pattern.text), source)


def _pattern_at(value: str, origin: str, lineno: int) -> Pattern:
    try:
        return parse_pattern(value)
    except PatternError as exc:
        raise ConfigError(f"{origin}:{lineno}: {exc}") from exc


def _looks_like_spamassassin(path: Path, lines: list[str]) -> bool:
    if path.suffix == ".cf":
        return True
    directives = (SA_DOMAINS, *SA_EXCEPTIONS)
    return any(_strip_comment(line).lower().startswith(directives) for line in lines)


def import_file(path: str | Path) -> DomainList:
    """Read a SpamAssassin ``.cf`` or an rspamd map; ConfigError names the file (and line) on failure."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise ConfigError(f"{p}: domain list not found (policy.import_files)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read domain list: {exc}") from exc
    reader = _sa_entries if _looks_like_spamassassin(p, lines) else _rspamd_entries
    return DomainList(tuple(reader(lines, str(p))))
