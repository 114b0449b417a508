"""Name keys for matching people and units the way Vietnamese paperwork writes them.

Signers and issuers arrive in capitals, without diacritics, with "UBND" or spelled out, with
"KT. CHỦ TỊCH" lines above the name; the directory has them in title case with diacritics.  A key
drops all of that so equal names compare equal — and nothing more clever, because a wrong match
puts a violation on the wrong person.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")
# Longer phrases first: they are rewritten to the abbreviation before punctuation is dropped.
_ABBREVIATIONS = (
    ("hoi dong nhan dan va uy ban nhan dan", "hdnd va ubnd"),
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
)
_SIGNER_PREFIX = re.compile(r"^(tm|kt|tl|tuq|q)\s*\.", re.IGNORECASE)


def fold(text: str) -> str:
    """Lowercase, no diacritics (đ → d), single spaces: the comparison form of any name."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().casefold()


def person_key(name: str) -> str:
    return fold(_NON_WORD.sub(" ", name))


def unit_key(name: str) -> str:
    """A unit name's key, tolerant of "UBND" vs "ỦY BAN NHÂN DÂN" and of punctuation."""
    key = fold(name.replace("-", " "))
    for phrase, short in _ABBREVIATIONS:
        key = key.replace(phrase, short)
    return fold(_NON_WORD.sub(" ", key))


@lru_cache(maxsize=4096)
def signer_candidates(signer: str) -> tuple[str, ...]:
    """Person keys to try for a signature block, most specific first.

    The scanner may hand over the whole block ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Văn An"); the
    name is its last line that is not a title.
    """
    lines = [line.strip() for line in re.split(r"[\n/]", signer) if line.strip()]
    keys = [person_key(line) for line in reversed(lines) if not _SIGNER_PREFIX.match(line)]
    whole = person_key(signer)
    return tuple(k for k in dict.fromkeys([*keys, whole]) if k)


@lru_cache(maxsize=4096)
def issuer_candidates(issuer: str) -> tuple[str, ...]:
    """Unit keys to try for an issuer header, the issuing body (last line) before its parent."""
    lines = [line.strip() for line in issuer.splitlines() if line.strip()]
    keys = [unit_key(line) for line in reversed(lines)]
    return tuple(k for k in dict.fromkeys([*keys, unit_key(issuer)]) if k)
