"""Sessions, CSRF, login throttling and API tokens: how a request becomes a `Principal`.

Sessions are server-side (a random cookie secret; only its SHA-256 is stored), each with its own
CSRF token that every form must echo back.  The cookie is HttpOnly and SameSite=Lax, and Secure
whenever the app is served over HTTPS.  API calls carry `Authorization: Bearer <token>` instead and
never use the cookie, so a browser session cannot be used to drive the API cross-site.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from fastapi import HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import FormData

from congvu.register import accounts
from congvu.register.accounts import Principal
from congvu.settings import WebSettings
from congvu.web.cache import Stamp, register_stamp
from congvu.web.scope import may
from congvu.web.state import state

SESSION_COOKIE = "congvu_session"

bearer = HTTPBearer(auto_error=False, description="An API token from `congvu tokens create`.")


class LoginRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to the login page."""


def client_key(request: Request) -> str:
    """The client's address for login throttling. X-Forwarded-For is believed only when the
    connection comes from a configured proxy (`web.trusted_proxies`); then its last address not
    itself a trusted proxy is the client. Anyone else could name any address in it."""
    peer = request.client.host if request.client else "unknown"
    trusted = set(WebSettings.of(state(request).config).trusted_proxies)
    if peer not in trusted:
        return peer
    hops = [h.strip() for v in request.headers.getlist("x-forwarded-for") for h in v.split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer


def session(request: Request) -> tuple[Principal, str] | None:
    """The logged-in user and the session's CSRF token, looked up once per request."""
    if hasattr(request.state, "session"):
        found: tuple[Principal, str] | None = request.state.session
        return found
    secret = request.cookies.get(SESSION_COOKIE)
    found = None
    if secret:
        web = state(request)
        with web.store.begin() as conn:
            found = accounts.session_principal(conn, secret, web.store.clock())
            if found is not None:  # read now: one transaction per request when a page is cached
                request.state.stamp = register_stamp(conn)
    request.state.session = found
    return found


def request_stamp(request: Request) -> Stamp:
    """The register's stamp as read with this request's session (`cache.register_stamp`).

    Read before anything the page computes, so what is computed is at least as new as the stamp
    it is kept under: a change in between only makes the next request compute again."""
    found: Stamp | None = getattr(request.state, "stamp", None)
    if found is None:
        web = state(request)
        with web.store.begin() as conn:
            found = register_stamp(conn)
        request.state.stamp = found
    return found


def current_user(request: Request) -> Principal:
    found = session(request)
    if found is None:
        raise LoginRequired()
    return found[0]


def require(action: str) -> Callable[[Request], Principal]:
    """A dependency: the logged-in user, if their role allows `action` (else 403)."""

    def dependency(request: Request) -> Principal:
        who = current_user(request)
        if not may(who, action):
            raise HTTPException(403, "forbidden")
        return who

    return dependency


def csrf_token(request: Request) -> str:
    found = session(request)
    return found[1] if found else ""


async def checked_form(request: Request) -> FormData:
    """The posted form, if it carries this session's CSRF token; 403 otherwise."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = csrf_token(request)
    if (
        not expected
        or not isinstance(sent, str)
        or not secrets.compare_digest(sent.encode(), expected.encode())
    ):
        await form.close()  # drop any uploaded file now
        raise HTTPException(403, "missing or wrong CSRF token")
    return form


def api_principal(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    """The token's principal; 401 (with WWW-Authenticate) for a missing or unknown token."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    web = state(request)
    with web.store.begin() as conn:
        who = accounts.token_principal(conn, credentials.credentials, web.store.clock())
    if who is None:
        raise HTTPException(401, "invalid token", headers={"WWW-Authenticate": "Bearer"})
    return who
