"""What each role may see and do: one table of permissions and one visibility rule per role.

Every page and API endpoint asks these functions; none decides on its own.  Scopes follow the unit
tree (city → district/department → ward/office, `units.parent_id`): a head sees their unit and the
units below it; an inspector or a leader sees the subtree of the administration they work for — the
nearest city or district at or above their unit (an inspector of the district's Phòng VH-TT sees the
district, one of a city department the whole city), everything when their account names no unit; a
staff member sees their own record.  Only inspectors decide.

The subtree is a recursive CTE over `units` (`congvu.register.tree`), built into the same statement
as the query it limits, so every page asks one question of the database.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from congvu.register import memberships, tree
from congvu.register.accounts import Principal
from congvu.register.months import month_bounds
from congvu.register.schema import people, units, violations
from congvu.register.store import Store

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
    # An uploaded document recorded into the register: an inspector's explicit action, never a check.
    "record_upload": frozenset({"inspector"}),
    # Reminders (issue 12): a violation's reminder is seen where the violation is, sent by inspectors.
    "remind_preview": frozenset({"inspector", "leader", "head"}),
    "remind": frozenset({"inspector"}),
    # The directory and the accounts: read by inspectors and leaders, kept by inspectors.
    "directory": frozenset({"inspector", "leader"}),
    "edit_directory": frozenset({"inspector"}),
    "users": frozenset({"inspector"}),
}


# The kinds of unit that are an administration of their own: an inspector's scope is the nearest one.
ADMINISTRATIONS = ("city", "district")


def may(who: Principal, action: str) -> bool:
    return who.role in PERMISSIONS[action]


def unit_id_of(code: str | None) -> sa.ScalarSelect[int]:
    return sa.select(units.c.id).where(units.c.code == (code or "")).scalar_subquery()


def sees_everything(who: Principal) -> bool:
    """An inspector or leader whose account names no unit: the whole register, as before scopes."""
    return may(who, "see_all_units") and not who.unit_code


def scope_root(who: Principal) -> sa.ScalarSelect[int] | None:
    """The top of `who`'s subtree, None when they see every unit or none (see `unit_scope`)."""
    if sees_everything(who) or not who.unit_code:
        return None
    if may(who, "see_all_units"):
        return tree.ancestor_where(who.unit_code, ADMINISTRATIONS)
    if may(who, "see_units"):
        return unit_id_of(who.unit_code)
    return None


def unit_scope(who: Principal, column: sa.ColumnElement[Any]) -> ColumnElement[bool]:
    """The WHERE clause limiting a unit id `column` to `who`'s subtree (no unit for staff)."""
    if sees_everything(who):
        return sa.true()
    return _scoped(who.role, who.unit_code, column)


@lru_cache(maxsize=1024)
def _scoped(role: str, unit_code: str | None, column: sa.ColumnElement[Any]) -> ColumnElement[bool]:
    """`unit_scope`'s clause, built once per (role, unit, column) and shared: building the recursive
    CTEs cost ~10 ms of CPU per call for a district inspector (SQLAlchemy constructs in Python), paid
    by every query of every page.  The clause names only the role's kind of scope and the unit's
    code — the tree itself is read by the database when the query runs — so it never goes stale,
    and SQLAlchemy statements are immutable, safe to share between threads."""
    who = Principal("", role, unit_code)
    root = scope_root(who)
    if root is None:
        return sa.false()
    return tree.within_root(root, column, large=may(who, "see_all_units"))


def violation_clause(who: Principal) -> ColumnElement[bool]:
    """The WHERE clause limiting `violations` to what `who` may see."""
    if may(who, "see_units"):
        return unit_scope(who, violations.c.unit_id)
    if who.role == "staff" and who.person_id:
        return violations.c.person_id == who.person_id
    return sa.false()


def people_clause(who: Principal, month: str | None = None) -> ColumnElement[bool]:
    """The WHERE clause limiting `people` to whom `who` may see: a head their unit's people today
    and, given a month, everyone on their unit's sheet of that month (someone who has moved on
    since is still theirs for that month)."""
    if sees_everything(who):
        return sa.true()
    if may(who, "see_units") and who.unit_code:
        today = unit_scope(who, people.c.unit_id)
        if month is None:
            return today
        first, last = month_bounds(month)
        then = memberships.members_where(lambda column: unit_scope(who, column), first, last)
        return sa.or_(today, people.c.person_id.in_(then))
    if who.role == "staff" and who.person_id:
        return people.c.person_id == who.person_id
    return sa.false()


def may_see_unit(conn: Connection, who: Principal, code: str) -> bool:
    """Whether the unit `code` lies in `who`'s subtree (an unknown code: no)."""
    if not may(who, "see_units"):
        return False
    query = sa.select(units.c.id).where(units.c.code == code, unit_scope(who, units.c.id))
    return conn.execute(query).first() is not None


def level_for(conn: Connection, who: Principal, asked: str | None) -> str | None:
    """The unit at which a page or report is drawn for `who`: the one asked for when it lies in
    their scope (LookupError otherwise), else the top of their scope (None: the whole register)."""
    if asked:
        if not may_see_unit(conn, who, asked):
            raise LookupError(asked)
        return asked
    if sees_everything(who):
        return None
    root = scope_root(who)
    code = (
        conn.execute(sa.select(units.c.code).where(units.c.id == root)).scalar() if root is not None else None
    )
    if code is None:
        raise LookupError(who.unit_code)
    return str(code)


def store_sees_unit(store: Store, who: Principal, code: str) -> bool:
    """`may_see_unit` in a read transaction of its own, for pages that have none open yet."""
    with store.begin() as conn:
        return may_see_unit(conn, who, code)


def proposal_unit(conn: Connection, who: Principal, person_id: str, month: str) -> str | None:
    """The unit code of the sheet on which `who` may enter `person_id`'s rating for `month`, or
    None when they may not.  A head's scope is their unit *in that month*: someone who moved on
    is still on the old unit's past sheets, and a newcomer is not on the new unit's past ones."""
    if not may(who, "propose"):
        return None
    then = memberships.unit_in_month(conn, person_id, month)
    code = conn.execute(sa.select(units.c.code).where(units.c.id == then)).scalar() if then else None
    if may(who, "see_all_units") and code is None:
        # on no sheet that month: the inspector may still enter it, by today's unit
        code = conn.execute(
            sa.select(units.c.code)
            .join(people, people.c.unit_id == units.c.id)
            .where(people.c.person_id == person_id)
        ).scalar()
    if code is not None and may_see_unit(conn, who, code):
        return code
    return None
