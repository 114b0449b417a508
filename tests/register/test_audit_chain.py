"""The audit trail against the application itself (issue 16, point 3): a hash chain that
`congvu audit verify` checks, SQLite refusing INSERT OR REPLACE, and on PostgreSQL an application
role that may append but not rewrite, nor remove the guards."""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from alembic import command
from pgkit import PG_URL, pg_schema
from regdocs import document
from regkit import INSPECTOR, STAFF, Backend
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register import audit, review
from congvu.register.audit_chain import chain, verify
from congvu.register.directory import example_files, import_files
from congvu.register.recording import record
from congvu.register.schema import audit_events
from congvu.register.store import Store, _alembic_config, create_engine, migrate, open_store


def _verify(url: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify", "--db", url, *extra])
    return result.exit_code, result.output


def _a_day_of_work(store: Store) -> None:
    """What an inspector's day leaves in the trail: recordings, decisions, a contest."""
    record(store, [document(f"{n}/UBND-VP") for n in (41, 42, 43)], INSPECTOR)
    for v in (1, 2):
        review.decide(store, v, "confirm", "Đã đối chiếu văn bản gốc lưu tại Văn phòng", INSPECTOR)
    review.decide(store, 1, "contest", "Hộp thư này do Văn phòng lập, không phải của tôi", STAFF)


def _rows(store: Store) -> list[dict[str, Any]]:
    with store.begin() as conn:
        return [
            dict(r) for r in conn.execute(sa.select(audit_events).order_by(audit_events.c.seq)).mappings()
        ]


def _unguarded(backend: Backend, sql: str, params: dict[str, Any] | None = None) -> None:
    """Run `sql` as someone who can lift the guard would: the table's owner on PostgreSQL
    (disable the trigger), anyone with the file on SQLite (drop it)."""
    with backend.store.begin() as conn:
        if backend.name == "postgresql":
            conn.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update")
        else:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_delete")
        conn.execute(sa.text(sql), params or {})


def _reguard(backend: Backend) -> None:
    with backend.store.begin() as conn:
        if backend.name == "postgresql":
            conn.exec_driver_sql("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update")
            return
        for name, when in (("no_update", "UPDATE"), ("no_delete", "DELETE")):
            conn.exec_driver_sql(
                f"CREATE TRIGGER audit_events_{name} BEFORE {when} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END"
            )


def test_a_day_of_work_verifies_and_names_its_head(backend: Backend, org: Store) -> None:
    _a_day_of_work(org)
    rows = _rows(org)
    code, out = _verify(backend.url)
    assert code == 0, out
    assert f"audit trail: {len(rows)} rows, head {rows[-1]['hash']}" in out
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(rows))
    code, out = _verify(backend.url, "--format", "json", "--head", rows[3]["hash"])
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["rows"] == len(rows)
    if backend.name == "postgresql":  # the test connects as the owner: verify says so
        assert any("no role but the owner" in w for w in report["warnings"])


def test_a_rewritten_row_is_named(backend: Backend, org: Store) -> None:
    _a_day_of_work(org)
    target = _rows(org)[-2]
    _unguarded(backend, "UPDATE audit_events SET reason = 'Đã xác minh' WHERE id = :id", {"id": target["id"]})
    code, out = _verify(backend.url)
    assert code == 1
    assert f"row id {target['id']} (seq {target['seq']}): its content no longer matches its hash" in out
    guard = "disabled" if backend.name == "postgresql" else "missing"
    assert f"trigger audit_events_no_update is {guard}" in out


def test_a_removed_row_is_found_at_the_row_after_it(backend: Backend, org: Store) -> None:
    _a_day_of_work(org)
    rows = _rows(org)
    gone, after = rows[2], rows[3]
    _unguarded(backend, "DELETE FROM audit_events WHERE id = :id", {"id": gone["id"]})
    _reguard(backend)
    code, out = _verify(backend.url)
    assert code == 1
    assert f"row id {after['id']} (seq {after['seq']}): expected seq {gone['seq']}" in out


def test_a_recomputed_chain_no_longer_holds_the_head_noted_earlier(backend: Backend, org: Store) -> None:
    _a_day_of_work(org)
    noted = _rows(org)[-1]["hash"]
    rows = _rows(org)
    rows[1]["reason"] = "Đã xác minh (sửa lại)"  # a careful forger recomputes every later hash
    forged = chain([{k: r[k] for k in r if k not in ("seq", "prev_hash", "hash")} for r in rows], 0, "0" * 64)
    for r in forged:
        _unguarded(
            backend,
            "UPDATE audit_events SET reason = :reason, prev_hash = :p, hash = :h WHERE id = :id",
            {"reason": r["reason"], "p": r["prev_hash"], "h": r["hash"], "id": r["id"]},
        )
    _reguard(backend)
    assert _verify(backend.url)[0] == 0  # the chain alone cannot tell...
    code, out = _verify(backend.url, "--head", noted)
    assert code == 1 and f"the head noted earlier ({noted}) is no longer in the chain" in out  # ...this can


def test_sqlite_refuses_insert_or_replace_and_finds_it_once_the_guard_is_gone(
    backend: Backend, org: Store
) -> None:
    if backend.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    _a_day_of_work(org)
    victim = _rows(org)[1]
    replace = (
        "INSERT OR REPLACE INTO audit_events "
        "(id, at, who, action, entity, entity_id, reason, seq, prev_hash, hash) "
        "SELECT id, at, who, action, entity, entity_id, 'Không có vi phạm', seq, prev_hash, hash "
        "FROM audit_events WHERE id = :id"
    )
    with pytest.raises(sa.exc.IntegrityError, match="append-only"), org.begin() as conn:
        conn.execute(sa.text(replace), {"id": victim["id"]})
    with pytest.raises(sa.exc.IntegrityError, match="append-only"), org.begin() as conn:  # by seq too
        conn.execute(sa.text(replace.replace("SELECT id,", "SELECT id + 1000,")), {"id": victim["id"]})
    assert _rows(org)[1]["reason"] == victim["reason"]
    with org.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_events_no_replace")
        conn.execute(sa.text(replace), {"id": victim["id"]})
    code, out = _verify(backend.url)
    assert code == 1
    assert f"row id {victim['id']} (seq {victim['seq']}): its content no longer matches its hash" in out
    assert "trigger audit_events_no_replace is missing" in out


def test_rows_written_before_the_chain_are_chained_by_the_migration(tmp_path: Path, backend: Backend) -> None:
    if backend.name == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'cu.db'}", None
    else:
        url, schema = PG_URL, f"t_{uuid.uuid4().hex[:12]}"
        with backend.store.engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = create_engine(url, search_path=schema)
    try:
        with engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0007_memberships")
            old = sa.table(
                "audit_events",
                *(sa.column(c) for c in ("at", "who", "action", "entity", "entity_id", "reason")),
            )
            conn.execute(
                old.insert(),
                [
                    {
                        "at": backend.clock(),
                        "who": INSPECTOR,
                        "action": "violation.confirmed",
                        "entity": "violation",
                        "entity_id": str(n),
                        "reason": f"Biên bản số {n}/BB-VHTT",
                    }
                    for n in range(1, 6)
                ],
            )
        migrate(engine)
        store = open_store(url, search_path=schema, clock=backend.clock)
        with store.begin() as conn:
            event = audit.Event(
                INSPECTOR, "violation.dismissed", "violation", "3", reason="Trùng biên bản số 3"
            )
            audit.append(conn, backend.clock(), [event])
        with store.begin() as conn:
            result = verify(conn)
        store.dispose()
        assert result.broken is None and result.rows == 6
    finally:
        engine.dispose()
        if schema:
            with backend.store.engine.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def two_roles() -> Iterator[tuple[str, str, str]]:
    """A schema owned by an owner role, and an application role: (owner URL, app URL, schema)."""
    tag = uuid.uuid4().hex[:8]
    owner, app_role, schema = f"congvu_owner_{tag}", f"congvu_app_{tag}", f"t_roles_{tag}"
    admin = create_engine(PG_URL)
    with pg_schema(), admin.begin() as conn:  # pg_schema: skipped (or failed in CI) without PostgreSQL
        conn.exec_driver_sql(f"CREATE ROLE {owner} LOGIN")
        conn.exec_driver_sql(f"CREATE ROLE {app_role} LOGIN")
        conn.exec_driver_sql(f"CREATE SCHEMA {schema} AUTHORIZATION {owner}")
    base = sa.make_url(PG_URL)
    options = quote(f"-csearch_path={schema}")

    def url_for(role: str) -> str:
        return f"{base.set(username=role).render_as_string(hide_password=False)}?options={options}"

    try:
        yield url_for(owner), url_for(app_role), app_role
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            conn.exec_driver_sql(f"DROP ROLE {app_role}")
            conn.exec_driver_sql(f"DROP ROLE {owner}")
        admin.dispose()


def test_the_application_role_appends_but_cannot_rewrite_or_unguard(two_roles: tuple[str, str, str]) -> None:
    owner_url, app_url, app_role = two_roles
    early = CliRunner().invoke(app, ["audit", "verify", "--db", app_url])  # nothing granted, not migrated
    assert early.exit_code == 2 and "open the register once as its owner role" in early.output
    assert "Traceback" not in early.output
    owner = open_store(owner_url)  # the owner migrates
    import_files(owner, example_files(), "Quản trị hệ thống")
    owner.dispose()
    granted = CliRunner().invoke(app, ["audit", "grant", app_role, "--db", owner_url])
    assert granted.exit_code == 0, granted.output
    assert "audit_events" in granted.output

    store = open_store(app_url)  # the application: works as usual...
    _a_day_of_work(store)
    code, out = _verify(app_url, "--format", "json")
    assert code == 0 and json.loads(out)["warnings"] == []
    for statement in (  # ...but cannot rewrite the trail or lift its guards
        "UPDATE audit_events SET reason = 'Không có vi phạm'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update",
        "DROP TRIGGER audit_events_no_update ON audit_events",
        "INSERT INTO audit_events (at, who, action, entity, entity_id) VALUES (now(), 'x', 'x', 'x', 'x') "
        "ON CONFLICT (id) DO UPDATE SET reason = 'x'",
    ):
        with (
            pytest.raises(sa.exc.DBAPIError, match=r"permission denied|must be owner"),
            store.begin() as conn,
        ):
            conn.exec_driver_sql(statement)
    store.dispose()
    assert _verify(app_url)[0] == 0
