"""The directory in the app: people and units listed and searched, added and edited.

A reader sees the directory of their scope only, as on every other page: a district inspector
their district's subtree (people and units), nothing outside it (404 for a record outside, as for
a missing one), and may place a person or a unit only inside it.  A form goes through
`directory.save_one`, the import's own checks and writes, so the page and `congvu directory
import` accept and refuse the same values; each refusal is shown on its field in the page's
language (`dir_err_<code>` in i18n)."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.engine import Connection
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from congvu.register import directory
from congvu.register.accounts import Principal
from congvu.register.columns import TEMPLATES, UNIT_KINDS
from congvu.register.directory_files import one_person, page_people
from congvu.register.schema import units
from congvu.register.units import list_units
from congvu.web.auth import checked_form, require
from congvu.web.i18n import translator
from congvu.web.params import query_int
from congvu.web.scope import may, people_clause, sees_everything, store_sees_unit, unit_scope
from congvu.web.state import state
from congvu.web.templating import language, render

router = APIRouter()
KINDS = {"people": "person_id", "units": "code"}


PAGE = 100  # people a page; the search and the unit filter run in SQL over the whole directory


@router.get("/directory")
def directory_page(request: Request, who: Annotated[Principal, Depends(require("directory"))]) -> Response:
    query = (request.query_params.get("q") or "").strip()[:200]
    unit = (request.query_params.get("unit") or "").strip() or None
    page = query_int(request.query_params.get("page"), "page", high=100_000) or 0
    with state(request).store.begin() as conn:
        found, total = page_people(
            conn, unit, query, limit=PAGE, offset=page * PAGE, within=people_clause(who)
        )
        all_units = _visible_units(conn, who)
    if page and not found and total:
        raise HTTPException(404, "not found")  # past the last page
    keep = {k: v for k, v in (("q", query), ("unit", unit or "")) if v}
    return render(
        request,
        "directory.html",
        people=found,
        total=total,
        first=page * PAGE + 1,
        previous=urlencode(keep | ({"page": str(page - 1)} if page > 1 else {})) if page else None,
        following=urlencode(keep | {"page": str(page + 1)}) if (page + 1) * PAGE < total else None,
        units=all_units,
        q=query,
        unit=unit,
        can_edit=may(who, "edit_directory"),
        saved=request.query_params.get("saved"),
    )


def _form_values(kind: str, record: dict[str, Any]) -> dict[str, str]:
    """A record as the form's text fields (lists joined as the import's cells are)."""
    out: dict[str, str] = {}
    for column in TEMPLATES[kind]:
        value = record.get(column.name)
        if isinstance(value, bool):
            out[column.name] = "1" if value else ""
        elif isinstance(value, list):
            out[column.name] = ("; " if column.name.endswith("emails") else "|").join(value)
        else:
            out[column.name] = "" if value is None else str(value)
    return out


def _visible_units(conn: Connection, who: Principal) -> list[dict[str, Any]]:
    """The units of `who`'s scope (`list_units`' shape and order)."""
    if sees_everything(who):
        return list_units(conn)
    seen = set(conn.execute(sa.select(units.c.code).where(unit_scope(who, units.c.id))).scalars())
    return [u for u in list_units(conn) if u["code"] in seen]


def _existing(request: Request, who: Principal, kind: str, key: str) -> dict[str, str]:
    """The record's form values, if it exists within `who`'s scope (404 otherwise, alike)."""
    with state(request).store.begin() as conn:
        if kind == "people":
            found = one_person(conn, key, people_clause(who))
        else:
            found = next((u for u in _visible_units(conn, who) if u["code"] == key), None)
    if found is None:
        raise HTTPException(404, "not found")
    return _form_values(kind, found)


def _out_of_place(
    request: Request, who: Principal, kind: str, raw: dict[str, str], before: dict[str, str] | None
) -> dict[str, str]:
    """A person's unit, or a unit's parent, set or changed by the form must lie in `who`'s scope:
    one outside it is refused as the import refuses an unknown code (a unit outside is not known
    to them, and saying otherwise would tell them it exists).  Empty: the import's checks answer."""
    field = "unit" if kind == "people" else "parent"
    code = raw.get(field, "").strip()
    if not code or sees_everything(who) or (before is not None and before.get(field) == code):
        return {}
    with state(request).store.begin() as conn:
        known = conn.execute(sa.select(units.c.id).where(units.c.code == code)).first() is not None
    if not known or store_sees_unit(state(request).store, who, code):
        return {}  # unknown: the import names it, with everything else wrong in the form
    return {field: str(translator(language(request))("dir_err_unknown_unit")).format(code=code)}


def _form(
    request: Request,
    who: Principal,
    kind: str,
    values: dict[str, str],
    *,
    new: bool,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    with state(request).store.begin() as conn:
        codes = [u["code"] for u in _visible_units(conn, who) if not u["valid_to"]]
    return render(
        request,
        "directory_form.html",
        status_code=status_code,
        kind=kind,
        key=KINDS[kind],
        columns=TEMPLATES[kind],
        values=values,
        new=new,
        errors=errors or {},
        unit_codes=codes,
        unit_kinds=UNIT_KINDS,
    )


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise HTTPException(404, "not found")
    return kind


@router.get("/directory/{kind}/new")
def new_form(
    request: Request, kind: str, who: Annotated[Principal, Depends(require("edit_directory"))]
) -> Response:
    return _form(request, who, _kind(kind), {}, new=True)


@router.get("/directory/{kind}/{key}")
def edit_form(
    request: Request, kind: str, key: str, who: Annotated[Principal, Depends(require("edit_directory"))]
) -> Response:
    return _form(request, who, _kind(kind), _existing(request, who, _kind(kind), key), new=False)


async def _save(request: Request, who: Principal, kind: str, key: str | None) -> Response:
    form = await checked_form(request)
    raw = {c.name: str(form.get(c.name) or "") for c in TEMPLATES[kind]}
    before = None
    if key is not None:
        before = _existing(request, who, kind, key)  # 404: no such record, or out of scope
        raw[KINDS[kind]] = key  # an edit never changes the code
    misplaced = _out_of_place(request, who, kind, raw, before)
    if misplaced:
        return _form(request, who, kind, raw, new=key is None, errors=misplaced, status_code=400)
    try:
        await run_in_threadpool(
            directory.save_one, state(request).store, kind, raw, who.name, new=key is None
        )
    except directory.DirectoryError as refused:
        t = translator(language(request))
        errors: dict[str, str] = {}
        for problem in refused.errors:
            text = str(t(f"dir_err_{problem.code}")) if problem.code else problem.message
            with contextlib.suppress(KeyError, IndexError):
                text = text.format(**problem.params)
            errors[problem.field] = f"{errors[problem.field]} {text}" if problem.field in errors else text
        return _form(request, who, kind, raw, new=key is None, errors=errors, status_code=400)
    state(request).counts.clear()
    return RedirectResponse(f"/directory?saved={raw[KINDS[kind]]}", status_code=303)


@router.post("/directory/{kind}/new")
async def create(
    request: Request, kind: str, who: Annotated[Principal, Depends(require("edit_directory"))]
) -> Response:
    return await _save(request, who, _kind(kind), None)


@router.post("/directory/{kind}/{key}")
async def update(
    request: Request, kind: str, key: str, who: Annotated[Principal, Depends(require("edit_directory"))]
) -> Response:
    return await _save(request, who, _kind(kind), key)
