"""Look-alikes of the official domains: typos, re-suffixed names and homographs.

A phishing or careless domain such as ``dannang.gov.vn``, ``danang-gov.vn``, ``danang.gov.vn.com``
or ``dаnang.gov.vn`` (Cyrillic а) is not official, but an inspector must see which official domain
it imitates.  There are only a few official domains, so each check compares one domain with each of
them; the length test in front of the edit distance keeps the common case (nothing alike) cheap.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from congvu.classify.domains import is_under, to_unicode

# Letters that render like Latin ones; NFKD already folds full-width forms and Vietnamese marks.
_CONFUSABLES = str.maketrans(
    {
        "đ": "d",
        "ð": "d",
        "ɗ": "d",
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "һ": "h",
        "ԁ": "d",
        "ո": "n",
        "ց": "g",
        "ɡ": "g",
        "ν": "v",
        "ο": "o",
        "α": "a",
        "ι": "i",
        "κ": "k",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ԛ": "q",
        "ѵ": "v",
        "ɑ": "a",
    }
)


def skeleton(domain: str) -> str:
    """A Latin-only form used for comparison: Unicode labels decoded, marks and confusables folded."""
    text = unicodedata.normalize("NFKD", to_unicode(domain).lower().translate(_CONFUSABLES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_CONFUSABLES)


def _compact(domain: str) -> str:
    return domain.replace(".", "").replace("-", "")


def _starts_with_name(suffix: str, compact: str, name: str) -> bool:
    """``name`` begins ``compact`` and ends where a label or hyphenated part ends.

    The boundary keeps ``lienchieu.vnexpress.net`` from imitating ``lienchieu.vn`` while
    ``danang-gov.vn`` and ``danang.govvn.com`` still imitate ``danang.gov.vn``.
    """
    if not compact.startswith(name):
        return False
    end = 0
    for part in suffix.replace("-", ".").split("."):
        end += len(part)
        if end >= len(name):
            return end == len(name)
    return False


def within_distance(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment distance (insert, delete, substitute, transpose) of a and b <= limit."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


@dataclass(frozen=True, slots=True)
class Lookalike:
    official: str
    reason: str  # "homograph" | "edit-distance" | "suffix"


@dataclass(frozen=True, slots=True)
class _Target:
    domain: str
    labels: int
    compact: str
    stem: str | None  # compact form without the last label, for officials of 3+ labels


class LookalikeDetector:
    """Finds the official domain a (non-official) domain imitates; ``distance`` 0 disables it."""

    def __init__(self, officials: list[str], distance: int) -> None:
        self.distance = distance
        self.targets = [
            _Target(
                d, d.count(".") + 1, _compact(d), _compact(d.rsplit(".", 1)[0]) if d.count(".") >= 2 else None
            )
            for d in officials
        ]

    def check(self, domain: str) -> Lookalike | None:
        """The imitated official domain and why, or None; ``domain`` is a normalised non-official key."""
        if self.distance <= 0 or not domain:
            return None
        skel = skeleton(domain)
        labels = skel.split(".")
        suffixes = [".".join(labels[i:]) for i in range(len(labels))]
        for target in self.targets:
            if is_under(skel, target.domain):
                return Lookalike(target.domain, "homograph")
            for suffix in suffixes:
                hit = self._compare(suffix, target)
                if hit is not None:
                    return Lookalike(target.domain, hit)
        return None

    def _compare(self, suffix: str, target: _Target) -> str | None:
        compact = _compact(suffix)
        if _starts_with_name(suffix, compact, target.compact) or (
            target.stem and _starts_with_name(suffix, compact, target.stem)
        ):
            return "suffix"
        n = suffix.count(".") + 1
        if abs(n - target.labels) <= 1 and within_distance(suffix, target.domain, self.distance):
            return "edit-distance"
        return None
