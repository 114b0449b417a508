"""An official account sends to a staff member's known public mailbox.

Hộp thư công vụ gửi thư đến hộp thư công cộng của cán bộ.

Official mail to a staff member's known public mailbox, charged to the SASL login (a directory
person): only when the message was submitted with a login on our server.

An official sender address alone proves nothing: without a login the finding is kept unverified
and opens no violation. Official-domain system senders (e-government notifications) without a
login make no finding at all. The predicate is `congvu.mailflow.rules.decide`. Reason fields:
`official` (the sender), `public` (the staff member's public mailbox).
"""

from __future__ import annotations

from congvu.rules.base import Rule

# fmt: off
RULE = Rule(
    id="MAIL-001", effect="violation", rank=3, level="error", opens_violation=True, smtp=True,
    title_vi="gửi thư công vụ tới hộp thư công cộng của cán bộ",
    title_en="official mail to a staff public mailbox",
    reason_en="official mail sent to a staff member's public mailbox",
    reason_vi="thư công vụ {official} gửi tới hộp thư công cộng {public} của cán bộ",
)
