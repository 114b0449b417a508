"""`congvu report monthly|quarterly` (the report to the chairman) and `congvu remind` (reminders).

Exit codes: 0 done, 1 rejected input, 2 store unreachable, 3 some reminders could not be sent
(the rest went out; run again to retry the failed ones).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import sqlalchemy as sa
import typer

from congvu.cli._db import DbOption, config, fail, opened
from congvu.register.months import check_month
from congvu.register.schema import units
from congvu.reports.periods import Period, month_period, quarter_period
from congvu.settings import ConfigError

if TYPE_CHECKING:
    from congvu.classify.policy import AddressPolicy
    from congvu.notify.send import SendReport
    from congvu.register.store import Store
    from congvu.settings import Config

# Report builders (python-docx, matplotlib) and the SMTP client are imported inside the commands:
# every `congvu` invocation loads this module, and only these two commands need them.

EXIT_DELIVERY = 3

group = typer.Typer(
    help="Báo cáo tháng/quý gửi Chủ tịch UBND quận (Chỉ thị 01/CT-UBND, khoản 3).", no_args_is_help=True
)
OutOption = Annotated[Path, typer.Option("--out", help="FILE.docx, FILE.xlsx or FILE.pdf.")]
NumberOption = Annotated[
    str | None, typer.Option("--number", help="Document number once issued (Số: N/BC-VHTT).")
]
UnitOption = Annotated[
    str | None,
    typer.Option("--unit", help="Draw it at this unit (e.g. TK): its subtree, the units below it compared."),
]


def _report(period: Period, out: Path, db: str | None, number: str | None, unit: str | None = None) -> None:
    from congvu.reports.monthly import build_report, format_of
    from congvu.reports.pdf_report import PdfUnavailable

    try:
        fmt = format_of(out.name)
    except ValueError as error:
        fail(str(error), 1)
        raise
    cfg = config()
    with opened(db) as store:
        if unit is not None:
            with store.begin() as conn:
                if conn.execute(sa.select(units.c.id).where(units.c.code == unit)).first() is None:
                    fail(f"unknown unit {unit!r}", 1)
        try:
            data = build_report(store, period, fmt, config=cfg, number=number, level=unit)
        except PdfUnavailable as error:
            fail(str(error), 1)
            raise
    out.write_bytes(data)
    typer.echo(f"wrote {out} ({len(data):,} bytes)")


@group.command("monthly")
def monthly(
    month: Annotated[str, typer.Option("--month", help="YYYY-MM.")],
    out: OutOption,
    number: NumberOption = None,
    unit: UnitOption = None,
    db: DbOption = None,
) -> None:
    """The monthly report: Word (Nghị định 30/2020 format), Excel with the same figures, or PDF."""
    try:
        period = month_period(month)
    except ValueError as error:
        fail(str(error), 1)
        raise
    _report(period, out, db, number, unit)


@group.command("quarterly")
def quarterly(
    quarter: Annotated[str, typer.Option("--quarter", help="YYYY-Qn, e.g. 2014-Q2.")],
    out: OutOption,
    number: NumberOption = None,
    unit: UnitOption = None,
    db: DbOption = None,
) -> None:
    """The quarterly report: the same figures over the quarter's three months."""
    try:
        period = quarter_period(quarter)
    except ValueError as error:
        fail(str(error), 1)
        raise
    _report(period, out, db, number, unit)


def remind(
    month: Annotated[str, typer.Option("--month", help="YYYY-MM: confirmed violations of this month.")],
    do_send: Annotated[
        bool, typer.Option("--send", help="Send them; without it, only show what would go.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Reminders to each person with a confirmed violation and to their head, at official addresses."""
    from congvu.settings import EvaluationSettings

    try:
        check_month(month)
    except ValueError as error:
        fail(str(error), 1)
    cfg = config()
    policy = _address_policy(cfg)
    cap = EvaluationSettings.of(cfg).cap
    with opened(db) as store:
        if not do_send:
            _show_what_would_go(store, month, policy, cap)
            return
        report = _send_reminders(store, month, policy, cap, cfg)
    _print_delivery(report)
    if report.failed:
        raise typer.Exit(EXIT_DELIVERY)


def _address_policy(cfg: Config) -> AddressPolicy:
    """Which addresses are official (reminders go to those only); a bad setting is rejected input."""
    from congvu.classify.policy import AddressPolicy

    try:
        return AddressPolicy.from_config(cfg)
    except ConfigError as error:
        fail(str(error), 1)
        raise


_ROLES = {"violator": "người vi phạm", "contest": "thanh tra (khiếu nại)"}  # else: the head ("thủ trưởng")


def _show_what_would_go(store: Store, month: str, policy: AddressPolicy, cap: str) -> None:
    """The preview: one plain line per reminder (not a table: addresses must never be cut off)."""
    from congvu.notify.send import preview

    lines, skipped = preview(store, month, policy, cap)
    for line in lines:
        r = line.reminder
        role = _ROLES.get(r.role, "thủ trưởng")
        typer.echo(f"#{r.violation_id}\t{role}\t{r.recipient_name} <{r.address}>\t{line.state}")
    for s in skipped:
        typer.echo(f"skipped #{s.violation_id} {s.recipient_id or ''}: {s.reason}")
    new = sum(1 for line in lines if line.state != "sent")
    typer.echo(f"preview: {new} reminder(s) to send; nothing sent (add --send)")


def _send_reminders(store: Store, month: str, policy: AddressPolicy, cap: str, cfg: Config) -> SendReport:
    """Send the month's reminders over SMTP (`smtp.*` settings), retrying as configured."""
    from congvu.notify.send import Retry, send
    from congvu.notify.smtp import SmtpTransport
    from congvu.settings import ReportSettings, SmtpSettings

    try:
        settings = SmtpSettings.of(cfg)
        transport = SmtpTransport(settings)
    except ValueError as error:
        fail(str(error), 1)
        raise
    retry = Retry(max(1, settings.attempts), settings.retry_ms / 1000)
    sender_name = ReportSettings.of(cfg).issuer_text
    return send(
        store, month, policy, cap, transport, sender=settings.sender, sender_name=sender_name, retry=retry
    )


def _print_delivery(report: SendReport) -> None:
    for r in report.sent:
        typer.echo(f"sent #{r.violation_id} → {r.recipient_name} <{r.address}>")
    for s in report.skipped:
        typer.echo(f"skipped #{s.violation_id} {s.recipient_id or ''}: {s.reason}")
    for r, problem in report.failed:
        typer.echo(f"FAILED #{r.violation_id} → {r.address}: {problem}", err=True)
    typer.echo(f"{len(report.sent)} sent, {report.already} already sent, {len(report.failed)} failed")


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="report")
    app.command("remind")(remind)
