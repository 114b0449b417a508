"""Who might be behind a public address: suggestions for an inspector, never violations.

Only the directory's *known* personal addresses make rules fire.  This module proposes links for
an inspector to accept (`accept`, which makes the address a known personal address, audited): a
display name equal to a staff member's name ("Nguyễn Văn An"), or a mailbox name spelling it
(`nguyenvanan85@gmail.com`, `an.nguyenvan@yahoo.com`), diacritics, case, digits, separators and
word order folded.  Initials forms (`annv…`) are weak evidence and say so.  A name shared by two
staff members gives an ambiguous suggestion naming both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import permutations
from typing import Any

from sqlalchemy.engine import Connection

from congvu.classify import AddressPolicy
from congvu.mailflow.rules import StaffEntry, StaffIndex, normalize_address
from congvu.register import audit
from congvu.register.bulk import insert_ignore
from congvu.register.names import fold
from congvu.register.schema import addresses, people
from congvu.register.store import Store

_LETTERS = re.compile(r"[^a-z]")
_RANK = {"high": 0, "medium": 1, "low": 2}


def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(fold(re.sub(r"[^\w\s]", " ", name)).split())


def _spellings(tokens: tuple[str, ...]) -> dict[str, str]:
    """Mailbox spellings of a name → how strong they are ("full" or "initials")."""
    out: dict[str, str] = {}
    orders = permutations(tokens) if len(tokens) <= 4 else [tokens, tokens[::-1], (tokens[-1], *tokens[:-1])]
    for order in orders:
        out.setdefault("".join(order), "full")
    if len(tokens) >= 2:
        given, rest = tokens[-1], tokens[:-1]
        initials = "".join(t[0] for t in rest)
        out.setdefault(given + initials, "initials")  # annv (the official convention, reused)
        out.setdefault(initials + given, "initials")  # nvan
    return out


@dataclass
class Suggestion:
    address: str
    candidates: list[StaffEntry]
    confidence: str  # high | medium | low
    evidence: list[str]
    seen: int = 1
    display_names: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "person_id": self.candidates[0].person_id if len(self.candidates) == 1 else None,
            "candidates": [{"person_id": c.person_id, "full_name": c.full_name, "unit": c.unit}
                           for c in self.candidates],
            "ambiguous": len(self.candidates) > 1,
            "confidence": self.confidence,
            "evidence": self.evidence,
            "seen": self.seen,
            "display_names": sorted(self.display_names),
        }  # fmt: skip


class Suggester:
    """Built once from the directory; `observe` every (address, display name) seen, then `results`."""

    def __init__(self, index: StaffIndex, policy: AddressPolicy) -> None:
        self.index, self.policy = index, policy
        staff = {e.person_id: e for e in [*index.official.values(), *index.personal.values()]}
        self._by_name: dict[tuple[str, ...], list[StaffEntry]] = {}
        self._by_spelling: dict[str, list[tuple[StaffEntry, str]]] = {}
        for entry in staff.values():
            tokens = name_tokens(entry.full_name)
            if not tokens:
                continue
            self._by_name.setdefault(tuple(sorted(tokens)), []).append(entry)
            for spelling, strength in _spellings(tokens).items():
                self._by_spelling.setdefault(spelling, []).append((entry, strength))
        self._found: dict[str, Suggestion] = {}
        self._misses: set[tuple[str, str | None]] = set()

    def observe(self, address: str, display: str | None = None) -> None:
        address = normalize_address(address)
        if "@" not in address or address in self.index.personal or address in self.index.official:
            return
        known = self._found.get(address)
        if known is not None:
            known.seen += 1
            if not display or display in known.display_names:
                return
            known.display_names.add(display)
            better = self._judge(address, display)
            if better is not None and _RANK[better.confidence] < _RANK[known.confidence]:
                better.seen, better.display_names = known.seen, known.display_names
                self._found[address] = better
            return
        if (address, display) in self._misses:
            return
        suggestion = self._judge(address, display) if self._public(address) else None
        if suggestion is None:
            if len(self._misses) < 200_000:
                self._misses.add((address, display))
            return
        self._found[address] = suggestion

    def _public(self, address: str) -> bool:
        return self.policy.classify(address).cls == "public"  # only public mailboxes are in question

    def _judge(self, address: str, display: str | None) -> Suggestion | None:
        local = _LETTERS.sub("", fold(address.split("@", 1)[0]))
        by_local = self._by_spelling.get(local, [])
        by_display = self._by_name.get(tuple(sorted(name_tokens(display or ""))), [])
        evidence: list[str] = []
        full = [e for e, s in by_local if s == "full"]
        weak = [e for e, s in by_local if s == "initials"]
        both = [e for e in by_display if e in full or e in weak]
        if both:
            candidates, confidence = both, "high"
            evidence = [f"display name {display!r}", f"mailbox name {local!r} spells the name"]
        elif full:
            candidates, confidence = full, "medium"
            evidence = [f"mailbox name {local!r} spells the full name"]
        elif by_display:
            candidates, confidence = by_display, "medium"
            evidence = [f"display name {display!r} is a staff member's name"]
        elif weak:
            candidates, confidence = weak, "low"
            evidence = [f"mailbox name {local!r} matches name initials only"]
        else:
            return None
        unique = list({c.person_id: c for c in candidates}.values())
        return Suggestion(address, unique, confidence, evidence, 1, {display} if display else set())

    def results(self) -> list[Suggestion]:
        return sorted(self._found.values(), key=lambda s: (_RANK[s.confidence], -s.seen, s.address))


def suggest(
    observed: Iterable[tuple[str, str | None]], index: StaffIndex, policy: AddressPolicy
) -> list[Suggestion]:
    suggester = Suggester(index, policy)
    for address, display in observed:
        suggester.observe(address, display)
    return suggester.results()


def accept(store: Store, address: str, person_id: str, who: str, reason: str) -> bool:
    """The inspector's decision: `address` is `person_id`'s personal mailbox from now on (audited).

    Returns False when it was already known.  Raises LookupError for an unknown person.
    """
    address = normalize_address(address)
    if "@" not in address:
        raise ValueError(f"not an e-mail address: {address!r}")
    if not reason.strip():
        raise ValueError("a reason is required")

    def work(conn: Connection) -> bool:
        if conn.execute(people.select().where(people.c.person_id == person_id)).first() is None:
            raise LookupError(f"unknown person {person_id!r}")
        row = {"person_id": person_id, "address": address, "kind": "personal"}
        made = conn.execute(insert_ignore(conn, addresses, ["person_id", "address", "kind"]), [row]).rowcount
        if made:
            event = audit.Event(who, "address.accepted", "person", person_id, None, row, reason)
            audit.append(conn, store.clock(), [event])
        return bool(made)

    return store.run(work)
