"""The one request reader reads exactly the values of a full parse, and the frame fast path gives
exactly the answers of the general path.

`parse_request` below is the reference: every line split into a dict, the slow and obvious way. It
is not in the service any more; `congvu.mailflow.request.Request` is the only reader there.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from policykit import CITIZEN, COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy, request

from congvu.mailflow.policy_server import PolicyService, policy_event
from congvu.mailflow.request import Fields, Request, malformed_lines, may_have_malformed


def parse_request(block: bytes) -> tuple[dict[bytes, bytes], int]:
    """`name=value` lines → dict (the last line of a name wins); also how many lines were not `name=value`."""
    attrs: dict[bytes, bytes] = {}
    bad = 0
    for line in block.split(b"\n"):
        key, sep, value = line.partition(b"=")
        if sep:
            attrs[key] = value.rstrip(b"\r")
        elif line.strip():
            bad += 1
    return attrs, bad


NAMES = [b"request", b"sender", b"recipient", b"sasl_username", b"instance", b"queue_id", b"client_address",
         b"client_name", b"ccert_subject", b"size", b"x", b"sender_x", b"xsender"]  # fmt: skip
ALL = Fields(*NAMES, b"absent", b"sende", b"ender")  # the one-pass read of many names
VALUES = [b"", b"smtpd_access_policy", b"trungvt@danang.gov.vn", b"a=b", b"CN=mail,O=UBND=quan", b"==",
          b"vothanhtrung71@gmail.com", b"d\xe1\xbb\xa5ng", b"sender=evil", b"\\nrecipient=x"]  # fmt: skip


def _line(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice([b"no equals sign here", b"", b"sender", b" recipient"])
    if roll < 0.12:
        return rng.choice(NAMES) + b"=" + rng.choice(VALUES) + b"\r"
    return rng.choice(NAMES) + b"=" + rng.choice(VALUES)


def test_values_equal_the_full_parse_on_random_blocks() -> None:
    """Every name (and near-misses) reads as in the reference, CRLF lines and malformed ones included;
    the malformed lines are counted exactly whenever `may_have_malformed` says there may be some."""
    rng = random.Random(2014)
    counted = clean = crlf = 0
    for _ in range(20_000):
        block = b"\n".join(_line(rng) for _ in range(rng.randint(1, 12)))
        read = Request(block)
        many = ALL.read(block)
        full, bad = parse_request(block)
        crlf += b"\r" in block
        if may_have_malformed(block):
            counted += 1
            assert malformed_lines(block) == bad, block
        else:
            clean += 1
            # Nothing counted: a line without '=' hides only behind the extra '=' of other values.
            assert bad == 0 or any(line.count(b"=") > 1 for line in block.split(b"\n")), block
        for name in [*NAMES, b"absent", b"sende", b"ender"]:
            assert read.get(name) == full.get(name), (block, name)
            assert read.get(name, b"") == full.get(name, b""), (block, name)
            assert many.get(name) == full.get(name), (block, name)
    assert counted > 5_000 and clean > 5_000 and crlf > 3_000


_BYTES = st.sampled_from([b"=", b"\n", b"\r", b"\r\n", b" ", b"sender", b"recipient=", b"\nsender=", b"@",
                          b"d\xe1\xbb\xa5ng", b"x"])  # fmt: skip


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([*NAMES, b"", b"sender\r", b" sender"]), st.booleans(),
                  st.lists(st.one_of(_BYTES, st.binary(max_size=4)), max_size=5).map(b"".join)),
        min_size=1, max_size=14,
    )
)  # fmt: skip
def test_values_equal_the_full_parse_on_any_bytes(lines: list[tuple[bytes, bool, bytes]]) -> None:
    """The same property on generated blocks: any bytes in values, line breaks and `=` included."""
    block = b"\n".join(name + b"=" + value if sep else name + value for name, sep, value in lines)
    read = Request(block)
    many = ALL.read(block)
    full, bad = parse_request(block)
    for name in [*NAMES, *full]:
        assert read.get(name) == full.get(name), (block, name)
    assert many == {name: value for name, value in full.items() if name in NAMES}, block
    if may_have_malformed(block):
        assert malformed_lines(block) == bad
    else:
        assert bad == 0 or any(line.count(b"=") > 1 for line in block.split(b"\n"))


def test_a_real_postfix_request_is_read() -> None:
    block = request(OFFICIAL, STAFF_GMAIL, instance="1a2b.5a3b.0").rstrip(b"\n")
    read = Request(block)
    assert not may_have_malformed(block)
    assert read.get(b"sender") == OFFICIAL.encode() and read.get(b"recipient") == STAFF_GMAIL.encode()
    assert read.get(b"request") == b"smtpd_access_policy" and read.get(b"instance") == b"1a2b.5a3b.0"
    crlf = Request(block.replace(b"\n", b"\r\n"))
    assert crlf.get(b"sender") == OFFICIAL.encode() and crlf.get(b"request") == b"smtpd_access_policy"


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


def test_events_read_what_the_full_parse_reads() -> None:
    """The recording process builds each event's envelope with the same reader: the reference's values."""
    rng = random.Random(30)
    names = [b"instance", b"queue_id", b"sender", b"recipient", b"sasl_username", b"client_address",
             b"client_name", b"protocol_state"]  # fmt: skip
    for _ in range(5_000):
        block = b"\n".join(_line(rng) for _ in range(rng.randint(1, 12)))
        if rng.random() < 0.3:
            block = rng.choice(names) + b"=" + rng.choice(VALUES) + b"\n" + block  # a name on line one
        full, _ = parse_request(block)
        event = policy_event((block, 0.0, "reject", b"action=DUNNO\n\n", ()))
        text = {k: v.decode("utf-8", "replace") for k, v in full.items()}
        for name in names[2:]:
            assert event["envelope"][name.decode()] == text.get(name, ""), (block, name)
        assert event["source"] == f"policy:{text.get(b'instance') or text.get(b'queue_id') or 'unknown'}"
