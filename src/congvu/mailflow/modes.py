"""What the mail services do with a finding (the mode) and the text they answer with.

Shared by the policy service (answers to Postfix: `policy_answers`) and the milter (its own replies
built from the same `reason_text`), so a message is warned, held or refused in the same words
wherever it is caught. In `monitor` mode nothing is answered but "carry on": findings are only
recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from congvu.rules import RULES, smtp_reason

Mode = Literal["monitor", "warn", "hold", "reject"]
MODES: tuple[Mode, ...] = ("monitor", "warn", "hold", "reject")


def reason_text(rule: str) -> str:
    """The short bilingual reason shown to the sender, naming the directive, in ASCII (SMTP
    replies and headers must be ASCII): the rule's own (`congvu.rules.smtp_reason`)."""
    return smtp_reason(rule)


_ACTIONS: dict[Mode, Callable[[str], str]] = {
    "monitor": lambda rule: "DUNNO",
    "warn": lambda rule: f"PREPEND X-Congvu-Warning: {reason_text(rule)}",
    "hold": lambda rule: f"HOLD {reason_text(rule)}",
    "reject": lambda rule: f"REJECT 5.7.1 {reason_text(rule)}",
}


def action_for(mode: Mode, rule: str) -> bytes:
    """The policy service's whole answer (with its blank line) to a finding of `rule`."""
    return f"action={_ACTIONS[mode](rule)}\n\n".encode("ascii")


def policy_answers(mode: Mode) -> dict[str, bytes]:
    """`action_for` for every registered rule, built once when the service starts."""
    return {rule: action_for(mode, rule) for rule in RULES}
