"""Mail-flow findings for the report, read defensively.

Mail flow (issue 4) is built alongside this module, so its tables may not exist yet or may carry
other columns than expected.  Two sources are looked at: register findings with a mail rule
("MAIL-001" … "MAIL-004"), and any table named in `CANDIDATE_TABLES` that has a `rule` column
and a recognisable time column.  Whatever is missing is skipped, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register import tree
from congvu.register.schema import findings, violation_findings, violations

if TYPE_CHECKING:
    from congvu.reports.periods import Period

CANDIDATE_TABLES = ("mail_findings", "mail_events", "mail_messages")
# Time columns in order of preference; "month" holds YYYY-MM, the others are timestamps.
TIME_COLUMNS = ("month", "seen_at", "received_at", "at", "logged_at", "created_at", "recorded_at")


@dataclass(frozen=True, slots=True)
class MailRule:
    rule: str
    count: int
    source: str  # table the count came from


def _charged(unit: sa.ColumnElement[bool]) -> sa.Exists:
    """Whether a finding is linked to a violation whose charged unit passes `unit`."""
    return sa.exists(
        sa.select(violation_findings.c.finding_id)
        .join(violations, violations.c.id == violation_findings.c.violation_id)
        .where(violation_findings.c.finding_id == findings.c.id, unit)
    )


def _from_findings(conn: Connection, period: Period, level: str | None, top: bool) -> list[MailRule]:
    start, end = period.utc_bounds()
    where: sa.ColumnElement[bool] = sa.true()
    if level is not None:
        mine = _charged(tree.within(level, violations.c.unit_id))
        uncharged = ~_charged(violations.c.unit_id.is_not(None))
        where = sa.or_(mine, uncharged) if top else mine
    query = (
        sa.select(findings.c.rule, sa.func.count())
        .where(
            findings.c.rule.like("MAIL-%"),
            findings.c.recorded_at >= start,
            findings.c.recorded_at < end,
            where,
        )
        .group_by(findings.c.rule)
        .order_by(findings.c.rule)
    )
    return [MailRule(rule, int(count), "findings") for rule, count in conn.execute(query)]


def _from_table(conn: Connection, name: str, period: Period) -> list[MailRule]:
    table = sa.Table(name, sa.MetaData(), autoload_with=conn)
    if "rule" not in table.c:
        return []
    time_col = next((c for c in TIME_COLUMNS if c in table.c), None)
    if time_col is None:
        return []
    column = table.c[time_col]
    where: sa.ColumnElement[bool]
    if time_col == "month":
        where = column.in_(period.months)
    else:
        start, end = period.utc_bounds()
        where = sa.and_(column >= start, column < end)
    query = (
        sa.select(table.c.rule, sa.func.count()).where(where).group_by(table.c.rule).order_by(table.c.rule)
    )
    return [MailRule(str(rule), int(count), name) for rule, count in conn.execute(query)]


def mail_findings(
    conn: Connection, period: Period, level: str | None = None, top: bool = True
) -> list[MailRule]:
    """Counts of mail-flow findings by rule in the period; empty when mail flow is not set up.

    Drawn at a `level` (a unit code), a finding counts when the violation it is linked to charges
    a unit of the level's subtree (the person's unit when the message was judged).  Findings
    charged to nobody (no known person, an unverified sender) and the other tables, which name no
    unit, count only at the `top` of the tree: the mail system's whole reach."""
    present = set(sa.inspect(conn).get_table_names())
    out = _from_findings(conn, period, level, top)
    if not top:
        return out
    for name in CANDIDATE_TABLES:
        if name not in present:
            continue
        try:
            with conn.begin_nested():
                out.extend(_from_table(conn, name, period))
        except sa.exc.SQLAlchemyError:
            continue  # an unexpected shape: the report goes out without this table
    return out
