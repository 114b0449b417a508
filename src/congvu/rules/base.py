"""What a rule is: one frozen `Rule` per stable rule ID, and the directive the rules enforce.

A rule's module (`congvu/rules/doc001.py`, …) holds its `RULE`, its predicate `applies` where the
rule is a pure function of one classified address (the document rules) or its finder `check` (a
mail rule that is not one of the four `congvu.mailflow.rules` decides), and a docstring that *is*
the rule's documentation (bandit's style): its first paragraph is the rule's one-line summary (SARIF's
shortDescription), its second the same in Vietnamese (the web app's name for the rule), its third
what triggers it (the table in docs/rules.md), the rest its notes.
The registry (`congvu.rules`) gives each `RULE` its module's docstring and predicate.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

# The directive every rule enforces, named once (notices, reports, reasons, SMTP answers).
DIRECTIVE = "Chỉ thị 01/CT-UBND"
DIRECTIVE_FULL = "Chỉ thị số 01/CT-UBND ngày 20/6/2014 của Chủ tịch UBND quận Liên Chiểu"
DIRECTIVE_EN = "Directive 01/CT-UBND"

Effect = Literal["violation", "review", "none"]
Level = Literal["error", "warning", "note", "none"]


class Address(Protocol):
    """What a document rule's predicate sees of one address (`congvu.model.Classification`)."""

    @property
    def cls(self) -> str: ...
    @property
    def lookalike_of(self) -> str | None: ...


class Decision(Protocol):
    """What it sees of the contact decision (`congvu.judge.contact.ContactDecision`)."""

    @property
    def contact_point(self) -> bool: ...
    @property
    def positive(self) -> object | None: ...
    @property
    def negative(self) -> object | None: ...


# The rules sit below every layer that uses them: a predicate sees the two protocols above, and a
# mail rule's finder gets what it works on, and the function that builds a finding, as arguments.
Predicate = Callable[[Address, Decision], bool]
Check = Callable[..., "list[Any]"]  # (envelope, index, policy, finding) -> [MailFinding]


@lru_cache(maxsize=256)  # a template is parsed once
def _fields(template: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template) if name))


@lru_cache(maxsize=256)  # on the policy service's answer path
def ascii_text(text: str) -> str:
    """Vietnamese without its marks ("Chỉ thị" → "Chi thi"): SMTP replies and headers are ASCII."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")


@dataclass(frozen=True, slots=True)
class Rule:
    """One stable rule (stored in the register: its `id` is never renamed or reused).

    `effect`: what a finding of it does to a document's verdict (`violation` > `review` > `none`;
    `none` is informational: kept, but in no table, no SARIF result). `rank`: which finding wins
    when one address is seen several times in one part (highest first). `level`: its SARIF level.
    `opens_violation`: its recorder opens a violation (against a person or a unit) for it.
    `reason_en`/`reason_vi`: templates (`str.format` fields named in the module) of the reason a
    finding gives after "ID: " (document rules, English) or "ID (directive): vi / en" (mail rules).
    `title_vi`/`title_en`: a short name; a mail rule's (`smtp=True`) is its SMTP answer, in ASCII.
    `applies`: the predicate on one classified address, for rules the document judge decides.
    `check`: a mail rule's own finder, (envelope, index, policy, finding) → findings, which
    `congvu.mailflow.rules.decide` runs for every message with `finding` its `mail_finding`
    (MAIL-001..004 are written in `congvu.mailflow.rules` itself).
    `web_of`: the document rule that this rule is when the document is an official web page.
    """

    id: str
    title_vi: str
    title_en: str
    effect: Effect
    rank: int
    level: Level
    opens_violation: bool
    reason_en: str
    reason_vi: str
    doc: str = ""
    applies: Predicate | None = None
    check: Check | None = None
    smtp: bool = False
    web_of: str | None = None

    @property
    def family(self) -> str:
        """The rule's family, "DOC", "MAIL" or "WEB": where it looks (documents, mail, web pages)."""
        return self.id.split("-", 1)[0]

    def _paragraph(self, n: int) -> str:
        parts = self.doc.strip().split("\n\n")
        return " ".join(parts[n].split()) if n < len(parts) else ""

    @property
    def summary(self) -> str:
        """One English sentence (the docstring's first paragraph): SARIF's shortDescription."""
        return self._paragraph(0)

    @property
    def summary_vi(self) -> str:
        """The summary in Vietnamese (the docstring's second paragraph): how the web app names it."""
        return self._paragraph(1)

    @property
    def triggers(self) -> str:
        """What makes a finding of this rule (the docstring's third paragraph), on one line."""
        return self._paragraph(2)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields its English reason template names (the judge works out only those)."""
        return _fields(self.reason_en)

    def reason(self, **fields: object) -> str:
        """The English reason of a document finding: "DOC-001: public mailbox (Gmail) given …"."""
        return f"{self.id}: {self.reason_en.format(**fields)}"

    def bilingual(self, **fields: object) -> str:
        """A mail finding's reason: "MAIL-001 (Chỉ thị 01/CT-UBND): thư công vụ … / official mail …"."""
        vi, en = self.reason_vi.format(**fields), self.reason_en.format(**fields)
        return f"{self.id} ({DIRECTIVE}): {vi} / {en}"

    def answer(self) -> str:
        """The SMTP answer's text (ASCII): "MAIL-001 Vi pham Chi thi 01/CT-UBND: gui thu … / official …"."""
        return answer_text(self.id, f"{ascii_text(self.title_vi)} / {self.title_en}" if self.smtp else None)


# The SMTP answer of a finding whose rule has no answer of its own (DOC-001 on an attachment).
GENERIC_ANSWER = "hop thu cong cong / public mailbox"


def answer_text(rule_id: str, what: str | None = None) -> str:
    return f"{rule_id} Vi pham {ascii_text(DIRECTIVE)}: {what or GENERIC_ANSWER} ({DIRECTIVE_EN})"
