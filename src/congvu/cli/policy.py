"""`congvu policy serve`: the Postfix policy service (see docs/mail-deployment.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from congvu.cli._db import DbOption, config, fail

policy_app = typer.Typer(help="Postfix policy service (check_policy_service).", no_args_is_help=True)

ListenOption = Annotated[
    str | None, typer.Option("--listen", help="HOST:PORT (setting mailflow.policy_listen).")
]
ModeOption = Annotated[
    str | None, typer.Option("--mode", help="monitor | warn | hold | reject (mailflow.mode).")
]
SpoolOption = Annotated[
    str | None, typer.Option("--spool", help="Spool folder (setting mailflow.spool_dir).")
]


def launch(kind: str, listen: str | None, mode: str | None, db: str | None, spool: str | None) -> None:
    from congvu.mailflow.serve import start

    try:
        start(kind, config(), listen, mode, db, spool)
    except ValueError as exc:
        fail(str(exc), 2)


@policy_app.command("serve")
def serve(
    listen: ListenOption = None, mode: ModeOption = None, db: DbOption = None, spool: SpoolOption = None
) -> None:
    """Answer Postfix policy requests: MAIL-001/MAIL-002 per recipient; DUNNO on any trouble."""
    launch("policy", listen, mode, db, spool)


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
