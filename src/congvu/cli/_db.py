"""What every register command shares: --db/--by options, opening the store, and turning
register errors into one-line messages with stable exit codes (1: rejected input, 2: store down)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from sqlalchemy import exc

from congvu.register.closures import ClosedSheet
from congvu.register.directory import DirectoryError
from congvu.register.evaluation import EvaluationError
from congvu.register.review import ReviewError
from congvu.register.store import Store, StoreUnavailable, current_user, database_url, open_store
from congvu.register.tables import TableError
from congvu.register.units import UnitError
from congvu.settings import Config, ConfigError, environment_clock, load_config

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Register URL (sqlite:///FILE or postgresql://user@host/db); "
        "default: setting database_url / CONGVU_DATABASE_URL.",
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Who is acting (recorded in the audit trail); default CONGVU_USER or OS user."),
]
FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]

EXIT_REJECTED = 1
EXIT_STORE = 2
_REJECTIONS = (
    DirectoryError,
    EvaluationError,
    ReviewError,
    ClosedSheet,
    UnitError,
    TableError,
    LookupError,
    ValueError,
)


def config() -> Config:
    try:
        return load_config()
    except ConfigError as error:
        fail(str(error), EXIT_REJECTED)
        raise


def fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def opened(db: str | None) -> Iterator[Store]:
    """Open the store for one command; any register error ends the command with one line."""
    url = database_url(db, config)
    store: Store | None = None
    try:
        store = open_store(url, clock=environment_clock())
        yield store
    except StoreUnavailable as error:
        fail(str(error), EXIT_STORE)
    except (exc.OperationalError, exc.InterfaceError) as error:
        first = str(getattr(error, "orig", error)).strip().splitlines()[0]
        fail(f"the register stopped answering: {first}", EXIT_STORE)
    except (DirectoryError, EvaluationError) as error:
        for problem in error.errors:
            typer.echo(f"  {problem}", err=True)
        fail(str(error), EXIT_REJECTED)
    except _REJECTIONS as error:
        fail(str(error), EXIT_REJECTED)
    finally:
        if store is not None:
            store.dispose()


def who(by: str | None) -> str:
    return current_user(by)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
