"""Jinja2 rendering with what every page needs: the user, the CSRF token, the language, the menu."""

from __future__ import annotations

from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from congvu.register.accounts import Principal
from congvu.web import i18n
from congvu.web.auth import csrf_token, session
from congvu.web.scope import may

LANG_COOKIE = "congvu_lang"

templates = Jinja2Templates(directory=str(resources.files("congvu.web") / "templates"))
templates.env.filters["dmy"] = i18n.fmt_date
templates.env.filters["dmyhm"] = lambda v: i18n.fmt_date(v, with_time=True)
templates.env.filters["my"] = i18n.fmt_month
templates.env.filters["dmyhms"] = i18n.fmt_moment


def file_name(path: object) -> str:
    """The evidence's file name without the server's folders ('/srv/vb/2014/27-TB.docx' and
    'C:\\vb\\27-TB.docx' give '27-TB.docx'): where the register keeps its files is no one's business."""
    text = str(path or "")
    return text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


templates.env.filters["filename"] = file_name

# (menu key, path, permission or None for everyone logged in)
MENU: tuple[tuple[str, str, str | None], ...] = (
    ("overview", "/", "see_units"),
    ("units", "/units", "see_units"),
    ("triage", "/violations", "review_queue"),
    ("review", "/review", "review_queue"),
    ("review_items", "/review/items", "review_queue"),
    ("check", "/check", "check"),
    ("sheet", "/sheet", "sheet"),
    ("report", "/report", "report"),
    ("directory", "/directory", "directory"),
    ("users", "/users", "users"),
    ("settings", "/settings", "settings"),
    ("audit", "/audit", "audit"),
)


def language(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "vi"
    return asked if asked in i18n.LANGS else "vi"


def language_link(request: Request, lang: str) -> str:
    """This page in `lang`: the same path and query parameters, `lang` replaced."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return "?" + urlencode([*params, ("lang", lang)])


def _common(request: Request, lang: str) -> dict[str, Any]:
    """What every template may use that depends only on the language: translators and namers."""
    return {
        "t": i18n.translator(lang),
        "lang": lang,
        "rule_title": i18n.namer(i18n.RULE_TITLES, lang),
        "role_name": i18n.namer(i18n.ROLES, lang),
        "class_name": i18n.namer(i18n.CLASSES, lang),
        "action_name": i18n.namer(i18n.ACTIONS, lang),
        "reason_text": lambda finding: i18n.reason_text(finding, lang),
    }


def fragment(request: Request, name: str, **context: Any) -> Markup:
    """A page's main part rendered on its own, to be kept in a cache and shared between users.

    It sees the language's translators and `context`, never the user, the menu or the CSRF
    token: whatever it shows must follow from the cache key alone (scope, role, parameters,
    language), so a fragment kept for one user is right for every other with the same key."""
    lang = language(request)
    html = templates.get_template(name).render({**_common(request, lang), **context})
    return Markup(html)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    lang = language(request)
    found = session(request)
    who: Principal | None = found[0] if found else None
    menu = [(key, path) for key, path, perm in MENU if who and (perm is None or may(who, perm))]
    if who and who.role == "staff" and who.person_id:
        menu.insert(0, ("my_record", f"/people/{who.person_id}"))
    other = "en" if lang == "vi" else "vi"
    response = templates.TemplateResponse(
        request,
        name,
        {
            **_common(request, lang),
            "other_lang": other,
            "lang_url": language_link(request, other),
            "who": who,
            "csrf": csrf_token(request),
            "menu": menu,
            "path": request.url.path,
            **context,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") in i18n.LANGS:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", httponly=True, max_age=365 * 86400)
    return response
