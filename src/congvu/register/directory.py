"""Importing the directory: validate every row first, then write everything in one transaction.

A bad file changes nothing and the report lists every bad row (line and field) at once, because
the person fixing a spreadsheet of 300 staff should not have to run the import 300 times.
Re-importing updates people and units in place (keyed by their stable codes); nobody is deleted —
people leave by `active_to`, units by retiring or merging (see `units.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import field as dataclass_field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.clock import LOCAL
from congvu.register import audit, memberships
from congvu.register.columns import TEMPLATES, Column, kind_of
from congvu.register.names import person_key
from congvu.register.schema import addresses, people, unit_names, units
from congvu.register.store import Store
from congvu.register.tables import Row, Table, read_tables


@dataclass(frozen=True, slots=True)
class RowError:
    where: str
    line: int
    field: str
    message: str
    code: str = ""  # the message as a stable key (`FieldError.code`, or one of the checks below)
    params: dict[str, str] = dataclass_field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.where} line {self.line}, field {self.field}: {self.message}"


class DirectoryError(Exception):
    """The files were rejected; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s); nothing was imported")
        self.errors = errors


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: {"units": 0, "people": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"units": 0, "people": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"units": 0, "people": 0})


def example_files() -> list[Path]:
    base = resources.files("congvu") / "data" / "example_org"
    return [Path(str(base / "units.csv")), Path(str(base / "people.csv"))]


def example_city_files() -> list[Path]:
    """The city above the example district and a second district (Thanh Khê), imported after it."""
    base = resources.files("congvu") / "data" / "example_city"
    return [Path(str(base / "units.csv")), Path(str(base / "people.csv"))]


def _parse(
    table: Table, columns: tuple[Column, ...], errors: list[RowError]
) -> list[tuple[Row, dict[str, Any]]]:
    missing = [c.name for c in columns if c.required and c.name not in table.header]
    if missing:
        errors.append(RowError(table.where, 1, ",".join(missing), "required column is missing", "missing"))
        return []
    parsed = []
    for row in table.rows:
        values: dict[str, Any] = {}
        for column in columns:
            raw = row.values.get(column.name, "")
            if not raw and column.required:
                errors.append(RowError(row.where, row.line, column.name, "required", "required"))
                continue
            try:
                values[column.name] = column.parse(raw) if raw or column.name != "parent" else None
            except ValueError as exc:
                code, params = getattr(exc, "code", "invalid"), getattr(exc, "params", {})
                errors.append(RowError(row.where, row.line, column.name, str(exc), code, params))
        parsed.append((row, values))  # kept even when bad, so its references are checked too
    return parsed


def _check_references(
    conn: Connection,
    unit_rows: list[tuple[Row, dict[str, Any]]],
    person_rows: list[tuple[Row, dict[str, Any]]],
    errors: list[RowError],
) -> None:
    known = set(conn.execute(sa.select(units.c.code)).scalars())
    for rows, key in ((unit_rows, "code"), (person_rows, "person_id")):
        seen: dict[str, int] = {}
        for row, values in rows:
            if values.get(key) is None:
                continue
            if values[key] in seen:
                line = str(seen[values[key]])
                errors.append(
                    RowError(
                        row.where, row.line, key, f"duplicate of line {line}", "duplicate", {"line": line}
                    )
                )
            seen.setdefault(values[key], row.line)
    codes = known | {v["code"] for _, v in unit_rows if v.get("code")}
    for row, values in unit_rows:
        if values.get("parent") and values["parent"] not in codes:
            errors.append(
                RowError(
                    row.where, row.line, "parent", f"unknown unit {values['parent']!r}", "unknown_unit",
                    {"code": values["parent"]},
                )
            )  # fmt: skip
        if values.get("parent") and values.get("parent") == values.get("code"):
            errors.append(
                RowError(row.where, row.line, "parent", "a unit cannot be its own parent", "own_parent")
            )
    for row, values in person_rows:
        if values.get("unit") and values["unit"] not in codes:
            errors.append(
                RowError(
                    row.where, row.line, "unit", f"unknown unit {values['unit']!r}", "unknown_unit",
                    {"code": values["unit"]},
                )
            )  # fmt: skip
        start, end = values.get("active_from"), values.get("active_to")
        if start and end and end < start:
            errors.append(
                RowError(row.where, row.line, "active_to", "ends before active_from", "ends_before")
            )


def import_files(store: Store, paths: list[Path], who: str) -> ImportReport:
    """Validate all rows of all files, then apply them in one transaction (all or nothing)."""
    errors: list[RowError] = []
    parsed: dict[str, list[tuple[Row, dict[str, Any]]]] = {"units": [], "people": []}
    for path in paths:
        for table in read_tables(path):
            kind = kind_of(table.header)
            if kind is None:
                errors.append(RowError(table.where, 1, "header", "neither the units nor the people template"))
                continue
            parsed[kind].extend(_parse(table, TEMPLATES[kind], errors))

    def work(conn: Connection) -> ImportReport:
        _check_references(conn, parsed["units"], parsed["people"], errors)
        if errors:
            raise DirectoryError(sorted(errors, key=lambda e: (e.where, e.line, e.field)))
        report = ImportReport()
        today = store.clock().astimezone(LOCAL).date()
        events: list[audit.Event] = []
        _apply_units(conn, [v for _, v in parsed["units"]], today, who, report, events)
        _apply_people(conn, [v for _, v in parsed["people"]], today, who, report, events)
        audit.append(conn, store.clock(), events)
        return report

    if errors and not parsed["units"] and not parsed["people"]:
        raise DirectoryError(errors)
    return store.run(work)


def _apply_units(
    conn: Connection,
    rows: list[dict[str, Any]],
    today: date,
    who: str,
    report: ImportReport,
    events: list[audit.Event],
) -> None:
    existing = {r["code"]: dict(r) for r in conn.execute(sa.select(units)).mappings()}
    for values in rows:
        record = {k: values.get(k) for k in ("code", "name", "kind", "valid_from", "valid_to")}
        record["aliases"] = values.get("aliases") or []
        old = existing.get(values["code"])
        if old is None:
            unit_id = conn.execute(units.insert().values(record).returning(units.c.id)).scalar_one()
            conn.execute(
                unit_names.insert().values(
                    unit_id=unit_id, name=record["name"], valid_from=values.get("valid_from")
                )
            )
            existing[values["code"]] = {**record, "id": unit_id, "parent_id": None}
            report.created["units"] += 1
            events.append(audit.Event(who, "unit.created", "unit", values["code"], after=_jsonable(record)))
            continue
        changed = {k: v for k, v in record.items() if old.get(k) != v}
        if not changed:
            report.unchanged["units"] += 1
            continue
        conn.execute(units.update().where(units.c.id == old["id"]).values(changed))
        if "name" in changed:  # a rename through the file: keep the old name for old documents
            _close_name(conn, old["id"], old["name"], str(record["name"]), today)
        report.updated["units"] += 1
        events.append(
            audit.Event(
                who,
                "unit.updated",
                "unit",
                values["code"],
                before=_jsonable({k: old.get(k) for k in changed}),
                after=_jsonable(changed),
            )
        )
        existing[values["code"]].update(changed)
    ids = {code: u["id"] for code, u in existing.items()}
    for values in rows:
        parent_id = ids.get(values["parent"]) if values.get("parent") else None
        if existing[values["code"]].get("parent_id") != parent_id:
            conn.execute(units.update().where(units.c.code == values["code"]).values(parent_id=parent_id))


def _close_name(conn: Connection, unit_id: int, old: str, new: str, when: date) -> None:
    conn.execute(
        unit_names.update()
        .where(unit_names.c.unit_id == unit_id, unit_names.c.name == old, unit_names.c.valid_to.is_(None))
        .values(valid_to=when)
    )
    exists = conn.execute(
        sa.select(unit_names.c.id).where(unit_names.c.unit_id == unit_id, unit_names.c.name == new)
    ).first()
    if exists is None:
        conn.execute(unit_names.insert().values(unit_id=unit_id, name=new, valid_from=when))


def _apply_people(
    conn: Connection,
    rows: list[dict[str, Any]],
    today: date,
    who: str,
    report: ImportReport,
    events: list[audit.Event],
) -> None:
    """Create or update people; a changed unit is a move from `today` (the history keeps the old one)."""
    unit_ids = dict(conn.execute(sa.select(units.c.code, units.c.id)).tuples().all())
    existing = {r["person_id"]: dict(r) for r in conn.execute(sa.select(people)).mappings()}
    mail: dict[str, set[tuple[str, str]]] = {}
    for r in conn.execute(sa.select(addresses.c.person_id, addresses.c.address, addresses.c.kind)):
        mail.setdefault(r.person_id, set()).add((r.address, r.kind))
    inserts: list[dict[str, Any]] = []
    address_rows: list[dict[str, str]] = []
    touched: list[str] = []
    moves: dict[int, list[str]] = {}
    for values in rows:
        record = {
            "person_id": values["person_id"],
            "full_name": values["full_name"],
            "name_key": person_key(values["full_name"]),
            "position": values.get("position") or "",
            "unit_id": unit_ids[values["unit"]],
            "is_head": bool(values.get("is_head")),
            "active_from": values.get("active_from"),
            "active_to": values.get("active_to"),
        }
        wanted = {(a, "official") for a in values.get("official_emails") or []}
        wanted |= {(a, "personal") for a in values.get("personal_emails") or []}
        old = existing.get(values["person_id"])
        if old is None:
            inserts.append(record)
            report.created["people"] += 1
            events.append(
                audit.Event(who, "person.created", "person", record["person_id"], after=_jsonable(record))
            )
        else:
            changed = {k: v for k, v in record.items() if old.get(k) != v}
            old_mail = mail.get(values["person_id"], set())
            if not changed and old_mail == wanted:
                report.unchanged["people"] += 1
                continue
            if changed:
                conn.execute(people.update().where(people.c.person_id == record["person_id"]).values(changed))
            if "unit_id" in changed:
                moves.setdefault(record["unit_id"], []).append(record["person_id"])
            report.updated["people"] += 1
            touched.append(record["person_id"])
            before = {k: old.get(k) for k in changed} | {"addresses": sorted(old_mail)}
            events.append(
                audit.Event(
                    who,
                    "person.updated",
                    "person",
                    record["person_id"],
                    before=_jsonable(before),
                    after=_jsonable(changed | {"addresses": sorted(wanted)}),
                )
            )
        address_rows.extend(
            {"person_id": record["person_id"], "address": a, "kind": k} for a, k in sorted(wanted)
        )
    if inserts:
        conn.execute(people.insert(), inserts)
        memberships.open_for(conn, ((r["person_id"], r["unit_id"], r["active_from"]) for r in inserts))
    for unit_id, moved in moves.items():
        memberships.move(conn, moved, unit_id, today)
    for chunk in _chunks(touched, 500):
        conn.execute(addresses.delete().where(addresses.c.person_id.in_(chunk)))
    if address_rows:
        conn.execute(addresses.insert(), address_rows)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def save_one(store: Store, kind: str, raw: dict[str, str], who: str, *, new: bool) -> ImportReport:
    """One unit or one person from a form (the web app's), with the import's own checks (`_parse`,
    `_check_references`) and writes (`_apply_units`, `_apply_people`), so a form and a file
    accept and refuse the same values.  `new` refuses a code that exists; an edit refuses one
    that does not.  DirectoryError lists every bad field; nothing is written then."""
    columns = TEMPLATES[kind]
    key = "code" if kind == "units" else "person_id"
    row = Row("form", 1, {c.name: str(raw.get(c.name) or "").strip() for c in columns})
    parse_errors: list[RowError] = []
    parsed = _parse(Table(kind, "form", tuple(c.name for c in columns), (row,)), columns, parse_errors)
    values = parsed[0][1]

    def work(conn: Connection) -> ImportReport:
        errors = list(parse_errors)  # afresh on a retry
        unit_rows, person_rows = (parsed, []) if kind == "units" else ([], parsed)
        _check_references(conn, unit_rows, person_rows, errors)
        if values.get(key) is not None:
            column = units.c.code if kind == "units" else people.c.person_id
            exists = conn.execute(sa.select(column).where(column == values[key])).first() is not None
            if new and exists:
                errors.append(
                    RowError(
                        "form", 1, key, f"{values[key]!r} exists already", "exists", {"value": values[key]}
                    )
                )
            elif not new and not exists:
                errors.append(
                    RowError("form", 1, key, f"no {values[key]!r} to edit", "no_such", {"value": values[key]})
                )
        if errors:
            raise DirectoryError(errors)
        report = ImportReport()
        today = store.clock().astimezone(LOCAL).date()
        events: list[audit.Event] = []
        if kind == "units":
            _apply_units(conn, [values], today, who, report, events)
        else:
            _apply_people(conn, [values], today, who, report, events)
        audit.append(conn, store.clock(), events)
        return report

    return store.run(work)
