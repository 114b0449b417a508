"""Forged senders through the real policy protocol charge no one (issue 16 point 7), SQLite and PostgreSQL.

Requests are sent over loopback as smtpd sends them; findings go through the recording process into
the register.  What vouches for a sender here is only what Postfix checked: `sasl_username` (a login
on this server) and `client_name` (reverse DNS forward-confirmed, `unknown` otherwise).  The answer
to Postfix does not change; whether a person is charged does.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from policykit import COLLEAGUE, OFFICIAL, STAFF_GMAIL, ask, index, policy, request

from congvu.classify import AddressPolicy
from congvu.mailflow.policy_server import PolicyServer, PolicyService, policy_event
from congvu.mailflow.recorder import Recorder
from congvu.mailflow.runtime import StoreWriter
from congvu.mailflow.spool import Spool
from congvu.register.schema import findings, violations
from congvu.register.store import open_store

OUTSIDE = {"client_address": "185.234.219.40", "client_name": "unknown", "helo_name": "mail.danang.gov.vn"}
# the attacker owns 203.113.131.5 and wrote its PTR: Postfix passes it as reverse_client_name only
FAKE_PTR = {"client_address": "203.113.131.5", "client_name": "unknown",
            "reverse_client_name": "mail-sor-f41.google.com"}  # fmt: skip
GMAIL = {"client_address": "209.85.220.41", "client_name": "mail-sor-f41.google.com",
         "reverse_client_name": "mail-sor-f41.google.com"}  # fmt: skip
EGOV = {"client_address": "10.20.5.21", "client_name": "egov-app01.danang.gov.vn"}


def test_only_proved_senders_are_charged(example_register: str, tmp_path: Path) -> None:
    url = example_register

    async def main() -> list[bytes]:
        recorder = Recorder(
            StoreWriter(url, "test"), Spool(tmp_path / "spool"), expand=policy_event, idle=False
        )
        loader = StoreWriter(url)
        staff = loader.load_index()
        loader.close()
        service = PolicyService(AddressPolicy.default(), staff, "reject", recorder.submit)
        recorder.start()
        server = PolicyServer(service)
        host, port = await server.start("127.0.0.1", 0)
        try:
            return await ask(
                host,
                port,
                request(OFFICIAL, STAFF_GMAIL, instance="a1", **OUTSIDE),  # forged official sender
                request(STAFF_GMAIL, COLLEAGUE, instance="a2", **FAKE_PTR),  # forged public sender
                request(STAFF_GMAIL, COLLEAGUE, instance="a3", **GMAIL),  # sent by Gmail: proved
                request(OFFICIAL, "hoangcongtrung75@gmail.com", instance="a4", sasl_username="trunghc"),
                request("thongbao.dichvucong@danang.gov.vn", "tranvanson75@gmail.com", instance="a5", **EGOV),
            )
        finally:
            await server.close()
            await recorder.close()

    answers = asyncio.run(main())
    # the answers are what they always were: refusing a forged message harms no one
    assert [a.split(b" ")[2] if a.startswith(b"action=REJECT") else a for a in answers] == [
        b"MAIL-001", b"MAIL-002", b"MAIL-002", b"MAIL-001", b"action=DUNNO\n\n"
    ]  # fmt: skip
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            charged = {tuple(r) for r in conn.execute(sa.select(violations.c.person_id, violations.c.rule))}
            stored = sorted(tuple(r) for r in conn.execute(sa.select(findings.c.source, findings.c.excerpt)))
    finally:
        store.dispose()
    # Before: the forged requests a1 and a2 each opened a pending violation against LC-VP-02.
    assert charged == {("LC-VP-02", "MAIL-002"), ("LC-NV-01", "MAIL-001")}
    assert [source for source, excerpt in stored if excerpt.endswith("(unverified)")] == [
        "policy:a1",
        "policy:a2",
    ]
    assert [source for source, _ in stored] == ["policy:a1", "policy:a2", "policy:a3", "policy:a4"]


def test_a_forged_request_does_not_poison_the_decision_cache() -> None:
    """The same sender and recipient from Gmail's server after a forgery is judged anew."""
    records: list[tuple[object, ...]] = []
    service = PolicyService(policy(), index(), "monitor", records.append)
    for attrs in (FAKE_PTR, GMAIL, FAKE_PTR):
        service.answer(request(STAFF_GMAIL, COLLEAGUE, **attrs)[:-2])
    verdicts = [(f["verified"], f["person_id"]) for r in records for f in policy_event(r)["findings"]]
    assert verdicts == [(False, None), (True, "LC-VP-02"), (False, None)]
    fast = PolicyService(policy(), index(), "monitor", records.append)  # smtpd's one-read path
    assert fast.answer_frame(request(STAFF_GMAIL, COLLEAGUE, **GMAIL)) is not None
    assert policy_event(records[-1])["findings"][0]["verified"] is True
