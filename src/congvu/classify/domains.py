"""Domain names and domain patterns: normalising, parsing and a dict-based matcher.

Addresses arrive from OCR, HTML and mail headers, so a domain may carry upper case, a trailing dot,
Unicode labels or their `xn--` form.  Everything is reduced to one ASCII key so that a lookup is a
handful of dict probes (the domain itself, its parents, one probe per label for globs) instead of a
loop over thousands of regular expressions.

Pattern syntax (bundled list, settings and imported files):

- ``example.com``: exactly that domain.
- ``*.example.com`` or ``.example.com``: any subdomain of example.com, at any depth (not the domain
  itself; list both to cover both).
- labels with ``*`` / ``?`` as in SpamAssassin: ``hotmail.*`` (hotmail.fr, hotmail.de),
  ``hotmail.co*.*`` (hotmail.co.uk, hotmail.com.vn), ``ms*.hinet.net``.  A glob matches domains with
  the same number of labels, label by label; at least one label must be literal.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Generic, TypeVar

import idna

_GLOB_CHARS = frozenset("*?")
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_") | _GLOB_CHARS

T = TypeVar("T")


def _label_to_ascii(label: str) -> str:
    """IDNA-encode one label, falling back to the input so a malformed label never raises."""
    if label.isascii():
        return label
    try:
        return idna.encode(label, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return label


def normalize_domain(domain: str) -> str:
    """The lookup key of a domain: lower-case ASCII (punycode), no trailing dot, no brackets."""
    text = unicodedata.normalize("NFC", domain.strip().strip("<>[]").strip()).lower()
    text = text.replace("\u3002", ".").replace("\uff0e", ".").replace("\uff61", ".")  # ideographic dots
    text = text.rstrip(".")
    if text.isascii():
        return text
    return ".".join(_label_to_ascii(label) for label in text.split("."))


def to_unicode(domain: str) -> str:
    """The Unicode form of an ASCII key (for look-alike checks); undecodable labels stay as they are."""
    labels = []
    for label in domain.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(idna.IDNAError, UnicodeError, ValueError):
                label = idna.decode(label)
        labels.append(label)
    return ".".join(labels)


def domain_of(address: str) -> str:
    """The domain part of ``local@domain`` (the whole string when there is no ``@``)."""
    return normalize_domain(address.rsplit("@", 1)[-1])


def parents(domain: str) -> Iterator[str]:
    """Proper parent domains, nearest first: a.b.c.vn -> b.c.vn, c.vn, vn."""
    rest = domain
    while "." in rest:
        rest = rest.split(".", 1)[1]
        yield rest


def is_under(domain: str, parent: str) -> bool:
    """True when ``domain`` is ``parent`` or one of its subdomains."""
    return domain == parent or domain.endswith("." + parent)


class PatternError(ValueError):
    """A pattern that cannot be matched safely (bad characters, or nothing literal to anchor on)."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """A parsed pattern; ``text`` is its canonical spelling, used as evidence (``rule``)."""

    text: str
    kind: str  # "exact" | "subdomains" | "glob"
    key: str  # exact domain, parent domain, or the glob itself


def parse_pattern(raw: str) -> Pattern:
    """Parse one pattern as written in a list or a setting; raises PatternError when unusable."""
    text = raw.strip()
    if text.startswith("."):
        text = "*" + text
    subdomains = text.startswith("*.")
    body = normalize_domain(text[2:] if subdomains else text)
    labels = body.split(".")
    if not body or any(not label for label in labels):
        raise PatternError(f"not a domain pattern: {raw!r}")
    bad = {ch for label in labels for ch in label} - _LABEL_CHARS
    if bad:
        raise PatternError(f"unexpected characters {''.join(sorted(bad))!r} in {raw!r}")
    has_glob = any(_GLOB_CHARS & set(label) for label in labels)
    if subdomains and not has_glob:
        return Pattern("*." + body, "subdomains", body)
    if subdomains:
        labels = ["*", *labels]
        body = "*." + body
    if not has_glob and not subdomains:
        return Pattern(body, "exact", body)
    if all(_GLOB_CHARS & set(label) for label in labels):
        raise PatternError(f"pattern {raw!r} has no literal label and would match almost anything")
    return Pattern(body, "glob", body)


@dataclass(slots=True)
class DomainIndex(Generic[T]):
    """Patterns mapped to values, matched by dict probes; the first pattern added for a key wins.

    Precedence inside one index: exact entry, then glob, then the nearest subdomain wildcard.
    """

    exact: dict[str, tuple[Pattern, T]] = field(default_factory=dict)
    subdomains: dict[str, tuple[Pattern, T]] = field(default_factory=dict)
    # (label count, position, literal label) -> globs anchored on that label
    globs: dict[tuple[int, int, str], list[tuple[Pattern, T]]] = field(default_factory=dict)
    size: int = 0

    def add(self, pattern: Pattern, value: T) -> None:
        if pattern.kind == "exact":
            if pattern.key not in self.exact:
                self.exact[pattern.key] = (pattern, value)
                self.size += 1
        elif pattern.kind == "subdomains":
            if pattern.key not in self.subdomains:
                self.subdomains[pattern.key] = (pattern, value)
                self.size += 1
        else:
            labels = pattern.key.split(".")
            pos = next(i for i, lab in enumerate(labels) if not (_GLOB_CHARS & set(lab)))
            bucket = self.globs.setdefault((len(labels), pos, labels[pos]), [])
            if all(p.key != pattern.key for p, _ in bucket):
                bucket.append((pattern, value))
                self.size += 1

    def update(self, items: Iterable[tuple[Pattern, T]]) -> None:
        for pattern, value in items:
            self.add(pattern, value)

    def match(self, domain: str) -> tuple[Pattern, T] | None:
        """The entry matching a normalised domain, or None."""
        hit = self.exact.get(domain)
        if hit is not None:
            return hit
        if self.globs:
            labels = domain.split(".")
            n = len(labels)
            for pos, label in enumerate(labels):
                for pattern, value in self.globs.get((n, pos, label), ()):
                    if all(fnmatchcase(d, p) for d, p in zip(labels, pattern.key.split("."), strict=True)):
                        return pattern, value
        if self.subdomains:
            for parent in parents(domain):
                hit = self.subdomains.get(parent)
                if hit is not None:
                    return hit
        return None

    def __len__(self) -> int:
        return self.size
