"""Opening the register: URL rules, engine tuning per backend, migrations at start, retries.

One embedded SQLite file by default, PostgreSQL by URL; everything above this module is written
once for both.  A store that cannot be reached raises `StoreUnavailable` with a one-line message the
CLI prints as is (exit code 2), never a traceback.
"""

from __future__ import annotations

import getpass
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine

from congvu.clock import Clock, utc_now
from congvu.settings import Config, from_environment

T = TypeVar("T")

_MIGRATION_LOCK = 7262001  # pg_advisory_xact_lock key: two first starts must not both migrate


class StoreUnavailable(Exception):
    """The store cannot be opened or reached; the message is one line for the user."""


def current_user(explicit: str | None = None) -> str:
    """Who is acting: --by, else CONGVU_USER, else the OS account (every decision names someone)."""
    if explicit and explicit.strip():
        return explicit.strip()
    env = str(from_environment("user") or "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def normalise_url(raw: str) -> URL:
    """Accept the URLs people type: plain postgresql:// (and postgres://) mean psycopg 3."""
    url = sa.make_url(raw)
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    return url


def _tune_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers, FKs on, wait for writers, and BEGIN IMMEDIATE so that two
    recorders queue on the write lock up front instead of failing on a lock upgrade mid-way."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(url: str | URL, *, search_path: str | None = None) -> Engine:
    """An engine for `url`; `search_path` puts a PostgreSQL session in one schema (tests)."""
    parsed = normalise_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"timeout": 60})
        _tune_sqlite(engine)
        return engine
    connect_args: dict[str, Any] = {"connect_timeout": 5}
    if search_path:
        connect_args["options"] = f"-csearch_path={search_path}"
    return sa.create_engine(parsed, connect_args=connect_args, pool_pre_ping=True)


def _alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("congvu.register") / "migrations"))
    return cfg


def migrate(engine: Engine) -> None:
    """`alembic upgrade head` on this engine, serialised between processes starting together."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def describe(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def unavailable(engine: Engine, error: BaseException) -> StoreUnavailable:
    """One line saying which store and the driver's first line of complaint."""
    orig = getattr(error, "orig", None) or error
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return StoreUnavailable(f"cannot use the register at {describe(engine)}: {first}")


@dataclass
class Store:
    """An open register: the engine plus the clock every dated decision reads."""

    engine: Engine
    clock: Clock = field(default=utc_now)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: all or nothing, which is what makes kill -9 safe."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except (exc.OperationalError, exc.InterfaceError) as error:
            if _is_transient(error):
                raise
            raise unavailable(self.engine, error) from error

    def run(self, work: Callable[[Connection], T], *, attempts: int = 5) -> T:
        """Run `work` in one transaction, retrying transient lock and serialisation conflicts.

        `work` is called again from the start on a retry, so it must be re-runnable: everything it
        reads from outside the database must already be in memory (a list, never a generator that
        a first attempt may have spent), and what it counts must be counted afresh per attempt.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.begin() as conn:
                    return work(conn)
            except (exc.OperationalError, exc.IntegrityError, exc.InternalError) as error:
                if attempt == attempts or not _is_transient(error):
                    raise
                time.sleep(backoff(attempt))
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()


# SQLSTATEs worth a retry: serialization_failure, deadlock_detected, lock_not_available,
# unique_violation (two writers inserting the same new key: the loser sees it on the next attempt).
_TRANSIENT_STATES = frozenset({"40001", "40P01", "55P03", "23505"})
_TRANSIENT_TEXT = ("database is locked", "could not serialize", "deadlock detected", "duplicate key")


def _is_transient(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
    if getattr(orig, "sqlstate", None) in _TRANSIENT_STATES:
        return True
    text = str(orig).lower()
    return any(marker in text for marker in _TRANSIENT_TEXT)


def backoff(attempt: int) -> float:
    """Seconds to wait before retry `attempt + 1`: doubling from 0.1 s, at most 2 s, with jitter so
    two recorders that deadlocked each other do not collide again in lockstep."""
    return min(0.05 * 2**attempt, 2.0) * random.uniform(0.5, 1.0)


def database_url(explicit: str | None, config: Callable[[], Config]) -> str:
    """The register to open: `explicit` (--db), else CONGVU_DATABASE_URL, else the setting
    `database_url` (the settings are read only when needed: a broken file does not stop --db)."""
    return explicit or from_environment("database_url") or str(config().get("database_url"))


def open_store(
    url: str | URL, *, clock: Clock = utc_now, search_path: str | None = None, upgrade: bool = True
) -> Store:
    """Open (and migrate) the register at `url`; raise StoreUnavailable when it cannot be reached."""
    try:
        engine = create_engine(url, search_path=search_path)
    except (exc.ArgumentError, exc.NoSuchModuleError) as error:
        raise StoreUnavailable(f"not a usable database URL {str(url)!r}: {error}") from error
    try:
        if upgrade:
            migrate(engine)
        else:
            with engine.connect():
                pass
    except (exc.OperationalError, exc.InterfaceError) as error:
        engine.dispose()
        raise unavailable(engine, error) from error
    except exc.ProgrammingError as error:  # an application role may not run a pending migration
        engine.dispose()
        problem = unavailable(engine, error)
        raise StoreUnavailable(
            f"{problem} (a migration is pending: open the register once as its owner role, "
            "then `congvu audit grant`; docs/security.md)"
        ) from error
    return Store(engine, clock)
