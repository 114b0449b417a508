"""The hot loop: syslog lines in, messages keyed by queue id out.

Designed for a million lines in a couple of seconds of Python: a classic syslog header has a fixed
15-character timestamp, so the header is sliced rather than matched; `host tag body` is one
`split`; the program name maps to a handler kind through a dictionary filled on first sight; and
only lines that carry a queue id are looked at further.  Regular expressions run once per *new*
queue id (to validate it), never per line.  Nothing is allocated per line beyond the split.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from congvu.mailflow.logs import fields
from congvu.mailflow.logs.message import Message

# Kinds of program, by the last part of the syslog tag (`postfix-out/smtp` → smtp).
DELIVERY = frozenset({"smtp", "lmtp", "local", "virtual", "pipe", "error", "retry", "discard", "relay"})
_KINDS = {"smtpd": "smtpd", "cleanup": "cleanup", "qmgr": "qmgr", "pickup": "pickup", "nqmgr": "qmgr"}
_OTHER, _AMAVIS, _PICKUP = "other", "amavis", "pickup"
# The client a pickup line gives a message that has none.
PICKUP_CLIENT = "pickup"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}


def kind_of(program: str) -> str:
    """`postfix/smtpd` → smtpd, `postfix-out/smtp` → smtp, `amavis` → amavis, `spamd` → other."""
    base = program.rsplit("/", 1)[-1]
    if base in DELIVERY:
        return "delivery"
    if base in _KINDS:
        return _KINDS[base]
    if base.startswith("amavis"):
        return "amavis"
    return "postfix" if "/" in program and "postfix" in program else "other"


@contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a parse (and of what is built from its result).

    A parse allocates hundreds of thousands of long-lived containers (messages, recipient rows)
    and makes no reference cycles, so the collector's repeated sweeps over the growing heap find
    nothing to free; they cost about 45% of the CPU time of a million-line parse.  Reference
    counting still frees everything; the collector is switched back on (if it was on) afterwards.

    What the pause left alive is long-lived (the run's messages), so it is moved straight to the
    oldest generation (`freeze` then `unfreeze`, a list splice; whatever else was young goes with
    it and waits for the next full collection) rather than swept by the next young collection and
    again by the middle one.  Skipped when someone else keeps objects frozen (a pre-fork server).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@dataclass
class Stats:
    lines: int = 0
    unparsed: int = 0
    other: int = 0  # understood but not about a message (connect, anvil, foreign programs …)
    rejected: int = 0  # NOQUEUE rejections (never queued: no message)
    partial: int = 0  # half-written last lines left for the next run
    samples: list[str] = field(default_factory=list)  # a few unparsed lines, for the user

    def unparsed_line(self, line: str) -> None:
        """Keep a sample (the hot loop counts in a local and adds at the end)."""
        if len(self.samples) < 5:
            self.samples.append(line[:200])


YearFor = Callable[[int], int]


def _pickup_default(msg: Message) -> None:
    """A locally submitted message (pickup) has no SMTP client: name one unless a line gave it."""
    msg.client = msg.client or PICKUP_CLIENT


def split_rfc5424(line: str) -> tuple[str, str, str, str] | None:
    """`<PRI>1 TS HOST APP PROCID MSGID SD MSG` → (stamp, host, program, body)."""
    gt = line.find(">")
    parts = line[gt + 1 :].split(" ", 6)
    if len(parts) < 7 or parts[0] != "1":
        return None
    _, stamp, host, app, _procid, _msgid, rest = parts
    if rest.startswith("-"):
        body = rest[2:]
    elif rest.startswith("["):
        end = rest.find("] ")
        while end >= 0 and rest[end + 2 : end + 3] == "[":
            end = rest.find("] ", end + 2)
        body = rest[end + 2 :] if end >= 0 else ""
    else:
        return None
    return stamp, host, app, body.lstrip("\ufeff")


class LogParser:
    """Feeds lines into `messages` (queue id → Message); one parser per ingestion run."""

    def __init__(self) -> None:
        self.messages: dict[str, Message] = {}
        self.links: list[tuple[str, str]] = []  # (first queue id, re-injected queue id) from amavis
        self.stats = Stats()
        self._kinds: dict[str, str] = {}
        self._bad_ids: set[str] = set()
        # split.py swaps these two for the second half of a file parsed in another process
        self.new_message: Callable[[str, str, str, int, str], Message] = Message
        self.pickup_default: Callable[[Message], None] = _pickup_default

    def feed(self, lines: Iterable[str], source: str, year_for: YearFor) -> None:
        """Parse complete lines (no trailing newline) of one file; `year_for(month)` dates classic stamps."""
        with gc_paused():
            self._feed(lines, source, year_for)

    def _feed(self, lines: Iterable[str], source: str, year_for: YearFor) -> None:
        messages = self.messages
        kinds = self._kinds
        stats = self.stats
        months = _MONTHS
        years: dict[str, int] = {}
        valid = fields.QUEUE_ID.fullmatch
        bad = self._bad_ids
        delivery = fields.delivery
        new_message = self.new_message
        n = unparsed = other = 0
        for line in lines:
            n += 1
            if line[15:16] == " ":
                # classic header: fixed 15-character stamp, then "host tag QUEUEID: data"
                parts = line[16:].split(" ", 3)
                classic = True
            elif line[3:4] == " " and line[5:6] == " " and line[:3] in months:
                # "Mar 7 02:09:33 …": an unpadded day (some syslog daemons): pad it, then as above
                line = f"{line[:4]} {line[4:]}"
                parts = line[16:].split(" ", 3)
                classic = True
            else:
                head = self._slow_header(line)
                if head is None:
                    if line.strip():
                        stats.unparsed_line(line)
                        unparsed += 1
                    else:
                        n -= 1  # blank lines are not log lines
                    continue
                stamp, host, tag, body = head
                parts = [host, tag, *body.split(" ", 1)]
                classic = False
            if len(parts) != 4:
                if len(parts) < 3:
                    stats.unparsed_line(line)
                    unparsed += 1
                else:
                    other += 1
                continue
            kind = kinds.get(parts[1])
            if kind is None:
                kind = self._kind_for(parts[1])
            if kind is _OTHER:
                other += 1
                continue
            if kind is _AMAVIS:
                pair = fields.amavis(line)
                if pair is None:
                    other += 1
                else:
                    self.links.append(pair)
                continue
            qid = parts[2]
            if qid[-1:] != ":":
                other += 1  # connect/disconnect and other lines without a queue id
                continue
            qid = qid[:-1]
            msg = messages.get(qid)
            if msg is None:
                if qid in bad or not valid(qid):
                    if qid == "NOQUEUE":
                        stats.rejected += 1
                    else:
                        other += 1
                        if len(bad) < 10000:
                            bad.add(qid)
                    continue
                if classic:
                    stamp = line[:15]
                    host = parts[0]
                    year = years.get(stamp[:3], 0)
                    if not year:
                        month = months.get(stamp[:3])
                        if month is None:
                            stats.unparsed_line(line)
                            unparsed += 1
                            continue
                        year = years[stamp[:3]] = year_for(month)
                else:
                    year = 0
                msg = messages[qid] = new_message(qid, host, stamp, year, source)
            data = parts[3]
            first = data[:1]
            if first == "t" and data[:3] == "to=":
                row = delivery(data)
                if row is None:
                    stats.unparsed_line(line)
                    unparsed += 1
                else:
                    msg.rcpts.append(row)
                    if msg.lines is not None:
                        msg.lines.append(line)
            elif first == "f" and data[:5] == "from=":
                msg.sender, msg.size = fields.sender(data)
                if msg.lines is not None:
                    msg.lines.append(line)
            elif first == "c" and data[:7] == "client=":
                msg.client, msg.sasl_username = fields.client(data)
                # the login line, evidence of who sent it; lines are kept only after one (no
                # bound here, which would cost every line a len(): `assemble.merged` keeps MAX_LINES)
                msg.lines = [line] if msg.sasl_username else None
            elif first == "m" and data[:11] == "message-id=":
                msg.message_id = fields.strip_angle(data[11:])
                if msg.lines is not None:
                    msg.lines.append(line)
            elif data == "removed":
                msg.removed = True
            elif kind is _PICKUP and "from=" in data:
                msg.sender = fields.sender(data)[0]
                self.pickup_default(msg)
            else:
                other += 1
        stats.lines += n
        stats.unparsed += unparsed
        stats.other += other

    def _kind_for(self, tag: str) -> str:
        """The handler kind of a syslog tag (`postfix/smtpd[123]:`), cached by the whole tag.

        Caching the tag itself (pid included) saves slicing the program name out of every line;
        the cache is emptied when pids have filled it.
        """
        bracket = tag.find("[")
        program = tag[:bracket] if bracket > 0 else tag.rstrip(":")
        if len(self._kinds) > 50_000:
            self._kinds.clear()
        kind = kind_of(program)
        kind = {"other": _OTHER, "amavis": _AMAVIS, "pickup": _PICKUP}.get(kind, kind)  # identity checks
        self._kinds[tag] = kind
        return kind

    @staticmethod
    def _slow_header(line: str) -> tuple[str, str, str, str] | None:
        """ISO (RSYSLOG_FileFormat) and RFC 5424 headers: rarer in files, so off the fast path."""
        if line[:1] == "<":
            return split_rfc5424(line)
        if line[:1].isdigit() and line[4:5] == "-":
            parts = line.split(" ", 3)
            if len(parts) == 4:
                return parts[0], parts[1], parts[2], parts[3]
        return None
