# ruff: noqa: E501  (log lines are long by nature)
"""A seeded, realistic Postfix/Zimbra log for the ingestion benchmark (danang.gov.vn, 2014).

Traffic mix per message: staff submission through amavis (two queue ids), inbound mail from
Gmail/Yahoo/companies through amavis, local deliveries, a few bounces and deferrals, and the noise
a real MTA writes between messages (postscreen, connect/disconnect, anvil, NOQUEUE rejects).
Planted: staff writing to their own known public mailboxes and forwarding, so the rules fire.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

_HEX = "0123456789ABCDEF"
_STAFF = [
    "sontv",
    "trunghc",
    "dunghtt",
    "ngaptt",
    "anhnn",
    "tranglt",
    "thaolt",
    "cuongbt",
    "khoadv",
    "trungvt",
]
_PERSONAL = ["tranvanson75@gmail.com", "hoangcongtrung75@gmail.com", "lythuthao86@gmail.com"]
_CITIZENS = [f"{n}{y}@{d}" for n in ("nguyenthimai", "tranvanhung", "lethuha", "phamquocbao", "vothilan")
             for y in (1979, 1985, 1990, 1996) for d in ("gmail.com", "yahoo.com.vn", "hotmail.com")]  # fmt: skip
_COMPANIES = ["ketoan@xaydungmientrung.com.vn", "info@vnpt-danang.vn", "hotro@dienlucdanang.vn"]


def _qid(rng: random.Random) -> str:
    return "".join(rng.choice(_HEX) for _ in range(10))


def generate(path: Path, lines: int, seed: int = 1) -> int:
    """Write about `lines` log lines to `path`; returns the exact count."""
    rng = random.Random(seed)
    t = datetime(2014, 6, 2, 7, 30, 0)
    pid = 20000
    out: list[str] = []
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < lines:
            t += timedelta(seconds=rng.randint(0, 3))
            stamp = t.strftime("%b %e %H:%M:%S")
            h = f"{stamp} mta01 "
            pid = 20000 + (pid + 7) % 9000
            kind = rng.random()
            a, b = _qid(rng), _qid(rng)
            if kind < 0.08:
                ip = (
                    f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                )
                out += [
                    f"{h}postfix/postscreen[1811]: CONNECT from [{ip}]:{rng.randint(1024, 65000)} to [113.160.1.10]:25",
                    f"{h}postfix/smtpd[{pid}]: NOQUEUE: reject: RCPT from unknown[{ip}]: 554 5.7.1 Service unavailable;"
                    f" Client host [{ip}] blocked using zen.spamhaus.org; from=<x{pid}@bulk.example> "
                    f"to=<motcua-lienchieu@danang.gov.vn> proto=ESMTP helo=<User>",
                    f"{h}postfix/anvil[1830]: statistics: max connection rate 1/60s for (smtp:{ip}) at {stamp}",
                ]
            elif kind < 0.55:  # staff submission → amavis → out
                user = rng.choice(_STAFF)
                frm = f"{user}@danang.gov.vn"
                r = rng.random()
                to = rng.choice(_PERSONAL) if r < 0.01 else rng.choice(_CITIZENS + _COMPANIES)
                client = f"pc-{user}.lienchieu.danang.gov.vn[10.20.1.{rng.randint(2, 250)}]"
                mid = f"<{t:%Y%m%d%H%M%S}.{a}@mail.danang.gov.vn>"
                size = rng.randint(2000, 900000)
                out += [
                    f"{h}postfix/submission/smtpd[{pid}]: connect from {client}",
                    f"{h}postfix/submission/smtpd[{pid}]: {a}: client={client}, sasl_method=PLAIN, sasl_username={frm}",
                    f"{h}postfix/cleanup[{pid + 1}]: {a}: message-id={mid}",
                    f"{h}postfix/qmgr[1822]: {a}: from=<{frm}>, size={size}, nrcpt=1 (queue active)",
                    f"{h}postfix/submission/smtpd[{pid}]: disconnect from {client} ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8",
                    f"{h}postfix/amavisd/smtpd[{pid + 2}]: {b}: client=localhost[127.0.0.1]",
                    f"{h}postfix/cleanup[{pid + 1}]: {b}: message-id={mid}",
                    f"{h}postfix/qmgr[1822]: {b}: from=<{frm}>, size={size + 700}, nrcpt=1 (queue active)",
                    f"{h}amavis[19876]: ({pid}-07) Passed CLEAN {{RelayedOutbound}}, ORIGINATING LOCAL [10.20.1.34]:50122 "
                    f"<{frm}> -> <{to}>, Queue-ID: {a}, Message-ID: {mid}, mail_id: q1Xk9Zt7bT2a, Hits: -2.891, "
                    f"size: {size}, queued_as: {b}, 912 ms",
                    f"{h}postfix/smtp[{pid + 3}]: {a}: to=<{to}>, relay=127.0.0.1[127.0.0.1]:10024, delay=1.2, "
                    f"delays=0.1/0/0/1.1, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): "
                    f"250 2.0.0 Ok: queued as {b})",
                    f"{h}postfix/qmgr[1822]: {a}: removed",
                    f"{h}postfix/smtp[{pid + 4}]: {b}: to=<{to}>, relay=gmail-smtp-in.l.google.com[74.125.68.26]:25, "
                    f"delay=0.9, delays=0/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 OK 1402881304 v5si1203431pbs.112 - gsmtp)",
                    f"{h}postfix/qmgr[1822]: {b}: removed",
                ]
            else:  # inbound from outside → amavis → mailbox
                r = rng.random()
                frm = rng.choice(_PERSONAL) if r < 0.01 else rng.choice(_CITIZENS + _COMPANIES)
                rcpts = rng.sample(_STAFF, rng.randint(1, 3))
                client = f"mail-pa0-f{rng.randint(10, 99)}.google.com[209.85.220.{rng.randint(2, 250)}]"
                mid = f"<CAK{a}{pid}@mail.gmail.com>"
                size = rng.randint(2000, 400000)
                out += [
                    f"{h}postfix/smtpd[{pid}]: connect from {client}",
                    f"{h}postfix/smtpd[{pid}]: {a}: client={client}",
                    f"{h}postfix/cleanup[{pid + 1}]: {a}: message-id={mid}",
                    f"{h}postfix/qmgr[1822]: {a}: from=<{frm}>, size={size}, nrcpt={len(rcpts)} (queue active)",
                    f"{h}postfix/smtpd[{pid}]: disconnect from {client} ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=8",
                ]
                for u in rcpts:
                    out.append(
                        f"{h}postfix/smtp[{pid + 3}]: {a}: to=<{u}@danang.gov.vn>, relay=127.0.0.1[127.0.0.1]:10024, "
                        f"delay=1.4, delays=0.1/0/0/1.3, dsn=2.0.0, status=sent (250 2.0.0 from "
                        f"MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as {b})"
                    )
                out += [
                    f"{h}postfix/qmgr[1822]: {a}: removed",
                    f"{h}postfix/amavisd/smtpd[{pid + 2}]: {b}: client=localhost[127.0.0.1]",
                    f"{h}postfix/cleanup[{pid + 1}]: {b}: message-id={mid}",
                    f"{h}postfix/qmgr[1822]: {b}: from=<{frm}>, size={size + 800}, nrcpt={len(rcpts)} (queue active)",
                ]
                for u in rcpts:
                    fwd = u == "thaolt" and rng.random() < 0.2
                    dest = "lythuthao86@gmail.com" if fwd else f"{u}@danang.gov.vn"
                    orig = f", orig_to=<{u}@danang.gov.vn>" if fwd else ""
                    relay = (
                        "gmail-smtp-in.l.google.com[74.125.68.27]:25"
                        if fwd
                        else "mailbox01.danang.gov.vn[10.20.0.21]:7025"
                    )
                    status = (
                        "deferred (connect to mailbox01.danang.gov.vn[10.20.0.21]:7025: Connection timed out)"
                        if rng.random() < 0.01
                        else "sent (250 2.1.5 Delivery OK)"
                    )
                    out.append(
                        f"{h}postfix/lmtp[{pid + 5}]: {b}: to=<{dest}>{orig}, relay={relay}, delay=0.3, "
                        f"delays=0/0/0/0.3, dsn=2.1.5, status={status}"
                    )
                out.append(f"{h}postfix/qmgr[1822]: {b}: removed")
            if len(out) >= 10000:
                keep = out[: lines - written]
                handle.write("\n".join(keep) + "\n")
                written += len(keep)
                out = []
        if out and written < lines:
            keep = out[: lines - written]
            handle.write("\n".join(keep) + "\n")
            written += len(keep)
    return written
