"""An address that is not a public mailbox (official or other); informational only.

Địa chỉ không phải hộp thư công cộng (chỉ để tham khảo).

Any other address (official, company, other agency): none — informational; `contact_point` is
still computed.

Kept in the judge's output (JSON, the register's findings) so that an inspector sees every address
of a document; it appears in no table, no SARIF result and never changes the verdict. Reason fields:
`who` ("official address", "other address"), `what` ("given as a contact point" or why it is not).
"""

from __future__ import annotations

from congvu.rules.base import Address, Decision, Rule


def applies(cls: Address, decision: Decision) -> bool:
    return not cls.lookalike_of and cls.cls != "public"


# fmt: off
RULE = Rule(
    id="DOC-000", effect="none", rank=0, level="none", opens_violation=False,
    title_vi="địa chỉ khác (chỉ để tham khảo)", title_en="other address",
    reason_en="{who}, {what}; informational", reason_vi="{who}, {what}; chỉ để tham khảo",
)
