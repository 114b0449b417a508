"""One whole message judged the same way wherever it is read: live by the milter, later in an archive.

`analyse` is the CPU-heavy half: the sender headers, and the MIME tree walked by the one walker,
`congvu.extract.eml` (text bodies, attachments, forwarded messages as attachments of their own),
every attachment through the document engine (`scan_bytes`). The milter runs it in a worker
process; the archive scanner in its own. `judge` is the cheap half (directory look-ups): the milter
runs it on the event loop with the live directory, so a reloaded directory applies to the very next
message. What differs between the two callers is only the envelope: the milter has Postfix's (MAIL
FROM, RCPT TO, the login, the client), an archive only the headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses

from congvu.classify import AddressPolicy
from congvu.extract import eml
from congvu.mailflow.origin import ProviderHosts
from congvu.mailflow.rules import (
    Envelope,
    MailFinding,
    StaffIndex,
    decide,
    document_findings,
    normalize_address,
)
from congvu.model import DocumentResult, ExtractError
from congvu.rules import DIRECTIVE, effect_of
from congvu.scan.document import scan_bytes
from congvu.settings import Limits

SENDER_HEADERS = ("From", "Reply-To", "Sender")


@dataclass(slots=True)
class Analysis:
    """What `analyse` read: sender identities in the headers, one result per attachment, warnings."""

    header_senders: list[str] = field(default_factory=list)
    documents: list[DocumentResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def header_senders(raw: bytes) -> list[str]:
    """Addresses in From, Reply-To and Sender (display names dropped)."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
    values = [str(v) for name in SENDER_HEADERS for v in headers.get_all(name, [])]
    return [a for _, a in getaddresses(values) if "@" in a]


def analyse(raw: bytes, policy: AddressPolicy, limits: Limits) -> Analysis:
    """Parse one message and judge every attachment with the document engine (never raises).

    Each attachment's result has its file name as `path` (the message's own place is the caller's).
    """
    out = Analysis()
    try:
        out.header_senders = header_senders(raw)
    except Exception as exc:  # a header the parser chokes on costs the headers, not the message
        out.warnings.append(f"headers: {type(exc).__name__}: {exc}")
    try:
        extraction = eml.extract(raw, limits)
    except ExtractError as exc:
        out.warnings.append(f"message: {exc}")
        return out
    except RecursionError:  # MIME nested past the interpreter's depth: the content stays unread
        out.warnings.append("message: MIME parts nested too deeply to read")
        return out
    out.warnings.extend(f"message: {w}" for w in extraction.warnings)  # e.g. read as text, too deep
    for attachment in extraction.attachments[: limits.max_members]:
        out.documents.append(
            scan_bytes(attachment.data, attachment.name, policy, limits, path=attachment.name)
        )
    return out


def judge(
    envelope: Envelope,
    analysis: Analysis,
    index: StaffIndex,
    policy: AddressPolicy,
    hosts: ProviderHosts | None = None,
) -> list[MailFinding]:
    """MAIL-001/002 on envelope and sender headers, MAIL-004 on attachments, and the document rule:
    an attachment sent from an official address that gives a public contact point (DOC-001)."""
    env = replace(envelope, header_senders=[*envelope.header_senders, *analysis.header_senders])
    found = decide(env, index, policy, hosts)
    found += document_findings(env, analysis.documents, index, policy, hosts)
    sender = normalize_address(env.sender)
    if sender and policy.classify(sender).cls == "official":
        owner = index.official_owner(sender)
        for doc in analysis.documents:
            hit = next((f for f in doc.findings if effect_of(f.rule) == "violation"), None)
            if doc.verdict != "violation" or hit is None:
                continue
            found.append(
                MailFinding(
                    hit.rule, hit.address, sender, owner.person_id if owner else None,
                    owner.unit if owner else None, None, "document",
                    f"{hit.rule} ({DIRECTIVE}): {doc.path} gives {hit.address} as its contact point "
                    f"/ tệp đính kèm ghi hộp thư công cộng làm đầu mối liên hệ",
                    hit.provider, doc.sha256,
                )
            )  # fmt: skip
    return found
