"""A form posted after the session expired is kept, and offered again after login.

Without this, a decision typed on a page left open overnight ended on the login page, then on
"405 Method Not Allowed" (the login sent the browser to GET the POST-only address) and the typed
reason was lost.  Now the app keeps the posted fields in a short-lived cookie, sends the browser to
log in with `next` set to the page the form was on, and that page fills its form back in from the
cookie.  The decision is never applied by itself: the old form's CSRF token died with its session,
so a cross-site post could otherwise plant a decision for the next login; the person checks what
they typed and presses the button again.

The kept form belongs to the user whose (expired) session posted it: the cookie names them, only
their own login sees it again, and a login by anyone else drops it — on a shared computer the next
person never reads the reason the last one typed.  A post whose session cannot be traced to a user
(no session cookie, or a session ended by logging out) keeps nothing.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from congvu.register import accounts
from congvu.web.state import state

COOKIE = "congvu_resume"
MAX_AGE = 3600  # an hour to log in again
MAX_BYTES = 3000  # a cookie holds about 4 KB; a longer reason is cut
KEPT = ("action", "reason", "list", "ids")


def page_of(path: str, fields: dict[str, Any]) -> str | None:
    """The page whose form posts to `path`, where the person returns after login (None: not kept)."""
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[0] == "violations" and parts[2] in ("decide", "assign"):
        return f"/violations/{parts[1]}"
    if path == "/violations/bulk":
        back = str(fields.get("list") or "")
        return "/violations" + (f"?{back}" if back else "")
    return None


async def keep(request: Request) -> tuple[str, str] | None:
    """(page to return to, cookie value) for a page form posted without a session, else None."""
    if request.method != "POST" or request.url.path.startswith("/api/"):
        return None
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return None
    form = await request.form()
    fields: dict[str, Any] = {k: str(form.get(k) or "") for k in KEPT if k != "ids" and form.get(k)}
    ids = [str(v) for v in form.getlist("ids") if str(v).isdigit()]
    if ids:
        fields["ids"] = ids[:200]
    page = page_of(request.url.path, fields)
    if page is None:
        return None
    user = await run_in_threadpool(_owner, request)
    if user is None:
        return None
    value = _encode({"path": request.url.path, "user": user, "fields": fields})
    while len(value) > MAX_BYTES and fields.get("reason"):
        fields["reason"] = fields["reason"][: len(fields["reason"]) * 3 // 4]
        value = _encode({"path": request.url.path, "user": user, "fields": fields})
    return page, value


def _owner(request: Request) -> str | None:
    from congvu.web.auth import SESSION_COOKIE

    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    with state(request).store.begin() as conn:
        return accounts.session_owner(conn, secret)


def _encode(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, ensure_ascii=False).encode()).decode()


def _read(request: Request) -> dict[str, Any] | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def take(request: Request, path: str, user: str) -> dict[str, Any] | None:
    """The fields `user` typed in a form that posts to `path`, if kept (another user's: None)."""
    data = _read(request)
    if data is None or data.get("path") != path or data.get("user") != user:
        return None
    if not isinstance(data.get("fields"), dict):
        return None
    return dict(data["fields"])


def belongs_to_other(request: Request, user: str) -> bool:
    """Whether a kept form is in the browser and was typed by someone other than `user`."""
    return request.cookies.get(COOKIE) is not None and (_read(request) or {}).get("user") != user


def forget(response: Response) -> None:
    response.delete_cookie(COOKIE)


def login_redirect(page: str, value: str, secure: bool) -> Response:
    from fastapi.responses import RedirectResponse

    response = RedirectResponse(f"/login?{urlencode({'next': page, 'expired': '1'})}", status_code=303)
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="lax", secure=secure)
    return response
