"""What a POST did, shown once on the page it redirects to (POST → 303 → GET).

A bulk decision used to answer its POST with the list itself: a reload re-submitted it.  Now the
POST applies the decisions, keeps what happened (what was done, what was refused and why — as
refusal codes, translated when shown — and the reason when something was refused) in a
short-lived cookie, and answers 303 to the list with the same filters; that GET shows it once and
drops the cookie.  The cookie names the user it was made for and is shown to nobody else.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from fastapi import Request
from starlette.responses import Response

COOKIE = "congvu_flash"
MAX_AGE = 300  # the redirect follows at once; a stale one is not shown later
MAX_BYTES = 3500  # a cookie holds about 4 KB


def _encode(data: dict[str, Any]) -> str:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode()


def _decode(value: str) -> Any:
    return json.loads(zlib.decompress(base64.urlsafe_b64decode(value.encode())))


def put(response: Response, user: str, page: str, data: dict[str, Any], secure: bool) -> None:
    """Keep `data` for `user`'s next GET of `page` (a path).  What does not fit is cut: first the
    refused cases' parameters, then the refused list itself (`refused_more` counts what was cut),
    then the reason."""
    data = {**data, "user": user, "page": page}
    value = _encode(data)
    refused = list(data.get("refused") or [])
    if len(value) > MAX_BYTES and refused:
        refused = [[vid, code, {}] for vid, code, _params in refused]
        data["refused"] = refused
        value = _encode(data)
    while len(value) > MAX_BYTES and refused:
        cut = max(1, len(refused) // 4)
        data["refused_more"] = int(data.get("refused_more", 0)) + cut
        refused = refused[:-cut]
        data["refused"] = refused
        value = _encode(data)
    while len(value) > MAX_BYTES and data.get("reason"):
        data["reason"] = data["reason"][: len(data["reason"]) * 3 // 4]
        value = _encode(data)
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="lax", secure=secure)


def take(request: Request, user: str, page: str) -> dict[str, Any] | None:
    """The flash kept for `user` on `page`, if any (someone else's is never returned)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _decode(raw)
    except (ValueError, TypeError, zlib.error):
        return None
    if not isinstance(data, dict) or data.get("user") != user or data.get("page") != page:
        return None
    return data


def forget(response: Response) -> None:
    response.delete_cookie(COOKIE)
