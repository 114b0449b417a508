"""The audit trail, newest first: who did what, when and why — filtered by actor, action, entity
and date range (the filters ride along in every page and export link), and exported as CSV.

Moments are stored in UTC; SQLite hands them back without a zone, so they are marked UTC here
before they are shown in Asia/Ho_Chi_Minh (they were 7 hours off).  Dates in the filter are Đà
Nẵng calendar days: "đến 25/06" includes the whole of that local day."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.datastructures import QueryParams
from starlette.responses import Response

from congvu.clock import LOCAL
from congvu.output.cells import csv_row
from congvu.register.accounts import Principal
from congvu.register.schema import audit_events
from congvu.web import i18n
from congvu.web.auth import require
from congvu.web.params import query_int
from congvu.web.state import state
from congvu.web.templating import language, render

router = APIRouter()
PAGE = 100
EXPORT_MAX = 100_000  # a year of a district's trail; a bigger export is a job for `congvu audit`
TEXT_MAX = 200  # the width of audit_events.who
COLUMNS = ("id", "at", "who", "action", "entity", "entity_id", "reason")  # not the chain's hashes


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the inspector asked for; empty fields do not filter."""

    who: str = ""
    action: str = ""
    entity: str = ""
    since: date | None = None
    until: date | None = None

    def params(self) -> dict[str, str]:
        """The filter as URL parameters, for the pager and the export link."""
        raw = {
            "who": self.who,
            "action": self.action,
            "entity": self.entity,
            "from": self.since.isoformat() if self.since else "",
            "to": self.until.isoformat() if self.until else "",
        }
        return {k: v for k, v in raw.items() if v}

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        c = audit_events.c
        out: list[sa.ColumnElement[bool]] = []
        if self.who:
            out.append(c.who == self.who)
        if self.action:
            out.append(c.action == self.action)
        if self.entity:
            out.append(c.entity == self.entity)
        if self.since:
            out.append(c.at >= local_midnight(self.since))
        if self.until:
            out.append(c.at < local_midnight(self.until + timedelta(days=1)))
        return out


def local_midnight(day: date) -> datetime:
    """The start of a Đà Nẵng calendar day, in UTC (as the trail stores moments)."""
    return datetime.combine(day, time(), LOCAL).astimezone(UTC)


def _text(params: QueryParams, name: str) -> str:
    value = (params.get(name) or "").strip()
    if len(value) > TEXT_MAX:
        raise HTTPException(400, f"parameter {name!r} is too long")
    return value


def _day(params: QueryParams, name: str) -> date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise HTTPException(400, f"bad date in parameter {name!r}") from None


def parse_filter(params: QueryParams) -> AuditFilter:
    return AuditFilter(
        who=_text(params, "who"),
        action=_text(params, "action"),
        entity=_text(params, "entity"),
        since=_day(params, "from"),
        until=_day(params, "to"),
    )


def _events(request: Request, wanted: AuditFilter, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    query = (
        sa.select(*[audit_events.c[k] for k in COLUMNS])
        .where(*wanted.conditions())
        .order_by(audit_events.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with state(request).store.begin() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        at = row["at"]
        row["at"] = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(LOCAL)
    return rows


@router.get("/audit")
def audit_page(request: Request, who: Annotated[Principal, Depends(require("audit"))]) -> Response:
    wanted = parse_filter(request.query_params)
    page = query_int(request.query_params.get("page"), "page", default=0, high=1_000_000) or 0
    events = _events(request, wanted, PAGE, page * PAGE)
    lang = language(request)
    return render(
        request,
        "audit.html",
        events=events,
        wanted=wanted,
        qs=urlencode(wanted.params()),
        page=page,
        more=len(events) == PAGE,
        actions=i18n.ACTIONS,
        entities=i18n.ENTITIES,
        action_name=i18n.namer(i18n.ACTIONS, lang),
        entity_name=i18n.namer(i18n.ENTITIES, lang),
    )


@router.get("/audit.csv")
def audit_csv(request: Request, who: Annotated[Principal, Depends(require("audit"))]) -> Response:
    """The filtered trail as CSV (UTF-8 with BOM, so Excel shows the diacritics).  Reasons and
    names are typed by people: every cell goes through `csv_row` against formula injection."""
    wanted = parse_filter(request.query_params)
    lang = language(request)
    t = i18n.translator(lang)
    action_name = i18n.namer(i18n.ACTIONS, lang)
    out = io.StringIO()
    writer = csv.writer(out)
    keys = ("when", "who", "action", "action_code", "entity", "entity_id", "reason")
    writer.writerow(csv_row(t(k) for k in keys))
    for e in _events(request, wanted, EXPORT_MAX):
        writer.writerow(
            csv_row(
                [
                    e["at"].isoformat(timespec="seconds"),
                    e["who"],
                    action_name(e["action"]),
                    e["action"],
                    e["entity"],
                    e["entity_id"],
                    e["reason"] or "",
                ]
            )
        )
    name = "nhat-ky.csv" if lang == "vi" else "audit.csv"
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
