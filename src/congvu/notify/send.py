"""`remind`: preview or send the month's reminders through the outbox.

Per reminder: claim (compare-and-set), send with retries and exponential backoff on temporary
failures, then mark sent or failed — each step its own short transaction, so a slow SMTP server
never holds a database lock and a crash leaves at worst a stale claim that a later run takes over.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

from congvu.classify.policy import AddressPolicy
from congvu.notify import outbox
from congvu.notify.messages import Reminder, build_message
from congvu.notify.outbox import NotOfficial, Skipped, official_address
from congvu.notify.smtp import DeliveryError
from congvu.register.store import Store


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True, slots=True)
class Retry:
    attempts: int = 4
    delay: float = 2.0  # seconds before the first retry, doubled each time
    sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True, slots=True)
class PreviewLine:
    reminder: Reminder
    state: str  # "new" when not in the outbox yet


@dataclass
class SendReport:
    sent: list[Reminder] = field(default_factory=list)
    already: int = 0  # sent by an earlier run (or by another worker just now)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def preview(
    store: Store, month: str, policy: AddressPolicy, cap: str
) -> tuple[list[PreviewLine], list[Skipped]]:
    """What `--send` would do, without writing anything."""
    with store.begin() as conn:
        planned, skipped = outbox.plan(conn, month, policy, cap)
        planned += outbox.queued_notices(conn, month, policy, cap)
        known = outbox.states(conn, month)
    lines = [PreviewLine(r, str(known.get(outbox.key(r), {}).get("state", "new"))) for r in planned]
    return lines, skipped


def _deliver(transport: Transport, message: EmailMessage, retry: Retry) -> tuple[int, str | None]:
    """(attempts made, error or None)."""
    for attempt in range(1, retry.attempts + 1):
        try:
            transport.send(message)
            return attempt, None
        except DeliveryError as error:
            if not error.temporary or attempt == retry.attempts:
                return attempt, str(error)
            retry.sleep(retry.delay * 2 ** (attempt - 1))
    return retry.attempts, "no attempt made"


def send(
    store: Store,
    month: str,
    policy: AddressPolicy,
    cap: str,
    transport: Transport,
    *,
    sender: str,
    sender_name: str,
    retry: Retry | None = None,
    violation_id: int | None = None,
) -> SendReport:
    """Send every reminder of `month` not sent yet (only `violation_id`'s, given one), and the
    contest notices waiting in the outbox; safe to re-run and to run twice at once."""
    retry = retry or Retry()
    official_address(policy, sender, set())  # the From address must be official too
    report = SendReport()
    with store.begin() as conn:
        planned, report.skipped = outbox.plan(conn, month, policy, cap, violation_id)
        # contest notices are queued when the contest is filed (web.reminders.queue_contest_notice)
        planned += outbox.queued_notices(conn, month, policy, cap, violation_id)
        outbox.enqueue(conn, planned, store.clock())
    with store.begin() as conn:
        rows = outbox.states(conn, month)
    for reminder in planned:
        row = rows[outbox.key(reminder)]
        if row["state"] == "sent":
            report.already += 1
            continue
        with store.begin() as conn:
            token = outbox.claim(conn, row["id"], store.clock())
        if token is None:
            report.already += 1
            continue
        message: EmailMessage | None = None
        try:
            # checked again at the last moment: nothing but an official address ever gets a reminder
            official_address(policy, reminder.address, set())
            message = build_message(reminder, sender, sender_name, store.clock())
            if message["To"] != reminder.address:
                raise NotOfficial(f"message addressed to {message['To']!r}, expected {reminder.address!r}")
            attempts, error = _deliver(transport, message, retry)
        except NotOfficial as refused:
            attempts, error, message = 0, str(refused), None
        with store.begin() as conn:
            message_id = message["Message-ID"] if message is not None and error is None else None
            outbox.finish(
                conn, row["id"], token, sent=error is None, attempts=attempts, now=store.clock(),
                error=error, message_id=message_id,
            )  # fmt: skip
        if error is None:
            report.sent.append(reminder)
        else:
            report.failed.append((reminder, error))
    return report
