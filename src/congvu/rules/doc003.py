"""A look-alike of an official domain in a document (review).

Tên miền giả mạo tên miền công vụ trong văn bản (cần xem xét).

A domain that imitates an official one (e.g. `@dannang.gov.vn`): review.

A typo in the issuer's own address or a fake one; either way an inspector decides. The look-alike
test is the address policy's (`congvu.classify`), which names the official domain imitated. Reason
fields: `lookalike` (the official domain imitated).
"""

from __future__ import annotations

from congvu.rules.base import Address, Decision, Rule


def applies(cls: Address, decision: Decision) -> bool:
    return bool(cls.lookalike_of)


# fmt: off
RULE = Rule(
    id="DOC-003", effect="review", rank=2, level="warning", opens_violation=False,
    title_vi="tên miền giả dạng tên miền công vụ", title_en="look-alike of an official domain",
    reason_en="domain imitates the official {lookalike}; check whether it is a typo or a fake",
    reason_vi="tên miền giả dạng tên miền chính thức {lookalike}; kiểm tra do gõ nhầm hay giả mạo",
)
