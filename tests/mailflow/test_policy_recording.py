"""Recording off the request path: register rows, store down → spool → replay, nothing doubled."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from congvu.mailflow.recorder import Recorder
from congvu.mailflow.spool import Spool
from congvu.register.directory import example_files, import_files
from congvu.register.mail import record_mail_events
from congvu.register.schema import findings, violations
from congvu.register.store import open_store


def event(instance: str, rcpt: str = "vothanhtrung71@gmail.com") -> dict[str, Any]:
    finding = {"rule": "MAIL-001", "address": rcpt, "counterpart": "trungvt@danang.gov.vn",
               "person_id": "LC-VP-02", "unit": "LC-VP", "reason": "MAIL-001 (Chỉ thị 01/CT-UBND)",
               "direction": "to-public", "provider": "Gmail", "document": None}  # fmt: skip
    return {"source": f"policy:{instance}", "at": "2014-06-05T08:15:00+07:00", "findings": [finding]}


def test_store_down_spools_then_replays_without_doubles(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    import_files(store, example_files(), "test")
    up = {"ok": False}

    def writer(batch: list[dict[str, Any]]) -> None:
        if not up["ok"]:
            raise ConnectionError("register unreachable")
        record_mail_events(store, batch)

    async def main() -> Recorder:
        rec = Recorder(writer, Spool(tmp_path / "spool"), linger=0.01, retry_seconds=0.0)
        rec.start()
        for i in range(5):
            rec.submit(event(f"m{i}"))
        await asyncio.sleep(0.3)
        assert rec.spooled == 5 and rec.spool.pending() == 5  # store down: on disk, nothing lost
        up["ok"] = True
        rec.submit(event("m0"))  # the same message again (a replayed duplicate)
        await asyncio.sleep(0.3)
        await rec.close()
        return rec

    rec = asyncio.run(main())
    assert rec.spool.pending() == 0
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(findings)).scalar() == 5
        rows = conn.execute(sa.select(violations.c.key, violations.c.month, violations.c.status)).all()
    assert [tuple(r) for r in rows] == [("mail:MAIL-001:LC-VP-02:2014-06", "2014-06", "pending")]
    store.dispose()


def test_full_queue_goes_to_the_spool(tmp_path: Path) -> None:
    async def main() -> Recorder:
        rec = Recorder(lambda batch: None, Spool(tmp_path / "spool"), queue_size=2)
        for i in range(5):  # not started: nothing drains the queue
            rec.submit(event(f"m{i}"))
        return rec

    rec = asyncio.run(main())
    assert rec.queue.qsize() == 2 and rec.spool.pending() == 3
