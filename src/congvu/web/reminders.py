"""Reminders from the web app: the preview and the send of one violation's reminders.

Nothing here sends mail by itself: the reminders go into the notify outbox (`outbox.enqueue`, the
same rows `congvu remind --send` works through) and, when the app has an SMTP transport, are
delivered at once by `notify.send.send` limited to this violation — the one sending path, with
its compare-and-set claim and its last-moment official-address check.  Without a transport they
stay queued for the next `congvu remind --send`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from congvu.classify.policy import AddressPolicy
from congvu.notify import outbox
from congvu.notify.messages import Reminder, body, subject
from congvu.notify.outbox import Skipped
from congvu.notify.send import Retry, Transport, send
from congvu.notify.smtp import DeliveryError
from congvu.register import audit
from congvu.register.schema import people
from congvu.settings import EvaluationSettings, ReportSettings, SmtpSettings
from congvu.web.state import WebState


class ReminderRefused(Exception):
    """Nothing could be queued: `code` says why (`err_remind_<code>` in i18n)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Preview:
    status: str  # the violation's status: only confirmed violations get reminders
    month: str
    messages: list[dict[str, Any]] = field(default_factory=list)  # reminder, subject, body, state
    skipped: list[dict[str, Any]] = field(default_factory=list)  # code, recipient_id, name
    history: list[dict[str, Any]] = field(default_factory=list)


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite gives the stored UTC moment without its zone: say it is UTC, so pages show Đà Nẵng time."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _sender_name(web: WebState) -> str:
    return ReportSettings.of(web.config).issuer_text


def _plan(web: WebState, month: str, violation_id: int) -> tuple[list[Reminder], list[Skipped]]:
    policy = AddressPolicy.from_config(web.config)
    with web.store.begin() as conn:
        return outbox.plan(conn, month, policy, EvaluationSettings.of(web.config).cap, violation_id)


def history(web: WebState, violation_id: int) -> list[dict[str, Any]]:
    with web.store.begin() as conn:
        rows = outbox.history(conn, violation_id)
    for row in rows:
        for key in ("created_at", "sent_at", "claimed_at"):
            row[key] = _utc(row[key])
    return rows


def preview(web: WebState, item: dict[str, Any]) -> Preview:
    """What sending would queue for this violation, in the words notify would send."""
    out = Preview(item["status"], item["month"], history=history(web, item["id"]))
    if item["status"] != "confirmed":
        return out
    planned, skipped = _plan(web, item["month"], item["id"])
    states = {row["recipient_id"]: row["state"] for row in out.history}
    sender = _sender_name(web)
    for reminder in planned:
        out.messages.append(
            {
                "reminder": reminder,
                "subject": subject(reminder),
                "body": body(reminder, sender),
                "state": states.get(reminder.recipient_id, "new"),
            }
        )
    names = _names(web, {s.recipient_id for s in skipped if s.recipient_id})
    out.skipped = [
        {
            "code": s.code or "no_official",
            "recipient_id": s.recipient_id,
            "name": names.get(s.recipient_id or ""),
        }
        for s in skipped
    ]
    return out


def _names(web: WebState, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    with web.store.begin() as conn:
        query = sa.select(people.c.person_id, people.c.full_name).where(people.c.person_id.in_(ids))
        return {pid: name for pid, name in conn.execute(query).tuples()}


def queue(web: WebState, who: str, item: dict[str, Any], transport: Transport | None) -> list[Reminder]:
    """Queue this violation's reminders in the outbox (audited) and deliver them when there is a
    transport.  ReminderRefused when the violation is not confirmed or nobody has an official address."""
    if item["status"] != "confirmed":
        raise ReminderRefused("not_confirmed")
    month, violation_id = item["month"], item["id"]
    planned, skipped = _plan(web, month, violation_id)
    if not planned:
        raise ReminderRefused("no_official" if skipped else "nothing")
    store = web.store

    def work(conn: Any) -> int:
        added = outbox.enqueue(conn, planned, store.clock())
        after = {
            "recipients": [
                {"person_id": r.recipient_id, "role": r.role, "address": r.address} for r in planned
            ],
            "skipped": [{"person_id": s.recipient_id, "reason": s.reason} for s in skipped],
            "queued": added,
        }
        event = audit.Event(who, "reminder.queued", "violation", str(violation_id), None, after)
        audit.append(conn, store.clock(), [event])
        return added

    store.run(work)
    if transport is not None:
        sender = SmtpSettings.of(web.config).sender
        send(
            store, month, AddressPolicy.from_config(web.config), EvaluationSettings.of(web.config).cap,
            transport, sender=sender, sender_name=_sender_name(web), retry=Retry(1, 0.0),
            violation_id=violation_id,
        )  # fmt: skip
    return planned


def queue_contest_notice(conn: Any, web: WebState, who: str, violation_id: int) -> list[Reminder]:
    """Queue the inspectors' notices of a contest in the notify outbox (role `contest`), audited as
    `contest.notice_queued` with who could not be reached.  Runs in the contest's own transaction
    (`review.decide(then=...)`): a contest is never recorded without its notice, nor a notice
    without its contest."""
    planned, now, after = _queue_notice(conn, web, violation_id, outbox.contest_notices)
    event = audit.Event(who, "contest.notice_queued", "violation", str(violation_id), None, after)
    audit.append(conn, now, [event])
    return planned


def queue_dismissal_notice(conn: Any, web: WebState, who: str, violation_id: int) -> list[Reminder]:
    """Queue the person's notice that their contest was upheld (role `dismissed`), audited as
    `dismissal.notice_queued`; in the dismissal's own transaction, as a contest's notice is."""
    planned, now, after = _queue_notice(conn, web, violation_id, outbox.dismissal_notices)
    event = audit.Event(who, "dismissal.notice_queued", "violation", str(violation_id), None, after)
    audit.append(conn, now, [event])
    return planned


def _queue_notice(
    conn: Any,
    web: WebState,
    violation_id: int,
    plan: Callable[[Any, int, AddressPolicy, str], tuple[list[Reminder], list[Skipped]]],
) -> tuple[list[Reminder], datetime, dict[str, Any]]:
    """Plan a decision's notices and queue them; the caller audits them (its action code a literal,
    which the audit page's vocabulary test reads) with who got one and who could not be reached."""
    policy = AddressPolicy.from_config(web.config)
    cap = EvaluationSettings.of(web.config).cap
    now = web.store.clock()
    planned, skipped = plan(conn, violation_id, policy, cap)
    added = outbox.enqueue(conn, planned, now)
    after = {
        "recipients": [{"person_id": r.recipient_id, "address": r.address} for r in planned],
        "skipped": [{"person_id": s.recipient_id, "reason": s.reason} for s in skipped],
        "queued": added,
    }
    return planned, now, after


def deliver_contest_notice(web: WebState, planned: list[Reminder], violation_id: int) -> None:
    """With an SMTP transport, deliver the queued notices now through `notify.send.send` — the
    same claim and last-moment official-address check as every reminder; otherwise `congvu remind
    --send` delivers them.  A delivery problem leaves them queued; the contest stands."""
    if web.transport is None or not planned:
        return
    policy = AddressPolicy.from_config(web.config)
    cap = EvaluationSettings.of(web.config).cap
    sender = SmtpSettings.of(web.config).sender
    # a problem leaves it queued (pending or failed) for `congvu remind --send`
    with contextlib.suppress(OSError, DeliveryError, ValueError):
        send(
            web.store, planned[0].month, policy, cap, web.transport, sender=sender,
            sender_name=_sender_name(web), retry=Retry(1, 0.0), violation_id=violation_id,
        )  # fmt: skip
