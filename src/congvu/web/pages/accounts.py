"""Accounts in the app: an inspector creates logins, changes a role or scope, disables one;
everyone changes their own password.  Each goes through `register.accounts`, the same checks
and audit events as `congvu users …`; a refusal is shown on its field in the page's language
(`acc_err_<code>` in i18n)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from congvu.register import accounts
from congvu.register.accounts import ROLES, AccountError, Principal
from congvu.web.auth import checked_form, client_key, current_user, require
from congvu.web.i18n import translator
from congvu.web.state import state
from congvu.web.templating import language, render

router = APIRouter()


def _message(request: Request, error: AccountError) -> str:
    text = str(translator(language(request))(f"acc_err_{error.code}"))
    try:
        return text.format(**error.params)
    except (KeyError, IndexError):
        return text


def _users_page(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    target: str | None = None,
    status_code: int = 200,
) -> Response:
    with state(request).store.begin() as conn:
        rows = accounts.list_users(conn)
    return render(
        request,
        "users.html",
        status_code=status_code,
        users=rows,
        roles=ROLES,
        errors=errors or {},
        values=values or {},
        target=target,  # the user whose row the errors belong to; None for the new-user form
        saved=request.query_params.get("saved"),
    )


@router.get("/users")
def users_page(request: Request, who: Annotated[Principal, Depends(require("users"))]) -> Response:
    return _users_page(request)


def _scope_fields(form: dict[str, str]) -> tuple[str, str | None, str | None]:
    return form.get("role", ""), form.get("unit", "").strip() or None, form.get("person", "").strip() or None


@router.post("/users")
async def create_user(request: Request, who: Annotated[Principal, Depends(require("users"))]) -> Response:
    form = {k: str(v) for k, v in (await checked_form(request)).items() if k != "csrf_token"}
    role, unit, person = _scope_fields(form)
    name = form.get("name", "").strip()
    store = state(request).store
    try:
        await run_in_threadpool(
            accounts.add_user, store, name, role, form.get("password", ""), who.name, unit, person
        )
    except AccountError as error:
        kept = {k: v for k, v in form.items() if k != "password"}  # a password never comes back
        return _users_page(
            request, errors={error.field: _message(request, error)}, values=kept, status_code=400
        )
    return RedirectResponse(f"/users?saved={name}", status_code=303)


def _known(request: Request, name: str) -> None:
    with state(request).store.begin() as conn:
        if not any(u["name"] == name for u in accounts.list_users(conn)):
            raise HTTPException(404, "not found")


@router.post("/users/{name}/scope")
async def change_scope(
    request: Request, name: str, who: Annotated[Principal, Depends(require("users"))]
) -> Response:
    form = {k: str(v) for k, v in (await checked_form(request)).items() if k != "csrf_token"}
    _known(request, name)
    role, unit, person = _scope_fields(form)
    if name == who.name and role != who.role:
        error = AccountError("you cannot change your own role", "own_role", "role")
        return _users_page(
            request, errors={"role": _message(request, error)}, values=form, target=name, status_code=400
        )
    try:
        await run_in_threadpool(
            accounts.update_user, state(request).store, name, role, who.name, unit, person
        )
    except AccountError as error:
        return _users_page(
            request, errors={error.field: _message(request, error)}, values=form, target=name, status_code=400
        )
    return RedirectResponse(f"/users?saved={name}", status_code=303)


@router.post("/users/{name}/active")
async def change_active(
    request: Request, name: str, who: Annotated[Principal, Depends(require("users"))]
) -> Response:
    form = await checked_form(request)
    _known(request, name)
    active = str(form.get("active") or "") == "1"
    if name == who.name and not active:
        error = AccountError("you cannot disable your own account", "own_account", "active")
        return _users_page(request, errors={"active": _message(request, error)}, target=name, status_code=400)
    await run_in_threadpool(accounts.set_active, state(request).store, name, active, who.name)
    return RedirectResponse(f"/users?saved={name}", status_code=303)


@router.get("/account/password")
def password_page(request: Request, who: Annotated[Principal, Depends(current_user)]) -> Response:
    return render(request, "password.html", errors={}, done=request.query_params.get("done"))


@router.post("/account/password")
async def change_password(request: Request, who: Annotated[Principal, Depends(current_user)]) -> Response:
    form = await checked_form(request)
    current, new, again = (str(form.get(k) or "") for k in ("current", "password", "again"))
    try:
        if new != again:
            raise AccountError("the two new passwords differ", "mismatch", "again")
        await run_in_threadpool(
            accounts.change_own_password, state(request).store, who.name, current, new, client_key(request)
        )
    except AccountError as error:
        status = 429 if error.code == "locked" else 400
        return render(
            request, "password.html", status, errors={error.field: _message(request, error)}, done=None
        )
    return RedirectResponse("/account/password?done=1", status_code=303)
