"""`congvu policy serve`: the Postfix policy service (see docs/mail-deployment.md);
`congvu policy show`: the policy version; `congvu policy adopt`: put it in force, audited (issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from congvu.cli._db import ByOption, DbOption, config, fail, opened, print_json, who

policy_app = typer.Typer(
    help="Postfix policy service (check_policy_service); the policy version.", no_args_is_help=True
)

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


@policy_app.command("show")
def show(
    candidate: Annotated[
        Path | None, typer.Option("--policy", help="A candidate policy file laid over the current settings.")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """The settings and data files that change a judgement, and their content hash."""
    from congvu.policyversion import overlay, policy_version
    from congvu.settings import ConfigError

    if format not in ("table", "json"):
        fail(f"unknown format {format!r}; choose table or json", 2)
    try:
        cfg = overlay(config(), candidate) if candidate else config()
        version = policy_version(cfg)
    except ConfigError as exc:
        fail(str(exc), 2)
        raise
    if format == "json":
        print_json(version.as_dict())
        return
    typer.echo(f"policy {version.hash}" + (f"  ({version.source})" if version.source else ""))
    for name, value in version.values:
        typer.echo(f"  {name} = {value!r}")
    for label, digest in version.files:
        typer.echo(f"  {label}  sha256:{digest}")
    typer.echo(f"  rules: {', '.join(rid for rid, _, _ in version.rules)}")


@policy_app.command("adopt")
def adopt(
    reason: Annotated[str, typer.Option("--reason", help="Why the policy changes (kept in the audit log).")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Ghi nhận chính sách đang áp dụng / audit the settings' policy version as the one in force."""
    from congvu.policyversion import policy_version
    from congvu.register.policies import adopt as adopt_version
    from congvu.settings import ConfigError

    if not reason.strip():
        fail("--reason must say why the policy changes", 2)
    try:
        version = policy_version(config())
    except ConfigError as exc:
        fail(str(exc), 2)
        raise
    with opened(db) as store, store.begin() as conn:
        diff = adopt_version(conn, version.as_dict(), who(by), store.clock(), reason.strip())
    if diff is None:
        typer.echo(f"policy {version.hash} is already in force; nothing recorded")
        return
    typer.echo(f"policy {version.hash} adopted")
    for name, change in diff.items():
        typer.echo(f"  {name}: {change['now']!r} → {change['after']!r}")


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
