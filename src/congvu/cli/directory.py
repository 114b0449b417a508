"""`congvu directory …`: who works where — import, export, list, templates, unit history."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from congvu.cli._db import ByOption, DbOption, FormatOption, fail, opened, print_json, who
from congvu.output.safe_text import SafeTable as Table
from congvu.register import directory_files, units
from congvu.register.directory import example_files, import_files

group = typer.Typer(
    help="Units and people: import, export, list, templates, unit history.", no_args_is_help=True
)
KindOption = Annotated[str, typer.Option("--kind", help="For CSV files: people or units.")]


def _day(raw: str | None) -> date:
    return date.fromisoformat(raw) if raw else date.today()


@group.command("import")
def import_(
    files: Annotated[
        list[Path] | None, typer.Argument(help="CSV or XLSX files (units and/or people).")
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Import the bundled example organisation.")
    ] = False,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Validate every row, then import all or nothing; re-import updates in place."""
    paths = list(files or []) + (example_files() if example else [])
    if not paths:
        fail("give FILE… or --example", 1)
    with opened(db) as store:
        report = import_files(store, paths, who(by))
    for kind in ("units", "people"):
        typer.echo(
            f"{kind}: {report.created[kind]} created, {report.updated[kind]} updated, "
            f"{report.unchanged[kind]} unchanged"
        )


@group.command("export")
def export(file: Path, kind: KindOption = "people", db: DbOption = None) -> None:
    """Export to the import templates' format (XLSX: units and people sheets)."""
    with opened(db) as store, store.begin() as conn:
        directory_files.export(conn, file, kind)
    typer.echo(f"wrote {file}")


@group.command("template")
def template(file: Path, kind: KindOption = "people") -> None:
    """Write a blank template (.csv: one kind; .xlsx: both sheets plus instructions)."""
    directory_files.template(file, kind)
    typer.echo(f"wrote {file}")


@group.command("list")
def list_(
    unit: Annotated[str | None, typer.Option("--unit", help="Unit code.")] = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """People with unit, position, head flag and addresses."""
    with opened(db) as store, store.begin() as conn:
        rows = directory_files.list_people(conn, unit)
    if format == "json":
        print_json({"people": rows})
        return
    table = Table("person_id", "Họ và tên", "unit", "Chức vụ", "head", "official", "personal")
    for r in rows:
        table.add_row(
            r["person_id"],
            r["full_name"],
            r["unit"],
            r["position"],
            "✓" if r["is_head"] else "",
            ", ".join(r["official_emails"]),
            ", ".join(r["personal_emails"]),
        )
    Console().print(table)


@group.command("units")
def units_(format: FormatOption = "table", db: DbOption = None) -> None:
    """Units with parent, validity, merges and former names."""
    with opened(db) as store, store.begin() as conn:
        rows = units.list_units(conn)
    if format == "json":
        print_json({"units": rows})
        return
    table = Table("code", "name", "kind", "parent", "valid_to", "merged_into", "former names")
    for r in rows:
        table.add_row(
            r["code"],
            r["name"],
            r["kind"],
            r["parent"] or "",
            str(r["valid_to"] or ""),
            r["merged_into"] or "",
            "; ".join(r["former_names"]),
        )
    Console().print(table)


DateOption = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why (e.g. the decision's number).")]


@group.command("rename")
def rename(
    code: str,
    name: str,
    date_: DateOption = None,
    reason: ReasonOption = None,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Rename a unit; the old name keeps matching old documents."""
    with opened(db) as store:
        units.rename(store, code, name, _day(date_), who(by), reason)
    typer.echo(f"{code} is now {name!r}")


@group.command("merge")
def merge(
    code: str,
    into: Annotated[str, typer.Option("--into", help="Successor unit code.")],
    date_: DateOption = None,
    reason: ReasonOption = None,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Close a unit into its successor; its active people move there."""
    with opened(db) as store:
        moved = units.merge(store, code, into, _day(date_), who(by), reason)
    typer.echo(f"{code} merged into {into}; {moved} people moved")


@group.command("retire")
def retire(
    code: str, date_: DateOption = None, reason: ReasonOption = None, db: DbOption = None, by: ByOption = None
) -> None:
    """Close a unit that has no active people left."""
    with opened(db) as store:
        units.retire(store, code, _day(date_), who(by), reason)
    typer.echo(f"{code} retired")


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="directory")
