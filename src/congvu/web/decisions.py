"""Which decisions a page offers to whom, and refusals said in the page's language.

A page offers only what the register would accept now (`review.actions_open`), narrowed by role,
by who the person is (a head never contests their own case, a staff member only theirs) and by a
closed sheet — so no button answers 409.  A refusal that still happens (a race, a deadline passed
while the page was open) comes back inline, translated, with the typed reason kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from congvu.register import review
from congvu.register.accounts import Principal
from congvu.register.closures import Closure, closure, contest_deadline
from congvu.settings import EvaluationSettings
from congvu.web.scope import may
from congvu.web.state import WebState


def contest_days(web: WebState) -> int:
    return EvaluationSettings.of(web.config).contest_days


def filer(who: Principal) -> review.Filer:
    return review.Filer(who.person_id, as_head=who.role == "head")


def may_contest(who: Principal, item: dict[str, Any]) -> bool:
    """Whether `who` is someone who may file a contest on `item` (time and state aside)."""
    if who.role == "head":
        return who.person_id is None or who.person_id != item["person_id"]
    return who.role == "staff" and who.person_id is not None and who.person_id == item["person_id"]


def offered(
    conn: Connection, who: Principal, item: dict[str, Any], now: datetime, days: int
) -> tuple[list[str], Closure | None]:
    """The actions `who` may take on `item` now, and the closure that holds back the others."""
    actions = [a for a in review.actions_open(item, now, days) if may(who, a)]
    if "contest" in actions and not may_contest(who, item):
        actions.remove("contest")
    shut = closure(conn, item["unit_id"], item["month"])
    if shut is not None:
        on_sheet = item["status"] in review.ON_SHEET
        actions = [a for a in actions if not (on_sheet or review.TRANSITIONS[a][1] in review.ON_SHEET)]
    return actions, shut


def deadline(item: dict[str, Any], days: int) -> datetime | None:
    """Until when a confirmed, not yet final, not yet contested decision may be contested."""
    if item["status"] != "confirmed" or item["final"] or item["contested_no"] == item["decision_no"]:
        return None
    return contest_deadline(item["decided_at"] or item["created_at"], days)


def refusal(t: Any, error: Exception) -> str:
    """The refusal in the page's language: `err_<code>` with its parameters filled in."""
    code = getattr(error, "code", "refused")
    params = getattr(error, "params", {})
    text = str(t(f"err_{code}"))
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def require_in_scope(web: WebState, who: Principal, violation_id: int) -> None:
    """404 unless `who` may see the violation: out of scope looks the same as missing."""
    from fastapi import HTTPException

    from congvu.web import queries

    with web.store.begin() as conn:
        if queries.one_violation(conn, who, violation_id) is None:
            raise HTTPException(404, "not found")


def decide_in_scope(web: WebState, who: Principal, violation_id: int, action: str, reason: str) -> None:
    """Apply a decision or a contest to a violation `who` may see (else 404), as the register's
    review rules allow (else `review.ReviewError`); the overview's counts are refreshed either way.
    One path for the pages and the API, so that both refuse the same things.  A contest and the
    inspectors' notice of it are written in one transaction; the notice is mailed after it commits.
    So is a dismissal after a contest and the person's notice that their contest was upheld."""
    from congvu.web.reminders import deliver_contest_notice, queue_contest_notice, queue_dismissal_notice

    require_in_scope(web, who, violation_id)
    planned: list[Any] = []

    def notice(conn: Connection, decision: review.Decision) -> None:
        if decision.after == "contested":
            planned.extend(queue_contest_notice(conn, web, who.name, violation_id))
        elif decision.after == "dismissed" and decision.before == "contested":
            planned.extend(queue_dismissal_notice(conn, web, who.name, violation_id))

    try:
        review.decide(
            web.store,
            violation_id,
            action,
            reason,
            who.name,
            filer=filer(who) if action == "contest" else None,
            contest_days=contest_days(web),
            then=notice,
        )
    finally:
        web.counts.clear()
    deliver_contest_notice(web, planned, violation_id)
