"""The request fast paths read exactly the values, and give exactly the answers, of the general path."""

from __future__ import annotations

import random
from typing import Any

from policykit import CITIZEN, COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy, request

from congvu.mailflow.policy_server import (
    PolicyService,
    event_attrs,
    parse_request,
    parse_request_fast,
    policy_event,
)

NAMES = [b"request", b"sender", b"recipient", b"sasl_username", b"instance", b"queue_id", b"client_address",
         b"client_name", b"ccert_subject", b"size", b"x", b"sender_x", b"xsender"]  # fmt: skip
VALUES = [b"", b"smtpd_access_policy", b"trungvt@danang.gov.vn", b"a=b", b"CN=mail,O=UBND=quan", b"==",
          b"vothanhtrung71@gmail.com", b"d\xe1\xbb\xa5ng", b"sender=evil", b"\\nrecipient=x"]  # fmt: skip


def _line(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice([b"no equals sign here", b"", b"sender", b" recipient"])
    if roll < 0.12:
        return rng.choice(NAMES) + b"=" + rng.choice(VALUES) + b"\r"
    return rng.choice(NAMES) + b"=" + rng.choice(VALUES)


def test_fast_values_equal_the_full_parse_on_random_blocks() -> None:
    rng = random.Random(2014)
    fast_taken = slow_taken = 0
    for _ in range(20_000):
        block = b"\n".join(_line(rng) for _ in range(rng.randint(1, 12)))
        fast = parse_request_fast(block)
        full, bad = parse_request(block)
        if fast is None:
            slow_taken += 1
            continue
        fast_taken += 1
        # A line that is not name=value takes the slow path (which counts it in `malformed_lines`)
        # unless other lines carry extra '=' in their values; the values read are the same anyway.
        assert bad == 0 or any(line.count(b"=") > 1 for line in block.split(b"\n")), block
        for name in [*NAMES, b"absent", b"sende", b"ender"]:
            assert fast.get(name) == full.get(name), (block, name)
            assert fast.get(name, b"") == full.get(name, b""), (block, name)
    assert fast_taken > 5_000 and slow_taken > 5_000


def test_a_real_postfix_request_takes_the_fast_path() -> None:
    block = request(OFFICIAL, STAFF_GMAIL, instance="1a2b.5a3b.0").rstrip(b"\n")
    fast = parse_request_fast(block)
    assert fast is not None
    assert fast.get(b"sender") == OFFICIAL.encode() and fast.get(b"recipient") == STAFF_GMAIL.encode()
    assert fast.get(b"request") == b"smtpd_access_policy" and fast.get(b"instance") == b"1a2b.5a3b.0"


FRAME_NAMES = [b"sender", b"recipient", b"sasl_username", b"instance", b"client_address", b"request", b"size"]
FRAME_VALUES = [OFFICIAL.encode(), STAFF_GMAIL.encode(), CITIZEN.encode(), COLLEAGUE.encode(), b"",
                b"smtpd_access_policy", b"a=b", b"trungvt", b"10.20.0.15"]  # fmt: skip


def _frame(rng: random.Random) -> bytes:
    lines = [b"request=smtpd_access_policy"] if rng.random() < 0.9 else []
    for _ in range(rng.randint(0, 8)):
        roll = rng.random()
        if roll < 0.05:
            lines.append(rng.choice([b"garbage", b"", b"sender"]))  # not name=value, or a blank line
        elif roll < 0.08:
            lines.append(rng.choice(FRAME_NAMES) + b"=" + rng.choice(FRAME_VALUES) + b"\r")
        else:
            lines.append(rng.choice(FRAME_NAMES) + b"=" + rng.choice(FRAME_VALUES))
    return b"\n".join(lines) + b"\n\n"


def test_frame_path_answers_and_records_as_the_general_path() -> None:
    """`answer_frame` (smtpd's usual single request) gives `answer`'s answer, counts and records."""
    rng = random.Random(1407)
    framed = 0
    for _ in range(5_000):
        data = _frame(rng)
        fast_records: list[tuple[Any, ...]] = []
        slow_records: list[tuple[Any, ...]] = []
        fast = PolicyService(policy(), index(), "reject", fast_records.append)
        slow = PolicyService(policy(), index(), "reject", slow_records.append)
        answer = fast.answer_frame(data)
        if answer is None:
            continue
        framed += 1
        assert answer == slow.answer(data[:-2]), data
        assert fast.stats == slow.stats, data
        assert [_stable(policy_event(r)) for r in fast_records] == [
            _stable(policy_event(r)) for r in slow_records
        ], data
    assert framed > 1_000


def test_frame_path_declines_what_it_cannot_answer_exactly() -> None:
    service = PolicyService(policy(), index(), "reject")
    one = request(OFFICIAL, STAFF_GMAIL)
    assert service.answer_frame(one) is not None
    for data in [
        one + one,  # two requests in one read
        one[:-1],  # not a whole request yet
        one.replace(b"\n", b"\r\n", 1),  # a CR
        one.replace(b"protocol_name=ESMTP", b"protocol_name ESMTP"),  # a line the general path counts
        one[:-1] + b"request=junk\n\n",  # a later request= line is the one that counts
        b"\n\n",
    ]:
        assert service.answer_frame(data) is None, data


def _stable(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k != "at"}


def test_event_attrs_read_what_the_full_parse_reads() -> None:
    """The recording process's one-pass read gives the full parse's value for every name it reads."""
    rng = random.Random(30)
    names = [b"instance", b"queue_id", b"sender", b"recipient", b"sasl_username", b"client_address",
             b"client_name", b"protocol_state"]  # fmt: skip
    for _ in range(20_000):
        block = b"\n".join(_line(rng) for _ in range(rng.randint(1, 12)))
        if rng.random() < 0.3:
            block = rng.choice(names) + b"=" + rng.choice(VALUES) + b"\n" + block  # a name on line one
        full, _ = parse_request(block)
        read = event_attrs(block)
        for name in names:
            assert read.get(name) == full.get(name), (block, name)
