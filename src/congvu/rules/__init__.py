"""The rule registry: every stable rule ID → its `Rule`, in one place (docs/rules.md, "Adding a rule").

Each rule is a module of this package (`doc001.py`: docstring, `RULE`, and `applies` for a rule the
document judge decides); `_MODULES` below lists them, one line each. The registry gives each `RULE`
its module's docstring and predicate. Everything that ranks, shows, records or answers a rule reads
it from here (`congvu.judge.document`, `congvu.report`, `congvu.crawl.report`, `congvu.register`,
`congvu.mailflow`), never from a table of its own. IDs are stored in the register: never renamed.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from congvu.rules.base import DIRECTIVE, DIRECTIVE_EN, DIRECTIVE_FULL, Rule, answer_text

if TYPE_CHECKING:
    from congvu.judge.contact import ContactDecision
    from congvu.model import Classification

__all__ = [
    "DIRECTIVE", "DIRECTIVE_EN", "DIRECTIVE_FULL", "RULES", "Rule", "decide", "effect_of", "for_web",
    "opening", "rank", "register", "reviewed", "shown", "smtp_reason", "verdict",
]  # fmt: skip

# One line per rule, in the order of SARIF's rule list and of docs/rules.md.
_MODULES = (
    "doc000",
    "doc001",
    "doc002",
    "doc003",
    "mail001",
    "mail002",
    "mail003",
    "mail004",
    "web001",
)

RULES: dict[str, Rule] = {}

Verdict = Literal["violation", "review", "clean"]


def register(rule: Rule, doc: str = "", applies: object = None) -> Rule:
    """Add one rule (its module's docstring and predicate with it); an ID is never taken twice."""
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} is registered twice")
    rule = replace(rule, doc=doc or rule.doc, applies=applies or rule.applies)  # type: ignore[arg-type]
    RULES[rule.id] = rule
    return rule


for _name in _MODULES:
    _module = importlib.import_module(f"{__name__}.{_name}")
    register(_module.RULE, _module.__doc__ or "", getattr(_module, "applies", None))


def decide(cls: Classification, decision: ContactDecision) -> Rule:
    """The document rule of one classified address: the highest-ranked rule whose predicate holds."""
    best: Rule | None = None
    for rule in RULES.values():
        if rule.applies and (best is None or rule.rank > best.rank) and rule.applies(cls, decision):
            best = rule
    if best is None:
        raise LookupError("no document rule applies")  # DOC-000 applies to whatever is not public
    return best


def effect_of(rule_id: str) -> str:
    rule = RULES.get(rule_id)
    return rule.effect if rule else "none"


def rank(rule_id: str) -> int:
    rule = RULES.get(rule_id)
    return rule.rank if rule else 0


def verdict(rule_ids: Iterable[str]) -> Verdict:
    """A document's verdict: `violation` iff some finding's rule is one, else `review` iff some
    finding's rule asks for review, else `clean` (informational rules change nothing)."""
    effects = {effect_of(r) for r in rule_ids}
    if "violation" in effects:
        return "violation"
    return "review" if "review" in effects else "clean"


def shown(rule_id: str) -> bool:
    """Listed in tables and SARIF results: every rule but the informational ones."""
    return effect_of(rule_id) != "none"


def opening(family: str) -> frozenset[str]:
    """The IDs of a family ("DOC", "MAIL", "WEB") whose findings open a violation."""
    return frozenset(r.id for r in RULES.values() if r.family == family and r.opens_violation)


def reviewed(family: str = "DOC") -> tuple[str, ...]:
    """The IDs of a family whose findings wait for an inspector's look (no violation)."""
    return tuple(r.id for r in RULES.values() if r.family == family and r.effect == "review")


def for_web(rule_id: str) -> str:
    """The rule a document finding becomes on an official web page (DOC-001 → WEB-001), else itself."""
    return next((r.id for r in RULES.values() if r.web_of == rule_id), rule_id)


def smtp_reason(rule_id: str) -> str:
    """The short ASCII bilingual reason an SMTP answer or header gives, naming the directive."""
    rule = RULES.get(rule_id)
    return rule.answer() if rule is not None else answer_text(rule_id)
