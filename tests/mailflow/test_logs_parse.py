# ruff: noqa: E501  (real log lines are long)
"""Log parsing and reassembly: the bundled example, syslog header forms, years, amavis joins."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from congvu.classify import AddressPolicy
from congvu.clock import LOCAL
from congvu.mailflow.logs import ingest, parse_logs
from congvu.mailflow.logs.assemble import chains, merged
from congvu.mailflow.logs.parser import LogParser, kind_of
from congvu.mailflow.rules import StaffIndex
from congvu.register.directory import example_files
from congvu.register.tables import read_tables

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "mail" / "zimbra.log"


def example_index() -> StaffIndex:
    rows = [dict(r.values) for t in read_tables(example_files()[1]) for r in t.rows]
    for row in rows:  # CSV text "0"/"1": from_dicts takes truthiness, so give it real booleans
        row["is_head"] = row.get("is_head") == "1"
    return StaffIndex.from_dicts(rows)


def parse_lines(lines: list[str], year: int = 2014) -> list[dict]:
    parser = LogParser()
    parser.feed(lines, "test", lambda _m: year)
    return [merged(c, LOCAL) for c in chains(parser.messages)]


def test_example_log_findings_and_citizens_untouched() -> None:
    result = ingest([EXAMPLE], example_index(), AddressPolicy(), year=2014)
    got = {(f["rule"], f["person_id"], f["address"]) for f in result.findings}
    assert got == {
        ("MAIL-001", "LC-NV-03", "tranvanson75@gmail.com"),
        ("MAIL-002", "LC-NV-01", "hoangcongtrung75@gmail.com"),
        ("MAIL-003", "LC-TNMT-02", "lythuthao86@gmail.com"),
    }
    flagged = " ".join(f["address"] + f["counterpart"] for f in result.findings)
    assert "tranthimai1990@gmail.com" not in flagged  # a citizen, both ways
    assert "nguyenthihoa.lc@gmail.com" not in flagged
    assert result.stats["unparsed"] == 0 and result.stats["rejected"] == 1
    assert result.stats["messages"] == 7 and result.stats["pending"] == 0


def test_amavis_reinjection_is_one_message_with_the_final_delivery() -> None:
    parser, _ = parse_logs([EXAMPLE], year=2014)
    out = {m["queue_id"]: m for m in (merged(c, LOCAL) for c in chains(parser.messages))}
    joined = out["4A1C3B2F01"]
    assert joined["queue_ids"] == ["4A1C3B2F01", "5B2D4C3A12"]
    assert joined["sasl_username"] == "sontv@danang.gov.vn"
    assert joined["client"].startswith("pc-noivu-03")  # not the amavis loopback client
    assert [r["relay"] for r in joined["recipients"]] == ["gmail-smtp-in.l.google.com[74.125.68.26]:25"]
    assert joined["time"] == "2014-06-16T08:15:02+07:00"
    assert "5B2D4C3A12" not in out  # never reported on its own


def test_multi_instance_long_ids_iso_and_rfc5424_headers() -> None:
    lines = [
        "2014-06-20T08:01:02.123456+07:00 mta02 postfix-out/smtpd[11]: 3mPVKl0Mhjz7sXv: client=a[10.0.0.1]",
        "2014-06-20T08:01:02.2+07:00 mta02 postfix-out/qmgr[12]: 3mPVKl0Mhjz7sXv: from=<annv@danang.gov.vn>, "
        "size=10, nrcpt=1 (queue active)",
        "<22>1 2014-06-20T08:01:03.000+07:00 mta02 postfix-out/smtp 13 - - 3mPVKl0Mhjz7sXv: "
        "to=<x@gmail.com>, relay=g[1.2.3.4]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)",
        '<22>1 2014-06-20T08:01:03Z mta02 postfix-out/qmgr 12 - [meta x="1"] 3mPVKl0Mhjz7sXv: removed',
    ]
    (msg,) = parse_lines(lines)
    assert msg["from"] == "annv@danang.gov.vn" and msg["complete"]
    assert msg["recipients"][0]["to"] == "x@gmail.com" and msg["host"] == "mta02"
    assert msg["time"].startswith("2014-06-20T08:01:02.123456+07:00")
    assert kind_of("postfix-out/smtp") == "delivery" and kind_of("postfix/amavisd/smtpd") == "smtpd"


def test_unknown_and_garbage_lines_are_counted_not_fatal() -> None:
    parser = LogParser()
    parser.feed(
        ["garbage \x00 line", "", "Jun 16 08:00:00 h", "Jun 16 08:00:01 h kernel: x"], "t", lambda m: 2014
    )
    assert parser.stats.unparsed == 2 and parser.stats.other == 1 and parser.stats.lines == 3
    assert parser.stats.samples[0].startswith("garbage")


def test_year_rolls_back_across_new_year(tmp_path: Path) -> None:
    log = tmp_path / "mail.log"
    log.write_text(
        "Dec 31 23:59:58 h postfix/qmgr[1]: ABCDE12345: from=<a@b.vn>, size=1, nrcpt=1 (queue active)\n"
        "Jan  1 00:00:03 h postfix/qmgr[1]: BCDEF23456: from=<a@b.vn>, size=1, nrcpt=1 (queue active)\n"
    )
    january = datetime(2015, 1, 1, 9, 0, tzinfo=LOCAL).timestamp()
    os.utime(log, (january, january))
    parser, _ = parse_logs([log])
    times = sorted(merged(c, LOCAL)["time"] for c in chains(parser.messages))
    assert times == ["2014-12-31T23:59:58+07:00", "2015-01-01T00:00:03+07:00"]
    parser, _ = parse_logs([log], year=2013)  # an explicit year wins
    assert {merged(c, LOCAL)["time"][:4] for c in chains(parser.messages)} == {"2013"}


def test_forwarded_official_mailbox_is_mail003_and_not_mail001() -> None:
    """A colleague writes to an official mailbox that forwards to Gmail: the forwarder is at fault."""
    lines = [
        "Jun 16 10:00:00 h postfix/qmgr[1]: ABCDE12345: from=<sontv@danang.gov.vn>, size=1, nrcpt=1 (queue active)",
        "Jun 16 10:00:01 h postfix/smtp[2]: ABCDE12345: to=<lythuthao86@gmail.com>, orig_to=<thaolt@danang.gov.vn>, "
        "relay=g[1.2.3.4]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)",
        "Jun 16 10:00:01 h postfix/qmgr[1]: ABCDE12345: removed",
    ]
    log_lines = "\n".join(lines) + "\n"
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "mail.log"
        path.write_text(log_lines)
        result = ingest([path], example_index(), AddressPolicy(), year=2014)
    assert [(f["rule"], f["person_id"]) for f in result.findings] == [("MAIL-003", "LC-TNMT-02")]


def test_parse_pauses_the_collector_and_restores_it() -> None:
    import gc

    assert gc.isenabled()
    ingest([EXAMPLE], example_index(), AddressPolicy(), year=2014)
    assert gc.isenabled() and gc.get_freeze_count() == 0  # switched back on, nothing left frozen
    gc.freeze()  # a pre-fork server's frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        ingest([EXAMPLE], example_index(), AddressPolicy(), year=2014)
        # Not unfrozen (that would empty the count), nothing more frozen (it would grow). A frozen
        # object may still be freed by reference counting meanwhile (something an earlier test
        # left behind), so the count may drop by a few.
        assert frozen - 100 <= gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        LogParser().feed(["Jun 16 08:15:02 mx1 postfix/qmgr[1]: 4A1C3B2F01: removed"], "t", lambda _m: 2014)
        assert not gc.isenabled()  # a caller's own choice is left alone
    finally:
        gc.enable()


def test_records_are_built_on_demand_and_match_the_rules_view(tmp_path: Path) -> None:
    """`messages` is built only when read; the envelope the rules saw is the record's."""
    import sys

    from congvu.mailflow.logs.ingest import chain_envelope

    sys.path.insert(0, str(ROOT / "bench"))
    from logs_corpus import generate

    log = tmp_path / "mail.log"
    generate(log, 5_000, seed=3)
    result = ingest([log, EXAMPLE], example_index(), AddressPolicy(), year=2014)
    assert result._messages is None and result.findings  # findings alone did not build them
    parser, _ = parse_logs([log, EXAMPLE], year=2014)
    assert result.messages == [merged(c, LOCAL) for c in chains(parser.messages)]
    assert result.stats["messages"] == len(result.messages)
    assert result.stats["pending"] == sum(not m["complete"] for m in result.messages)
    for chain, record in zip(result.chains, result.messages, strict=True):
        rcpts = record["recipients"]
        envelope = chain_envelope(chain)
        assert envelope.sender == (record["from"] or "")
        assert list(envelope.recipients) == list(dict.fromkeys(r["orig_to"] or r["to"] for r in rcpts))
        assert list(envelope.forwarded) == [(r["orig_to"], r["to"]) for r in rcpts if r["orig_to"]]
        assert (envelope.sasl_username, envelope.client_address, envelope.message_id) == (
            record["sasl_username"], record["client"], record["message_id"]
        )  # fmt: skip
        assert envelope.queue_id == record["queue_id"]


_PIECE = st.text(alphabet="ab@.[]:17<>, =()s", max_size=12) | st.sampled_from(
    [", status=", ", relay=", ", dsn=", "> ", ", orig_to=<", "queued as Q1", "127.0.0.1", ")"]
)


@given(
    to=st.lists(_PIECE, max_size=3).map("".join),
    orig=st.none() | st.lists(_PIECE, max_size=2).map("".join),
    relay=st.sampled_from(["127.0.0.1[127.0.0.1]:10024", "mx[1.2.3.4]:25", "none", "[::1]:10025"])
    | st.lists(_PIECE, max_size=2).map("".join),
    extra=st.sampled_from(["", ", conn_use=2"]),
    delays=st.sampled_from([", delays=0/0/0/1", ""]),
    dsn=st.lists(_PIECE, max_size=2).map("".join),
    status=st.lists(_PIECE, max_size=4).map("".join),
)
@settings(max_examples=400, deadline=None)
def test_delivery_fast_path_reads_what_the_scan_reads(
    to: str, orig: str | None, relay: str, extra: str, delays: str, dsn: str, status: str
) -> None:
    """The anchored match of the usual shape gives exactly what the key-by-key scan gives."""
    from congvu.mailflow.logs.fields import delivery, delivery_scan

    data = (
        f"to=<{to}>" + (f", orig_to=<{orig}>" if orig is not None else "")
        + f", relay={relay}{extra}, delay=1.2{delays}, dsn={dsn}, status={status}"
    )  # fmt: skip
    assert delivery(data) == delivery_scan(data)
    usual = "to=<a@b>, relay=127.0.0.1[127.0.0.1]:10024, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 queued as X1)"
    assert (
        delivery(usual)
        == delivery_scan(usual)
        == ["a@b", None, "sent", "127.0.0.1[127.0.0.1]:10024", "2.0.0", "X1"]
    )


def _chains_reference(messages: dict) -> list[list]:
    """The plain breadth-first walk `chains` must match (kids in message order, cycles cut)."""
    kids: dict = {}
    for msg in messages.values():
        if msg.parent is not None:
            kids.setdefault(msg.parent, []).append(msg)
    out = []
    for msg in messages.values():
        if msg.parent is not None and msg.parent in messages:
            continue
        chain, todo, seen = [], [msg], set()
        while todo:
            current = todo.pop(0)
            if current.queue_id not in seen:
                seen.add(current.queue_id)
                chain.append(current)
                todo.extend(kids.get(current.queue_id, []))
        out.append(chain)
    return out


@given(st.lists(st.tuples(st.integers(0, 9), st.none() | st.integers(0, 11)), max_size=12))
@settings(max_examples=300, deadline=None)
def test_chains_match_a_plain_walk(edges: list[tuple[int, int | None]]) -> None:
    """Any parent structure, with several kids, self-parents, cycles and parents not in the run."""
    from congvu.mailflow.logs.message import Message

    messages: dict = {}
    for child, parent in edges:
        msg = messages.setdefault(f"Q{child}", Message(f"Q{child}", "mx", "Jun 16 10:00:00", 2014, "t"))
        msg.parent = None if parent is None else f"Q{parent}"
    got = [[m.queue_id for m in c] for c in chains(messages)]
    assert got == [[m.queue_id for m in c] for c in _chains_reference(messages)]


def _rows_reference(chain: list) -> list:
    """The deliveries as first written: hop rows left out by queued-as id or loopback relay."""
    forwarded = {row[5] for m in chain for row in m.rcpts if row[5]}
    out, seen = [], set()
    for m in chain:
        hands_over = any(c.parent == m.queue_id for c in chain)
        for row in m.rcpts:
            relay = row[3] or ""
            to_filter = relay.startswith(("127.", "localhost")) or "[127." in relay
            if hands_over and (row[5] in forwarded or to_filter):
                continue
            if (row[0], row[2]) not in seen:
                seen.add((row[0], row[2]))
                out.append(row)
    return out


_ROW = st.tuples(
    st.sampled_from(["a@x", "b@x"]),
    st.none() | st.just("o@x"),
    st.sampled_from(["sent", "deferred"]),
    st.none() | st.sampled_from(["127.0.0.1[127.0.0.1]:10024", "mx[1.2.3.4]:25", "localhost[::1]"]),
    st.just("2.0.0"),
    st.none() | st.sampled_from(["", "B1", "B2"]),
).map(list)


@given(st.lists(st.tuples(st.lists(_ROW, max_size=4), st.none() | st.integers(0, 3)), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_recipient_rows_match_the_first_rule(members: list[tuple[list, int | None]]) -> None:
    from congvu.mailflow.logs.assemble import recipient_rows
    from congvu.mailflow.logs.message import Message

    chain = []
    for i, (rows, parent) in enumerate(members):
        msg = Message(f"Q{i}", "mx", "Jun 16 10:00:00", 2014, "t")
        msg.rcpts, msg.parent = rows, None if parent is None else f"Q{parent}"
        chain.append(msg)
    assert recipient_rows(chain) == _rows_reference(chain)
