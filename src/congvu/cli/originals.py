"""`congvu originals purge`: delete originals past `evidence.retention_days` (audited)."""

from __future__ import annotations

from typing import Annotated

import typer

from congvu.cli._db import ByOption, DbOption, FormatOption, config, opened, print_json, who
from congvu.register.originals import Originals, configured, purge
from congvu.settings import Config, EvidenceSettings

group = typer.Typer(help="The original documents kept by sha256 for inspectors.", no_args_is_help=True)


def originals_store(cfg: Config | None = None) -> Originals | None:
    """The configured store of originals (`evidence.originals_dir`), or None when it is empty."""
    return configured(cfg or config())


@group.command("purge")
def purge_command(
    days: Annotated[
        int | None, typer.Option("--days", help="Retention in days; default evidence.retention_days.")
    ] = None,
    format: FormatOption = "table",
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Delete the originals of documents recorded longer ago than the retention (not those an open
    violation rests on); one audit event per run."""
    cfg = config()
    store_of = originals_store(cfg)
    retention = EvidenceSettings.of(cfg).retention_days if days is None else days
    with opened(db) as store:
        removed = purge(store, store_of, retention, who(by)) if store_of is not None else []
    if format == "json":
        print_json({"removed": len(removed), "retention_days": retention})
        return
    typer.echo(f"originals: {len(removed)} removed (retention {retention} days)")


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="originals")
