"""One ingestion run: read the new part of each log, reassemble messages, apply the mail rules.

The rules are the shared ones (`congvu.mailflow.rules.decide`): the address a sender *wrote* is
the recipient (`orig_to` when Postfix rewrote it), and every (orig_to → to) pair is offered to the
MAIL-003 forwarding rule.  Messages whose lines are not all read yet are returned as `pending`,
to be carried into the next run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from congvu.classify import AddressPolicy
from congvu.mailflow.logs.assemble import chains, is_complete, link, merged
from congvu.mailflow.logs.message import Message
from congvu.mailflow.logs.parser import LogParser, gc_paused
from congvu.mailflow.logs.reader import CheckpointStore, FileReport, read_file, sort_oldest_first
from congvu.mailflow.rules import Envelope, MailFinding, StaffIndex, decide
from congvu.register.months import LOCAL

MAX_PENDING = 50_000


@dataclass
class IngestResult:
    stats: dict[str, int]
    messages: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)  # Message states for the next run
    samples: list[str] = field(default_factory=list)

    def as_contract(self, summary: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"stats": self.stats}
        if not summary:
            out["messages"] = self.messages
        out["findings"] = self.findings
        out["files"] = [f.as_dict() for f in self.files]
        if self.samples:
            out["unparsed_samples"] = self.samples
        return out


def parse_logs(
    paths: Iterable[Path],
    zone: ZoneInfo = LOCAL,
    checkpoints: CheckpointStore | None = None,
    pending: Iterable[dict[str, Any]] = (),
    year: int | None = None,
) -> tuple[LogParser, list[FileReport]]:
    """Parse (the unread part of) every file, oldest first, on top of the carried-over messages."""
    parser = LogParser()
    with gc_paused():
        for state in pending:
            msg = Message.from_state(state)
            parser.messages[msg.queue_id] = msg
        reports = [read_file(p, parser, zone, checkpoints, year) for p in sort_oldest_first(list(paths))]
        link(parser.messages, parser.links)
    return parser, reports


def envelope_of(message: dict[str, Any]) -> Envelope:
    rcpts = message["recipients"]
    written = list(dict.fromkeys(r["orig_to"] or r["to"] for r in rcpts))
    return Envelope(
        sender=message.get("from") or "",
        recipients=written,
        sasl_username=message.get("sasl_username"),
        client_address=message.get("client"),
        queue_id=message["queue_id"],
        message_id=message.get("message_id"),
        forwarded=[(r["orig_to"], r["to"]) for r in rcpts if r["orig_to"]],
    )


def finding_dict(message: dict[str, Any], finding: MailFinding) -> dict[str, Any]:
    return {
        **finding.as_dict(),
        "queue_id": message["queue_id"],
        "host": message["host"],
        "time": message["time"],
        "message_id": message.get("message_id"),
        "from": message.get("from"),
    }


def ingest(
    paths: Iterable[Path],
    index: StaffIndex,
    policy: AddressPolicy,
    *,
    zone: ZoneInfo = LOCAL,
    checkpoints: CheckpointStore | None = None,
    pending: Iterable[dict[str, Any]] = (),
    year: int | None = None,
) -> IngestResult:
    with gc_paused():
        parser, reports = parse_logs(paths, zone, checkpoints, pending, year)
        result = IngestResult(stats={}, files=reports, samples=parser.stats.samples)
        for chain in chains(parser.messages):
            message = merged(chain, zone)
            result.messages.append(message)
            if not is_complete(chain):
                result.pending.extend(m.to_state() for m in chain)
            for finding in decide(envelope_of(message), index, policy):
                result.findings.append(finding_dict(message, finding))
    result.pending = result.pending[-MAX_PENDING:]
    s = parser.stats
    result.stats = {
        "lines": s.lines,
        "messages": len(result.messages),
        "unparsed": s.unparsed,
        "other": s.other,
        "rejected": s.rejected,
        "partial": s.partial,
        "pending": sum(1 for m in result.messages if not m["complete"]),
        "findings": len(result.findings),
    }
    return result


def mail_events(result: IngestResult) -> list[dict[str, Any]]:
    """Findings grouped per message in the shape `congvu.register.mail.record_mail_events` records.

    The source names the queue id with its host and day (queue ids are reused over time), so a
    finding's identity is queue id + rule + address and re-reading a log adds nothing.
    """
    events: dict[str, dict[str, Any]] = {}
    for f in result.findings:
        day = (f.get("time") or "")[:10]
        source = f"log:{f['host']}:{f['queue_id']}:{day}"[:80]
        event = events.setdefault(source, {"source": source, "at": f.get("time"), "findings": []})
        event["findings"].append(f)
    return list(events.values())
