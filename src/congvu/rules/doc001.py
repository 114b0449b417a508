"""A public mailbox given as the issuer's contact point in a document.

Hộp thư công cộng ghi làm đầu mối liên hệ trong văn bản.

A public mailbox (Gmail, Yahoo, VNPT `vnn.vn`, …) given as a contact point of a state body:
**violation**.

Clause 1c of the directive forbids public mailboxes as a way to contact a state body. The contact
point is decided by the cues of `congvu.judge.contact`, the body by `congvu.judge.state`: the public
contact point of a body not recognisably a state body is demoted to DOC-002 (review), its reason
ending "; but … is not recognisably a state body; review". On an official web page it is WEB-001.
Reason fields: `who` ("public mailbox (Gmail)"), `cue` (the deciding cue's label and own words),
`where` (block, page header/footer, page), `set_aside` (an owner veto the cue lifted, and why).
"""

from __future__ import annotations

from congvu.rules.base import Address, Decision, Rule


def applies(cls: Address, decision: Decision) -> bool:
    return not cls.lookalike_of and cls.cls == "public" and decision.contact_point


# fmt: off
RULE = Rule(
    id="DOC-001", effect="violation", rank=3, level="error", opens_violation=True,
    title_vi="hộp thư công cộng ghi làm đầu mối liên hệ", title_en="public mailbox as a contact point",
    reason_en="{who} given as a contact point: {cue}{where}{set_aside}",
    reason_vi="{who} được ghi làm đầu mối liên hệ: {cue}{where}{set_aside}",
)
