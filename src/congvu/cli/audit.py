"""`congvu audit verify|grant`: check the audit trail's hash chain; set up the application's role."""

from __future__ import annotations

from typing import Annotated

import typer

from congvu.cli._db import DbOption, FormatOption, opened, print_json
from congvu.register.audit_chain import verify as verify_chain
from congvu.register.roles import grant_app_role

group = typer.Typer(help="The audit trail: verify its hash chain; database roles.", no_args_is_help=True)


@group.command("verify")
def verify(
    head: Annotated[
        str | None,
        typer.Option("--head", help="A head hash noted earlier: it must still be in the chain."),
    ] = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Recompute every row's hash in order; exit 1 naming the first broken row or missing guard."""
    with opened(db) as store, store.begin() as conn:
        result = verify_chain(conn, head)
    if format == "json":
        print_json(
            {
                "ok": result.ok,
                "rows": result.rows,
                "head": result.head,
                "broken": result.broken,
                "problems": result.problems,
                "warnings": result.warnings,
            }
        )
    else:
        typer.echo(f"audit trail: {result.rows} rows, head {result.head}")
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        for problem in result.problems:
            typer.echo(f"BROKEN: {problem}", err=True)
    if not result.ok:
        raise typer.Exit(1)


@group.command("grant")
def grant(
    role: Annotated[str, typer.Argument(help="The application's PostgreSQL role (must exist).")],
    db: DbOption = None,
) -> None:
    """As the owner role: give the application's role INSERT/SELECT only on the audit trail."""
    with opened(db) as store, store.begin() as conn:  # a RoleError exits 1 with its message
        statements = grant_app_role(conn, role)
    for statement in statements:
        typer.echo(statement)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="audit")
