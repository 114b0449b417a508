"""The unit tree as SQL: a unit and everything below it (city → district/department → ward/office).

A recursive CTE over `units.parent_id`, built into the statement it limits, so a scoped page or
report asks the database one question.  The directory holds a few hundred units for a whole city,
so the CTE costs next to nothing (measured in tests/web/test_web_levels.py and bench/bench_web.py).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from congvu.register.schema import units

# Deeper than any real tree (city, district, ward, team): a cycle typed by mistake stops here.
MAX_DEPTH = 16


def code_id(code: str | None) -> sa.ScalarSelect[int]:
    return sa.select(units.c.id).where(units.c.code == (code or "")).scalar_subquery()


def subtree(root: sa.ColumnElement[Any] | sa.ScalarSelect[Any]) -> sa.CTE:
    """The ids (`id`) of the unit `root` and every unit below it, closed units included (their
    past violations stay theirs)."""
    top = units.alias("subtree_top")
    down = (
        sa.select(top.c.id, sa.literal(0).label("depth"))
        .where(top.c.id == root)
        .cte("unit_subtree", recursive=True, nesting=True)
    )
    child = units.alias("subtree_child")
    return down.union_all(
        sa.select(child.c.id, down.c.depth + 1).where(
            child.c.parent_id == down.c.id, down.c.depth < MAX_DEPTH
        )
    )


def within(code: str, column: sa.ColumnElement[Any]) -> ColumnElement[bool]:
    """A unit id `column` limited to the subtree of the unit `code`."""
    return column.in_(sa.select(subtree(code_id(code)).c.id))


def within_root(
    root: sa.ScalarSelect[Any], column: sa.ColumnElement[Any], large: bool = False
) -> ColumnElement[bool]:
    """A unit id `column` limited to the subtree of the unit whose id `root` selects.  `large`: the
    subtree holds most of the rows (a district, a city), so on SQLite the unit index is no way in —
    the month indexes are (a district inspector's 12-month trend over a million violations took
    2.1 s through `ix_violations_unit_id`, 0.1 s without it; bench/bench_scopes.py)."""
    return (NoIndex(column) if large else column).in_(sa.select(subtree(root).c.id))


class NoIndex(FunctionElement[Any]):
    """`+column` on SQLite (the documented way to keep its planner off an index), the column elsewhere."""

    inherit_cache = True
    name = "no_index"


@compiles(NoIndex)
def _plain(element: NoIndex, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(NoIndex, "sqlite")
def _unary_plus(element: NoIndex, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


def ancestor_where(code: str, kinds: tuple[str, ...]) -> sa.ScalarSelect[Any]:
    """The id of the nearest unit at or above `code` whose kind is one of `kinds` (else the top
    of its tree)."""
    start = units.alias("ancestor_start")
    up = (
        sa.select(start.c.id, start.c.parent_id, start.c.kind, sa.literal(0).label("depth"))
        .where(start.c.code == code)
        .cte("unit_ancestors", recursive=True, nesting=True)
    )
    parent = units.alias("ancestor_parent")
    up = up.union_all(
        sa.select(parent.c.id, parent.c.parent_id, parent.c.kind, up.c.depth + 1).where(
            parent.c.id == up.c.parent_id, up.c.depth < MAX_DEPTH
        )
    )
    return (
        sa.select(up.c.id)
        .where(sa.or_(up.c.kind.in_(kinds), up.c.parent_id.is_(None)))
        .order_by(up.c.depth)
        .limit(1)
        .scalar_subquery()
    )


def subtree_ids(conn: Connection, code: str) -> set[int]:
    """The ids of `code`'s subtree, read once (for filtering rows already in Python)."""
    return set(conn.execute(sa.select(subtree(code_id(code)).c.id)).scalars())
