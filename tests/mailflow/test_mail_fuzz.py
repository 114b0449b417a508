"""Bounded fuzzing of the mail path's own parsers (issue 16, "a fuzzing target per parser").

What an outsider controls reaches three parsers written here: the policy request (any client that
can reach the policy port), the milter's packets and macros (Postfix relays what the SMTP client
sent: addresses, headers, body), and the `Authentication-Results` header (the sender can write one).
Each target starts from what Postfix really sends and mutates it. The property is the one the
services promise: an answer, never an internal error; and a header not written by a trusted
authserv-id vouches for nothing. `derandomize=True`, no example database: the same examples each
run, a few seconds per target. The log parser has its own property tests (`test_logs_parse.py`).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policykit import CITIZEN, COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy, request

from congvu.mailflow.milter import protocol as p
from congvu.mailflow.milter.server import Milter, _Message
from congvu.mailflow.origin import parse_authentication_results, trusted_passes
from congvu.mailflow.policy_server import PolicyService

CAMPAIGN = int(os.environ.get("CONGVU_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=CAMPAIGN or 150,
    derandomize=not CAMPAIGN,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRUSTED = ("mail.danang.gov.vn",)
AUTH_RESULTS = [
    "mail.danang.gov.vn;\n\tdkim=pass (2048-bit key; unprotected) header.d=gmail.com header.i=@gmail.com "
    "header.a=rsa-sha256 header.s=20230601 header.b=Xk3vQm9z;\n\t"
    'dmarc=pass (p=none dis=none) header.from="gmail.com"',
    "mail.danang.gov.vn 1; spf=pass (mail.danang.gov.vn: domain of vothanhtrung71@gmail.com designates "
    "209.85.220.41 as permitted sender) smtp.mailfrom=vothanhtrung71@gmail.com",
    "spf=pass (sender IP is 40.107.255.52) smtp.mailfrom=outlook.com; dkim=none; dmarc=none action=none",
]
TOKENS = [
    ";",
    "=",
    "(",
    ")",
    "\\",
    '"',
    " pass",
    "dkim=pass",
    "header.d=",
    "@",
    "\n\t",
    "mail.danang.gov.vn;",
]


def _mutated(seeds: list[str], tokens: list[str]) -> st.SearchStrategy[str]:
    """A real value with a few characters or tokens inserted, deleted or swapped in."""
    edit = st.tuples(
        st.sampled_from(["insert", "delete", "cut"]),
        st.integers(0, 400),
        st.one_of(st.sampled_from(tokens), st.text(max_size=6)),
    )

    def apply(seed: str, edits: list[tuple[str, int, str]]) -> str:
        for kind, at, blob in edits:
            at %= len(seed) + 1
            seed = {"insert": seed[:at] + blob + seed[at:], "delete": seed[:at] + seed[at + 3 :]}.get(
                kind, seed[:at]
            )
        return seed

    return st.builds(apply, st.sampled_from(seeds), st.lists(edit, min_size=1, max_size=5))


@FUZZ
@given(st.lists(_mutated(AUTH_RESULTS, TOKENS), min_size=1, max_size=3))
def test_authentication_results_never_raise_and_only_trusted_ids_vouch(headers: list[str]) -> None:
    for value in headers:
        authserv, results = parse_authentication_results(value)
        assert authserv is None or authserv == authserv.lower()
        assert all(r.method == r.method.lower() for r in results)
    passes = trusted_passes(headers, TRUSTED)
    assert all(method in ("spf", "dkim", "dmarc") and domain for method, domain in passes)
    if not any(parse_authentication_results(v)[0] in TRUSTED for v in headers):
        assert passes == ()  # what the sender wrote vouches for nothing


POLICY_SEEDS = [
    request(OFFICIAL, STAFF_GMAIL, sasl_username="trungvt").decode(),
    request(STAFF_GMAIL, COLLEAGUE, client_name="mail-sor-f41.google.com").decode(),
    request(CITIZEN, COLLEAGUE, client_name="unknown").decode(),
]
POLICY_TOKENS = [
    "\n",
    "=",
    "\r",
    "\x00",
    "\xff",
    "sender=",
    "\nrecipient=",
    "request=smtpd_access_policy\n",
    "ế",
]


@FUZZ
@given(_mutated(POLICY_SEEDS, POLICY_TOKENS))
def test_policy_requests_are_answered_without_an_internal_error(text: str) -> None:
    service = PolicyService(policy(), index(), "reject", lambda record: None)
    block = text.encode("utf-8", "surrogatepass")
    framed = service.answer_frame(block)
    answer = framed if framed is not None else service.answer(block.rstrip(b"\n"))
    assert answer.startswith(b"action=") and answer.endswith(b"\n\n")
    assert service.stats["errors"] == 0, block  # fail-open is for outages, not for our own bugs


def _conversation(
    sender: str, rcpt: str, headers: list[tuple[str, str]], body: bytes
) -> list[tuple[bytes, bytes]]:
    return [
        (p.MACRO, b"Cj\x00mail.danang.gov.vn\x00{client_name}\x00mail-sor-f41.google.com\x00"),
        (p.CONNECT, b"mail-sor-f41.google.com\x004\x00\x19209.85.220.41\x00"),
        (p.HELO, b"mail-sor-f41.google.com\x00"),
        (p.MACRO, b"Mi\x004B7C2D9E01\x00{auth_authen}\x00trungvt\x00"),
        (p.MAIL, f"<{sender}>\x00SIZE=2048\x00".encode()),
        (p.RCPT, f"<{rcpt}>\x00".encode()),
        *((p.HEADER, f"{k}\x00{v}\x00".encode()) for k, v in headers),
        (p.EOH, b""),
        (p.BODY, body),
        (p.BODYEOB, b""),
    ]


MILTER_SEED = _conversation(
    STAFF_GMAIL,
    COLLEAGUE,
    [
        ("Authentication-Results", AUTH_RESULTS[0]),
        ("From", f"Võ Thành Trung <{STAFF_GMAIL}>"),
        ("Subject", "=?utf-8?b?QsOhbyBjw6FvIHR14bqnbiAyNQ==?="),
    ],
    "Kính gửi chị Thảo,\r\nGửi chị báo cáo tuần 25 của Văn phòng.\r\n".encode(),
)
PACKET_BLOBS = [b"\x00", b"<", b">", b"\xff", b"\r\n", b"{auth_authen}\x00", b"=?utf-8?b?", b"@"]


def _converse(packets: list[tuple[bytes, bytes]]) -> list[dict[str, Any]]:
    """The packets through the milter's handler, as its session feeds them; the events it records."""
    events: list[dict[str, Any]] = []
    milter = Milter(policy(), index(), "reject", events.append, trusted_authserv_ids=TRUSTED)

    async def main() -> None:
        msg = _Message()
        for command, data in packets:
            try:
                reply = await milter._handle(command, data, msg)
            except p.ProtocolError:
                return  # the session drops this connection, as it should
            assert isinstance(reply, bytes)
            if command == p.BODYEOB:
                msg = _Message(client_name=msg.client_name)

    asyncio.run(main())
    return events


def test_the_milter_seed_is_judged_whole() -> None:
    """The unmutated conversation reaches the end of the message and is judged: the target fuzzes
    the whole path, not an early refusal."""
    events = _converse(MILTER_SEED)
    assert [(f["rule"], f["verified"]) for e in events for f in e["findings"]] == [("MAIL-002", True)]


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(MILTER_SEED) - 1),
            st.sampled_from(["drop", "insert", "cut", "command"]),
            st.integers(0, 200),
            st.one_of(st.sampled_from(PACKET_BLOBS), st.binary(max_size=8)),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_milter_packets_get_an_answer_or_drop_the_connection(
    edits: list[tuple[int, str, int, bytes]],
) -> None:
    packets = list(MILTER_SEED)
    for n, kind, at, blob in edits:
        command, data = packets[n % len(packets)]
        at %= len(data) + 1
        if kind == "drop":
            data = data[:at] + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + blob + data[at:]
        elif kind == "cut":
            data = data[:at]
        else:
            command = blob[:1] or command
        packets[n % len(packets)] = (command, data)
    for event in _converse(packets):
        assert isinstance(event["findings"], list)
