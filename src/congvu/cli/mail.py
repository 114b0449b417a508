"""`congvu mail …`: mail logs and archives checked against the directive (issue 4, after the fact).

ingest-log: Postfix / Zimbra logs → messages → MAIL-001/002/003 findings in the register.
scan-archive: mbox, Maildir, folders of .eml → the same rules on headers, attachments judged.
heads: per head and month, official versus public mailboxes for their mail to their staff.
suggest / accept: who might be behind a public address (never a violation by itself).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from congvu.cli._db import ByOption, DbOption, config, fail, opened, print_json, who

mail_app = typer.Typer(help="Mail logs and archives (Chỉ thị 01/CT-UBND).", no_args_is_help=True)

FilesArg = Annotated[list[Path], typer.Argument(help="Log files (plain or .gz), oldest first or not.")]
FormatOpt = Annotated[str, typer.Option("--format", help="table or json.")]


def _zone() -> ZoneInfo:
    name = str(config().get("mailflow.log_timezone"))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"setting mailflow.log_timezone: unknown time zone {name!r}", 1)
        raise


def _policy() -> Any:
    from congvu.classify import AddressPolicy

    return AddressPolicy.from_config(config())


@mail_app.command("ingest-log")
def ingest_log(
    files: FilesArg,
    format: FormatOpt = "table",
    summary: Annotated[bool, typer.Option("--summary", help="Leave the messages out of the JSON.")] = False,
    year: Annotated[
        int | None, typer.Option("--year", help="Year of classic syslog stamps (default: from file dates).")
    ] = None,
    record: Annotated[
        bool, typer.Option("--record/--no-record", help="Record findings and move checkpoints.")
    ] = True,
    from_start: Annotated[
        bool, typer.Option("--from-start", help="Ignore checkpoints: read every file from its beginning.")
    ] = False,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Read Postfix/Zimbra logs (new lines only), reassemble messages, record MAIL-001/002/003."""
    from congvu.mailflow.logs import ingest, mail_events
    from congvu.mailflow.logs.state import RegisterCheckpoints
    from congvu.mailflow.rules import StaffIndex
    from congvu.register.mail import record_mail_events

    missing = [str(f) for f in files if not f.exists()]
    if missing:
        fail(f"no such file: {', '.join(missing)}", 1)
    zone, policy = _zone(), _policy()
    with opened(db) as store:
        index = StaffIndex.from_store(store)
        checkpoints = RegisterCheckpoints(store)
        if from_start:
            checkpoints.known.clear()
        pending = [] if from_start else checkpoints.pending()
        result = ingest(files, index, policy, zone=zone, checkpoints=checkpoints, pending=pending, year=year)
        recorded: dict[str, int] = {}
        if record:
            recorded = record_mail_events(store, mail_events(result), who(by)).as_dict()
            store.run(lambda conn: checkpoints.save(conn, result.pending))
    if format == "json":
        out = result.as_contract(summary)
        if record:
            out["recorded"] = recorded
        print_json(out)
        return
    s = result.stats
    typer.echo(
        f"lines: {s['lines']}, messages: {s['messages']} ({s['pending']} still in the queue), "
        f"unparsed: {s['unparsed']}, findings: {s['findings']}"
    )
    for f in result.findings:
        typer.echo(
            f"  {f['time'] or '?'}  {f['rule']}  {f['person_id'] or '-'}  {f['counterpart']} → {f['address']}"
        )
    for report in result.files:
        for warning in report.warnings:
            typer.echo(f"warning: {report.path}: {warning}", err=True)
    if record:
        typer.echo(f"recorded: {recorded.get('findings_new', 0)} new findings, "
                   f"{recorded.get('violations_new', 0)} new violations")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(mail_app, name="mail")
