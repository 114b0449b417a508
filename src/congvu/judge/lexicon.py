"""The state-body lexicon (`data/state_bodies.toml`) compiled into the patterns `state` looks for.

Why data and not a hand-grown regex: the lexicon is the law's enumeration of the state's organs and
public service units (its sources are cited in the file), so that a body is recognised by its
*kind* ("Phòng Tư pháp", "Trạm Y tế", "Trung tâm Trợ giúp pháp lý") rather than because an item
once named it. The compiled pattern keeps the shape `prefilter` reads: every alternative starts
with a literal word, so the organisation search is still tried only where such a word begins.

Names are folded words (`congvu.judge.text.fold`); a space inside a name matches any spacing, a
head and its field are separated by whitespace, and every name ends at a word boundary.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

DATA = Path(__file__).resolve().parent / "data" / "state_bodies.toml"
PLACES = Path(__file__).resolve().parent / "data" / "places.toml"
PLACE = "<PLACE>"  # where a pattern of the lexicon names a province or a district (`places`)
Kind = Literal["state", "other"]
UNLESS_WORDS = 2  # a private marker may stand this many words after the body's name


def term(name: str) -> str:
    """A folded name as a pattern: its words with any spacing between them ("uy ban" → uy\\s*ban)."""
    words = name.split()
    if not words:
        raise ValueError("empty name in the state-body lexicon")
    return r"\s*".join(re.escape(w) for w in words)


def _alternation(names: list[str]) -> str:
    # longest first: among names of one group the longer is the more telling ("canh sat bien")
    return "|".join(term(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))


@dataclass(frozen=True, slots=True)
class Group:
    """One kind of body from the data file: its names, head + field names, raw patterns."""

    kind: Kind
    what: str
    source: str
    names: tuple[str, ...] = ()
    heads: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def bodies(self) -> list[str]:
        """The alternatives naming this kind of body (without the private-marker guard)."""
        out = []
        if self.heads:
            if not self.fields:
                raise ValueError(f"group {self.what!r}: heads without fields")
            out.append(rf"(?:{_alternation(list(self.heads))})\s+(?:{_alternation(list(self.fields))})\b")
        if self.names:
            out.append(rf"(?:{_alternation(list(self.names))})\b")
        out.extend(self.patterns)
        return out

    def alternatives(self) -> list[str]:
        """This group's alternatives, each refusing a private marker right after it."""
        guard = self.private_guard()
        return [f"(?:{b}){guard}" for b in self.bodies()] if guard else self.bodies()

    def private_guard(self) -> str:
        if not self.unless:
            return ""
        return rf"(?!(?:\s+\S+){{0,{UNLESS_WORDS}}}?\s+(?:{_alternation(list(self.unless))})\b)"

    def private_forms(self) -> list[str]:
        """The same bodies followed by a private marker: recognisably *not* state bodies."""
        if not self.unless:
            return []
        marker = rf"(?:\s+\S+){{0,{UNLESS_WORDS}}}?\s+(?:{_alternation(list(self.unless))})\b"
        return [f"(?:{b}){marker}" for b in self.bodies()]


@dataclass(frozen=True, slots=True)
class Lexicon:
    groups: tuple[Group, ...]
    territory_heads: tuple[str, ...] = field(default=())
    territory_patterns: tuple[str, ...] = field(default=())

    def territory_head(self) -> str:
        """The heads of a unit named with its territory ("Hạt", "Trạm", "Phòng" not "Phòng khám")."""
        return "|".join([*(term(h) for h in self.territory_heads), *self.territory_patterns])

    def pattern(self, kind: Kind) -> str:
        """One alternation of every body of `kind`; "other" also holds the private forms of state
        kinds ("Trường Mầm non tư thục …")."""
        alts: list[str] = []
        for g in self.groups:
            if g.kind == kind:
                alts.extend(g.alternatives())
            elif kind == "other":
                alts.extend(g.private_forms())
        return "|".join(alts)


_LISTS = ("names", "heads", "fields", "patterns", "unless")


def _group(raw: dict[str, Any]) -> Group:
    kind = raw.get("kind")
    if kind not in ("state", "other"):
        raise ValueError(f"state-body lexicon: kind must be 'state' or 'other', not {kind!r}")
    for key in ("what", "source"):
        if not raw.get(key):
            raise ValueError(f"state-body lexicon: a group without {key!r} (say what it is and why)")
    return Group(
        kind=kind,
        what=str(raw["what"]),
        source=str(raw["source"]),
        **{k: tuple(str(x) for x in raw.get(k, ())) for k in _LISTS},
    )


def places(path: Path = PLACES) -> list[str]:
    """The folded names of the provinces and districts (`data/places.toml`, with its source)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    names = [str(n) for key in ("provinces", "districts") for n in data.get(key, ())]
    if not names or any(not n.strip() or n != n.strip().lower() for n in names):
        raise ValueError(f"{path}: provinces and districts must be folded, non-empty names")
    return names


def _with_places(raw: dict[str, Any], place: str) -> dict[str, Any]:
    """A group whose patterns name a territory by <PLACE> gets the alternation of place names."""
    pats = raw.get("patterns")
    if not pats:
        return raw
    return {**raw, "patterns": [str(p).replace(PLACE, place) for p in pats]}


def load(path: Path = DATA, places_path: Path = PLACES) -> Lexicon:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    place = f"(?:{_alternation(places(places_path))})"
    groups = tuple(_group(_with_places(g, place)) for g in data.get("group", ()))
    territory = data.get("territory", {})
    lex = Lexicon(
        groups,
        tuple(str(h) for h in territory.get("heads", ())),
        tuple(str(p) for p in territory.get("patterns", ())),
    )
    for kind in ("state", "other"):
        re.compile(lex.pattern(kind))  # a bad pattern fails at import, naming the file
    return lex
