"""Shared bits for the policy, milter and Postfix tests: a small directory and request builders."""

from __future__ import annotations

import asyncio
from typing import Any

from congvu.classify import AddressPolicy
from congvu.mailflow.rules import StaffIndex

STAFF: list[dict[str, Any]] = [
    {
        "person_id": "LC-VP-02",
        "full_name": "Võ Thành Trung",
        "unit": "LC-VP",
        "official_emails": "trungvt@danang.gov.vn",
        "personal_emails": "vothanhtrung71@gmail.com",
    },
    {
        "person_id": "LC-NV-01",
        "full_name": "Hoàng Công Trung",
        "unit": "LC-NV",
        "is_head": True,
        "official_emails": ["trunghc@danang.gov.vn"],
        "personal_emails": ["hoangcongtrung75@gmail.com"],
    },
    {
        "person_id": "LC-TNMT-02",
        "full_name": "Lý Thu Thảo",
        "unit": "LC-TNMT",
        "official_emails": "thaolt@danang.gov.vn",
        "personal_emails": "",
    },
]
CITIZEN = "nguyenthimai.hoakhanh@gmail.com"  # a resident writing to the ward: never acted on
STAFF_GMAIL = "vothanhtrung71@gmail.com"
OFFICIAL = "trungvt@danang.gov.vn"
COLLEAGUE = "thaolt@danang.gov.vn"

_POLICY: list[AddressPolicy] = []


def policy() -> AddressPolicy:
    if not _POLICY:
        _POLICY.append(AddressPolicy.default())
    return _POLICY[0]


def index() -> StaffIndex:
    return StaffIndex.from_dicts(STAFF)


def request(sender: str, recipient: str, **extra: str) -> bytes:
    attrs = {
        "request": "smtpd_access_policy",
        "protocol_state": "RCPT",
        "protocol_name": "ESMTP",
        "client_address": "10.20.0.15",
        "client_name": "mail.lienchieu.danang.gov.vn",
        "helo_name": "mail.lienchieu.danang.gov.vn",
        "queue_id": "",
        "sender": sender,
        "recipient": recipient,
        "recipient_count": "0",
        "instance": "1f2e.5a3b.0",
        "sasl_method": "",
        "sasl_username": "",
        "size": "12345",
        **extra,
    }
    return "".join(f"{k}={v}\n" for k, v in attrs.items()).encode() + b"\n"


async def read_answer(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.readuntil(b"\n\n"), 5)


async def ask(host: str, port: int, *requests: bytes) -> list[bytes]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(b"".join(requests))
        return [await read_answer(reader) for _ in requests]
    finally:
        writer.close()
        await writer.wait_closed()
