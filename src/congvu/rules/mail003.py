"""An official mailbox automatically forwarded to a public address.

Hộp thư công vụ tự động chuyển tiếp sang hộp thư công cộng.

An official mailbox forwarded by our server to a public address, charged to the official mailbox's
owner: always (our server did it).

One finding per message and target however many delivery attempts; seen in the mail logs
(`congvu.mailflow.rules.forwarding`). Reason fields: `official` (the official mailbox), `public` (the
address it was forwarded to).
"""

from __future__ import annotations

from congvu.rules.base import Rule

# fmt: off
RULE = Rule(
    id="MAIL-003", effect="violation", rank=3, level="error", opens_violation=True, smtp=True,
    title_vi="chuyển tiếp hộp thư công vụ ra hộp thư công cộng", title_en="official mailbox forwarded out",
    reason_en="official mailbox forwarded to a public address",
    reason_vi="hộp thư công vụ {official} tự động chuyển tiếp tới {public}",
)
