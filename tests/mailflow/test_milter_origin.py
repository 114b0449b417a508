"""The milter charges a person only for mail proved theirs (issue 16 point 7), over the wire protocol.

What vouches: Postfix's `{auth_authen}` macro (the SASL login, sent with MAIL FROM), and SPF/DKIM/DMARC
passes in `Authentication-Results` headers whose authserv-id is trusted (`mailflow.trusted_authserv_ids`;
here the site's own MTA, mail.danang.gov.vn).  Any other Authentication-Results, a Reply-To, or a From
alone vouches for nothing.  The answer to Postfix is the same either way.
"""

from __future__ import annotations

import asyncio
import struct
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from policykit import COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy
from test_milter_protocol import read_reply

from congvu.mailflow.milter import protocol as p
from congvu.mailflow.milter.server import Milter
from congvu.mailflow.recorder import Recorder
from congvu.mailflow.runtime import StoreWriter
from congvu.mailflow.spool import Spool
from congvu.register.schema import findings, violations
from congvu.register.store import open_store

TRUSTED = ("mail.danang.gov.vn",)
# Shaped as OpenDKIM/OpenDMARC/policyd-spf write them (folded as they arrive from Postfix).
OURS = (
    "mail.danang.gov.vn;\n\tdkim=pass (2048-bit key; unprotected) header.d=gmail.com header.i=@gmail.com "
    "header.a=rsa-sha256 header.s=20230601 header.b=Xk3vQm9z;\n\t"
    "dmarc=pass (p=none dis=none) header.from=gmail.com"
)
OURS_SPF = (
    "mail.danang.gov.vn; spf=pass (mail.danang.gov.vn: domain of vothanhtrung71@gmail.com designates "
    "209.85.220.41 as permitted sender) smtp.mailfrom=vothanhtrung71@gmail.com"
)
FORGED = OURS.replace("mail.danang.gov.vn;", "mx.google.com;")  # the sender wrote it: not our server's
BODY = "Kính gửi chị Thảo,\r\nGửi chị báo cáo tuần 25 của Văn phòng.\r\n".encode()


async def deliver(
    port: int,
    sender: str,
    rcpt: str | list[str],
    headers: list[tuple[str, str]],
    login: str = "",
    client: bytes = b"[209.85.220.41]",
    queue_id: str = "4B7C2D9E01",
    body: bytes = BODY,
) -> list[bytes]:
    """One message as Postfix hands it over, with the connect host and the MAIL FROM macros."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(p.encode(p.OPTNEG, struct.pack("!III", 6, 0x1FF, 0x1FFFFF)))
    assert (await read_reply(reader))[0] == p.OPTNEG
    mail_macros = (
        b"i\x00"
        + queue_id.encode()
        + b"\x00"
        + (b"{auth_authen}\x00" + login.encode() + b"\x00" if login else b"")
    )
    silent = [p.encode(p.MACRO, b"C" + b"j\x00mail.danang.gov.vn\x00"), p.encode(p.MACRO, b"M" + mail_macros)]
    steps = [
        p.encode(p.CONNECT, client + b"\x004\x00\x19209.85.220.41\x00"),
        p.encode(p.HELO, b"mail-sor-f41.google.com\x00"),
        p.encode(p.MAIL, f"<{sender}>\x00".encode()),
        *(p.encode(p.RCPT, f"<{r}>\x00".encode()) for r in ([rcpt] if isinstance(rcpt, str) else rcpt)),
        *(p.encode(p.HEADER, f"{k}\x00{v}\x00".encode()) for k, v in headers),
        p.encode(p.EOH),
        p.encode(p.BODY, body),
    ]
    writer.write(silent[0])
    for step in steps:
        if step is steps[2]:
            writer.write(silent[1])  # Postfix sends the MAIL FROM macros just before MAIL FROM
        writer.write(step)
        assert (await read_reply(reader))[0] == p.CONTINUE
    writer.write(p.encode(p.BODYEOB))
    reply = await read_reply(reader)
    writer.write(p.encode(p.QUIT))
    writer.close()
    await writer.wait_closed()
    return [reply[0] + reply[1]]


def _run(cases: list[dict[str, Any]]) -> tuple[list[list[bytes]], list[dict[str, Any]]]:
    async def main() -> tuple[list[list[bytes]], list[dict[str, Any]]]:
        events: list[dict[str, Any]] = []
        milter = Milter(policy(), index(), "reject", events.append, trusted_authserv_ids=TRUSTED)
        _, port = await milter.start("127.0.0.1", 0)
        try:
            answers = [await deliver(port, **case) for case in cases]
        finally:
            await milter.close()
        return answers, events

    return asyncio.run(main())


def test_authentication_results_of_our_server_vouch_for_a_public_sender() -> None:
    public_from = ("From", f"Võ Thành Trung <{STAFF_GMAIL}>")
    cases = [
        {
            "sender": STAFF_GMAIL,
            "rcpt": COLLEAGUE,
            "headers": [("Authentication-Results", OURS), public_from],
        },
        {
            "sender": STAFF_GMAIL,
            "rcpt": COLLEAGUE,
            "headers": [("Authentication-Results", OURS_SPF), public_from],
        },
        {
            "sender": STAFF_GMAIL,
            "rcpt": COLLEAGUE,
            "headers": [("Authentication-Results", FORGED), public_from],
        },
        {"sender": STAFF_GMAIL, "rcpt": COLLEAGUE, "headers": [public_from]},
        # a stranger's Gmail, DKIM-signed by Gmail, naming the staff member's mailbox in Reply-To
        {
            "sender": "kethu.giamao@gmail.com",
            "rcpt": COLLEAGUE,
            "headers": [
                ("Authentication-Results", OURS),
                ("From", "kethu.giamao@gmail.com"),
                ("Reply-To", STAFF_GMAIL),
            ],
        },
    ]
    answers, events = _run(cases)
    assert all(a[0].startswith(b"y550 5.7.1 MAIL-002") for a in answers)  # the answer never changes
    verdicts = [[(f["rule"], f["verified"], f["person_id"]) for f in e["findings"]] for e in events]
    assert verdicts == [
        [("MAIL-002", True, "LC-VP-02")],
        [("MAIL-002", True, "LC-VP-02")],
        [("MAIL-002", False, None)],  # before: charged to LC-VP-02
        [("MAIL-002", False, None)],  # before: charged to LC-VP-02
        [("MAIL-002", False, None)],  # before: charged to LC-VP-02
    ]
    assert [e["findings"][0]["origin"] for e in events[:2]] == [
        "DKIM pass for gmail.com",
        "SPF pass for gmail.com",
    ]
    assert events[0]["envelope"]["auth_passes"] == [["dkim", "gmail.com"], ["dmarc", "gmail.com"]]
    assert events[2]["envelope"]["auth_passes"] == []


def test_only_a_login_makes_official_mail_someones() -> None:
    cases = [
        {"sender": OFFICIAL, "rcpt": STAFF_GMAIL, "headers": [("From", OFFICIAL)], "login": "trungvt",
         "client": b"pc-vanphong-02.lienchieu.danang.gov.vn"},
        {"sender": OFFICIAL, "rcpt": STAFF_GMAIL, "headers": [("From", OFFICIAL)], "client": b"unknown"},
        {"sender": "thongbao.dichvucong@danang.gov.vn", "rcpt": STAFF_GMAIL,
         "headers": [("From", "Cổng dịch vụ công <thongbao.dichvucong@danang.gov.vn>")],
         "client": b"egov-app01.danang.gov.vn"},
    ]  # fmt: skip
    answers, events = _run(cases)
    assert answers[0][0].startswith(b"y550 5.7.1 MAIL-001") and answers[1][0].startswith(
        b"y550 5.7.1 MAIL-001"
    )
    assert answers[2] == [p.CONTINUE]  # a notification system's mail is nobody's violation
    verdicts = [[(f["rule"], f["verified"], f["person_id"]) for f in e["findings"]] for e in events]
    assert verdicts == [[("MAIL-001", True, "LC-VP-02")], [("MAIL-001", False, None)]]
    assert events[0]["envelope"]["sasl_username"] == "trungvt"


def test_forged_messages_through_the_milter_charge_no_one_in_the_register(
    example_register: str, tmp_path: Path
) -> None:
    """The milter's events reach the register through the recording process, SQLite and PostgreSQL:
    a forged DKIM result and an official sender with no login leave *unverified* findings that open
    no violation, while the proved message and the logged-in one charge their senders."""
    url = example_register
    public_from = ("From", f"Võ Thành Trung <{STAFF_GMAIL}>")
    cases = [
        {
            "sender": STAFF_GMAIL,
            "rcpt": COLLEAGUE,
            "headers": [("Authentication-Results", OURS), public_from],
        },
        {
            "sender": STAFF_GMAIL,
            "rcpt": COLLEAGUE,
            "headers": [("Authentication-Results", FORGED), public_from],
        },
        {"sender": OFFICIAL, "rcpt": STAFF_GMAIL, "headers": [("From", OFFICIAL)], "login": "trunghc"},
        {"sender": OFFICIAL, "rcpt": STAFF_GMAIL, "headers": [("From", OFFICIAL)], "client": b"unknown"},
    ]

    async def main() -> list[list[bytes]]:
        recorder = Recorder(StoreWriter(url, "test"), Spool(tmp_path / "spool"), idle=False)
        loader = StoreWriter(url)
        staff = loader.load_index()
        loader.close()
        milter = Milter(policy(), staff, "reject", recorder.submit, trusted_authserv_ids=TRUSTED)
        recorder.start()
        _, port = await milter.start("127.0.0.1", 0)
        try:
            # each message its own Postfix queue id, as in a real queue
            return [await deliver(port, **case, queue_id=f"4B7C2D9E{n:02X}") for n, case in enumerate(cases)]
        finally:
            await milter.close()
            await recorder.close()

    answers = asyncio.run(main())
    assert [a[0][:18] for a in answers] == [b"y550 5.7.1 MAIL-00"] * 4  # refusing harms no one
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            charged = sorted(
                tuple(r) for r in conn.execute(sa.select(violations.c.person_id, violations.c.rule))
            )
            excerpts = [e for (e,) in conn.execute(sa.select(findings.c.excerpt).order_by(findings.c.id))]
    finally:
        store.dispose()
    # the SASL login names who sent it (trunghc is LC-NV-01), not the From header's official address
    assert charged == [("LC-NV-01", "MAIL-001"), ("LC-VP-02", "MAIL-002")]
    assert [e.endswith("(unverified)") for e in excerpts] == [False, True, False, True], excerpts
