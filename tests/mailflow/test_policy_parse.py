"""The request fast path reads exactly the values the line-by-line parse gives."""

from __future__ import annotations

import random

from policykit import OFFICIAL, STAFF_GMAIL, request

from congvu.mailflow.policy_server import parse_request, parse_request_fast

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
