"""`congvu serve`, `congvu demo`, `congvu users add`, `congvu tokens create`: the web app's shells."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from congvu.cli._db import ByOption, DbOption, config, fail, opened, who
from congvu.register import accounts
from congvu.register.accounts import AccountError
from congvu.register.store import Store
from congvu.settings import WebSettings, from_environment

users_app = typer.Typer(help="Web app logins (roles: inspector, leader, head, staff).", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for e-office systems.", no_args_is_help=True)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEMO_DB = "sqlite:///congvu-demo.db"

# (login, role, unit, person): one login per role from the bundled example organisation.
DEMO_USERS = (
    ("khanhlq", "inspector", "LC-VHTT", "LC-VHTT-02"),
    ("ngaptt", "leader", "LC", "LC-01"),
    ("hunglv", "head", "HM", "HM-01"),
    ("annv", "staff", "HM", "HM-03"),
    # Scopes by level (issue 13): the city's inspector sees both districts, Thanh Khê's only theirs.
    ("huypq", "inspector", "DN-NV", "DN-NV-01"),
    ("tuannm", "inspector", "TK-TTR", "TK-TTR-01"),
)


def _serve(store: Store, host: str, port: int, insecure_cookies: bool, workers: int = 1) -> None:
    """One process serves the app object directly; several are started by uvicorn from the
    register's URL (each worker opens its own pool; the store here is already migrated)."""
    import uvicorn

    from congvu.web import create_app
    from congvu.web.serve import run

    secure = not insecure_cookies and host not in LOOPBACK
    typer.echo(f"congvu web app on http://{host}:{port}/  (API docs: /api/docs)")
    if workers > 1:
        config()  # a broken settings file stops here, with one line, not in every worker
        url = store.engine.url.render_as_string(hide_password=False)
        store.dispose()
        run(url, host=host, port=port, workers=workers, secure_cookies=secure)
        return
    app = create_app(store, config(), secure_cookies=secure)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)  # see web.auth.client_key


HostOption = Annotated[str, typer.Option("--host", help="Address to listen on.")]
PortOption = Annotated[int, typer.Option("--port", help="TCP port.")]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        min=1,
        help="Server processes (one per core is a good start; 1 serves in this process).",
    ),
]
InsecureOption = Annotated[
    bool,
    typer.Option(
        "--insecure-cookies", help="Send the session cookie over plain HTTP on a non-loopback host."
    ),
]


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    db: DbOption = None,
    insecure_cookies: InsecureOption = False,
    workers: WorkersOption = 1,
) -> None:
    """Serve the web app and the API (cookies are Secure unless listening on loopback)."""
    with opened(db) as store:
        _serve(store, host, port, insecure_cookies, workers)


T = TypeVar("T")


def _accounts(db: str | None, change: Callable[[Store], T]) -> T:
    """Run one change of `register.accounts` (logins, tokens) on the register: its refusal
    (AccountError: unknown login, bad scope, short password ...) is the command's one-line error,
    exit status 1."""
    with opened(db) as store:
        try:
            return change(store)
        except AccountError as error:
            fail(str(error), 1)
            raise AssertionError from error  # fail() has exited


RoleOption = Annotated[str, typer.Option("--role", help="inspector, leader, head or staff.")]
UnitOption = Annotated[str | None, typer.Option("--unit", help="Unit code (heads).")]
PersonOption = Annotated[str | None, typer.Option("--person", help="Person id in the directory.")]


@users_app.command("add")
def users_add(
    name: str,
    role: RoleOption,
    unit: UnitOption = None,
    person: PersonOption = None,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Add a login; the password is read from stdin (one line)."""
    password = sys.stdin.readline().rstrip("\r\n")
    _accounts(db, lambda store: accounts.add_user(store, name, role, password, who(by), unit, person))
    typer.echo(f"user {name} added ({role})")


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """Logins with their role and scope."""
    with opened(db) as store, store.begin() as conn:
        for u in accounts.list_users(conn):
            typer.echo(f"{u['name']}\t{u['role']}\t{u['unit_code'] or ''}\t{u['person_id'] or ''}")


@users_app.command("passwd")
def users_passwd(name: str, db: DbOption = None, by: ByOption = None) -> None:
    """Set a login's new password, read from stdin (one line); lifts a lock."""
    password = sys.stdin.readline().rstrip("\r\n")
    _accounts(db, lambda store: accounts.set_password(store, name, password, who(by)))
    typer.echo(f"password of {name} changed")


@users_app.command("scope")
def users_scope(
    name: str,
    role: RoleOption,
    unit: UnitOption = None,
    person: PersonOption = None,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Change a login's role and scope (the checks of `add`); its open sessions end now."""
    _accounts(db, lambda store: accounts.update_user(store, name, role, who(by), unit, person))
    typer.echo(f"user {name} is now {role} ({unit or person or 'all units'})")


def _set_active(name: str, active: bool, db: str | None, by: str | None) -> None:
    _accounts(db, lambda store: accounts.set_active(store, name, active, who(by)))
    typer.echo(f"user {name} {'enabled' if active else 'disabled'}")


@users_app.command("disable")
def users_disable(name: str, db: DbOption = None, by: ByOption = None) -> None:
    """Disable a login: it can no longer log in, and its open sessions end now."""
    _set_active(name, False, db, by)


@users_app.command("enable")
def users_enable(name: str, db: DbOption = None, by: ByOption = None) -> None:
    """Enable a disabled login again."""
    _set_active(name, True, db, by)


@tokens_app.command("create")
def tokens_create(
    name: Annotated[str, typer.Option("--name", help="Which system uses it.")],
    role: Annotated[str, typer.Option("--role", help="inspector, leader or head.")],
    unit: Annotated[str | None, typer.Option("--unit", help="Unit code (heads).")] = None,
    days: Annotated[
        int | None, typer.Option("--days", help="Lifetime (default: setting web.token_days).")
    ] = None,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Create an API token and print it (alone, on stdout); only its hash is kept."""
    lifetime = days if days is not None else WebSettings.of(config()).token_days
    if lifetime < 1:
        fail("--days must be at least 1", 2)
    secret = _accounts(
        db, lambda store: accounts.create_token(store, name, role, who(by), unit, days=lifetime)
    )
    sys.stdout.write(secret + "\n")


@tokens_app.command("revoke")
def tokens_revoke(
    name: Annotated[str, typer.Option("--name", help="The system whose token(s) to revoke.")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Revoke every live token of that name: calls with it answer 401 from now on."""
    count = _accounts(db, lambda store: accounts.revoke_token(store, name, who(by)))
    typer.echo(f"revoked {count} token(s) named {name}")


def _examples(root: Path | None) -> Path:
    if root is not None:
        return root
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        if (base / "examples" / "documents").is_dir():
            return base / "examples"
    fail("the example folder was not found; pass --examples PATH", 2)
    raise AssertionError


def load_demo(store: Store, examples: Path, actor: str) -> list[tuple[str, str, str]]:
    """Organisation, example documents (scanned and recorded), mail logs when possible, logins.
    Returns (login, role, password); re-running resets the demo passwords."""
    from congvu.register.directory import example_city_files, example_files, import_files
    from congvu.register.recording import record
    from congvu.scan.runner import scan_paths

    import_files(store, example_files(), actor)
    import_files(store, example_city_files(), actor)  # the city above it, a second district (issue 13)
    from congvu.policyversion import policy_version

    docs = [r.as_contract() for r in scan_paths([examples / "documents"], config())]
    report = record(store, docs, actor, policy=policy_version(config()).hash)
    typer.echo(f"documents: {report.documents_new} new; violations: {report.violations_new} new")
    _mail_logs(store, examples / "mail", actor)
    logins = []
    with store.begin() as conn:
        existing = {u["name"] for u in accounts.list_users(conn)}
    for login, role, unit, person in DEMO_USERS:
        password = secrets.token_urlsafe(9)
        if login in existing:
            accounts.set_password(store, login, password, actor)
        else:
            accounts.add_user(store, login, role, password, actor, unit, person)
        logins.append((login, role, password))
    return logins


EXAMPLE_MAIL_YEAR = 2014


def _mail_logs(store: Store, folder: Path, actor: str) -> None:
    """Mail logs in examples/mail/ (syslog lines carry no year: the example log is of June 2014,
    the month the directive was issued, like the example documents)."""
    if not folder.is_dir():
        return
    from congvu.classify import AddressPolicy
    from congvu.mailflow.logs import ingest, mail_events
    from congvu.mailflow.rules import StaffIndex
    from congvu.policyversion import policy_version
    from congvu.register.mail import record_mail_events

    files = sorted(p for p in folder.iterdir() if p.is_file())
    try:
        policy = AddressPolicy.from_config(config())
        result = ingest(files, StaffIndex.from_store(store), policy, year=EXAMPLE_MAIL_YEAR)
        report = record_mail_events(store, mail_events(result), actor, policy_version(config()).hash)
    except Exception as error:  # the demo goes on without mail data rather than stop
        typer.echo(f"mail logs: skipped ({type(error).__name__}: {error})")
        return
    typer.echo(
        f"mail logs: {len(files)} file(s), {result.stats.get('messages', 0)} messages, {report.as_dict()}"
    )


def demo(
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Load everything, print the logins, exit.")
    ] = False,
    db: Annotated[
        str | None, typer.Option("--db", help=f"Register URL; default CONGVU_DATABASE_URL, else {DEMO_DB}.")
    ] = None,
    examples: Annotated[
        Path | None, typer.Option("--examples", help="Folder with documents/ (and mail/).")
    ] = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """Load the example organisation and documents, create one login per role, and serve the app."""
    folder = _examples(examples)
    with opened(db or from_environment("database_url") or DEMO_DB) as store:
        logins = load_demo(store, folder, "congvu demo")
        typer.echo("logins (one per role):")
        for login, role, password in logins:
            typer.echo(f"  {role:<9} {login:<8} {password}")
        if not no_serve:
            _serve(store, host, port, False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo")(demo)
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")
