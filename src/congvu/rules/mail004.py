"""An official document travels to or from a staff member's public mailbox.

Văn bản công vụ gửi đến hoặc từ hộp thư công cộng của cán bộ.

An official document attached to mail to or from such a mailbox, charged from it to its owner (as
MAIL-002), to it to the login (as MAIL-001), never to the recipient: as the rule it follows.

The attachment is judged by the document judge (`congvu.mailflow.rules.document_findings`); its
sha256 is kept with the finding. Reason fields: `public` (the staff member's public mailbox).
"""

from __future__ import annotations

from congvu.rules.base import Rule

# fmt: off
RULE = Rule(
    id="MAIL-004", effect="violation", rank=3, level="error", opens_violation=True, smtp=True,
    title_vi="văn bản hành chính qua hộp thư công cộng", title_en="official document via a public mailbox",
    reason_en="an official document sent through a public mailbox",
    reason_vi="văn bản hành chính gửi qua hộp thư công cộng {public}",
)
