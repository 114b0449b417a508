"""`congvu milter serve`: content inspection for Postfix/Zimbra (see docs/mail-deployment.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from congvu.cli._db import DbOption
from congvu.cli.policy import ModeOption, SpoolOption, launch

milter_app = typer.Typer(help="Milter: sender headers and attachments of each message.", no_args_is_help=True)
ListenOption = Annotated[
    str | None, typer.Option("--listen", help="HOST:PORT (setting mailflow.milter_listen).")
]


@milter_app.command("serve")
def serve(
    listen: ListenOption = None, mode: ModeOption = None, db: DbOption = None, spool: SpoolOption = None
) -> None:
    """Judge each message's sender headers and attachments; accept on any trouble."""
    launch("milter", listen, mode, db, spool)


def register(app: typer.Typer) -> None:
    app.add_typer(milter_app, name="milter")
