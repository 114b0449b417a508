"""The rule registry: every stable rule ID → its `Rule`, in one place (docs/rules.md, "Adding a rule").

Each rule is a module of this package (`doc001.py`: docstring, `RULE`, and `applies` for a rule the
document judge decides); `_MODULES` below lists them, one line each. The registry gives each `RULE`
its module's docstring and predicate. Everything that ranks, shows, records or answers a rule reads
it from here (`congvu.judge.document`, `congvu.output`, `congvu.crawl.report`, `congvu.register`,
`congvu.mailflow`), never from a table of its own. IDs are stored in the register: never renamed.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import replace
from types import ModuleType
from typing import Literal

from congvu.rules.base import (
    DIRECTIVE,
    DIRECTIVE_EN,
    DIRECTIVE_FULL,
    Address,
    Check,
    Decision,
    Predicate,
    Rule,
    answer_text,
)  # fmt: skip

__all__ = [
    "DIRECTIVE", "DIRECTIVE_EN", "DIRECTIVE_FULL", "RULES", "Rule", "decide", "effect_of", "for_web",
    "having", "load", "opening", "rank", "register", "reviewed", "shown", "smtp_reason", "table_markdown",
    "unregister", "verdict",
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


def register(rule: Rule, doc: str = "", applies: Predicate | None = None, check: Check | None = None) -> Rule:
    """Add one rule (its module's docstring, predicate and finder with it); an ID is taken once."""
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} is registered twice")
    rule = replace(rule, doc=doc or rule.doc, applies=applies or rule.applies, check=check or rule.check)
    RULES[rule.id] = rule
    _HAVING.clear()
    return rule


def unregister(rule_id: str) -> None:
    """Take a rule out again (tests that register a throw-away rule)."""
    RULES.pop(rule_id, None)
    _HAVING.clear()


_HAVING: dict[str, tuple[Rule, ...]] = {}


def having(attr: str) -> tuple[Rule, ...]:
    """The rules with a predicate (`applies`) or a finder (`check`), highest rank first; kept
    between registrations, since the judge and the policy service ask for every address."""
    found = _HAVING.get(attr)
    if found is None:
        found = tuple(sorted((r for r in RULES.values() if getattr(r, attr)), key=lambda r: -r.rank))
        _HAVING[attr] = found
    return found


def load(module: ModuleType) -> Rule:
    """Register a rule module: its `RULE`, docstring, and `applies` or `check` if it has one."""
    applies, check = getattr(module, "applies", None), getattr(module, "check", None)
    return register(module.RULE, module.__doc__ or "", applies, check)


for _name in _MODULES:
    load(importlib.import_module(f"{__name__}.{_name}"))


def decide(cls: Address, decision: Decision) -> Rule:
    """The document rule of one classified address: the highest-ranked rule whose predicate holds."""
    for rule in having("applies"):
        if rule.applies is not None and rule.applies(cls, decision):
            return rule
    raise LookupError("no document rule applies")  # DOC-000 applies to whatever is not public


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


_EFFECT_MD = {"violation": "**violation**", "review": "review", "none": "none (informational)"}


def table_markdown() -> str:
    """The rule table of docs/rules.md (`tools/docs/rules_md.py` writes it; a test keeps it in step)."""
    lines = [
        "| rule | triggers | effect | SARIF | opens a violation | title (vi / en) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in RULES.values():
        cells = (
            f"`{r.id}`", r.triggers, _EFFECT_MD[r.effect], r.level if r.family == "DOC" else "—",
            "yes" if r.opens_violation else "no", f"{r.title_vi} / {r.title_en}",
        )  # fmt: skip
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
