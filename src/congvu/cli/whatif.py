"""`congvu whatif …`: what a candidate policy would have done to past documents and mail (issue 14).

Nothing in the register changes: the directory is only read (for `whatif mail`, to know who is
behind an address; for `whatif register`, the month's documents, findings, violations and
sheets).  Every what-if prints a table, `--format json` or `--format xlsx --out F` (the workbook for
the chairman's office).  The web app's settings page previews a candidate the same way
(`congvu.web.whatif`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from congvu.cli._db import DbOption, config, fail, opened, print_json

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from congvu.classify import AddressPolicy
    from congvu.mailflow.modes import Mode
    from congvu.mailflow.origin import ProviderHosts
    from congvu.settings import Config

whatif_app = typer.Typer(
    help="What-if: judge the past under a candidate policy; nothing is recorded.", no_args_is_help=True
)

PolicyOpt = Annotated[
    Path, typer.Option("--policy", help="Candidate policy: a settings file (TOML) laid over the current one.")
]
FormatOpt = Annotated[str, typer.Option("--format", help="table, json or xlsx (with --out).")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Where --format xlsx writes the workbook.")]
AllOpt = Annotated[bool, typer.Option("--all", help="List unchanged documents/findings too.")]


def _prepare(
    fmt: str, out: Path | None, candidate: Path, *, paths: list[Path] | None = None, month: str | None = None
) -> tuple[Config, Config]:
    """What every what-if checks before it reads anything: the output format (xlsx needs --out),
    its files (they exist) or its month (YYYY-MM); then the current settings and the candidate laid
    over them.  Any problem ends the command with exit code 2."""
    from congvu.policyversion import overlay
    from congvu.register.months import check_month
    from congvu.settings import ConfigError

    if fmt not in ("table", "json", "xlsx"):
        fail(f"unknown format {fmt!r}; choose table, json or xlsx", 2)
    if fmt == "xlsx" and out is None:
        fail("--format xlsx needs --out FILE.xlsx", 2)
    missing = [str(p) for p in paths or () if not p.exists()]
    if missing:
        fail(f"no such file: {', '.join(missing)}", 2)
    if month is not None:
        try:
            check_month(month)
        except ValueError as exc:
            fail(str(exc), 2)
    current = config()
    try:
        return current, overlay(current, candidate)
    except ConfigError as exc:
        fail(str(exc), 2)
        raise


def _emit(kind: str, result: dict[str, Any], fmt: str, out: Path | None, table: Callable[[], None]) -> None:
    """The result as JSON, as the workbook at `out`, or as the command's table."""
    if fmt == "json":
        print_json(result)
    elif fmt == "xlsx":
        from congvu.whatif import xlsx

        assert out is not None
        {"scan": xlsx.write_scan, "mail": xlsx.write_mail, "register": xlsx.write_register}[kind](result, out)
        typer.echo(f"đã ghi / written: {out}")
    else:
        table()


@whatif_app.command("scan")
def scan(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (folders are read recursively).")],
    policy: PolicyOpt,
    format: FormatOpt = "table",
    out_file: OutOpt = None,
    show_all: AllOpt = False,
    workers: Annotated[int, typer.Option("--workers", "-j", help="Worker processes (0: one per core).")] = 0,
) -> None:
    """Các văn bản có kết luận thay đổi theo chính sách dự kiến / documents whose verdict would change."""
    from congvu.whatif.scan import whatif_scan

    now, after = _prepare(format, out_file, policy, paths=paths)
    try:
        out = whatif_scan(paths, now, after, workers=workers, show_all=show_all)
    except ValueError as exc:  # ConfigError is one: an unreadable import file of the candidate
        fail(str(exc), 2)
        raise
    _emit("scan", out, format, out_file, lambda: _print_scan(out))


def _print_scan(out: dict[str, Any]) -> None:
    s = out["summary"]
    typer.echo(f"chính sách / policy: {out['policy_now'][:12]} → {out['policy_after'][:12]}")
    for name, change in out["policy_diff"].items():
        typer.echo(f"  {name}: {change['now']!r} → {change['after']!r}")
    typer.echo(f"văn bản / documents: {s['documents']}, thay đổi / changed: {s['changed']}")
    for doc in out["documents"]:
        typer.echo(f"  {doc['verdict_now'] or '-'} → {doc['verdict_after'] or '-'}  {doc['path']}")


@whatif_app.command("mail")
def mail(
    files: Annotated[list[Path], typer.Argument(help="Postfix/Zimbra log files (plain or .gz).")],
    policy: PolicyOpt,
    mode: Annotated[
        str | None,
        typer.Option("--mode", help="reject | hold | warn (default: the candidate's mailflow.mode)."),
    ] = None,
    format: FormatOpt = "table",
    out_file: OutOpt = None,
    show_all: AllOpt = False,
    year: Annotated[
        int | None, typer.Option("--year", help="Year of classic syslog stamps (default: from file dates).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Thư sẽ bị từ chối, giữ lại hoặc cảnh báo / mail that would be refused, held or warned."""
    from congvu.mailflow.rules import StaffIndex
    from congvu.whatif.mail import whatif_mail

    now, after = _prepare(format, out_file, policy, paths=files)
    chosen = _enforcing_mode(mode, after)
    judging = _MailJudging.of(now, after)
    with opened(db) as store:
        index = StaffIndex.from_store(store)
    out = whatif_mail(
        files, index, judging.policy_now, judging.policy_after, chosen, zone=judging.zone, year=year,
        hosts=judging.hosts, hosts_after=judging.hosts_after, show_all=show_all,
    )  # fmt: skip
    _emit("mail", out, format, out_file, lambda: _print_mail(out, chosen))


def _enforcing_mode(mode: str | None, after: Config) -> Mode:
    """The mode asked for, else the candidate's `mailflow.mode`; it must be one that acts on mail."""
    from congvu.settings import MailflowSettings
    from congvu.whatif.mail import ENFORCING

    chosen = mode or MailflowSettings.of(after).mode
    for enforcing in ENFORCING:
        if chosen == enforcing:
            return enforcing
    fail(f"--mode must be one of {', '.join(ENFORCING)} (the candidate's mailflow.mode is {chosen!r})", 2)
    raise AssertionError  # fail() does not return


@dataclass(frozen=True)
class _MailJudging:
    """What `whatif_mail` judges with under each policy: the address policies, the log's time zone
    (the candidate's), the providers' hosts."""

    policy_now: AddressPolicy
    policy_after: AddressPolicy
    zone: ZoneInfo
    hosts: ProviderHosts
    hosts_after: ProviderHosts

    @classmethod
    def of(cls, now: Config, after: Config) -> _MailJudging:
        from zoneinfo import ZoneInfo

        from congvu.classify import AddressPolicy
        from congvu.mailflow.serve import provider_hosts
        from congvu.settings import ConfigError, MailflowSettings

        try:
            return cls(
                AddressPolicy.from_config(now),
                AddressPolicy.from_config(after),
                ZoneInfo(MailflowSettings.of(after).log_timezone),
                provider_hosts(now),
                provider_hosts(after),
            )
        except (ConfigError, ValueError) as exc:
            fail(str(exc), 2)
            raise


def _print_mail(out: dict[str, Any], mode: str) -> None:
    s = out["summary"]
    typer.echo(
        f"chế độ / mode: {mode}; thư / messages: {s['messages']}, dòng / rows: {s['rows']}, "
        f"thay đổi / changes: {s['changes']}, gửi công dân / to citizens: {s['to_citizen']} "
        f"(bị từ chối/giữ / refused or held: {s['refused_to_citizen']})"
    )
    for row in out["messages"]:
        typer.echo(
            f"  {row['time'] or '?'}  {row['queue_id']}  {row['rule']}  {row['person_id'] or '-'}  "
            f"{row['sender']} → {row['recipient']}  {row['action_now']} → {row['action']}"
        )
    for unit, counts in s["per_unit"].items():
        typer.echo(f"  đơn vị / unit {unit}: {counts}")


@whatif_app.command("register")
def register_month(
    month: Annotated[str, typer.Option("--month", help="YYYY-MM: the month whose records are re-judged.")],
    policy: PolicyOpt,
    format: FormatOpt = "table",
    out_file: OutOpt = None,
    db: DbOption = None,
) -> None:
    """Vi phạm sẽ phát sinh hoặc mất và phiếu đánh giá sẽ thay đổi / the register under a candidate policy."""
    from congvu.whatif.register import whatif_register

    now, after = _prepare(format, out_file, policy, month=month)
    try:
        with opened(db) as store, store.engine.connect() as conn:
            out = whatif_register(conn, month, now, after)
    except (ValueError, LookupError) as exc:  # a bad month, an unreadable import file of the candidate
        fail(str(exc), 2)
        raise
    _emit("register", out, format, out_file, lambda: _print_register(out, month))


def _print_register(out: dict[str, Any], month: str) -> None:
    s, r = out["summary"], out["rejudged"]
    typer.echo(
        f"tháng / month {month}; chính sách / policy: {out['policy_now'][:12]} → {out['policy_after'][:12]}"
    )
    typer.echo(
        f"chấm lại / re-judged: {r['documents']} văn bản, {r['findings']} phát hiện "
        f"(theo trích đoạn / by excerpt {r['excerpt']}, phân loại không đổi / class unchanged "
        f"{r['class-unchanged']}, không chấm lại được / not re-judged {r['not-rejudged']}); "
        f"không chấm lại / not re-judged (thư, trang web, thủ công): {out['not_rejudged'] or 0}"
    )
    typer.echo(f"sẽ phát sinh / would appear: {s['appear']}")
    for a in out["appear"]:
        typer.echo(f"  + {a['rule']}  {a['person_id'] or '-'}  {a['path']}  {', '.join(a['addresses'])}")
    typer.echo(f"sẽ mất / would disappear: {s['disappear']}")
    for d in out["disappear"]:
        typer.echo(
            f"  - #{d['violation_id']} {d['rule']}  {d['person_id'] or '-'}  {d['status']}  {d['path']}"
        )
    typer.echo(f"phiếu đánh giá thay đổi / sheets that change: {s['sheets']}")
    for row in out["sheets"]:
        typer.echo(
            f"  {row['unit']}  {row['person_id']}  {row['final_now'] or '-'} → {row['final_after'] or '-'}"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(whatif_app, name="whatif")
