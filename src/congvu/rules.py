"""Stable rule IDs shared by every part of congvu (stored in the register: never renamed or reused).

The text is the rule's one-line documentation; `docs/rules.md` explains each in full.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    "DOC-000": "An address that is not a public mailbox (official or other); informational only.",
    "DOC-001": "A public mailbox given as the issuer's contact point in a document.",
    "DOC-002": "A public mailbox appears in a document but not as a contact point (review).",
    "DOC-003": "A look-alike of an official domain in a document (review).",
    "MAIL-001": "An official account sends to a staff member's known public mailbox.",
    "MAIL-002": "A staff member's known public mailbox writes to official addresses.",
    "MAIL-003": "An official mailbox automatically forwarded to a public address.",
    "MAIL-004": "An official document travels to or from a staff member's public mailbox.",
    "WEB-001": "A public mailbox published as a contact on an official web page.",
}
