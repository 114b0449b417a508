"""A public mailbox appears in a document but not as a contact point (review).

Hộp thư công cộng xuất hiện trong văn bản nhưng không phải đầu mối liên hệ (cần xem xét).

A public mailbox that merely appears (prohibition, example, citizen's address, list, link, file
name, forwarded mail header, or no convincing cue), or the contact point of a body not recognisably
a state body: review.

When in doubt the judge says *review*: a false violation can lower a civil servant's monthly
rating. An inspector looks at these findings (`congvu violations review`); they open no violation.
Reason fields: `who`, `why` (the veto or the too-weak cue, and the contact cue it outweighed).
"""

from __future__ import annotations

from congvu.rules.base import Address, Decision, Rule


def applies(cls: Address, decision: Decision) -> bool:
    return not cls.lookalike_of and cls.cls == "public" and not decision.contact_point


# fmt: off
RULE = Rule(
    id="DOC-002", effect="review", rank=1, level="warning", opens_violation=False,
    title_vi="hộp thư công cộng xuất hiện trong văn bản", title_en="public mailbox in the text",
    reason_en="{who} appears in the text, {why}; review",
    reason_vi="{who} xuất hiện trong văn bản, {why}; cần xem xét",
)
