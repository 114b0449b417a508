"""Who may use the web app and the API: users, roles, password hashes, API tokens, sessions.

Passwords are argon2id hashes (argon2-cffi); API tokens and session ids are random secrets of which
only a SHA-256 is stored, so a copy of the database lets nobody in.  Login throttling lives here
too (failed attempts and a lock per account), because it must hold across server processes.
Authentication is a function (`authenticate`) so that an LDAP bind against the mail directory can
be added later as a second implementation with the same signature.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Connection

from congvu.register import audit
from congvu.register.schema import api_tokens, login_failures, people, units, users, web_sessions
from congvu.register.store import Store

ROLES = ("inspector", "leader", "head", "staff")
MAX_FAILURES = 5  # consecutive failures before the account is locked
LOCK_MINUTES = 15
IP_FAILURES = 20  # failed logins from one client address per window before it must wait
IP_WINDOW_MINUTES = 15
TOKEN_DAYS = 90  # default lifetime of an API token (setting web.token_days)
SESSION_HOURS = 12

_hasher = PasswordHasher()


class AccountError(Exception):
    """Rejected account input (unknown role, unit or person, duplicate name, weak password).

    The message is English (the CLI's); `code` and `params` say the same for the web app's
    two languages, and `field` names the form field at fault."""

    def __init__(self, message: str, code: str = "invalid", field: str = "", **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.params = params


MIN_PASSWORD = 8


def check_password(password: str) -> None:
    """The one password rule, for the CLI and the web app alike."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            f"the password must have at least {MIN_PASSWORD} characters", "short_password", "password"
        )


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking, and what part of the register they may see: the unit for a head, the person
    for a staff member.  Users and API tokens both become one of these."""

    name: str
    role: str
    unit_code: str | None = None
    person_id: str | None = None
    user_id: int | None = None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    from datetime import UTC

    return moment.replace(tzinfo=UTC)


def _check_scope(conn: Connection, role: str, unit: str | None, person: str | None) -> str | None:
    """Validate role/unit/person together; a head needs a unit, staff a person. Returns the unit."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; one of {', '.join(ROLES)}", "unknown_role", "role")
    if person:
        row = conn.execute(
            sa.select(units.c.code)
            .select_from(people.join(units, people.c.unit_id == units.c.id))
            .where(people.c.person_id == person)
        ).first()
        if row is None:
            raise AccountError(f"unknown person {person!r}", "unknown_person", "person", value=person)
        if unit and unit != row.code:
            raise AccountError(
                f"person {person!r} works in {row.code}, not {unit}", "person_elsewhere", "unit",
                person=person, unit=row.code,
            )  # fmt: skip
        unit = unit or row.code
    if unit and conn.execute(sa.select(units.c.id).where(units.c.code == unit)).first() is None:
        raise AccountError(f"unknown unit {unit!r}", "unknown_unit", "unit", value=unit)
    if role == "head" and not unit:
        raise AccountError("a head needs --unit (or --person)", "head_needs_unit", "unit")
    if role == "staff" and not person:
        raise AccountError("a staff account needs --person", "staff_needs_person", "person")
    return unit


def add_user(
    store: Store,
    name: str,
    role: str,
    password: str,
    who: str,
    unit: str | None = None,
    person: str | None = None,
) -> int:
    """Create a login; audited (without the hash)."""
    name = name.strip()
    if not name:
        raise AccountError("a user name is required", "name_required", "name")
    check_password(password)
    hashed = _hasher.hash(password)

    def work(conn: Connection) -> int:
        unit_code = _check_scope(conn, role, unit, person)
        if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first() is not None:
            raise AccountError(f"user {name!r} exists already", "user_exists", "name", value=name)
        new_id = conn.execute(
            users.insert()
            .values(
                name=name,
                role=role,
                unit_code=unit_code,
                person_id=person,
                password_hash=hashed,
                active=True,
                failed_logins=0,
                created_at=store.clock(),
            )
            .returning(users.c.id)
        ).scalar_one()
        after = {"role": role, "unit": unit_code, "person_id": person}
        audit.append(conn, store.clock(), [audit.Event(who, "user.created", "user", name, None, after)])
        return int(new_id)

    return store.run(work)


def set_password(store: Store, name: str, password: str, who: str) -> None:
    """Replace a user's password and lift any lock; audited (without the hash)."""
    check_password(password)
    hashed = _hasher.hash(password)

    def work(conn: Connection) -> None:
        changed = conn.execute(
            users.update()
            .where(users.c.name == name)
            .values(password_hash=hashed, failed_logins=0, locked_until=None)
        ).rowcount
        if changed != 1:
            raise AccountError(f"no user {name!r}", "no_user", "name", value=name)
        conn.execute(login_failures.delete().where(login_failures.c.key == _name_key(name)))
        audit.append(conn, store.clock(), [audit.Event(who, "user.password_set", "user", name)])

    store.run(work)


_DUMMY_HASH = _hasher.hash("congvu: no such account")  # verified against for unknown names


def authenticate(store: Store, name: str, password: str) -> Principal | None:
    """The user if the password matches and the account is active (locks: see `login`).

    An unknown name costs one verification against a dummy hash, like a known one: the time taken
    does not tell whether an account exists."""

    def work(conn: Connection) -> Principal | None:
        row = conn.execute(sa.select(users).where(users.c.name == name.strip())).mappings().first()
        try:
            _hasher.verify(row["password_hash"] if row is not None else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None or not row["active"]:
            return None
        conn.execute(users.update().where(users.c.id == row["id"]).values(last_login=store.clock()))
        return Principal(row["name"], row["role"], row["unit_code"], row["person_id"], row["id"])

    return store.run(work)


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    status: str  # "ok", "bad" (wrong name or password) or "locked" (too many failures: wait)
    principal: Principal | None = None


def _name_key(name: str) -> str:
    return "user:" + name.strip().casefold()[:190]


def _failures(conn: Connection, key: str, since: datetime) -> int:
    query = sa.select(sa.func.count()).where(login_failures.c.key == key, login_failures.c.at > since)
    return int(conn.execute(query).scalar_one())


def login(store: Store, name: str, password: str, client: str) -> LoginOutcome:
    """A login attempt, throttled in the register: MAX_FAILURES per account name in LOCK_MINUTES,
    IP_FAILURES per client address in IP_WINDOW_MINUTES.

    Known and unknown names are treated alike (the same counters, the same answers), so the
    answers never reveal which accounts exist; a locked name answers "locked" even for the right
    password until the window has passed, which bounds guessing."""
    now = store.clock()
    name_key, ip_key = _name_key(name), "ip:" + client[:190]

    def limited(conn: Connection) -> bool:
        return (
            _failures(conn, name_key, now - timedelta(minutes=LOCK_MINUTES)) >= MAX_FAILURES
            or _failures(conn, ip_key, now - timedelta(minutes=IP_WINDOW_MINUTES)) >= IP_FAILURES
        )

    with store.begin() as conn:
        if limited(conn):
            return LoginOutcome("locked")
    who = authenticate(store, name, password)

    def settle(conn: Connection) -> LoginOutcome:
        if who is not None:
            conn.execute(login_failures.delete().where(login_failures.c.key == name_key))
            return LoginOutcome("ok", who)
        conn.execute(login_failures.insert(), [{"key": name_key, "at": now}, {"key": ip_key, "at": now}])
        conn.execute(login_failures.delete().where(login_failures.c.at < now - timedelta(days=1)))
        return LoginOutcome("locked" if limited(conn) else "bad")

    return store.run(settle)


def is_locked(store: Store, name: str) -> bool:
    with store.begin() as conn:
        since = store.clock() - timedelta(minutes=LOCK_MINUTES)
        return _failures(conn, _name_key(name), since) >= MAX_FAILURES


def set_active(store: Store, name: str, active: bool, who: str) -> None:
    """Disable (or enable again) a login: a disabled user cannot log in, and their open sessions
    end at once; audited."""

    def work(conn: Connection) -> None:
        row = conn.execute(sa.select(users.c.id).where(users.c.name == name)).first()
        if row is None:
            raise AccountError(f"no user {name!r}", "no_user", "name", value=name)
        conn.execute(users.update().where(users.c.id == row.id).values(active=active))
        if not active:
            conn.execute(web_sessions.delete().where(web_sessions.c.user_id == row.id))
        action = "user.enabled" if active else "user.disabled"
        audit.append(conn, store.clock(), [audit.Event(who, action, "user", name)])

    store.run(work)


def update_user(
    store: Store, name: str, role: str, who: str, unit: str | None = None, person: str | None = None
) -> None:
    """Change a login's role and scope (unit, person) with the same checks as `add_user`; their
    open sessions end, so the new scope holds from the next page on; audited."""

    def work(conn: Connection) -> None:
        row = conn.execute(sa.select(users).where(users.c.name == name)).mappings().first()
        if row is None:
            raise AccountError(f"no user {name!r}", "no_user", "name", value=name)
        unit_code = _check_scope(conn, role, unit, person)
        before = {"role": row["role"], "unit": row["unit_code"], "person_id": row["person_id"]}
        after = {"role": role, "unit": unit_code, "person_id": person}
        if before == after:
            return
        conn.execute(
            users.update()
            .where(users.c.id == row["id"])
            .values(role=role, unit_code=unit_code, person_id=person)
        )
        conn.execute(web_sessions.delete().where(web_sessions.c.user_id == row["id"]))
        audit.append(conn, store.clock(), [audit.Event(who, "user.updated", "user", name, before, after)])

    store.run(work)


def change_own_password(store: Store, name: str, current: str, new: str, client: str) -> None:
    """A user changes their own password: the current one is required and checked like a login
    (`login`: a wrong one counts towards the lock, so a borrowed session cannot guess it), the
    rule is the CLI's (`check_password`); audited (without either password)."""
    check_password(new)
    outcome = login(store, name, current, client)
    if outcome.status == "locked":
        raise AccountError("too many wrong passwords; wait", "locked", "current")
    if outcome.principal is None:
        raise AccountError("the current password is wrong", "wrong_password", "current")
    if new == current:
        raise AccountError("the new password is the old one", "same_password", "password")
    hashed = _hasher.hash(new)

    def work(conn: Connection) -> None:
        conn.execute(users.update().where(users.c.name == name).values(password_hash=hashed))
        audit.append(conn, store.clock(), [audit.Event(name, "user.password_changed", "user", name)])

    store.run(work)


def revoke_token(store: Store, name: str, who: str) -> int:
    """Revoke every live token of that name; returns how many; audited."""

    def work(conn: Connection) -> int:
        now = store.clock()
        live = (api_tokens.c.name == name) & api_tokens.c.revoked_at.is_(None)
        count = int(conn.execute(api_tokens.update().where(live).values(revoked_at=now)).rowcount or 0)
        if count == 0:
            raise AccountError(f"no live token named {name!r}")
        audit.append(conn, now, [audit.Event(who, "token.revoked", "token", name, None, {"count": count})])
        return count

    return store.run(work)


def create_token(
    store: Store, name: str, role: str, who: str, unit: str | None = None, days: int = TOKEN_DAYS
) -> str:
    """A new API token; the secret is returned once and only its hash is kept."""
    if role == "staff":
        raise AccountError("API tokens are for systems: role inspector, leader or head")
    secret = "cv_" + secrets.token_urlsafe(32)

    def work(conn: Connection) -> None:
        unit_code = _check_scope(conn, role, unit, None)
        conn.execute(
            api_tokens.insert().values(
                name=name,
                token_hash=digest(secret),
                role=role,
                unit_code=unit_code,
                created_at=store.clock(),
                created_by=who,
                expires_at=store.clock() + timedelta(days=days),
            )
        )
        after = {"role": role, "unit": unit_code, "days": days}
        audit.append(conn, store.clock(), [audit.Event(who, "token.created", "token", name, None, after)])

    store.run(work)
    return secret


def token_principal(conn: Connection, secret: str, now: datetime | None = None) -> Principal | None:
    """The token's principal, unless it is unknown, revoked or expired (`now` given)."""
    row = (
        conn.execute(
            sa.select(api_tokens).where(
                api_tokens.c.token_hash == digest(secret), api_tokens.c.revoked_at.is_(None)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    expires = _aware(row["expires_at"])
    if now is not None and expires is not None and expires <= now:
        return None
    return Principal(f"token:{row['name']}", row["role"], row["unit_code"])


def open_session(store: Store, principal: Principal) -> tuple[str, str]:
    """A new server-side session: (cookie secret, CSRF token)."""
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = store.clock()

    def work(conn: Connection) -> None:
        conn.execute(
            web_sessions.insert().values(
                id_hash=digest(secret),
                user_id=principal.user_id,
                csrf=csrf,
                created_at=now,
                expires_at=now + timedelta(hours=SESSION_HOURS),
            )
        )

    store.run(work)
    return secret, csrf


def session_principal(conn: Connection, secret: str, now: datetime) -> tuple[Principal, str] | None:
    """The session's user and CSRF token, if the session exists, has not expired and the user is active."""
    row = conn.execute(
        sa.select(users, web_sessions.c.csrf, web_sessions.c.expires_at)
        .select_from(web_sessions.join(users, web_sessions.c.user_id == users.c.id))
        .where(web_sessions.c.id_hash == digest(secret))
    ).first()
    if row is None or not row.active:
        return None
    expires = _aware(row.expires_at)
    if expires is None or expires <= now:
        return None
    return Principal(row.name, row.role, row.unit_code, row.person_id, row.id), row.csrf


def session_owner(conn: Connection, secret: str) -> str | None:
    """The login name a session belongs (or belonged) to, expired or not: whose form a page posted
    after its session ended was typed by.  None once the session row is gone (logged out)."""
    found = conn.execute(
        sa.select(users.c.name)
        .select_from(web_sessions.join(users, web_sessions.c.user_id == users.c.id))
        .where(web_sessions.c.id_hash == digest(secret))
    ).scalar()
    return None if found is None else str(found)


def close_session(store: Store, secret: str) -> None:
    store.run(
        lambda conn: conn.execute(web_sessions.delete().where(web_sessions.c.id_hash == digest(secret)))
    )


def list_users(conn: Connection) -> list[dict[str, Any]]:
    query = sa.select(users.c.name, users.c.role, users.c.unit_code, users.c.person_id, users.c.active)
    return [dict(r) for r in conn.execute(query.order_by(users.c.id)).mappings()]
