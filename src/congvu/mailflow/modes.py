"""What the mail services do with a finding (the mode) and the text they answer with.

Shared by the policy service (answers to Postfix: `policy_answers`) and the milter (its own replies
built from the same `reason_text`), so a message is warned, held or refused in the same words
wherever it is caught. In `monitor` mode nothing is answered but "carry on": findings are only
recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

Mode = Literal["monitor", "warn", "hold", "reject"]
MODES: tuple[Mode, ...] = ("monitor", "warn", "hold", "reject")

# SMTP replies and headers must be ASCII: the Vietnamese is written without diacritics here.
_RULE_TEXT = {
    "MAIL-001": "gui thu cong vu toi hop thu cong cong cua can bo / official mail to a staff public mailbox",
    "MAIL-002": "dung hop thu cong cong cho cong vu / public mailbox used for official mail",
    "MAIL-003": "chuyen tiep hop thu cong vu ra hop thu cong cong / official mailbox forwarded out",
    "MAIL-004": "van ban hanh chinh qua hop thu cong cong / official document via a public mailbox",
}


def reason_text(rule: str) -> str:
    """The short bilingual reason shown to the sender, naming the directive."""
    what = _RULE_TEXT.get(rule, "hop thu cong cong / public mailbox")
    return f"{rule} Vi pham Chi thi 01/CT-UBND: {what} (Directive 01/CT-UBND)"


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
    """`action_for` for every mail rule, built once when the service starts."""
    return {rule: action_for(mode, rule) for rule in _RULE_TEXT}
