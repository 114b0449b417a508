"""Postfix policy delegation service (``check_policy_service inet:HOST:PORT``), asyncio.

Protocol: the client sends ``name=value`` lines, a blank line ends a request, we answer
``action=...`` and a blank line; connections are persistent (Postfix reuses them).  The decision is
`congvu.mailflow.rules.decide`, an in-memory look-up, made inline in `data_received` — no task per
request; smtpd's usual read (one whole request) takes `answer_frame`, anything else the general
path.  Answers are written at the end of the event-loop pass, all together (`PolicyServer.send`).
Recording is handed to the `Recorder` as a compact record (never awaited here); `policy_event`
turns it into the mail event, in the recording process.

What the decision relies on (`congvu.mailflow.origin`): `sasl_username`, the login on this very
server, is the only proof of who sent official mail (MAIL-001); `client_name`, which Postfix fills
in only when the client's reverse DNS is forward-confirmed (`unknown` otherwise), vouches for a
public sender when it is the provider's own server (MAIL-002).  `reverse_client_name` (the PTR as
whoever owns the IP wrote it) and `helo_name` vouch for nothing, and Postfix passes a policy
service no SPF or DKIM result.  The answer to Postfix is the same whether or not the origin is
authenticated (refusing a forged message harms no one); only the charge to a person depends on it.

Fail-open everywhere: a malformed, oversized or unknown request, an internal error, more
connections than allowed or an event loop lagging past the deadline all answer ``DUNNO``, are
counted in `stats`, and logged.  Requests shed that way are not judged here; Postfix still logs the
message, and `congvu mail ingest-log` applies the same rules to the log.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from congvu.classify import AddressPolicy
from congvu.mailflow.modes import MODES, Mode, policy_answers
from congvu.mailflow.origin import ProviderHosts, bundled_hosts
from congvu.mailflow.request import Fields, Request, malformed_lines, may_have_malformed, needle, value_at
from congvu.mailflow.rules import Envelope, StaffIndex, decide
from congvu.settings import MailflowSettings

log = logging.getLogger(__name__)
_DEFAULT = MailflowSettings.defaults()

DUNNO = b"action=DUNNO\n\n"
_END = b"\n\n"
_CACHE_LIMIT = 100_000
_SENDER, _RECIPIENT, _SASL_USERNAME, _CLIENT_NAME = (
    needle(key) for key in (b"sender", b"recipient", b"sasl_username", b"client_name")
)


@dataclass(frozen=True, slots=True)
class ServiceLimits:
    """Defaults: the mailflow.* settings' (max_request_kb, max_connections, deadline_ms)."""

    # Postfix requests are < 2 KiB; anything past this is garbage
    max_request_bytes: int = _DEFAULT.max_request_kb * 1024
    max_connections: int = _DEFAULT.max_connections  # past this, connections are answered DUNNO undecided
    deadline: float = _DEFAULT.deadline_ms / 1000  # event loop lag (s) past which requests are shed (DUNNO)
    idle_timeout: float = 600.0  # Postfix closes idle ones after 300 s (smtpd_policy_service_max_idle)


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", "replace") if value else ""


class PolicyService:
    """The decision side of the server: request bytes in, answer bytes out, never raises."""

    def __init__(
        self,
        policy: AddressPolicy,
        index: StaffIndex,
        mode: Mode = "monitor",
        submit: Callable[[tuple[Any, ...]], None] | None = None,
        limits: ServiceLimits = ServiceLimits(),
        hosts: ProviderHosts | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.policy = policy
        self.index = index
        self.mode: Mode = mode
        self.submit = submit
        self.limits = limits
        self.hosts = hosts or bundled_hosts()
        self.stats: Counter[str] = Counter()
        self.decisions: Counter[str] = Counter()  # requests with findings, by the first finding's rule
        self.connections = 0
        self.overloaded = False
        self._cache: dict[tuple[bytes, bytes, bytes, bytes], tuple[bytes, tuple[dict[str, Any], ...]]] = {}
        self._answers = policy_answers(mode)

    def set_index(self, index: StaffIndex) -> None:
        """Swap in a reloaded directory (decisions cached on the old one are dropped)."""
        self.index = index
        self._cache = {}

    def shed(self, why: str) -> bytes:
        self.stats[why] += 1
        return DUNNO

    def answer_frame(self, data: bytes) -> bytes | None:
        """The answer to `data` when it is one whole request as smtpd sends it, else None.

        smtpd sends one request per write: `name=value` lines, no `\r`, `request=` first, then the
        blank line. This path answers that case with a few passes over the bytes in C, and no
        objects beyond the three values of the cache key: the handler costs about two thirds of
        what it costs through the general path (`bench/bench_policy_handler.py`). Its values,
        answer, counters and record are `answer`'s (a property test). Anything else returns None
        and takes the general path: a second request in the same read, a `\r`, a line without `=`
        (which the general path counts), a repeated `request=`, or an oversized request.
        """
        n = len(data)
        if (
            n - 2 > self.limits.max_request_bytes
            or data.find(_END) != n - 2
            or b"\r" in data
            or data.count(b"=") < data.count(b"\n") - 1  # fewer '=' than lines: some line has none
            or not data.startswith(b"request=smtpd_access_policy\n")
            or data.find(b"\nrequest=") >= 0  # the last request= line is the one that counts
        ):
            return None
        self.stats["requests"] += 1
        if self.overloaded:
            return self.shed("shed_overload")
        try:
            # the last line of each name, as `Request` reads it; none is on the first line
            key = (
                value_at(data, _SENDER) or b"",
                value_at(data, _RECIPIENT) or b"",
                value_at(data, _SASL_USERNAME) or b"",
                value_at(data, _CLIENT_NAME) or b"",
            )
            return self._respond(data, key, None)
        except Exception:
            log.exception("policy request failed; answering DUNNO")
            return self.shed("errors")

    def answer(self, block: bytes) -> bytes:
        """One request (without its blank line) → one answer; any failure is DUNNO (fail-open)."""
        self.stats["requests"] += 1
        if self.overloaded:
            return self.shed("shed_overload")
        try:
            attrs = Request(block)
            if may_have_malformed(block) and (bad := malformed_lines(block)):
                self.stats["malformed_lines"] += bad
            if attrs.get(b"request") != b"smtpd_access_policy":
                return self.shed("malformed")
            key = (
                attrs.get(b"sender", b""),
                attrs.get(b"recipient", b""),
                attrs.get(b"sasl_username", b""),
                attrs.get(b"client_name", b""),
            )
            return self._respond(block, key, attrs)
        except Exception:
            log.exception("policy request failed; answering DUNNO")
            return self.shed("errors")

    def _respond(self, block: bytes, key: tuple[bytes, bytes, bytes, bytes], attrs: Request | None) -> bytes:
        """The (cached) decision for (sender, recipient, login, client name); findings to the recorder.

        The record is the request's bytes as received, the time, the answer and the findings:
        reading the envelope out of the bytes and building the event is left to the recording
        process (`policy_event`).
        """
        hit = self._cache.get(key)
        if hit is None:
            client = (attrs if attrs is not None else Request(block)).get(b"client_address")
            envelope = Envelope(
                _text(key[0]),
                (_text(key[1]),) if key[1] else (),
                sasl_username=_text(key[2]) or None,
                client_address=_text(client) or None,
                client_name=_text(key[3]) or None,
            )
            found = decide(envelope, self.index, self.policy, self.hosts)
            hit = (self._answers[found[0].rule] if found else DUNNO, tuple(f.as_dict() for f in found))
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache = {}
            self._cache[key] = hit
        response, findings = hit
        if findings:
            self.stats["findings"] += len(findings)
            self.decisions[findings[0]["rule"]] += 1
            if self.submit is not None:
                self.submit((block, time.time(), self.mode, response, findings))
        return response


_ENVELOPE = tuple((key.decode(), key) for key in (b"sender", b"recipient", b"sasl_username",
                  b"client_address", b"client_name", b"queue_id", b"protocol_state"))  # fmt: skip
_EVENT_FIELDS = Fields(b"instance", *(key for _, key in _ENVELOPE))


def policy_event(record: tuple[Any, ...]) -> dict[str, Any]:
    """The mail event for a record `PolicyService` submitted (run by the recording process)."""
    block, at, mode, response, findings = record
    attrs = _EVENT_FIELDS.read(block)
    return {
        "source": f"policy:{_text(attrs.get(b'instance') or attrs.get(b'queue_id')) or 'unknown'}",
        "at": datetime.fromtimestamp(at, UTC).isoformat(),
        "mode": mode,
        "action": response[7:-2].decode("ascii"),
        "envelope": {name: _text(attrs.get(key)) for name, key in _ENVELOPE},
        "findings": [dict(f) for f in findings],
    }


class _Connection(asyncio.Protocol):
    """One persistent Postfix connection: frame requests, answer them, keep nothing else."""

    __slots__ = ("buf", "last", "server", "service", "shedding", "skipping", "transport")

    def __init__(self, service: PolicyService, server: PolicyServer) -> None:
        self.service = service
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.buf = b""
        self.skipping = False
        self.shedding = False
        self.last = time.monotonic()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.service.connections += 1
        self.server.live.add(self)
        if self.service.connections > self.service.limits.max_connections:
            self.shedding = True
            self.service.stats["connections_over_limit"] += 1

    def connection_lost(self, exc: Exception | None) -> None:
        self.service.connections -= 1
        self.server.live.discard(self)
        if self.buf.strip():
            self.service.stats["disconnects_mid_request"] += 1
        self.buf = b""

    def pause_writing(self) -> None:  # a client that does not read its answers stops being read
        if self.transport is not None:
            self.transport.pause_reading()

    def resume_writing(self) -> None:
        if self.transport is not None:
            self.transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        self.last = time.monotonic()
        if not (self.buf or self.skipping or self.shedding):
            answer = self.service.answer_frame(data)
            if answer is not None:
                self.server.send(self.transport, answer)
                return
        if self.buf:
            data = self.buf + data
        service = self.service
        limit = service.limits.max_request_bytes
        out: list[bytes] = []
        start = 0
        while (end := data.find(_END, start)) >= 0:
            block = data[start:end]
            start = end + 2
            if self.skipping:  # the tail of an oversized request, already answered
                self.skipping = False
                continue
            if not block.strip(b"\r\n"):
                continue
            if len(block) > limit:
                out.append(service.shed("oversized"))
            elif self.shedding:
                out.append(service.shed("shed_connections"))
            else:
                out.append(service.answer(block))
        rest = data[start:]
        if len(rest) > limit:
            if not self.skipping:
                out.append(service.shed("oversized"))
                self.skipping = True
            rest = rest[-1:]  # a lone "\n" may be half of the terminator
        self.buf = rest
        if out and self.transport is not None:
            self.server.send(self.transport, out[0] if len(out) == 1 else b"".join(out))


class PolicyServer:
    """The listening socket plus the housekeeping timers (loop-lag watch, idle sweep)."""

    def __init__(self, service: PolicyService) -> None:
        self.service = service
        self.live: set[_Connection] = set()
        self.server: asyncio.Server | None = None
        self._timers: list[asyncio.Task[None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outgoing: list[tuple[asyncio.Transport | None, bytes]] = []
        # told, once per loop pass, how long its first answer waited to be written (metrics)
        self.observe_wait: Callable[[float], None] | None = None
        self._pass_started = 0.0

    def send(self, transport: asyncio.Transport | None, answer: bytes) -> None:
        """Queue an answer; every answer of this loop pass is written at its end, together.

        Written one by one as each request is judged, each answer woke the client (smtpd, or the
        benchmark's generator) while it slept on another core: that wake-up was a quarter of the
        serving process's CPU (perf: `sock_def_readable`).  Written together, one wake-up serves
        the answers that follow it.  An answer waits at most for the rest of the pass.
        """
        if not self._outgoing:
            if self._loop is None:
                self._loop = asyncio.get_running_loop()
            self._loop.call_soon(self._write_out)
            if self.observe_wait is not None:
                self._pass_started = time.perf_counter()
        self._outgoing.append((transport, answer))

    def _write_out(self) -> None:
        outgoing, self._outgoing = self._outgoing, []
        for transport, answer in outgoing:
            if transport is not None and not transport.is_closing():
                transport.write(answer)
        if outgoing and self.observe_wait is not None:
            self.observe_wait(time.perf_counter() - self._pass_started)

    async def start(self, host: str, port: int) -> tuple[str, int]:
        loop = self._loop = asyncio.get_running_loop()
        self.server = await loop.create_server(
            lambda: _Connection(self.service, self), host, port, backlog=4096, reuse_address=True
        )
        self._timers = [loop.create_task(self._watch_lag()), loop.create_task(self._sweep_idle())]
        sock = self.server.sockets[0].getsockname()
        return str(sock[0]), int(sock[1])

    async def _watch_lag(self, every: float = 0.05) -> None:
        """Shed (DUNNO) while the loop runs late: Postfix must get its answer within its timeout.

        Only two late checks in a row count as overload: after a single stall (the process was
        descheduled, a slow callback) the loop is already on time again, and shedding the requests
        that follow would leave them unjudged for nothing.
        """
        loop = asyncio.get_running_loop()
        deadline = self.service.limits.deadline
        late_before = False
        while True:
            before = loop.time()
            await asyncio.sleep(every)
            lag = loop.time() - before - every
            late = lag > deadline
            overloaded = late and late_before
            late_before = late
            if overloaded != self.service.overloaded:
                self.service.overloaded = overloaded
                log.warning("event loop lag %.0f ms: shedding %s", lag * 1000, overloaded)

    async def _sweep_idle(self) -> None:
        timeout = self.service.limits.idle_timeout
        while True:
            await asyncio.sleep(min(30.0, timeout / 2))
            cutoff = time.monotonic() - timeout
            for conn in [c for c in self.live if c.last < cutoff]:
                if conn.transport is not None:
                    conn.transport.close()
                    self.service.stats["idle_closed"] += 1

    async def close(self) -> None:
        self._write_out()  # answers judged in this pass still go out before the connections close
        for task in self._timers:
            task.cancel()
        if self.server is not None:
            self.server.close()
        for conn in list(self.live):
            if conn.transport is not None:
                conn.transport.close()
        if self.server is not None:
            await self.server.wait_closed()
