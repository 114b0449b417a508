"""The store: migrations match the code, the audit trail is append-only, errors are one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from regkit import Backend
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register.schema import audit_events, metadata
from congvu.register.store import Store, database_url, normalise_url
from congvu.settings import Config, load_config


def test_migrations_create_exactly_the_tables_the_code_uses(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diff if d[0] != "remove_table" or d[1].name != "alembic_version"] == []


def test_reopening_a_migrated_store_is_harmless(backend: Backend) -> None:
    from alembic.script import ScriptDirectory

    from congvu.register.store import _alembic_config as alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    again = backend.reopen()
    with again.begin() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == head
    again.dispose()


def test_audit_trail_refuses_update_and_delete_at_the_database(store: Store) -> None:
    with store.begin() as conn:
        conn.execute(
            audit_events.insert().values(
                at=store.clock(), who="Lê Quốc Khánh", action="test", entity="violation", entity_id="1"
            )
        )
    for statement in (audit_events.update().values(who="ai đó"), audit_events.delete()):
        try:
            with store.begin() as conn:
                conn.execute(statement)
        except sa.exc.DBAPIError as error:
            assert "append-only" in str(error)
        else:
            raise AssertionError(f"{statement} was allowed")
    with store.begin() as conn:
        assert conn.execute(sa.select(audit_events.c.who)).scalars().all() == ["Lê Quốc Khánh"]


def test_sqlite_is_tuned_for_concurrency(backend: Backend) -> None:
    if backend.name != "sqlite":
        return
    with backend.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10000


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    assert normalise_url("postgresql://postgres@db/congvu").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://postgres@db/congvu").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///congvu.db").drivername == "sqlite"


def test_a_database_that_is_down_gives_one_line_and_exit_code_2() -> None:
    result = CliRunner().invoke(app, ["violations", "list", "--db", "postgresql://postgres@127.0.0.1:1/test"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: cannot use the register at postgresql")
    assert "Traceback" not in result.output


def test_the_register_url_is_db_then_environment_then_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no congvu.toml here

    def broken() -> Config:
        raise AssertionError("the settings must not be read when --db is given")

    monkeypatch.setenv("CONGVU_DATABASE_URL", "postgresql://congvu@db.lienchieu.danang.gov.vn/congvu")
    assert database_url("sqlite:///lien-chieu.db", broken) == "sqlite:///lien-chieu.db"
    assert database_url(None, broken) == "postgresql://congvu@db.lienchieu.danang.gov.vn/congvu"
    monkeypatch.delenv("CONGVU_DATABASE_URL")
    assert database_url(None, lambda: load_config(environ={})) == "sqlite:///congvu.db"
