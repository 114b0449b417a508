"""Mail archives after the fact: mbox files, Maildir folders and folders of `.eml` files.

Each message is judged exactly as the milter judges live mail (`congvu.mailflow.message`: the same
MIME walker, the same rules): its From/Reply-To/Sender and To/Cc/Bcc headers go through the mail
rules (MAIL-001, MAIL-002), and every attachment, forwarded messages included, through the document
engine, so that an administrative document sent to or from a staff member's public mailbox is
MAIL-004 and one giving a public contact point, sent from an official address, is DOC-001.  A
message that cannot be parsed is reported and skipped; the rest of the archive is still read.
"""

from __future__ import annotations

import email.policy
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from congvu.classify import AddressPolicy
from congvu.mailflow import message
from congvu.mailflow.origin import ProviderHosts, trusted_passes
from congvu.mailflow.rules import Envelope, StaffIndex, normalize_address
from congvu.settings import Limits

SENDER_HEADERS = ("sender", "reply-to")
RECIPIENT_HEADERS = ("to", "cc", "bcc")


@dataclass
class ArchiveMessage:
    """One archived message as judged: where it is, who wrote to whom, what was found."""

    where: str  # file path, plus the mbox index or Maildir key
    message_id: str | None
    time: datetime | None
    sender: str
    recipients: list[str]
    header_senders: list[str]
    names: dict[str, str]  # address → display name, for link suggestions
    findings: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)  # what could not be read in it

    def as_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "message_id": self.message_id,
            "time": self.time.isoformat() if self.time else None,
            "from": self.sender,
            "recipients": self.recipients,
            "names": self.names,
            "attachments": self.attachments,
            "findings": self.findings,
            "error": self.error,
            "warnings": self.warnings,
        }


def iter_raw(path: Path) -> Iterator[tuple[str, bytes]]:
    """(where, raw bytes) of every message under `path`: Maildir, mbox, .eml file or folder of them."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            box = mailbox.Maildir(str(path), factory=None, create=False)
            for key in sorted(box.keys()):
                yield f"{path}#{key}", box.get_bytes(key)
            return
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in {".eml", ".mbox"}:
                yield from iter_raw(child)
        return
    with path.open("rb") as handle:
        head = handle.read(5)
    if head == b"From ":
        mbox = mailbox.mbox(str(path), create=False)
        try:
            for number, key in enumerate(mbox.keys(), start=1):
                yield f"{path}#{number}", mbox.get_bytes(key)
        finally:
            mbox.close()
        return
    yield str(path), path.read_bytes()


def _addresses(msg: EmailMessage, names: tuple[str, ...]) -> list[tuple[str, str]]:
    values = [str(v) for name in names for v in (msg.get_all(name) or [])]
    out = []
    for display, address in getaddresses(values):
        address = normalize_address(address)
        if "@" in address:
            out.append((display.strip(), address))
    return out


def _time(msg: EmailMessage) -> datetime | None:
    try:
        raw = msg.get("date")
        return parsedate_to_datetime(str(raw)) if raw else None
    except (TypeError, ValueError, IndexError):
        return None


def judge_message(
    where: str,
    raw: bytes,
    index: StaffIndex,
    policy: AddressPolicy,
    limits: Limits,
    trusted_authserv_ids: tuple[str, ...] = (),
    hosts: ProviderHosts | None = None,
) -> ArchiveMessage:
    """One archived message judged as the milter judges live mail (`congvu.mailflow.message`), with
    the envelope its headers give: From is the sender, To/Cc/Bcc the recipients.

    An archive carries no SASL login and no confirmed client: MAIL-001 is always unverified here,
    and MAIL-002/004 from a public mailbox are verified only by a DKIM or DMARC pass in an
    `Authentication-Results` header of a trusted authserv-id (an SPF result names the envelope
    sender, which an archive does not keep).
    """
    try:
        msg = BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
        assert isinstance(msg, EmailMessage)
        senders = _addresses(msg, ("from",))
        others = _addresses(msg, SENDER_HEADERS)
        rcpts = _addresses(msg, RECIPIENT_HEADERS)
    except Exception as error:  # a broken header must cost one message, not the archive
        return ArchiveMessage(where, None, None, "", [], [], {}, error=f"unreadable message: {error}")
    names = {a: d for d, a in senders + others + rcpts if d}
    sender = senders[0][1] if senders else ""
    envelope = Envelope(
        sender=sender,
        recipients=list(dict.fromkeys(a for _, a in rcpts)),
        message_id=str(msg.get("message-id") or "").strip("<> ") or None,
        auth_passes=tuple(
            (method, domain)
            for method, domain in trusted_passes(
                [str(v) for v in msg.get_all("authentication-results", [])], trusted_authserv_ids
            )
            if method != "spf"
        ),
        from_header=[a for _, a in senders],
    )
    out = ArchiveMessage(
        where, envelope.message_id, _time(msg), sender, list(envelope.recipients),
        [a for _, a in senders[1:] + others], names,
    )  # fmt: skip
    analysis = message.analyse(raw, policy, limits)
    out.warnings = analysis.warnings
    out.attachments = [
        {
            "name": doc.path,
            "status": doc.status,
            "error": doc.error,
            "verdict": doc.verdict,
            "sha256": doc.sha256,
            "number": doc.metadata.number,
            "rules": sorted({f.rule for f in doc.findings}),
        }
        for doc in analysis.documents
    ]
    out.findings = [f.as_dict() for f in message.judge(envelope, analysis, index, policy, hosts)]
    return out


def scan_archive(
    path: Path,
    index: StaffIndex,
    policy: AddressPolicy,
    limits: Limits | None = None,
    trusted_authserv_ids: tuple[str, ...] = (),
    hosts: ProviderHosts | None = None,
) -> Iterator[ArchiveMessage]:
    limits = limits or Limits()
    try:
        for where, raw in iter_raw(path):
            yield judge_message(where, raw, index, policy, limits, trusted_authserv_ids, hosts)
    except (OSError, mailbox.Error) as error:
        yield ArchiveMessage(str(path), None, None, "", [], [], {}, error=f"cannot read the archive: {error}")


def mail_events(messages: list[ArchiveMessage]) -> list[dict[str, Any]]:
    """Findings per message in the shape `congvu.register.mail.record_mail_events` records.

    The source is the Message-ID (the same message in two archives is one message), else where
    it was found.
    """
    events = []
    for m in messages:
        if not m.findings:
            continue
        source = f"archive:{m.message_id or m.where}"[:80]
        at = m.time.isoformat() if m.time else None
        events.append({"source": source, "at": at, "message_id": m.message_id, "findings": m.findings})
    return events
