"""Field extraction from the text after `prog[pid]: QUEUEID: ` — one small function per line shape.

Mostly plain `str.find`/`partition`: these run on every line of a million-line log, and the shapes
are fixed by Postfix (`key=value, key=value, status=word (text)`).  The delivery line, the longest
and most frequent, is read by one anchored regular expression when it has the usual shape.
Each returns None for a line of the right kind that it cannot read, so the caller counts it.
"""

from __future__ import annotations

import re

# Short ids are upper-case hex; long ids (enable_long_queue_ids) use a vowel-free alphabet,
# so words such as "warning" or "NOQUEUE" are never mistaken for one.
QUEUE_ID = re.compile(r"[0-9A-F]{5,}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}")
_LOOPBACK = ("127.", "[::1]", "localhost")


def strip_angle(value: str) -> str:
    if value[:1] == "<":
        end = value.find(">")
        return value[1:end] if end > 0 else value[1:]
    return value


# The usual shape of a delivery line, as Postfix ≥ 2.3 writes it.  One anchored match reads it
# about five times faster than the finds below; a line of another shape (extra keys such as
# conn_use=, no delays=, an odd address) goes to the finds, and where the match succeeds it reads
# exactly what they would (tests/mailflow/test_logs_parse.py compares the two).
_DELIVERY = re.compile(
    r"to=<([^>]*)>(?:, orig_to=<([^>]*)>)?, relay=([^,]*), delay=[^,]*, delays=[^,]*, dsn=([^,]*), "
    r"status=([^ ]*)"
)


def delivery(data: str) -> list[str | None] | None:
    """`to=<a>, orig_to=<b>, relay=h[ip]:port, delay=…, dsn=2.0.0, status=sent (250 … queued as X)`.

    Returns the recipient row [to, orig_to, status, relay, dsn, queued_as] (message.py order).
    `queued_as` is kept only for a hand-over to a loopback content filter (amavis re-injection),
    since a remote server's queue id means nothing here.
    """
    match = _DELIVERY.match(data)
    if match is None:
        return delivery_scan(data)
    st = match.start(5) - 9
    if data.find(", status=") != st:  # an earlier ", status=" (inside an address): as the finds read it
        return delivery_scan(data)
    to, orig, relay, dsn, status = match.groups()
    queued_as = None
    if relay.startswith(_LOOPBACK) or "[127." in relay or "[::1]" in relay:
        at = data.rfind("queued as ")
        if at > st:
            queued_as = data[at + 10 :].rstrip(")").strip() or None
    return [to, orig, status, relay, dsn, queued_as]


def delivery_scan(data: str) -> list[str | None] | None:
    """`delivery` for any shape: Postfix writes the keys in this order, so each is looked for after
    the previous one."""
    st = data.find(", status=")
    if st < 0:
        return None
    if data[3:4] == "<":
        end = data.find(">", 4)
        to = data[4:end]
    else:
        end = data.find(",", 3)
        to = data[3:end]
    if end < 0:
        return None
    orig = None
    if data.startswith(", orig_to=", end + 1):
        o = end + 11
        if data[o : o + 1] == "<":
            close = data.find(">", o)
            orig = data[o + 1 : close]
        else:
            close = data.find(",", o)
            orig = data[o:close]
        end = close
    relay = dsn = None
    r = data.find(", relay=", end, st)
    if r >= 0:
        comma = data.find(",", r + 8)
        relay = data[r + 8 : comma]
    d = data.find(", dsn=", end, st)
    if d >= 0:
        comma = data.find(",", d + 6)
        dsn = data[d + 6 : comma]
    space = data.find(" ", st + 9)
    status = data[st + 9 : space] if space >= 0 else data[st + 9 :]
    queued_as = None
    if relay is not None and (relay.startswith(_LOOPBACK) or "[127." in relay or "[::1]" in relay):
        at = data.rfind("queued as ")
        if at > st:
            queued_as = data[at + 10 :].rstrip(")").strip() or None
    return [to, orig, status, relay, dsn, queued_as]


def client(data: str) -> tuple[str, str | None]:
    """`client=host[ip]:port, sasl_method=PLAIN, sasl_username=annv` → (client, sasl_username)."""
    value = data[7:]
    comma = value.find(", ")
    if comma < 0:
        return value, None
    at = value.find("sasl_username=", comma)
    if at < 0:
        return value[:comma], None
    end = value.find(", ", at)
    user = value[at + 14 :] if end < 0 else value[at + 14 : end]
    return value[:comma], user or None


def client_parts(value: str) -> tuple[str, str | None, str | None]:
    """`host[ip]:port` → (hostname, ip, port); tests and the JSON output use the parts."""
    lb = value.find("[")
    if lb < 0:
        return value, None, None
    rb = value.find("]", lb)
    port = value[rb + 2 :] if rb >= 0 and value[rb + 1 : rb + 2] == ":" else None
    return value[:lb], value[lb + 1 : rb if rb >= 0 else None], port


def sender(data: str) -> tuple[str, int | None]:
    """qmgr `from=<a>, size=123, nrcpt=2 (queue active)` (also pickup's `uid=0 from=<a>`)."""
    at = data.find("from=")
    value = data[at + 5 :]
    if value[:1] == "<":
        end = value.find(">")
        address, rest = value[1:end], value[end + 1 :]
    else:
        address, _, rest = value.partition(",")
    size = None
    s = rest.find("size=")
    if s >= 0:
        digits = rest[s + 5 :].partition(",")[0]
        size = int(digits) if digits.isdigit() else None
    return address, size


def amavis(data: str) -> tuple[str, str] | None:
    """amavisd-new `(…) Passed CLEAN {…}, … Queue-ID: A, Message-ID: <…>, … queued_as: B, 830 ms`.

    Returns (original queue id, re-injected queue id): the two halves of one message.
    """
    a = data.find("Queue-ID: ")
    b = data.find("queued_as: ")
    if a < 0 or b < 0:
        return None
    first = data[a + 10 :].partition(",")[0].strip()
    second = data[b + 11 :].partition(",")[0].strip()
    if not first or not second:
        return None
    return first, second


def noqueue(data: str) -> tuple[str | None, str | None]:
    """`NOQUEUE: reject: RCPT from …; from=<a> to=<b> proto=ESMTP` → (from, to)."""
    f = data.find(" from=<")
    t = data.find(" to=<")
    frm = data[f + 7 : data.find(">", f)] if f >= 0 else None
    to = data[t + 5 : data.find(">", t)] if t >= 0 else None
    return frm, to
