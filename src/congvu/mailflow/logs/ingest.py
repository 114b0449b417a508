"""One ingestion run: read the new part of each log, reassemble messages, apply the mail rules.

The rules are the shared ones (`congvu.mailflow.rules.decide`): the address a sender *wrote* is
the recipient (`orig_to` when Postfix rewrote it), and every (orig_to → to) pair is offered to the
MAIL-003 forwarding rule.  Messages whose lines are not all read yet are returned as `pending`,
to be carried into the next run.

A log carries neither SPF nor DKIM results: the only thing that vouches for a public sender is the
client Postfix logged, `client=NAME[IP]`, where NAME is `unknown` unless its reverse DNS was
forward-confirmed — a confirmed name under the provider's zone is the provider's own server
(`congvu.mailflow.origin`).  MAIL-001 needs the `sasl_username=` of the submission.

One finding per message and (rule, address, counterpart): retries (deferred, then sent) are one
forwarding.  A message judged while still in the queue remembers what it was reported for
(`Message.reported`, carried with it into the next run), so the next run, which sees it again
with its later lines, does not report it twice: the runs' JSON adds up to what the register holds.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from congvu.classify import AddressPolicy
from congvu.clock import LOCAL
from congvu.mailflow.logs.assemble import chains, first_fields, is_complete, link, merged, recipient_rows
from congvu.mailflow.logs.message import ORIG_TO, TO, Message
from congvu.mailflow.logs.parser import LogParser, gc_paused
from congvu.mailflow.logs.reader import CheckpointStore, FileReport, read_file, sort_oldest_first
from congvu.mailflow.origin import ProviderHosts, bundled_hosts
from congvu.mailflow.rules import Envelope, MailFinding, StaffIndex, decide

MAX_PENDING = 50_000
# Messages from which the rules run in two processes: below this a fork costs more than it saves.
RULES_SPLIT = 20_000

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    """One run's outcome.  `messages` (the records of every message) is built on first use.

    A record (an ISO time, a dict per recipient) costs more than applying the rules to the
    message, and most callers (`--summary`, the table, recording) only need the findings, so the
    result keeps the reassembled chains and turns them into records only when `messages` is read.
    """

    stats: dict[str, int]
    findings: list[dict[str, Any]] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)  # Message states for the next run
    samples: list[str] = field(default_factory=list)
    chains: list[list[Message]] = field(default_factory=list, repr=False)
    zone: ZoneInfo = field(default=LOCAL, repr=False)
    _messages: list[dict[str, Any]] | None = field(default=None, init=False, repr=False)

    @property
    def messages(self) -> list[dict[str, Any]]:
        if self._messages is None:
            with gc_paused():
                self._messages = [merged(chain, self.zone) for chain in self.chains]
        return self._messages

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


def chain_envelope(chain: list[Message]) -> Envelope:
    """What the rules see of a message: the addresses its sender wrote (`orig_to` when Postfix
    rewrote one) and every (orig_to → to) pair — the same fields as its record."""
    rows = recipient_rows(chain)
    client, sasl_username, message_id, sender, _ = first_fields(chain)
    if len(rows) == 1:
        written = [rows[0][ORIG_TO] or rows[0][TO]]
    else:
        written = list(dict.fromkeys([r[ORIG_TO] or r[TO] for r in rows]))
    return Envelope(
        sender=sender or "",
        recipients=written,
        sasl_username=sasl_username,
        client_address=client,
        client_name=client,  # `NAME[IP]`: origin.confirmed_host reads NAME, `unknown` is none
        queue_id=chain[0].queue_id,
        message_id=message_id,
        forwarded=list(dict.fromkeys((r[ORIG_TO], r[TO]) for r in rows if r[ORIG_TO])),
    )


def _decide_part(
    chains: list[list[Message]], index: StaffIndex, policy: AddressPolicy, hosts: ProviderHosts
) -> list[list[MailFinding]]:
    return [decide(chain_envelope(chain), index, policy, hosts) for chain in chains]


def _decide_child(
    conn: Any, chains: list[list[Message]], index: StaffIndex, policy: AddressPolicy, hosts: ProviderHosts
) -> None:
    try:
        hits = _decide_part(chains, index, policy, hosts)
        conn.send_bytes(pickle.dumps([(i, h) for i, h in enumerate(hits) if h], pickle.HIGHEST_PROTOCOL))
    finally:
        conn.close()


def decisions(
    chains: list[list[Message]],
    index: StaffIndex,
    policy: AddressPolicy,
    cores: Callable[[], int | None] = os.cpu_count,
    hosts: ProviderHosts | None = None,
) -> list[list[MailFinding]]:
    """The rules' findings for every chain, in order; a large run's second half in a forked child.

    The rules cost a few microseconds per message (about half a second for the 72,663 of the
    benchmark log), and after the parse the second core is idle again.  The child sees the same
    messages (fork) and sends back only the findings, which are few.  Any failure of the child
    falls back to judging its half here.
    """
    hosts = hosts or bundled_hosts()
    if len(chains) < RULES_SPLIT or (cores() or 1) < 2:
        return _decide_part(chains, index, policy, hosts)
    half = len(chains) // 2
    try:
        ctx = mp.get_context("fork")
        here, there = ctx.Pipe(duplex=False)
        args = (there, chains[half:], index, policy, hosts)
        proc = ctx.Process(target=_decide_child, args=args, daemon=True)
        proc.start()
        there.close()
    except (OSError, ValueError) as error:
        log.warning("cannot fork a second process for the rules (%s): one core", error)
        return _decide_part(chains, index, policy, hosts)
    out = _decide_part(chains[:half], index, policy, hosts)
    try:
        blob = here.recv_bytes()
    except (EOFError, OSError) as error:
        log.warning("second process for the rules failed (%s): judging its half here", error)
        blob = b""
    finally:
        here.close()
        proc.join()
    if not blob:
        return out + _decide_part(chains[half:], index, policy, hosts)
    rest: list[list[MailFinding]] = [[] for _ in range(len(chains) - half)]
    for i, hits in pickle.loads(blob):
        rest[i] = hits
    return out + rest


def _not_reported_before(chain: list[Message], hits: list[MailFinding]) -> list[MailFinding]:
    """The findings this chain was not reported for in an earlier run; marks them reported.

    The mark travels with the chain's messages into `pending` while they are still queued, and
    is forgotten with them once the message is complete.
    """
    before = {tuple(key) for m in chain for key in (m.reported or ())}
    keys = [(f.rule, f.address, f.counterpart) for f in hits]
    fresh = [f for f, key in zip(hits, keys, strict=True) if key not in before]
    marks = sorted(before | set(keys))
    for m in chain:
        m.reported = [list(key) for key in marks]
    return fresh


def finding_dict(message: dict[str, Any], finding: MailFinding) -> dict[str, Any]:
    return {
        **finding.as_dict(),
        "queue_id": message["queue_id"],
        "host": message["host"],
        "time": message["time"],
        "message_id": message.get("message_id"),
        "from": message.get("from"),
        "queue_ids": message.get("queue_ids"),
        "lines": message.get("lines"),
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
    hosts: ProviderHosts | None = None,
) -> IngestResult:
    with gc_paused():
        parser, reports = parse_logs(paths, zone, checkpoints, pending, year)
        found = list(chains(parser.messages))
        result = IngestResult(stats={}, files=reports, samples=parser.stats.samples, chains=found, zone=zone)
        for chain, hits in zip(found, decisions(found, index, policy, hosts=hosts), strict=True):
            if hits:
                hits = _not_reported_before(chain, hits)
            if hits:
                message = merged(chain, zone)
                result.findings.extend(finding_dict(message, finding) for finding in hits)
        waiting = 0
        for chain in found:  # after the rules: a queued message carries what it was reported for
            if not is_complete(chain):
                waiting += 1
                result.pending.extend(m.to_state() for m in chain)
    result.pending = result.pending[-MAX_PENDING:]
    s = parser.stats
    result.stats = {
        "lines": s.lines,
        "messages": len(found),
        "unparsed": s.unparsed,
        "other": s.other,
        "rejected": s.rejected,
        "partial": s.partial,
        "pending": waiting,
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
