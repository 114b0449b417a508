"""The milter wire protocol: framing, the commands we read and the replies we send.

Every packet is a 4-byte big-endian length (command byte included), one command byte, then data.
Written from the protocol as libmilter and Postfix speak it (version 6); only the parts a
content inspector needs: option negotiation, the message stages, and accept / reject / tempfail /
quarantine / add-header replies.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

VERSION = 6
MAX_PACKET = 64 * 1024 * 1024  # Postfix sends bodies in chunks of at most 64 KiB; guard anyway

# commands (MTA → filter)
ABORT, BODY, CONNECT, MACRO, BODYEOB, HELO, QUIT_NC = b"A", b"B", b"C", b"D", b"E", b"H", b"K"
HEADER, MAIL, EOH, OPTNEG, QUIT, RCPT, DATA, UNKNOWN = b"L", b"M", b"N", b"O", b"Q", b"R", b"T", b"U"

# replies (filter → MTA)
ACCEPT, CONTINUE, REJECT, TEMPFAIL, QUARANTINE = b"a", b"c", b"r", b"t", b"q"
ADDHEADER, REPLYCODE = b"h", b"y"

# actions we ask for at negotiation
SMFIF_ADDHDRS = 0x01
SMFIF_QUARANTINE = 0x20
# steps that need no reply (none: we answer every step, the simplest contract with any MTA)
NO_REPLY_COMMANDS = frozenset({MACRO, ABORT, QUIT, QUIT_NC})


class ProtocolError(Exception):
    """The peer sent something that is not the milter protocol; the connection is dropped."""


@dataclass(frozen=True, slots=True)
class Packet:
    command: bytes
    data: bytes


def encode(command: bytes, data: bytes = b"") -> bytes:
    return struct.pack("!I", len(data) + 1) + command + data


def split_packets(buffer: bytearray) -> list[Packet]:
    """Take every complete packet off the front of `buffer` (the rest waits for more bytes)."""
    out: list[Packet] = []
    pos = 0
    while len(buffer) - pos >= 5:
        (size,) = struct.unpack_from("!I", buffer, pos)
        if size < 1 or size > MAX_PACKET:
            raise ProtocolError(f"packet length {size}")
        if len(buffer) - pos - 4 < size:
            break
        start = pos + 4
        out.append(Packet(bytes(buffer[start : start + 1]), bytes(buffer[start + 1 : start + size])))
        pos = start + size
    del buffer[:pos]
    return out


def cstrings(data: bytes) -> list[str]:
    """NUL-terminated strings (ESMTP args, header name/value) as text."""
    parts = data.split(b"\0")
    if parts and parts[-1] == b"":
        parts.pop()
    return [p.decode("utf-8", "replace") for p in parts]


def optneg_reply(offered_actions: int, offered_protocol: int) -> bytes:
    """Version 6, the actions we use (if offered), and no protocol step skipped."""
    actions = offered_actions & (SMFIF_ADDHDRS | SMFIF_QUARANTINE)
    return encode(OPTNEG, struct.pack("!III", VERSION, actions, 0))


def parse_optneg(data: bytes) -> tuple[int, int, int]:
    if len(data) < 12:
        raise ProtocolError("short option negotiation")
    version, actions, protocol = struct.unpack_from("!III", data)
    return version, actions, protocol


def add_header(name: str, value: str) -> bytes:
    return encode(ADDHEADER, name.encode() + b"\0" + value.encode() + b"\0")


def reply_code(text: str) -> bytes:
    """A custom SMTP reply, e.g. `550 5.7.1 ...` (must be ASCII)."""
    return encode(REPLYCODE, text.encode("ascii", "replace") + b"\0")
