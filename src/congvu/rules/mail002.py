"""A staff member's known public mailbox writes to official addresses.

Hộp thư công cộng của cán bộ gửi thư đến địa chỉ công vụ.

A staff member's known public mailbox writes to official addresses, charged to that mailbox's owner:
only when the origin is authenticated (SPF, DKIM or DMARC pass of a trusted authserv-id, or the
provider's own server by its forward-confirmed name).

Reply-To and Sender never vouch for anyone (`congvu.mailflow.origin`); an unauthenticated message
is kept unverified and opens no violation. The predicate is `congvu.mailflow.rules.decide`. Reason
fields: `public` (the staff member's public mailbox), `official` (the official recipient).
"""

from __future__ import annotations

from congvu.rules.base import Rule

# fmt: off
RULE = Rule(
    id="MAIL-002", effect="violation", rank=3, level="error", opens_violation=True, smtp=True,
    title_vi="dùng hộp thư công cộng cho công vụ", title_en="public mailbox used for official mail",
    reason_en="a staff member's public mailbox used for official mail",
    reason_vi="hộp thư công cộng {public} của cán bộ gửi tới địa chỉ công vụ {official}",
)
