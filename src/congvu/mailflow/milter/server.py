"""The milter session over asyncio: collect one message, judge it off the loop, answer at its end.

Who sent it (`congvu.mailflow.origin`): the SASL login comes from Postfix's `{auth_authen}` macro
(sent with MAIL FROM by default), the client's confirmed host name from the connect step (Postfix
sends `[IP]` when reverse DNS did not confirm a name), and SPF/DKIM/DMARC passes from the
`Authentication-Results` headers whose authserv-id is trusted (`mailflow.trusted_authserv_ids`).
They decide whether a finding charges a person, never whether the message passes.

Fail-open: a judging error, a timeout, a message over the size limit, or any exception in a
session answers CONTINUE (Postfix delivers), and `milter_default_action = accept` covers the
milter being down altogether.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import getaddresses
from typing import Any

from congvu.classify import AddressPolicy
from congvu.mailflow.message import Analysis, judge
from congvu.mailflow.milter import protocol as p
from congvu.mailflow.milter.inspect import analyse
from congvu.mailflow.modes import Mode, reason_text
from congvu.mailflow.origin import ProviderHosts, bundled_hosts, trusted_passes
from congvu.mailflow.rules import Envelope, MailFinding, StaffIndex
from congvu.settings import MailflowSettings

log = logging.getLogger(__name__)
_DEFAULT = MailflowSettings.defaults()


@dataclass(frozen=True, slots=True)
class MilterLimits:
    """Defaults: the mailflow.milter_max_message_mb and mailflow.milter_judge_seconds settings'."""

    max_message_bytes: int = _DEFAULT.milter_max_message_mb * 1024 * 1024
    # well inside Postfix's milter_content_timeout (300 s)
    judge_seconds: float = _DEFAULT.milter_judge_seconds


@dataclass
class _Message:
    sender: str = ""
    recipients: list[str] = field(default_factory=list)
    raw: bytearray = field(default_factory=bytearray)
    too_big: bool = False
    queue_id: str = ""
    client_name: str = ""  # per connection: carried over to the next message
    sasl_username: str = ""
    auth_results: list[str] = field(default_factory=list)  # Authentication-Results values
    from_header: list[str] = field(default_factory=list)  # From values


_MAX_AUTH_HEADERS = 32  # a message stuffed with headers costs at most this many parses


class Milter:
    """Shared state of all sessions: directory, mode, executor for the heavy half, recorder."""

    def __init__(
        self,
        policy: AddressPolicy,
        index: StaffIndex,
        mode: Mode = "monitor",
        submit: Callable[[dict[str, Any]], None] | None = None,
        analyser: Callable[[bytes], Awaitable[Analysis]] | None = None,
        limits: MilterLimits = MilterLimits(),
        trusted_authserv_ids: tuple[str, ...] = (),
        hosts: ProviderHosts | None = None,
    ) -> None:
        """`analyser` runs the heavy half (an `AnalysisPool`'s `analyse` in the service; by default
        a thread of the loop, for tests): it must answer or fail within `limits.judge_seconds`."""
        self.policy, self.index, self.mode = policy, index, mode
        self.submit, self.limits = submit, limits
        self.analyser = analyser or self._in_thread
        self.trusted_authserv_ids = trusted_authserv_ids
        self.hosts = hosts or bundled_hosts()
        self.stats: Counter[str] = Counter()
        self.decisions: Counter[str] = Counter()  # messages with findings, by the first finding's rule
        self.observe_judging: Callable[[float], None] | None = None  # seconds per message (metrics)
        self.server: asyncio.Server | None = None

    def set_index(self, index: StaffIndex) -> None:
        self.index = index

    async def start(self, host: str, port: int) -> tuple[str, int]:
        self.server = await asyncio.start_server(self._session, host, port, limit=1 << 20)
        sock = self.server.sockets[0].getsockname()
        return str(sock[0]), int(sock[1])

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.stats["connections"] += 1
        msg = _Message()
        try:
            while True:
                head = await reader.readexactly(4)
                (size,) = struct.unpack("!I", head)
                if size < 1 or size > p.MAX_PACKET:
                    raise p.ProtocolError(f"packet length {size}")
                body = await reader.readexactly(size)
                command, data = body[:1], body[1:]
                if command in (p.QUIT,):
                    break
                reply = await self._handle(command, data, msg)
                if command in (p.ABORT, p.QUIT_NC, p.BODYEOB):
                    msg = _Message(client_name=msg.client_name if command != p.QUIT_NC else "")
                if reply:
                    writer.write(reply)
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except p.ProtocolError as exc:
            self.stats["protocol_errors"] += 1
            log.warning("milter: dropping a connection: %s", exc)
        finally:
            writer.close()

    async def _handle(self, command: bytes, data: bytes, msg: _Message) -> bytes:
        if command == p.OPTNEG:
            _, actions, protocol = p.parse_optneg(data)
            return p.optneg_reply(actions, protocol)
        if command == p.MACRO:
            stage = data[:1]
            if stage in (b"C", b"M", b"R", b"E", b"T"):
                pairs = p.cstrings(data[1:])
                macros = dict(zip(pairs[::2], pairs[1::2], strict=False))
                if stage != b"C" and not msg.queue_id:
                    msg.queue_id = macros.get("i", "")
                if macros.get("{auth_authen}"):
                    msg.sasl_username = macros["{auth_authen}"]
                if stage == b"C" and macros.get("{client_name}"):
                    msg.client_name = macros["{client_name}"]  # "unknown" when not confirmed
            return b""
        if command == p.CONNECT:
            names = p.cstrings(data[: data.find(b"\0") + 1] if b"\0" in data else data)
            if names and not msg.client_name:
                msg.client_name = names[0]
            return p.encode(p.CONTINUE)
        if command in p.NO_REPLY_COMMANDS:
            return b""
        if command == p.MAIL:
            args = p.cstrings(data)
            msg.sender = args[0].strip("<>") if args else ""
        elif command == p.RCPT:
            args = p.cstrings(data)
            if args:
                msg.recipients.append(args[0].strip("<>"))
        elif command == p.HEADER:
            name, _, value = data.partition(b"\0")
            self._note_header(msg, name, value.rstrip(b"\0"))
            self._append(msg, name + b": " + value.rstrip(b"\0") + b"\r\n")
        elif command == p.EOH:
            self._append(msg, b"\r\n")
        elif command == p.BODY:
            self._append(msg, data)
        elif command == p.BODYEOB:
            self._append(msg, data)
            return await self._end_of_message(msg)
        return p.encode(p.CONTINUE)

    @staticmethod
    def _note_header(msg: _Message, name: bytes, value: bytes) -> None:
        """Keep the headers that say who sent the message (read at its end, on the loop: cheap)."""
        lower = name.strip().lower()
        if lower == b"authentication-results" and len(msg.auth_results) < _MAX_AUTH_HEADERS:
            msg.auth_results.append(value.decode("utf-8", "replace"))
        elif lower == b"from" and len(msg.from_header) < _MAX_AUTH_HEADERS:
            msg.from_header.append(value.decode("utf-8", "replace"))

    def envelope(self, msg: _Message) -> Envelope:
        """The message as the rules see it, with what vouches for its origin."""
        from_header = tuple(a for _, a in getaddresses(msg.from_header) if "@" in a)
        return Envelope(
            msg.sender,
            tuple(msg.recipients),
            sasl_username=msg.sasl_username or None,
            client_name=msg.client_name or None,
            queue_id=msg.queue_id or None,
            auth_passes=trusted_passes(msg.auth_results, self.trusted_authserv_ids),
            from_header=from_header,
        )

    def _append(self, msg: _Message, data: bytes) -> None:
        if msg.too_big:
            return
        if len(msg.raw) + len(data) > self.limits.max_message_bytes:
            msg.too_big = True
            msg.raw = bytearray()
            return
        msg.raw += data

    async def _end_of_message(self, msg: _Message) -> bytes:
        if self.observe_judging is None:
            return await self._judge_message(msg)
        started = time.perf_counter()
        try:
            return await self._judge_message(msg)
        finally:
            self.observe_judging(time.perf_counter() - started)

    async def _judge_message(self, msg: _Message) -> bytes:
        if msg.too_big:
            self.stats["too_big_accepted"] += 1
            return p.encode(p.CONTINUE)
        try:
            envelope = self.envelope(msg)
        except Exception as exc:  # a header we can't read vouches for nothing
            log.warning("milter: origin headers unreadable: %s", exc)
            envelope = Envelope(msg.sender, tuple(msg.recipients), queue_id=msg.queue_id or None)
        try:
            analysis = await asyncio.wait_for(self.analyser(bytes(msg.raw)), self.limits.judge_seconds + 5)
        except Exception as exc:  # the body goes unjudged; the envelope is still judged below
            self.stats["analysis_failed"] += 1
            log.error("milter: could not analyse a message's content: %s: %s", type(exc).__name__, exc)
            analysis = Analysis(warnings=[f"content not analysed: {type(exc).__name__}: {exc}"])
        try:
            found = judge(envelope, analysis, self.index, self.policy, self.hosts)
        except Exception as exc:  # fail-open: the message goes through unjudged
            self.stats["errors"] += 1
            log.error("milter: could not judge a message, accepting it: %s: %s", type(exc).__name__, exc)
            return p.encode(p.CONTINUE)
        self.stats["messages"] += 1
        if not found:
            return p.encode(p.CONTINUE)
        self.stats["findings"] += len(found)
        self.decisions[found[0].rule] += 1
        self._record(envelope, analysis, found)
        return self._verdict(found[0])

    async def _in_thread(self, raw: bytes) -> Analysis:
        return await asyncio.get_running_loop().run_in_executor(None, analyse, raw)

    def _verdict(self, finding: MailFinding) -> bytes:
        text = reason_text(finding.rule)
        if self.mode == "warn":
            return p.add_header("X-Congvu-Warning", text) + p.encode(p.CONTINUE)
        if self.mode == "hold":
            return p.encode(p.QUARANTINE, text.encode("ascii") + b"\0") + p.encode(p.CONTINUE)
        if self.mode == "reject":
            return p.reply_code(f"550 5.7.1 {text}")
        return p.encode(p.CONTINUE)

    def _record(self, envelope: Envelope, analysis: Analysis, found: list[MailFinding]) -> None:
        if self.submit is None:
            return
        self.submit(
            {
                "source": f"milter:{envelope.queue_id or id(envelope)}",
                "at": datetime.now(UTC).isoformat(),
                "mode": self.mode,
                "envelope": {
                    "sender": envelope.sender,
                    "recipients": list(envelope.recipients),
                    "header_senders": analysis.header_senders,
                    "queue_id": envelope.queue_id,
                    "sasl_username": envelope.sasl_username,
                    "client_name": envelope.client_name,
                    "auth_passes": [list(pair) for pair in envelope.auth_passes],
                },
                "documents": [
                    {"path": d.path, "sha256": d.sha256, "verdict": d.verdict, "number": d.metadata.number}
                    for d in analysis.documents
                ],
                "findings": [f.as_dict() for f in found],
            }
        )
