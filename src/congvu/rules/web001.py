"""A public mailbox published as a contact on an official web page.

Hộp thư công cộng đăng làm địa chỉ liên hệ trên trang web công vụ.

A DOC-001 finding on a page (or a document) an official web site publishes: a **violation** of the
unit that owns the site (`congvu sites add`), not of a person.

Recorded by `congvu.register.web_findings` under a key of (site, address), so re-crawls add
nothing; the finding keeps the DOC-001 reason of the page. Reason fields: `who`, `site`.
"""

from __future__ import annotations

from congvu.rules.base import Rule

# fmt: off
RULE = Rule(
    id="WEB-001", effect="violation", rank=3, level="error", opens_violation=True, web_of="DOC-001",
    title_vi="hộp thư công cộng công bố trên trang thông tin điện tử",
    title_en="public mailbox on an official site", reason_en="{who} published as a contact on {site}",
    reason_vi="{who} được công bố làm địa chỉ liên hệ trên {site}",
)
