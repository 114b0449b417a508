"""`congvu violations …`: the register of violations and their review (confirm, dismiss, contest)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from congvu.cli._db import ByOption, DbOption, FormatOption, config, opened, print_json, who
from congvu.output.safe_text import SafeTable as Table
from congvu.register import audit, review
from congvu.settings import EvaluationSettings

group = typer.Typer(
    help="Violations: list, add by hand, confirm, dismiss, contest, assign.", no_args_is_help=True
)
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept in the audit trail).")]


@group.command("list")
def list_(
    unit: Annotated[str | None, typer.Option("--unit", help="Unit code.")] = None,
    month: Annotated[str | None, typer.Option("--month", help="YYYY-MM.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="pending, confirmed, dismissed, contested.")
    ] = None,
    person: Annotated[str | None, typer.Option("--person", help="Person id.")] = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Violations with their person, unit, month, status, rule and evidence."""
    with opened(db) as store, store.begin() as conn:
        rows = review.list_violations(conn, unit, month, status, person)
    if format == "json":
        print_json({"violations": rows})
        return
    table = Table("id", "person", "unit", "month", "status", "rule", "evidence")
    for r in rows:
        ev = r["evidence"]
        summary = ", ".join(ev.get("addresses", [])) or ev.get("reason", "")
        table.add_row(
            str(r["id"]),
            r["full_name"] or "(unattributed)",
            r["unit"] or "",
            r["month"],
            r["status"],
            r["rule"],
            f"{ev.get('number') or ev.get('path') or ''} {summary}".strip(),
        )
    Console().print(table)


@group.command("add")
def add(
    person: Annotated[str, typer.Option("--person", help="Person id.")],
    month: Annotated[str, typer.Option("--month", help="YYYY-MM the violation counts in.")],
    reason: ReasonOption,
    evidence: Annotated[
        Path | None, typer.Option("--evidence", help="Evidence file (its hash is kept).")
    ] = None,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Add a violation found by hand (pending, like any other)."""
    with opened(db) as store:
        new_id = review.add_manual(store, person, month, reason, who(by), evidence)
    typer.echo(f"violation #{new_id} added (pending)")


def _decide(action: str, violation_id: int, reason: str, db: str | None, by: str | None) -> None:
    days = EvaluationSettings.of(config()).contest_days
    with opened(db) as store:
        decision = review.decide(store, violation_id, action, reason, who(by), contest_days=days)
    typer.echo(f"violation #{violation_id}: {decision.before} → {decision.after}")


@group.command("confirm")
def confirm(violation_id: int, reason: ReasonOption, db: DbOption = None, by: ByOption = None) -> None:
    """Confirm a pending or contested violation (it now caps the month's rating)."""
    _decide("confirm", violation_id, reason, db, by)


@group.command("dismiss")
def dismiss(violation_id: int, reason: ReasonOption, db: DbOption = None, by: ByOption = None) -> None:
    """Dismiss a pending or contested violation."""
    _decide("dismiss", violation_id, reason, db, by)


@group.command("contest")
def contest(violation_id: int, reason: ReasonOption, db: DbOption = None, by: ByOption = None) -> None:
    """The person contests a confirmed violation (once per decision, within evaluation.contest_days
    working days); the inspector decides again, and that decision is final."""
    _decide("contest", violation_id, reason, db, by)


@group.command("reopen")
def reopen(violation_id: int, reason: ReasonOption, db: DbOption = None, by: ByOption = None) -> None:
    """Reopen a decided violation (also a final one, after a contest): back to pending."""
    _decide("reopen", violation_id, reason, db, by)


@group.command("assign")
def assign(
    violation_id: int,
    person: Annotated[str, typer.Option("--person", help="Person id.")],
    reason: Annotated[str, typer.Option("--reason")] = "",
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Attribute an (unattributed) violation to a person."""
    with opened(db) as store:
        review.assign(store, violation_id, person, reason, who(by))
    typer.echo(f"violation #{violation_id} assigned to {person}")


@group.command("history")
def history(
    violation_id: Annotated[int | None, typer.Argument(help="One violation; all events if omitted.")] = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """The audit trail (who, when, what, why)."""
    with opened(db) as store, store.begin() as conn:
        events = audit.history(
            conn, "violation" if violation_id else None, str(violation_id) if violation_id else None
        )
    if format == "json":
        print_json({"events": events})
        return
    table = Table("at", "who", "action", "entity", "reason")
    for e in events:
        table.add_row(e["at"], e["who"], e["action"], f"{e['entity']} {e['entity_id']}", e["reason"] or "")
    Console().print(table)


@group.command("review")
def review_list(format: FormatOption = "table", db: DbOption = None) -> None:
    """Findings to look at that make no violation (DOC-002 not a contact point, DOC-003 look-alike)."""
    with opened(db) as store, store.begin() as conn:
        rows = review.review_findings(conn)
    if format == "json":
        print_json({"findings": rows})
        return
    table = Table("id", "rule", "address", "where", "excerpt")
    for r in rows:
        table.add_row(
            str(r["id"]), r["rule"], r["address"], f"p{r['page'] or '-'} l{r['line'] or '-'}", r["excerpt"]
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="violations")
