"""One event the register refuses must not block the replay of the rest, on either database.

A NUL byte in an SMTP attribute is stored by SQLite but refused by PostgreSQL ("cannot contain
NUL"); before, the whole batch failed on every replay, for ever. Now the refused event is set
aside in the spool's quarantine with its reason and every other event is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pgkit import pg_schema
from test_policy_recording import count, event

from congvu.mailflow.runtime import StoreWriter
from congvu.mailflow.spool import Spool, store_unavailable
from congvu.register.directory import example_files, import_files
from congvu.register.schema import findings
from congvu.register.store import open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    def fill(u: str) -> str:
        store = open_store(u)
        import_files(store, example_files(), "test")
        store.dispose()
        return u

    if request.param == "sqlite":
        yield fill(f"sqlite:///{tmp_path / 'r.db'}")
    else:
        with pg_schema() as (pg, _schema):
            yield fill(pg)


def _poisoned() -> dict[str, Any]:
    bad = event("bad")
    bad["findings"][0]["reason"] = "MAIL-001 (Chỉ thị 01/CT-UBND)\x00 tiêu đề có byte NUL"
    bad["source"] = "policy:bad\x00"
    return bad


def test_a_refused_event_is_quarantined_and_the_rest_replays(url: str, tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.write([event("a1"), _poisoned(), event("a2"), event("a3")])
    writer = StoreWriter(url)
    try:
        _check(url, spool, writer)
    finally:
        writer.close()


def _check(url: str, spool: Spool, writer: StoreWriter) -> None:
    done = spool.replay(writer, batch=10)
    refused = spool.quarantined()
    if url.startswith("postgresql"):
        assert done == 3 and len(refused) == 1
        assert refused[0]["event"]["source"] == "policy:bad\x00" and "NUL" in refused[0]["error"]
    else:  # SQLite stores the NUL: nothing to set aside
        assert done == 4 and refused == []
    assert spool.pending() == 0  # the replay finished: nothing blocks the next one
    assert count(url, findings) == done
    spool.write([event("b1")])
    assert spool.replay(writer) == 1


def test_an_unavailable_register_keeps_the_file(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.write([event("c1"), event("c2")])

    def down(_batch: list[dict[str, Any]]) -> None:
        raise ConnectionError("register unreachable")

    with pytest.raises(ConnectionError):
        spool.replay(down)
    assert spool.pending() == 2 and spool.quarantined() == []
    assert store_unavailable(ConnectionError()) and not store_unavailable(ValueError("NUL"))


def test_mail_spool_command_shows_what_was_set_aside(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from congvu.cli import app

    spool = Spool(tmp_path / "spool")
    spool.write([event("w1")])
    spool._quarantine(
        _poisoned(), ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), Path("x.jsonl")
    )
    out = CliRunner().invoke(app, ["mail", "spool", "--dir", str(spool.directory), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["pending"] == 1 and "NUL" in data["quarantined"][0]["error"]
    table = CliRunner().invoke(app, ["mail", "spool", "--dir", str(spool.directory)])
    assert "policy:bad\\x00" in table.stdout and "\x00" not in table.stdout
