"""What each role may see and do: one table of permissions and one visibility rule per role.

Every page and API endpoint asks these functions; none decides on its own.  A head sees their unit,
a staff member their own record; inspectors and leaders see everything; only inspectors decide.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from congvu.register import memberships
from congvu.register.accounts import Principal
from congvu.register.months import month_bounds
from congvu.register.schema import people, units, violations

# action -> roles allowed.  Visibility (which records) is applied on top by the functions below.
PERMISSIONS: dict[str, frozenset[str]] = {
    "see_all_units": frozenset({"inspector", "leader"}),
    "see_units": frozenset({"inspector", "leader", "head"}),
    "review_queue": frozenset({"inspector", "leader", "head"}),
    "confirm": frozenset({"inspector"}),
    "dismiss": frozenset({"inspector"}),
    "assign": frozenset({"inspector"}),
    # Review items (DOC-002/003): seen with the review queue, made a violation or closed by inspectors.
    "promote_review": frozenset({"inspector"}),
    # The person contests their own case, a head for their staff (never their own: `review.Filer`).
    "contest": frozenset({"head", "staff"}),
    "reopen": frozenset({"inspector"}),
    "close_sheet": frozenset({"inspector", "head"}),
    "propose": frozenset({"inspector", "head"}),
    "sheet": frozenset({"inspector", "leader", "head"}),
    "report": frozenset({"inspector", "leader"}),
    "audit": frozenset({"inspector", "leader"}),
    "settings": frozenset({"inspector", "leader"}),
    "edit_settings": frozenset({"inspector"}),
    "check": frozenset({"inspector", "leader", "head", "staff"}),
    # Reminders (issue 12): a violation's reminder is seen where the violation is, sent by inspectors.
    "remind_preview": frozenset({"inspector", "leader", "head"}),
    "remind": frozenset({"inspector"}),
    # The directory and the accounts: read by inspectors and leaders, kept by inspectors.
    "directory": frozenset({"inspector", "leader"}),
    "edit_directory": frozenset({"inspector"}),
    "users": frozenset({"inspector"}),
}


def may(who: Principal, action: str) -> bool:
    return who.role in PERMISSIONS[action]


def unit_id_of(code: str | None) -> sa.ScalarSelect[int]:
    return sa.select(units.c.id).where(units.c.code == (code or "")).scalar_subquery()


def violation_clause(who: Principal) -> ColumnElement[bool]:
    """The WHERE clause limiting `violations` to what `who` may see."""
    if may(who, "see_all_units"):
        return sa.true()
    if who.role == "head" and who.unit_code:
        return violations.c.unit_id == unit_id_of(who.unit_code)
    if who.role == "staff" and who.person_id:
        return violations.c.person_id == who.person_id
    return sa.false()


def people_clause(who: Principal, month: str | None = None) -> ColumnElement[bool]:
    """The WHERE clause limiting `people` to whom `who` may see: a head their unit's people today
    and, given a month, everyone on their unit's sheet of that month (someone who has moved on
    since is still theirs for that month)."""
    if may(who, "see_all_units"):
        return sa.true()
    if who.role == "head" and who.unit_code:
        today = people.c.unit_id == unit_id_of(who.unit_code)
        if month is None:
            return today
        first, last = month_bounds(month)
        return sa.or_(
            today, people.c.person_id.in_(memberships.members(unit_id_of(who.unit_code), first, last))
        )
    if who.role == "staff" and who.person_id:
        return people.c.person_id == who.person_id
    return sa.false()


def may_see_unit(who: Principal, code: str) -> bool:
    return may(who, "see_all_units") or (who.role == "head" and who.unit_code == code)


def proposal_unit(conn: Connection, who: Principal, person_id: str, month: str) -> str | None:
    """The unit code of the sheet on which `who` may enter `person_id`'s rating for `month`, or
    None when they may not.  A head's scope is their unit *in that month*: someone who moved on
    is still on the old unit's past sheets, and a newcomer is not on the new unit's past ones."""
    if not may(who, "propose"):
        return None
    then = memberships.unit_in_month(conn, person_id, month)
    code = conn.execute(sa.select(units.c.code).where(units.c.id == then)).scalar() if then else None
    if may(who, "see_all_units"):
        if code is None:  # on no sheet that month: the inspector may still enter it, by today's unit
            code = conn.execute(
                sa.select(units.c.code)
                .join(people, people.c.unit_id == units.c.id)
                .where(people.c.person_id == person_id)
            ).scalar()
        return code
    if who.role == "head" and who.unit_code and code == who.unit_code:
        return code
    return None
