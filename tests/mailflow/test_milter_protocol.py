"""The milter over a socket, speaking the wire protocol as Postfix does."""

from __future__ import annotations

import asyncio
import struct

from policykit import CITIZEN, COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy

from congvu.mailflow.milter import protocol as p
from congvu.mailflow.milter.server import Milter


async def read_reply(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    (size,) = struct.unpack("!I", await reader.readexactly(4))
    body = await reader.readexactly(size)
    return body[:1], body[1:]


async def converse(
    port: int, sender: str, rcpt: str, headers: list[tuple[str, str]], body: bytes
) -> list[bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(p.encode(p.OPTNEG, struct.pack("!III", 6, 0x1FF, 0x1FFFFF)))
    cmd, _ = await read_reply(reader)
    assert cmd == p.OPTNEG
    steps = [
        p.encode(p.CONNECT, b"mail.lienchieu.danang.gov.vn\x004\x00\x19127.0.0.1\x00"),
        p.encode(p.HELO, b"mail.lienchieu.danang.gov.vn\x00"),
        p.encode(p.MAIL, f"<{sender}>\x00".encode()),
        p.encode(p.RCPT, f"<{rcpt}>\x00".encode()),
        *(p.encode(p.HEADER, f"{k}\x00{v}\x00".encode()) for k, v in headers),
        p.encode(p.EOH),
        p.encode(p.BODY, body),
    ]
    for step in steps:
        writer.write(step)
        assert (await read_reply(reader))[0] == p.CONTINUE
    writer.write(p.encode(p.BODYEOB))
    replies = [await read_reply(reader)]
    while replies[-1][0] in (p.ADDHEADER, p.QUARANTINE):
        replies.append(await read_reply(reader))
    writer.write(p.encode(p.QUIT))
    writer.close()
    await writer.wait_closed()
    return [c + d for c, d in replies]


def test_milter_judges_headers_and_answers_by_mode() -> None:
    async def main() -> None:
        events: list[dict[str, object]] = []
        milter = Milter(policy(), index(), "reject", events.append)
        _, port = await milter.start("127.0.0.1", 0)
        body = "Kính gửi chị Thảo,\r\nGửi chị kế hoạch tháng 6.\r\n".encode()
        forged = await converse(
            port, OFFICIAL, COLLEAGUE, [("From", f"Võ Thành Trung <{STAFF_GMAIL}>")], body
        )
        assert forged[0].startswith(b"y550 5.7.1 MAIL-002")
        clean = await converse(port, CITIZEN, OFFICIAL, [("From", CITIZEN), ("Subject", "Don de nghi")], body)
        assert clean == [p.CONTINUE]
        milter.mode = "warn"
        warned = await converse(port, OFFICIAL, STAFF_GMAIL, [("From", OFFICIAL)], body)
        assert warned[0].startswith(b"hX-Congvu-Warning\x00MAIL-001") and warned[1] == p.CONTINUE
        await milter.close()
        assert [e["findings"][0]["rule"] for e in events] == ["MAIL-002", "MAIL-001"]  # type: ignore[index]

    asyncio.run(main())


def test_garbage_drops_the_connection_and_the_milter_keeps_serving() -> None:
    async def main() -> None:
        milter = Milter(policy(), index(), "reject")
        _, port = await milter.start("127.0.0.1", 0)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"\xff\xff\xff\xffGARBAGE")
        assert await reader.read() == b""  # dropped
        writer.close()
        assert await converse(port, CITIZEN, OFFICIAL, [("From", CITIZEN)], b"Xin chao\r\n") == [p.CONTINUE]
        await milter.close()
        assert milter.stats["protocol_errors"] == 1

    asyncio.run(main())
