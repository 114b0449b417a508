"""Log in and out.  The login form is protected by a double-submit CSRF cookie (there is no session yet)."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from congvu.register import accounts
from congvu.web import resume
from congvu.web.auth import SESSION_COOKIE, checked_form, client_key
from congvu.web.state import state
from congvu.web.templating import render

router = APIRouter()
LOGIN_CSRF = "congvu_login_csrf"


def _safe_next(raw: str | None) -> str:
    """Only a local path: never let ?next= send someone to another site."""
    if not raw:
        return "/"
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc or not raw.startswith("/") or raw.startswith("//"):
        return "/"
    return raw


def _form(request: Request, error: str | None = None, status: int = 200) -> Response:
    token = request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        status,
        login_csrf=token,
        error=error,
        next=_safe_next(request.query_params.get("next")),
        expired=bool(request.query_params.get("expired")) and error is None,
    )
    response.set_cookie(
        LOGIN_CSRF, token, httponly=True, samesite="strict", secure=state(request).secure_cookies
    )
    return response


@router.get("/login")
def login_page(request: Request) -> Response:
    return _form(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    sent, expected = form.get("csrf_token"), request.cookies.get(LOGIN_CSRF)
    if (
        not expected
        or not isinstance(sent, str)
        or not secrets.compare_digest(sent.encode(), expected.encode())
    ):
        raise HTTPException(403, "missing or wrong CSRF token")
    web = state(request)
    name, password = str(form.get("username") or ""), str(form.get("password") or "")
    # Password hashing (~0.1 s of CPU) and the register's calls run in a worker thread: inline they
    # would stop the event loop, and a flood of wrong passwords would stall every page.
    outcome = await run_in_threadpool(accounts.login, web.store, name, password, client_key(request))
    if outcome.principal is None:
        locked = outcome.status == "locked"
        return _form(request, "locked" if locked else "bad_login", 429 if locked else 401)
    who = outcome.principal
    secret, _csrf = await run_in_threadpool(accounts.open_session, web.store, who)
    target = _safe_next(str(form.get("next") or "/"))
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        httponly=True,
        samesite="lax",
        secure=web.secure_cookies,
        max_age=accounts.SESSION_HOURS * 3600,
    )
    response.delete_cookie(LOGIN_CSRF)
    if resume.belongs_to_other(request, who.name):  # a shared computer: never show another's form
        resume.forget(response)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        accounts.close_session(state(request).store, secret)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
