"""Clause 1a: heads set the example.  Per head and month, their mail to their own staff: how much
went through the official system and how much through public mailboxes.

A message counts once for a head when it is *from* the head (official address, official login, or
one of the head's known public mailboxes) and reaches at least one of the head's staff; it is
"public" when either end used a public mailbox (the head's own, or a staff member's), else
"official".  Staff = active people of the head's unit, plus the heads of units directly under it
(the district chairman's staff includes the office heads).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from congvu.clock import LOCAL
from congvu.mailflow.rules import StaffEntry, StaffIndex, normalize_address


@dataclass(frozen=True, slots=True)
class Sent:
    """The little that counting needs from a message, whether it came from a log or an archive."""

    time: datetime | None
    sender: str
    recipients: tuple[str, ...]
    sasl_username: str | None = None


@dataclass
class HeadMonth:
    person_id: str
    full_name: str
    unit: str | None
    month: str
    official: int = 0
    public: int = 0
    examples: list[str] = field(default_factory=list)  # a few public cases, for the inspector

    def as_dict(self) -> dict[str, Any]:
        total = self.official + self.public
        return {
            "person_id": self.person_id,
            "full_name": self.full_name,
            "unit": self.unit,
            "month": self.month,
            "official": self.official,
            "public": self.public,
            "total": total,
            "official_share": round(self.official / total, 3) if total else None,
            "public_examples": self.examples,
        }


def from_log_message(message: Mapping[str, Any]) -> Sent:
    time = datetime.fromisoformat(message["time"]) if message.get("time") else None
    rcpts = tuple(dict.fromkeys(r["orig_to"] or r["to"] for r in message["recipients"]))
    return Sent(time, message.get("from") or "", rcpts, message.get("sasl_username"))


def staff_of(index: StaffIndex, parents: Mapping[str, str | None]) -> dict[str, set[str]]:
    """Head person_id → person_ids of their staff (see the module docstring)."""
    people = {e.person_id: e for e in [*index.official.values(), *index.personal.values()]}
    by_unit: dict[str | None, set[str]] = {}
    for e in people.values():
        by_unit.setdefault(e.unit, set()).add(e.person_id)
    out: dict[str, set[str]] = {}
    for e in people.values():
        if not e.is_head:
            continue
        staff = set(by_unit.get(e.unit, set()))
        for other in people.values():
            if other.is_head and other.unit is not None and parents.get(other.unit) == e.unit:
                staff.add(other.person_id)
        staff.discard(e.person_id)
        out[e.person_id] = staff
    return out


def _sender(index: StaffIndex, sent: Sent) -> tuple[StaffEntry | None, bool]:
    address = normalize_address(sent.sender)
    if address in index.official:
        return index.official[address], False
    if address in index.personal:
        return index.personal[address], True
    login = index.login_owner(sent.sasl_username)
    return login, False


def heads_report(
    messages: Iterable[Sent],
    index: StaffIndex,
    parents: Mapping[str, str | None] | None = None,
    month: str | None = None,
) -> list[HeadMonth]:
    staff = staff_of(index, parents or {})
    rows: dict[tuple[str, str], HeadMonth] = {}
    for sent in messages:
        head, public_sender = _sender(index, sent)
        if head is None or head.person_id not in staff or sent.time is None:
            continue
        local = sent.time.astimezone(LOCAL)
        key_month = f"{local.year:04d}-{local.month:02d}"
        if month and key_month != month:
            continue
        reached, public = False, public_sender
        for rcpt in sent.recipients:
            address = normalize_address(rcpt)
            owner = index.official.get(address)
            via_public = False
            if owner is None:
                owner, via_public = index.personal.get(address), True
            if owner is not None and owner.person_id in staff[head.person_id]:
                reached = True
                public = public or via_public
        if not reached:
            continue
        row = rows.setdefault(
            (head.person_id, key_month), HeadMonth(head.person_id, head.full_name, head.unit, key_month)
        )
        if public:
            row.public += 1
            if len(row.examples) < 5:
                row.examples.append(f"{sent.time.isoformat()} {sent.sender} → {', '.join(sent.recipients)}")
        else:
            row.official += 1
    return sorted(rows.values(), key=lambda r: (r.month, r.unit or "", r.person_id))
