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
from congvu.settings import MailflowSettings

mail_app = typer.Typer(help="Mail logs and archives (Chỉ thị 01/CT-UBND).", no_args_is_help=True)

FilesArg = Annotated[list[Path], typer.Argument(help="Log files (plain or .gz), oldest first or not.")]
FormatOpt = Annotated[str, typer.Option("--format", help="table or json.")]


def _zone() -> ZoneInfo:
    name = MailflowSettings.of(config()).log_timezone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"setting mailflow.log_timezone: unknown time zone {name!r}", 1)
        raise


def _hosts() -> Any:
    from congvu.mailflow.serve import provider_hosts

    return provider_hosts(config())


def _policy() -> Any:
    from congvu.classify import AddressPolicy

    return AddressPolicy.from_config(config())


def _version() -> str:
    """The policy version the findings are judged under (the settings in force), recorded with them."""
    from congvu.policyversion import policy_version
    from congvu.settings import ConfigError

    try:
        return policy_version(config()).hash
    except ConfigError as error:
        fail(str(error), 2)
        raise


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
    from congvu.mailflow.logs.state import ingest_new_lines

    missing = [str(f) for f in files if not f.exists()]
    if missing:
        fail(f"no such file: {', '.join(missing)}", 1)
    zone, policy = _zone(), _policy()
    with opened(db) as store:
        result, recorded = ingest_new_lines(
            store, files, policy, _hosts(), zone=zone, year=year, from_start=from_start,
            who=who(by) if record else None, version=_version(),
        )  # fmt: skip
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
            f"{_unverified(f)}"
        )
    for report in result.files:
        for warning in report.warnings:
            typer.echo(f"warning: {report.path}: {warning}", err=True)
    if record:
        typer.echo(f"recorded: {recorded.get('findings_new', 0)} new findings, "
                   f"{recorded.get('violations_new', 0)} new violations")  # fmt: skip


def _unverified(finding: dict[str, Any]) -> str:
    if finding.get("verified") is False:
        return f"  (chưa xác thực / unverified: {finding.get('origin')})"
    return ""


def _is_archive(path: Path) -> bool:
    if path.is_dir() or path.suffix.lower() in {".eml", ".mbox"}:
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


@mail_app.command("scan-archive")
def scan_archive_cmd(
    paths: Annotated[list[Path], typer.Argument(help="mbox files, Maildir folders, .eml files or folders.")],
    format: FormatOpt = "table",
    record: Annotated[
        bool, typer.Option("--record/--no-record", help="Record findings in the register.")
    ] = True,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Judge archived mail: headers through the mail rules, attachments through the document engine."""
    from congvu.mailflow.archive import mail_events, scan_archive
    from congvu.mailflow.rules import StaffIndex
    from congvu.register.mail import record_mail_events
    from congvu.settings import Limits

    policy, limits = _policy(), Limits.from_config(config())
    with opened(db) as store:
        index = StaffIndex.from_store(store)
        trusted = MailflowSettings.of(config()).trusted_authserv_ids
        messages = [m for p in paths for m in scan_archive(p, index, policy, limits, trusted, _hosts())]
        recorded = (
            record_mail_events(store, mail_events(messages), who(by), _version()).as_dict() if record else {}
        )
    findings = [f | {"where": m.where} for m in messages for f in m.findings]
    if format == "json":
        print_json({"messages": [m.as_dict() for m in messages], "findings": findings, "recorded": recorded})
        return
    errors = sum(1 for m in messages if m.error)
    typer.echo(f"messages: {len(messages)} ({errors} unreadable), findings: {len(findings)}")
    for f in findings:
        typer.echo(
            f"  {f['rule']}  {f['person_id'] or '-'}  {f['counterpart']} ↔ {f['address']}  ({f['where']})"
            f"{_unverified(f)}"
        )


def _sent_and_seen(paths: list[Path], year: int | None, store: Any) -> tuple[list[Any], list[Any]]:
    """Messages for the heads report and (address, display name) pairs for suggestions."""
    from congvu.mailflow.archive import scan_archive
    from congvu.mailflow.heads import Sent, from_log_message
    from congvu.mailflow.logs import ingest
    from congvu.mailflow.rules import StaffIndex

    index, policy = StaffIndex.from_store(store), _policy()
    archives = [p for p in paths if _is_archive(p)]
    logs = [p for p in paths if p not in archives]
    sent: list[Any] = []
    seen: list[tuple[str, str | None]] = []
    if logs:
        result = ingest(logs, index, policy, zone=_zone(), year=year)
        for message in result.messages:
            sent.append(from_log_message(message))
            seen.append((message.get("from") or "", None))
            seen.extend((r["to"], None) for r in message["recipients"])
    for path in archives:
        for m in scan_archive(path, index, policy):
            sent.append(Sent(m.time, m.sender, tuple(m.recipients)))
            for address in [m.sender, *m.recipients, *m.header_senders]:
                seen.append((address, m.names.get(address)))
    return sent, seen


@mail_app.command("heads")
def heads_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Mail logs and/or archives.")],
    month: Annotated[str | None, typer.Option("--month", help="YYYY-MM (default: every month seen).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year of classic syslog stamps.")] = None,
    format: FormatOpt = "table",
    db: DbOption = None,
) -> None:
    """Clause 1a: per head and month, their mail to their staff — official system versus public mailboxes."""
    from congvu.mailflow.heads import heads_report
    from congvu.mailflow.rules import StaffIndex
    from congvu.register.units import parent_codes

    with opened(db) as store:
        sent, _ = _sent_and_seen(paths, year, store)
        with store.engine.connect() as conn:
            parents = parent_codes(conn)
        rows = heads_report(sent, StaffIndex.from_store(store), parents, month)
    if format == "json":
        print_json({"heads": [r.as_dict() for r in rows]})
        return
    for r in rows:
        d = r.as_dict()
        share = "-" if d["official_share"] is None else f"{d['official_share']:.0%}"
        typer.echo(f"{r.month}  {r.person_id:<12} {r.full_name:<28} official {r.official:>4}  "
                   f"public {r.public:>4}  ({share} official)")  # fmt: skip


@mail_app.command("suggest")
def suggest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Mail logs and/or archives.")],
    year: Annotated[int | None, typer.Option("--year", help="Year of classic syslog stamps.")] = None,
    format: FormatOpt = "table",
    db: DbOption = None,
) -> None:
    """Suggest which staff member may be behind a public address (never a violation by itself)."""
    from congvu.mailflow.rules import StaffIndex
    from congvu.mailflow.suggest import suggest

    with opened(db) as store:
        _, seen = _sent_and_seen(paths, year, store)
        found = suggest(seen, StaffIndex.from_store(store), _policy())
    if format == "json":
        print_json({"suggestions": [s.as_dict() for s in found]})
        return
    for s in found:
        names = ", ".join(f"{c.person_id} {c.full_name}" for c in s.candidates)
        typer.echo(f"{s.confidence:<6} {s.address:<36} → {names}  ({'; '.join(s.evidence)})")


@mail_app.command("accept")
def accept_cmd(
    address: Annotated[str, typer.Argument(help="The public address.")],
    person: Annotated[str, typer.Option("--person", help="person_id it belongs to.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the audit trail).")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Accept a suggestion: the address becomes a known personal address of the person (audited)."""
    from congvu.mailflow.suggest import accept

    with opened(db) as store:
        made = accept(store, address, person, who(by), reason)
    typer.echo(f"{address}: {'now a known personal address of ' + person if made else 'already known'}")


def register(app: typer.Typer) -> None:
    app.add_typer(mail_app, name="mail")


@mail_app.command("spool")
def spool_cmd(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Spool folder (default: setting mailflow.spool_dir).")
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Events waiting in the mail services' spool, and those set aside because the register refused them."""
    from congvu.mailflow.spool import Spool

    spool = Spool(directory or Path(MailflowSettings.of(config()).spool_dir))
    refused = spool.quarantined()
    if fmt == "json":
        print_json({"pending": spool.pending(), "quarantined": refused})
        return
    typer.echo(f"pending: {spool.pending()} event(s) in {spool.directory}")
    typer.echo(f"quarantined: {len(refused)} event(s) in {spool.quarantine_dir}")
    for entry in refused:
        source = str(entry["event"].get("source", "?")).encode("unicode_escape").decode()
        typer.echo(f"  {entry['at']}  {source}  {entry['error'][:160]}")
