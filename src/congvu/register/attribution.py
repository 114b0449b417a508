"""Who a document's violation belongs to: its signer and its issuing unit, matched to the directory.

Matching is exact on folded keys (no fuzzy scores): a near miss leaves the violation unattributed
for an inspector to assign, because putting a cap on the wrong person is worse than asking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register.names import issuer_candidates, signer_candidates, unit_key
from congvu.register.schema import memberships, people, unit_names, units


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: str
    unit_id: int  # today's unit
    active_from: date | None
    active_to: date | None
    # (unit_id, valid_from, valid_to): the person's units over time; a document dated before a
    # move belongs to the unit the signer was in then, not to where they work today.
    history: tuple[tuple[int, date | None, date | None], ...] = ()

    def unit_on(self, day: date | None) -> int:
        if day is not None:
            for unit_id, since, until in self.history:
                if (since is None or since <= day) and (until is None or day <= until):
                    return unit_id
        return self.unit_id

    def active_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


@dataclass
class Directory:
    """An in-memory index of the directory, loaded once per recording run."""

    people_by_key: dict[str, list[Candidate]] = field(default_factory=dict)
    units_by_key: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: Connection) -> Directory:
        index = cls()
        history: dict[str, list[tuple[int, date | None, date | None]]] = {}
        m_ = memberships.c
        for m in conn.execute(
            sa.select(m_.person_id, m_.unit_id, m_.valid_from, m_.valid_to).order_by(m_.id.desc())
        ):
            history.setdefault(m.person_id, []).append((m.unit_id, m.valid_from, m.valid_to))
        for r in conn.execute(
            sa.select(
                people.c.person_id,
                people.c.name_key,
                people.c.unit_id,
                people.c.active_from,
                people.c.active_to,
            )
        ):
            index.people_by_key.setdefault(r.name_key, []).append(
                Candidate(
                    r.person_id, r.unit_id, r.active_from, r.active_to, tuple(history.get(r.person_id, ()))
                )
            )
        names = [(r.id, r.name) for r in conn.execute(sa.select(units.c.id, units.c.name))]
        names += [
            (r.unit_id, r.name) for r in conn.execute(sa.select(unit_names.c.unit_id, unit_names.c.name))
        ]
        for unit_id, aliases in conn.execute(sa.select(units.c.id, units.c.aliases)).tuples():
            names += [(unit_id, alias) for alias in aliases or []]
        for unit_id, name in names:
            index.units_by_key.setdefault(unit_key(name), set()).add(unit_id)
        return index

    def unit_for(self, issuer: str | None) -> int | None:
        for key in issuer_candidates(issuer or ""):
            found = self.units_by_key.get(key)
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    def person_for(self, signer: str | None, unit_id: int | None, day: date | None) -> Candidate | None:
        for key in signer_candidates(signer or ""):
            found = [c for c in self.people_by_key.get(key, []) if c.active_on(day)]
            if not found:
                continue
            if unit_id is not None and len(found) > 1:
                found = [c for c in found if c.unit_on(day) == unit_id]
            return found[0] if len(found) == 1 else None
        return None


def attribute(
    index: Directory, issuer: str | None, signer: str | None, day: date | None
) -> tuple[str | None, int | None]:
    """(person_id, unit_id); either may be None.  A matched signer gives the unit if the issuer did not."""
    unit_id = index.unit_for(issuer)
    person = index.person_for(signer, unit_id, day)
    if person is None:
        return None, unit_id
    return person.person_id, unit_id if unit_id is not None else person.unit_on(day)
