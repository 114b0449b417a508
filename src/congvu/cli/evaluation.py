"""`congvu evaluation …`: proposed monthly ratings in, the capped sheet out (JSON or XLSX to sign)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from congvu.cli._db import ByOption, DbOption, config, fail, opened, print_json, who
from congvu.output.safe_text import SafeTable as Table
from congvu.register.closures import close_sheet, reopen_sheet
from congvu.register.evaluation import AWAITING, build_sheet, import_proposals, set_proposal
from congvu.register.scales import Scale, scale_from_settings
from congvu.settings import EvaluationSettings

group = typer.Typer(
    help="Monthly evaluation: proposals and the sheet with the directive's cap.", no_args_is_help=True
)


def current_scale() -> Scale:
    cfg = config()
    try:
        return scale_from_settings(EvaluationSettings.of(cfg))
    except ValueError as error:
        fail(f"settings: {error}", 1)
        raise


UnitScopeOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        help="A head's proposals: every person must be on this unit's sheet for the month concerned "
        "(where they were then, not where they are today).",
    ),
]


@group.command("import")
def import_(file: Path, unit: UnitScopeOption = None, db: DbOption = None, by: ByOption = None) -> None:
    """Import proposed ratings (columns person_id, month, rating); all rows or none."""
    scale = current_scale()
    with opened(db) as store:
        changed = import_proposals(store, file, scale, who(by), unit)
    typer.echo(f"{changed} proposal(s) recorded")


@group.command("set")
def set_(
    person: Annotated[str, typer.Option("--person")],
    month: Annotated[str, typer.Option("--month", help="YYYY-MM.")],
    rating: Annotated[str, typer.Option("--rating", help="A level of the scale, or points.")],
    unit: UnitScopeOption = None,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Enter one person's proposed rating."""
    scale = current_scale()
    with opened(db) as store:
        set_proposal(store, person, month, rating, scale, who(by), unit)
    typer.echo(f"{person} {month}: proposed {scale.parse(rating)}")


@group.command("sheet")
def sheet(
    unit: Annotated[str, typer.Option("--unit", help="Unit code.")],
    month: Annotated[str, typer.Option("--month", help="YYYY-MM.")],
    format: Annotated[str, typer.Option("--format", help="table, json or xlsx.")] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", help="Output file (xlsx; json defaults to stdout).")
    ] = None,
    db: DbOption = None,
) -> None:
    """The unit's sheet for the month: proposed, final (capped), and the violations named."""
    scale = current_scale()
    with opened(db) as store, store.begin() as conn:
        result = build_sheet(conn, unit, month, scale)
    if format == "json":
        if out:
            out.write_text(json.dumps(result.as_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            print_json(result.as_json())
    elif format == "xlsx":
        target = out or Path(f"danh-gia-{unit}-{month}.xlsx")
        _write_sheet(result, target, prepared_by=None)
        typer.echo(f"wrote {target}")
    else:
        table = Table("STT", "Họ và tên", "Chức vụ", "Đề xuất", "Kết quả", "Ghi chú")
        for r in result.rows:
            table.add_row(
                str(r.stt),
                r.full_name,
                r.position,
                r.proposed or "",
                r.final or (AWAITING if r.awaiting else ""),
                r.note,
            )
        Console().print(table)


def _write_sheet(*args: Any, **kwargs: Any) -> Any:
    from congvu.register.sheet_xlsx import write_sheet  # openpyxl only when a sheet is written

    return write_sheet(*args, **kwargs)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="evaluation")


@group.command("close")
def close(
    unit: Annotated[str, typer.Option("--unit")],
    month: Annotated[str, typer.Option("--month", help="YYYY-MM.")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Close a unit-month's sheet (refused while a case is contested or still contestable)."""
    days = EvaluationSettings.of(config()).contest_days
    with opened(db) as store:
        close_sheet(store, unit, month, who(by), days)
    typer.echo(f"sheet {unit} {month} closed")


@group.command("reopen")
def reopen(
    unit: Annotated[str, typer.Option("--unit")],
    month: Annotated[str, typer.Option("--month", help="YYYY-MM.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is reopened (audited).")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Reopen a closed sheet, with a reason."""
    with opened(db) as store:
        reopen_sheet(store, unit, month, reason, who(by))
    typer.echo(f"sheet {unit} {month} reopened")
