"""What the milter judges in a whole message, split in two halves.

`analyse` is the CPU-heavy half (MIME parsing, every attachment through `scan_bytes`); it runs in
a worker process, so it only needs the address policy and limits, built once per worker.
`judge_message` is the cheap half (directory look-ups) and runs on the event loop with the live
directory, so a reloaded directory applies to the very next message.
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
from congvu.scan import scan_bytes
from congvu.settings import Config, Limits, load_config

SENDER_HEADERS = ("From", "Reply-To", "Sender")
_WORKER: dict[str, object] = {}


@dataclass(slots=True)
class Analysis:
    header_senders: list[str] = field(default_factory=list)
    documents: list[DocumentResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def init_worker(config_path: str | None = None) -> None:
    """Process-pool initializer: the policy's lists are loaded once per worker, not per message."""
    config: Config = load_config(config_path)
    _WORKER["policy"] = AddressPolicy.from_config(config)
    _WORKER["limits"] = Limits.from_config(config)


def _context() -> tuple[AddressPolicy, Limits]:
    if not _WORKER:
        init_worker()
    policy, limits = _WORKER["policy"], _WORKER["limits"]
    assert isinstance(policy, AddressPolicy) and isinstance(limits, Limits)
    return policy, limits


def header_senders(raw: bytes) -> list[str]:
    """Addresses in From, Reply-To and Sender (display names dropped)."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
    values = [str(v) for name in SENDER_HEADERS for v in headers.get_all(name, [])]
    return [a for _, a in getaddresses(values) if "@" in a]


def analyse(raw: bytes) -> Analysis:
    """Parse one message and judge every attachment with the document engine (never raises)."""
    policy, limits = _context()
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


def judge_message(
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
            hit = next((f for f in doc.findings if f.rule == "DOC-001"), None)
            if doc.verdict != "violation" or hit is None:
                continue
            found.append(
                MailFinding(
                    "DOC-001", hit.address, sender, owner.person_id if owner else None,
                    owner.unit if owner else None, None, "document",
                    f"DOC-001 (Chỉ thị 01/CT-UBND): {doc.path} gives {hit.address} as its contact point "
                    f"/ tệp đính kèm ghi hộp thư công cộng làm đầu mối liên hệ",
                    hit.provider, doc.sha256,
                )
            )  # fmt: skip
    return found
