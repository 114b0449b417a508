"""Recording off the request path, in a recording process: register rows, store down → spool →
replay, nothing lost on close or when the recording process dies, nothing doubled, and answers
never wait for the register.

These tests check what the recording process records, so they run it as an ordinary process
(`idle=False`): at SCHED_IDLE, on a CI machine whose cores the other test workers keep busy, it got
no CPU for minutes and a close that waited 180 s still spooled 860 of 2,000 events.
`test_the_recording_process_takes_only_idle_cpu_by_default` checks the serving default."""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from policykit import OFFICIAL, STAFF_GMAIL, ask, request

from congvu.classify import AddressPolicy
from congvu.mailflow.policy_server import PolicyServer, PolicyService, policy_event
from congvu.mailflow.recorder import Recorder
from congvu.mailflow.runtime import StoreWriter
from congvu.mailflow.spool import Spool
from congvu.register.directory import example_files, import_files
from congvu.register.mail import record_mail_events
from congvu.register.schema import findings, violation_findings, violations
from congvu.register.store import open_store


def event(instance: str, rcpt: str = "vothanhtrung71@gmail.com") -> dict[str, Any]:
    finding = {"rule": "MAIL-001", "address": rcpt, "counterpart": "trungvt@danang.gov.vn",
               "person_id": "LC-VP-02", "unit": "LC-VP", "reason": "MAIL-001 (Chỉ thị 01/CT-UBND)",
               "direction": "to-public", "provider": "Gmail", "document": None}  # fmt: skip
    return {"source": f"policy:{instance}", "at": "2014-06-05T08:15:00+07:00", "findings": [finding]}


class GatedWriter:
    """A register writer for the recording process (picklable: module level, plain fields).

    `up` missing: the register is down (raises). `gate` present and missing: the write waits for
    it (a slow register); every write then also sleeps `delay`.
    """

    def __init__(self, url: str, up: Path, gate: Path | None = None, delay: float = 0.0) -> None:
        self.url, self.up, self.gate, self.delay = url, up, gate, delay

    def __call__(self, batch: list[dict[str, Any]]) -> None:
        if not self.up.exists():
            raise ConnectionError("register unreachable")
        while self.gate is not None and not self.gate.exists():
            time.sleep(0.01)
        time.sleep(self.delay)
        store = open_store(self.url)
        try:
            record_mail_events(store, batch)
        finally:
            store.dispose()


def register(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    store = open_store(url)
    import_files(store, example_files(), "test")
    store.dispose()
    return url


def count(url: str, table: sa.Table) -> int:
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
    finally:
        store.dispose()


async def until(check: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "condition not reached in time"
        await asyncio.sleep(0.02)


def test_store_down_spools_then_replays_without_doubles(tmp_path: Path) -> None:
    url, up = register(tmp_path), tmp_path / "up"

    async def main() -> Recorder:
        rec = Recorder(
            GatedWriter(url, up), Spool(tmp_path / "spool"), linger=0.01, retry_seconds=0.0, idle=False
        )
        rec.start()
        for i in range(5):
            rec.submit(event(f"m{i}"))
        await until(lambda: rec.spooled == 5)
        assert rec.spool.pending() == 5  # store down: on disk, nothing lost
        up.touch()
        rec.submit(event("m0"))  # the same message again (a replayed duplicate)
        await until(lambda: rec.recorded == 6)  # m0 now, then the 5 replayed
        await rec.close()
        return rec

    rec = asyncio.run(main())
    assert rec.spool.pending() == 0
    assert count(url, findings) == 5
    store = open_store(url)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(violations.c.key, violations.c.month, violations.c.status)).all()
    store.dispose()
    assert [tuple(r) for r in rows] == [("mail:MAIL-001:LC-VP-02:2014-06", "2014-06", "pending")]


def test_clean_shutdown_records_every_submitted_event(tmp_path: Path) -> None:
    """Close right after a burst: every event reaches the register, none waits in a spool."""
    url = register(tmp_path)

    async def main() -> Recorder:
        rec = Recorder(StoreWriter(url, "test"), Spool(tmp_path / "spool"), batch=100, idle=False)
        rec.start()
        for i in range(3000):
            rec.submit(event(f"burst{i}"))
        await rec.close()
        return rec

    rec = asyncio.run(main())
    assert (rec.recorded, rec.spooled, rec.spool.pending()) == (3000, 0, 0)
    assert count(url, findings) == 3000
    assert count(url, violations) == 1 and count(url, violation_findings) == 3000  # each one linked


def test_policy_records_become_the_same_events_in_the_register(tmp_path: Path) -> None:
    """The service's compact record, expanded in the recording process, is the event it used to be."""
    url = register(tmp_path)
    records: list[tuple[Any, ...]] = []
    service = PolicyService(AddressPolicy.default(), StoreWriter(url).load_index(), "reject", records.append)
    answer = service.answer(request(OFFICIAL, STAFF_GMAIL, instance="4a1b.77", queue_id="QX1")[:-2])
    assert answer.startswith(b"action=REJECT 5.7.1 MAIL-001")
    (made,) = [policy_event(r) for r in records]
    assert set(made) == {"source", "at", "mode", "action", "envelope", "findings"}
    assert made["source"] == "policy:4a1b.77" and made["mode"] == "reject"
    assert made["action"] == answer[7:-2].decode() and made["at"].endswith("+00:00")
    assert made["envelope"] == {
        "sender": OFFICIAL, "recipient": STAFF_GMAIL, "sasl_username": "", "client_address": "10.20.0.15",
        "client_name": "mail.lienchieu.danang.gov.vn", "queue_id": "QX1", "protocol_state": "RCPT",
    }  # fmt: skip
    assert [f["rule"] for f in made["findings"]] == ["MAIL-001"]
    no_instance = request(OFFICIAL, STAFF_GMAIL, instance="", queue_id="")[:-2]
    service.answer(no_instance)
    assert policy_event(records[-1])["source"] == "policy:unknown"

    async def main() -> Recorder:
        rec = Recorder(StoreWriter(url), Spool(tmp_path / "spool"), expand=policy_event, idle=False)
        rec.start()
        for r in records:
            rec.submit(r)
        await rec.close()
        return rec

    assert asyncio.run(main()).recorded == 2
    store = open_store(url)
    with store.engine.connect() as conn:
        sources = sorted(conn.execute(sa.select(findings.c.source)).scalars())
    store.dispose()
    assert sources == ["policy:4a1b.77", "policy:unknown"]


def test_recording_process_killed_mid_write_loses_nothing(tmp_path: Path) -> None:
    """Batches it had not acknowledged are spooled by the serving process, then replayed once."""
    url, up, gate = register(tmp_path), tmp_path / "up", tmp_path / "gate"
    up.touch()

    async def main() -> Recorder:
        rec = Recorder(
            GatedWriter(url, up, gate), Spool(tmp_path / "spool"), batch=10, retry_seconds=0.0, idle=False
        )
        rec.start()
        for i in range(40):
            rec.submit(event(f"k{i}"))  # 4 batches; the first write waits at the gate
        await asyncio.sleep(1.0)
        rec._process.kill()
        await until(lambda: rec.spooled == 40)  # none was acknowledged: all spooled here
        gate.touch()
        for i in range(40, 50):
            rec.submit(event(f"k{i}"))  # a new recording process writes these and replays the rest
        await until(lambda: rec.recorded == 50)
        await rec.close()
        return rec

    rec = asyncio.run(main())
    assert rec.spool.pending() == 0
    assert count(url, findings) == 50


def test_backlog_past_queue_size_goes_to_the_spool(tmp_path: Path) -> None:
    url, up, gate = register(tmp_path), tmp_path / "up", tmp_path / "gate"
    up.touch()

    async def main() -> Recorder:
        writer = GatedWriter(url, up, gate)
        rec = Recorder(writer, Spool(tmp_path / "spool"), queue_size=10, batch=5, linger=10.0, idle=False)
        rec.start()
        for i in range(50):  # 10 batches of 5 while the register is stuck
            rec.submit(event(f"q{i}"))
        await until(lambda: rec.spooled >= 30)  # the first batch is being written, 10 wait, 35 spooled
        gate.touch()
        await rec.close()
        return rec

    rec = asyncio.run(main())
    assert rec.spooled >= 30  # spooled while the register was stuck, then replayed once it answered
    assert rec.spool.pending() == 0 and count(url, findings) == 50


def test_a_hung_recording_process_costs_disk_not_memory(tmp_path: Path) -> None:
    """A recording process that stops reading (SIGSTOP): once the pipe is full, batches waiting
    for it stay bounded and the rest go to the spool; when it resumes, nothing is lost."""
    url = register(tmp_path)

    async def main() -> tuple[Recorder, int]:
        rec = Recorder(
            StoreWriter(url),
            Spool(tmp_path / "spool"),
            batch=5,
            linger=10.0,
            max_outbox=4,
            retry_seconds=0.0,
            idle=False,
        )
        rec.start()
        await until(lambda: rec._alive())
        os.kill(rec._process.pid, signal.SIGSTOP)
        most = 0
        try:
            for i in range(2000):  # far more than a pipe holds
                rec.submit(event(f"h{i}", rcpt=STAFF_GMAIL))
                most = max(most, rec._outbox.qsize())
                if i % 50 == 0:
                    await asyncio.sleep(0)
            await until(lambda: rec.spooled > 0)
        finally:
            os.kill(rec._process.pid, signal.SIGCONT)
        await rec.close()
        return rec, most

    rec, most = asyncio.run(main())
    assert most <= 4 and rec.spooled > 0
    # What the serving process spooled is replayed by the recording process once it runs again.
    assert count(url, findings) == 2000 and rec.spool.pending() == 0


def test_the_recording_process_takes_only_idle_cpu_by_default(tmp_path: Path) -> None:
    """Serving Postfix comes first: by default the recording process runs at SCHED_IDLE; `idle=False`
    leaves it an ordinary process (checked once it has written, i.e. after its start-up)."""
    url = register(tmp_path)

    async def main() -> tuple[int, int]:
        idle = Recorder(None, Spool(tmp_path / "idle"))
        idle.start()
        # It lowers itself first thing; it may then get no CPU at all here, so it is not asked to write.
        await until(lambda: idle._alive() and os.sched_getscheduler(idle._process.pid) == os.SCHED_IDLE)
        idle_policy = os.sched_getscheduler(idle._process.pid)
        idle._process.kill()
        await idle.close()
        plain = Recorder(StoreWriter(url), Spool(tmp_path / "plain"), linger=0.01, idle=False)
        plain.start()
        plain.submit(event("p"))
        await until(lambda: plain.recorded == 1)
        plain_policy = os.sched_getscheduler(plain._process.pid)
        await plain.close()
        return idle_policy, plain_policy

    assert asyncio.run(main()) == (os.SCHED_IDLE, os.SCHED_OTHER)


def test_a_recorder_never_started_spools_on_close(tmp_path: Path) -> None:
    async def main() -> Recorder:
        rec = Recorder(None, Spool(tmp_path / "spool"))
        for i in range(3):
            rec.submit(event(f"n{i}"))
        await rec.close()
        return rec

    rec = asyncio.run(main())
    assert rec.spooled == 3 and rec.spool.pending() == 3


def test_answers_never_wait_for_the_register(tmp_path: Path) -> None:
    """A register that does not answer: every request is still judged at once, none shed."""
    url, up, gate = register(tmp_path), tmp_path / "up", tmp_path / "gate"
    up.touch()

    async def main() -> tuple[PolicyService, Recorder, list[float]]:
        rec = Recorder(
            GatedWriter(url, up, gate), Spool(tmp_path / "spool"), batch=20, expand=policy_event, idle=False
        )
        service = PolicyService(AddressPolicy.default(), StoreWriter(url).load_index(), "reject", rec.submit)
        rec.start()
        server = PolicyServer(service)
        host, port = await server.start("127.0.0.1", 0)
        took = []
        for i in range(100):
            started = time.monotonic()
            (answer,) = await ask(host, port, request(OFFICIAL, STAFF_GMAIL, instance=f"g{i}"))
            took.append(time.monotonic() - started)
            assert answer.startswith(b"action=REJECT")
        gate.touch()
        await server.close()
        await rec.close()
        return service, rec, took

    service, rec, took = asyncio.run(main())
    assert service.stats["shed_overload"] == 0 and max(took) < 1.0
    assert rec.recorded == 100 and count(url, findings) == 100


def test_spool_write_new_appears_whole(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    (tmp_path / "spool" / "00000000000000000001-1-0.jsonl.part").write_text('{"half": ')  # torn, unpublished
    assert spool.write_new([event("w1"), event("w2")]) == 2
    assert [p.suffix for p in spool.files()] == [".jsonl"] and spool.pending() == 2
    taken: list[dict[str, Any]] = []
    assert spool.replay(taken.extend) == 2 and [e["source"] for e in taken] == ["policy:w1", "policy:w2"]


def test_store_writer_travels_without_its_store(tmp_path: Path) -> None:
    url = register(tmp_path)
    writer = StoreWriter(url, "who")
    writer.load_index()  # opens the store here
    copy = pickle.loads(pickle.dumps(writer))
    assert (copy.url, copy.who, copy._store) == (url, "who", None)
    writer.close()


def test_what_an_earlier_run_spooled_is_replayed_after_the_first_write(tmp_path: Path) -> None:
    url = register(tmp_path)
    Spool(tmp_path / "spool").write([event("old1"), event("old2")])  # left by a run with the store down

    async def main() -> Recorder:
        rec = Recorder(StoreWriter(url), Spool(tmp_path / "spool"), idle=False)
        rec.start()
        rec.submit(event("new"))
        await rec.close()
        return rec

    rec = asyncio.run(main())
    assert rec.recorded == 3 and rec.spool.pending() == 0 and count(url, findings) == 3
