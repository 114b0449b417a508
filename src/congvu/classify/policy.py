"""The address policy: is a domain official, a public mailbox, or something else?

Order of precedence, highest first (see docs/address-policy.md):

1. official domains and their subdomains (``policy.official_domains``);
2. ``policy.not_public``: the administrator's exceptions;
3. ``policy.extra_public_domains``: the administrator's additions;
4. exceptions carried by the lists (``!`` rows of the bundled list, ``freemail_whitelist``);
5. nothing under ``gov.vn`` is public because a list says so (the lists are foreign-made);
6. the bundled list and ``policy.import_files``.

Look-alikes of official domains are reported alongside whatever class the domain gets.  Answers
are cached per domain: the same few domains repeat across thousands of documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from congvu.classify.domains import DomainIndex, PatternError, domain_of, normalize_domain, parse_pattern
from congvu.classify.lists import DomainList, Entry, import_file, load_bundled
from congvu.classify.lookalike import LookalikeDetector
from congvu.classify.providers import provider_name
from congvu.model import Classification
from congvu.settings import Config, ConfigError, PolicySettings

DEFAULT_OFFICIAL = PolicySettings.defaults().official_domains
NEVER_PUBLIC_FROM_LISTS = "gov.vn"
_CACHE_LIMIT = 200_000


@cache
def _bundled() -> DomainList:
    return load_bundled()


def _config_index(values: Iterable[str], setting: str, extra: bool) -> DomainIndex[Entry]:
    index: DomainIndex[Entry] = DomainIndex()
    for raw in values:
        try:
            pattern = parse_pattern(str(raw))
        except PatternError as exc:
            raise ConfigError(f"setting {setting}: {exc}") from exc
        name = provider_name(pattern.text) if extra else "-"
        index.add(pattern, Entry(pattern, name, setting, exception=not extra))
    return index


class AddressPolicy:
    """Classifies addresses; build it once per process and call ``classify`` for every address."""

    def __init__(
        self,
        official: Iterable[str] = DEFAULT_OFFICIAL,
        lists: Iterable[DomainList] | None = None,
        extra_public: Iterable[str] = (),
        not_public: Iterable[str] = (),
        lookalike_distance: int = 1,
    ) -> None:
        self.official = [d for d in (normalize_domain(str(o)) for o in official) if d]
        self._official_set = frozenset(self.official)
        self._not_public = _config_index(not_public, "policy.not_public", extra=False)
        self._extra = _config_index(extra_public, "policy.extra_public_domains", extra=True)
        self._exceptions: DomainIndex[Entry] = DomainIndex()
        self._public: DomainIndex[Entry] = DomainIndex()
        for domain_list in [_bundled()] if lists is None else lists:
            for entry in domain_list.entries:
                (self._exceptions if entry.exception else self._public).add(entry.pattern, entry)
        self._lookalikes = LookalikeDetector(self.official, lookalike_distance)
        self._cache: dict[str, Classification] = {}

    @classmethod
    def from_config(cls, config: Config) -> AddressPolicy:
        """Policy from the ``policy.*`` settings; ConfigError for unusable values or import files."""
        settings = PolicySettings.of(config)
        return cls(
            official=settings.official_domains or DEFAULT_OFFICIAL,
            lists=[_bundled(), *(import_file(path) for path in settings.import_files)],
            extra_public=settings.extra_public_domains,
            not_public=settings.not_public,
            lookalike_distance=settings.lookalike_distance,
        )

    @classmethod
    def default(cls) -> AddressPolicy:
        """danang.gov.vn as the official domain and the bundled list of public providers."""
        return cls()

    @property
    def public_size(self) -> int:
        """Number of public patterns loaded (bundled, imported)."""
        return len(self._public)

    def classify(self, address: str) -> Classification:
        return self.classify_domain(domain_of(address))

    def classify_domain(self, domain: str) -> Classification:
        key = normalize_domain(domain)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            hit = self._cache[key] = self._classify(key)
        return hit

    def _official_match(self, domain: str) -> str | None:
        if domain in self._official_set:
            return domain
        labels = domain.split(".")
        for i in range(1, len(labels)):
            parent = ".".join(labels[i:])
            if parent in self._official_set:
                return parent
        return None

    def _classify(self, domain: str) -> Classification:
        if not domain or domain.replace(".", "").isdigit():
            return Classification("other")  # empty or an IP literal
        official = self._official_match(domain)
        if official is not None:
            return Classification("official", rule=official)
        look = self._lookalikes.check(domain)
        lookalike_of = look.official if look else None
        plain = f"lookalike:{look.reason}" if look else None
        if (hit := self._not_public.match(domain)) is not None:
            return Classification("other", lookalike_of=lookalike_of, rule=f"not_public:{hit[0].text}")
        if (hit := self._extra.match(domain)) is not None:
            return Classification("public", hit[1].provider, lookalike_of, hit[0].text)
        if (hit := self._exceptions.match(domain)) is not None:
            return Classification("other", lookalike_of=lookalike_of, rule=f"!{hit[0].text}")
        if domain == NEVER_PUBLIC_FROM_LISTS or domain.endswith("." + NEVER_PUBLIC_FROM_LISTS):
            return Classification("other", lookalike_of=lookalike_of, rule=plain)
        if (hit := self._public.match(domain)) is not None:
            return Classification("public", hit[1].provider, lookalike_of, hit[0].text)
        return Classification("other", lookalike_of=lookalike_of, rule=plain)
