"""Directory out: listing, export and the blank templates — the same columns as the import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from congvu.register.columns import TEMPLATES
from congvu.register.names import person_key
from congvu.register.schema import addresses, people, units
from congvu.register.tables import add_sheet, write_csv
from congvu.register.units import list_units


def list_people(conn: Connection, unit: str | None = None) -> list[dict[str, Any]]:
    """One dict per person in the shape of `directory list --format json`."""
    query = (
        sa.select(people, units.c.code.label("unit"))
        .select_from(people.join(units, people.c.unit_id == units.c.id))
        .order_by(units.c.id, people.c.person_id)
    )
    if unit:
        query = query.where(units.c.code == unit)
    mail: dict[str, dict[str, list[str]]] = {}
    for r in conn.execute(sa.select(addresses).order_by(addresses.c.id)).mappings():
        mail.setdefault(r["person_id"], {"official": [], "personal": []})[r["kind"]].append(r["address"])
    out = []
    for r in conn.execute(query).mappings():
        own = mail.get(r["person_id"], {"official": [], "personal": []})
        out.append(
            {
                "person_id": r["person_id"],
                "full_name": r["full_name"],
                "unit": r["unit"],
                "position": r["position"],
                "is_head": bool(r["is_head"]),
                "official_emails": own["official"],
                "personal_emails": own["personal"],
                "active_from": _iso(r["active_from"]),
                "active_to": _iso(r["active_to"]),
            }
        )
    return out


def page_people(
    conn: Connection,
    unit: str | None = None,
    query: str = "",
    limit: int = 100,
    offset: int = 0,
    *,
    within: ColumnElement[bool] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of people (`list_people`'s shape, same order) and how many match in all, searched in
    SQL: a name without minding diacritics or case (the indexed `name_key`), a code, or any address.
    Only the page's addresses are read, so a directory of 10,000 people costs what a page does.
    `within` (a WHERE clause on `people`) limits it to whom the reader may see."""
    where: list[Any] = [] if within is None else [within]
    if unit:
        where.append(units.c.code == unit)
    text = query.strip()
    if text:
        folded = person_key(text).strip()
        low = text.casefold()
        by_address = (
            sa.select(addresses.c.id)
            .where(addresses.c.person_id == people.c.person_id)
            .where(sa.func.lower(addresses.c.address).contains(low, autoescape=True))
            .exists()
        )
        matches = [sa.func.lower(people.c.person_id).contains(low, autoescape=True), by_address]
        if folded:
            matches.append(people.c.name_key.contains(folded, autoescape=True))
        where.append(sa.or_(*matches))
    joined = people.join(units, people.c.unit_id == units.c.id)
    total = int(conn.execute(sa.select(sa.func.count()).select_from(joined).where(*where)).scalar_one())
    rows = (
        conn.execute(
            sa.select(people, units.c.code.label("unit"))
            .select_from(joined)
            .where(*where)
            .order_by(units.c.id, people.c.person_id)
            .limit(limit)
            .offset(offset)
        )
        .mappings()
        .all()
    )
    mail: dict[str, dict[str, list[str]]] = {r["person_id"]: {"official": [], "personal": []} for r in rows}
    if mail:
        found = conn.execute(
            sa.select(addresses).where(addresses.c.person_id.in_(list(mail))).order_by(addresses.c.id)
        ).mappings()
        for a in found:
            mail[a["person_id"]][a["kind"]].append(a["address"])
    out = [
        {
            "person_id": r["person_id"],
            "full_name": r["full_name"],
            "unit": r["unit"],
            "position": r["position"],
            "is_head": bool(r["is_head"]),
            "official_emails": mail[r["person_id"]]["official"],
            "personal_emails": mail[r["person_id"]]["personal"],
            "active_from": _iso(r["active_from"]),
            "active_to": _iso(r["active_to"]),
        }
        for r in rows
    ]
    return out, total


def one_person(
    conn: Connection, person_id: str, within: ColumnElement[bool] | None = None
) -> dict[str, Any] | None:
    """One person in `list_people`'s shape (None when missing or not `within`): what an edit form
    needs, without reading the whole directory."""
    clause = people.c.person_id == person_id
    found, _total = page_people(conn, limit=1, within=clause if within is None else sa.and_(clause, within))
    return found[0] if found else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, list):
        return "|".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def _people_rows(conn: Connection) -> list[list[Any]]:
    rows = []
    for p in list_people(conn):
        p = {
            **p,
            "official_emails": "; ".join(p["official_emails"]),
            "personal_emails": "; ".join(p["personal_emails"]),
        }
        rows.append([_cell(p.get(c.name)) for c in TEMPLATES["people"]])
    return rows


def _unit_rows(conn: Connection) -> list[list[Any]]:
    return [[_cell(u.get(c.name)) for c in TEMPLATES["units"]] for u in list_units(conn)]


def export(conn: Connection, path: Path, kind: str = "people") -> None:
    """XLSX: both sheets; CSV: one template (`kind`), since a CSV file holds one table."""
    rows = {"units": _unit_rows(conn), "people": _people_rows(conn)}
    if path.suffix.lower() == ".csv":
        write_csv(path, [c.name for c in TEMPLATES[kind]], rows[kind])
        return
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name in ("units", "people"):
        add_sheet(book, name, [c.name for c in TEMPLATES[name]], rows[name])
    book.save(path)


def template(path: Path, kind: str = "people") -> None:
    """A blank template; the XLSX one carries both sheets and a Vietnamese instructions sheet."""
    if path.suffix.lower() == ".csv":
        write_csv(path, [c.name for c in TEMPLATES[kind]], [])
        return
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name in ("units", "people"):
        add_sheet(book, name, [c.name for c in TEMPLATES[name]], [])
    guide = [
        (name, c.name, c.label_vi, "bắt buộc" if c.required else "", c.example)
        for name, cols in TEMPLATES.items()
        for c in cols
    ]
    add_sheet(book, "Hướng dẫn", ["Trang", "Cột", "Ý nghĩa", "Bắt buộc", "Ví dụ"], guide)
    book.save(path)
