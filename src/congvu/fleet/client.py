"""The submitting side: one task per file, results back in `congvu scan`'s order and contract; and
what the queues and workers are doing (`congvu queue status`)."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from amqp.exceptions import ConnectionError as AMQPConnectionError
from celery import Celery
from celery.exceptions import TimeoutError as CeleryTimeout
from celery.result import AsyncResult
from kombu.exceptions import OperationalError

from congvu.fleet.app import dead_queue, queue
from congvu.fleet.tasks import CRAWL_TASK, SCAN_TASK
from congvu.model import DocumentResult, Finding, Metadata
from congvu.output.safe_text import readable
from congvu.settings import Config, ScanSettings
from congvu.sources.files import Refused, iter_inputs

_log = logging.getLogger(__name__)
# How long one publish waits for the broker's confirm before it is sent again (kombu's retry, on a
# new connection). Without a bound, a publish whose confirm never comes — the node restarted
# under it, a queue with no leader — would hold `submit` forever.
CONFIRM_SECONDS = 10.0


@dataclass(slots=True)
class Submitted:
    """What one `submit` put on the queue, in input order: a task per file, or the result of an
    input refused before any task (a FIFO, a link out of the folder), as `congvu scan` has it."""

    items: list[tuple[str, AsyncResult | DocumentResult]] = field(default_factory=list)
    recorded: dict[str, int] = field(default_factory=dict)  # with `record`: the workers' counts, added up
    not_recorded: list[str] = field(default_factory=list)  # "path: why" the workers could not record
    sent: dict[str, tuple[str, dict[str, Any], str]] = field(
        default_factory=dict
    )  # id → (path, kwargs, queue)
    answered: set[str] = field(default_factory=set)  # task ids whose result came back
    resent: int = 0  # tasks sent again after the broker connection was lost
    connection: Any = None  # the result consumer's connection last seen (a new one: it reconnected)
    lost: bool = False  # the broker connection was lost: unanswered tasks are to be sent again

    @property
    def tasks(self) -> int:
        return sum(1 for _, item in self.items if isinstance(item, AsyncResult))


def submit(
    app: Celery,
    paths: Iterable[Path],
    config: Config,
    queue_name: str,
    *,
    wait: bool = True,
    record_by: str | None = None,
) -> Submitted:
    """Queue every input file (walked as `congvu scan` walks) by its absolute path. Without `wait`
    no result is sent back (it would pile up in a reply queue no one reads); the workers still keep
    what they judged in the register's results. With `record_by`, each worker records its file's
    result into its register (the shared one) in that name, retrying while the register is down."""
    follow = ScanSettings.of(config).follow_symlinks
    out = Submitted()
    target = queue(queue_name)
    declare(app, queue_name)
    for item in iter_inputs(paths, follow_symlinks=follow):
        if isinstance(item, Refused):
            shown = readable(str(item.path))
            out.items.append((shown, DocumentResult(shown, "error", readable(item.reason))))
            continue
        kwargs = {"record": {"by": record_by}} if record_by is not None else {}
        task = app.send_task(
            SCAN_TASK,
            args=(os.path.abspath(item),),
            kwargs=kwargs,
            queue=target,
            ignore_result=not wait,
            confirm_timeout=CONFIRM_SECONDS,
        )
        out.sent[task.id] = (os.path.abspath(item), kwargs, queue_name)
        out.items.append((readable(str(item)), task))
    return out


def submit_sites(
    app: Celery,
    sites: Iterable[tuple[str, list[str]]],
    queue_name: str,
    *,
    max_pages: int,
    max_depth: int,
    full: bool = False,
    wait: bool = True,
) -> list[tuple[str, AsyncResult]]:
    """One crawl task per site: (start URL, the domains its crawl stays within)."""
    target = queue(queue_name)
    declare(app, queue_name)
    return [
        (
            url,
            app.send_task(
                CRAWL_TASK,
                args=(url, allowed, max_pages, max_depth, full),
                queue=target,
                ignore_result=not wait,
                confirm_timeout=CONFIRM_SECONDS,
            ),
        )
        for url, allowed in sites
    ]


def crawl_results(
    tasks: Iterable[tuple[str, AsyncResult]], *, timeout: float | None = None
) -> dict[str, Any]:
    """The sites' crawl JSON merged into one (`crawl.report.as_dict`'s keys), sites in submitted
    order; a site whose task failed is one error page under its start URL. `policies`: the policy
    versions the workers judged under."""
    merged: dict[str, Any] = {"pages": [], "skipped": [], "stopped_at_max_pages": False, "not_modified": 0}
    merged["policies"] = set()  # the policy versions the workers judged under (one, but for an upgrade)
    for url, task in tasks:
        outcome = task.get(timeout=timeout, propagate=False)
        task.forget()
        if not isinstance(outcome, dict):
            page = {"url": url, "status": "error", "error": f"internal error: {outcome!r}", "verdict": None}
            merged["pages"].append({**page, "findings": []})
            continue
        merged["pages"] += outcome.get("pages") or []
        merged["skipped"] += outcome.get("skipped") or []
        merged["stopped_at_max_pages"] |= bool(outcome.get("stopped_at_max_pages"))
        merged["not_modified"] += int(outcome.get("not_modified") or 0)
        if outcome.get("policy"):
            merged["policies"].add(str(outcome["policy"]))
    return merged


def declare(app: Celery, queue_name: str) -> None:
    """Declare the queue and its dead-letter queue (idempotent), so that nothing sent to either is
    dropped for want of a queue, whether or not a worker has started yet."""
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        queue(queue_name)(channel).declare()
        dead_queue(queue_name)(channel).declare()


def results(
    submitted: Submitted, *, timeout: float | None = None, on_result: Callable[[], None] | None = None
) -> Iterator[DocumentResult]:
    """Each input's result in input order, under the path as the submitter wrote it."""
    for shown, item in submitted.items:
        if isinstance(item, AsyncResult):
            contract = _wait(submitted, item, timeout)
            submitted.answered.add(item.id)
            if isinstance(contract, dict):
                _note_recorded(submitted, shown, contract.pop("recorded", None))
                result = from_contract(contract)
            else:  # the task raised (a bug): said as the scanner says an internal error
                result = DocumentResult(shown, "error", f"internal error: {contract!r}")
            result.path = shown
            item.forget()
        else:
            result = item
        if on_result:
            on_result()
        yield result


POLL_SECONDS = 5.0  # how often a waiting submitter checks its broker connection is the one it had
# What a lost broker looks like from here: the socket's error, Celery's "connection lost", kombu's
# OperationalError once its own retries are spent (not an OSError), and the broker's connection-level
# refusals while it restarts (320 CONNECTION_FORCED on `rabbitmqctl stop`, 541 INTERNAL_ERROR while a
# restarted node's quorum queues have no leader yet).
BROKER_LOST: tuple[type[BaseException], ...] = (OSError, RuntimeError, OperationalError, AMQPConnectionError)
RECONNECT_MAX_SECONDS = 5.0  # back-off between tries to reach a lost broker: 0.5, 1, 2, 4, 5, 5 …


def _wait(submitted: Submitted, item: AsyncResult, timeout: float | None) -> Any:
    """The result of `item`, through broker connection losses.

    Results travel on the submitter's `rpc://` reply queue, which RabbitMQ deletes when the
    connection is lost (and with it any result sent meanwhile). So when the connection is lost —
    an error here, or Celery's result consumer found on a new connection after a poll — the
    submitter reconnects and sends every task still unanswered again, under the same task id: a
    worker answers a file already judged from `fleet_results` without reading it, and recording is
    idempotent, so a task run twice is reported once and recorded once."""
    deadline = None if timeout is None else time.monotonic() + timeout
    consumer = item.backend.result_consumer
    tries = 0  # failed tries to reach the broker in a row
    while True:
        if submitted.lost:
            try:
                _revive(consumer)
                submitted.connection = getattr(consumer, "_connection", None)
                _resend(submitted, item.app)
                submitted.lost = False
            except BROKER_LOST as exc:
                _log.warning("broker still unreachable (%s); trying again", exc)
                tries = _back_off(tries, deadline)
                continue
        poll = POLL_SECONDS if deadline is None else max(0.1, min(POLL_SECONDS, deadline - time.monotonic()))
        try:
            result = item.get(timeout=poll, propagate=False)
        except CeleryTimeout:
            if deadline is not None and time.monotonic() >= deadline:
                raise
            submitted.lost = _reconnected(submitted, consumer)
            continue
        except BROKER_LOST as exc:  # connection lost and not regained by Celery's own retries
            _log.warning("broker connection lost while waiting (%s); reconnecting", exc)
            submitted.lost = True
            tries = _back_off(tries, deadline)
            continue
        # this result came, but others may have been lost: sent again before the next wait
        submitted.lost = _reconnected(submitted, consumer)
        return result


def _revive(consumer: Any) -> None:
    """Celery's result consumer on a new connection, listening again on the reply queue.

    Celery rebuilds it itself after a short blip, inside `get()`; but when the broker stays away
    longer than kombu's retries, that rebuild fails half-way (a new connection, no consumer on it)
    and results would pile up unread in the reply queue forever. So once the broker is lost, the
    submitter rebuilds it with Celery's own `_reconnect` (cancel the stale consumer, close its
    connection, consume the same queues on a fresh one) before sending anything again."""
    reconnect = getattr(consumer, "_reconnect", None)
    if reconnect is not None and getattr(consumer, "_consumer", None) is not None:
        reconnect()


def _back_off(tries: int, deadline: float | None) -> int:
    """Sleep before the next try to reach the broker (0.5 s, doubling up to `RECONNECT_MAX_SECONDS`);
    a submitter with a `--timeout` gives up at its deadline (Celery's TimeoutError), one without
    waits for the broker as long as it takes: its tasks are safe in the broker's queue meanwhile."""
    if deadline is not None and time.monotonic() >= deadline:
        raise CeleryTimeout("the broker stayed unreachable until the time-out")
    time.sleep(min(RECONNECT_MAX_SECONDS, 0.5 * 2**tries))
    return tries + 1


def _reconnected(submitted: Submitted, consumer: Any) -> bool:
    """Whether Celery's result consumer is on another connection than last seen (it reconnected
    inside `get()`, and results sent meanwhile are lost). None before the first `get()`: it
    connects lazily."""
    now = getattr(consumer, "_connection", None)
    before, submitted.connection = submitted.connection, now
    return before is not None and now is not before


def _resend(submitted: Submitted, app: Celery) -> None:
    """Every task not answered yet, sent again under its own id (see `_wait`)."""
    for task_id, (path, kwargs, queue_name) in submitted.sent.items():
        if task_id in submitted.answered:
            continue
        app.send_task(
            SCAN_TASK,
            args=(path,),
            kwargs=kwargs,
            queue=queue(queue_name),
            task_id=task_id,
            confirm_timeout=CONFIRM_SECONDS,
        )
        submitted.resent += 1
    _log.warning("broker connection regained: %d unanswered tasks sent again", submitted.resent)


def _note_recorded(submitted: Submitted, shown: str, recorded: Any) -> None:
    if not isinstance(recorded, dict):
        return
    if "error" in recorded:
        submitted.not_recorded.append(f"{shown}: {recorded['error']}")
        return
    for key, n in recorded.items():
        if isinstance(n, int):
            submitted.recorded[key] = submitted.recorded.get(key, 0) + n


def from_contract(data: dict[str, Any]) -> DocumentResult:
    """A `DocumentResult` back from its JSON contract (`as_contract`); `seconds` is not carried."""
    meta = data.get("metadata") or {}
    return DocumentResult(
        path=str(data["path"]),
        status=data["status"],
        error=data.get("error"),
        verdict=data.get("verdict"),
        metadata=Metadata(**{k: meta.get(k) for k in Metadata.__slots__}),
        findings=[_finding(f) for f in data.get("findings") or []],
        sha256=data.get("sha256"),
        format=data.get("format"),
        pages=data.get("pages"),
        ocr_pages=int(data.get("ocr_pages") or 0),
        parts=list(data.get("parts") or []),
        part_sha256=dict(data.get("part_sha256") or {}),
        warnings=list(data.get("warnings") or []),
        origin=data.get("origin"),
    )


def _finding(f: dict[str, Any]) -> Finding:
    return Finding(
        address=f["address"],
        as_written=f["as_written"],
        cls=f["class"],
        provider=f.get("provider"),
        contact_point=bool(f["contact_point"]),
        obfuscated=bool(f["obfuscated"]),
        rule=f["rule"],
        reason=f["reason"],
        page=f.get("page"),
        line=f.get("line"),
        excerpt=f["excerpt"],
        part=f.get("part"),
        cue=f.get("cue"),
        kind=f.get("kind", "body"),
        occurrences=int(f.get("occurrences", 1)),
        section=f.get("section"),
    )


@dataclass(slots=True)
class QueueRow:
    queue: str
    queued: int | None  # ready in the broker; None when the queue does not exist
    consumers: int
    running: int = 0
    done: int = 0
    failed: int = 0
    known: int = 0
    reasons: list[str] = field(default_factory=list)


def status(app: Celery, queue_names: Iterable[str], timeout: float = 1.0) -> dict[str, Any]:
    """Queued (from the broker), running (Celery's inspect), done, failed and known (each worker's
    counts since it started; known: answered from results already judged), per queue and per worker."""
    rows = {name: QueueRow(name, *depth(app, name)) for name in queue_names}
    inspect = app.control.inspect(timeout=timeout)
    active = inspect.active() or {}
    replies = app.control.broadcast("congvu_counts", reply=True, timeout=timeout) or []
    workers: dict[str, dict[str, Any]] = {}
    for host, tasks in active.items():
        entry = workers.setdefault(host, _worker_row(host))
        for task in tasks:
            key = str((task.get("delivery_info") or {}).get("routing_key") or "?")
            name = next((q for q in rows if key == q or key.endswith(f".{q}")), key)  # a retry: "1.0.….q"
            entry["running"] += 1
            if name in rows:
                rows[name].running += 1
    for reply in replies:
        for host, per_queue in reply.items():
            entry = workers.setdefault(host, _worker_row(host))
            for name, counts in (per_queue or {}).items():
                for state in ("done", "failed", "known"):
                    entry[state] += counts.get(state, 0)
                entry["reasons"] += counts.get("reasons", [])
                if name in rows:
                    rows[name].done += counts.get("done", 0)
                    rows[name].failed += counts.get("failed", 0)
                    rows[name].known += counts.get("known", 0)
                    rows[name].reasons += counts.get("reasons", [])
    return {
        "queues": [
            {
                "queue": r.queue,
                "queued": r.queued,
                "running": r.running,
                "done": r.done,
                "failed": r.failed,
                "known": r.known,
                "consumers": r.consumers,
                "reasons": r.reasons,
            }
            for r in rows.values()
        ],
        "workers": [workers[h] for h in sorted(workers)],
    }


def _worker_row(host: str) -> dict[str, Any]:
    return {"worker": host, "running": 0, "done": 0, "failed": 0, "known": 0, "reasons": []}


def depth(app: Celery, name: str) -> tuple[int | None, int]:
    """Messages ready and consumers of queue `name`, asked of the broker without creating it."""
    with app.connection_for_write() as conn:
        channel = conn.channel()
        try:
            ok = channel.queue_declare(name, passive=True)
        except Exception as exc:  # amqp.NotFound: the queue was never declared
            if "NOT_FOUND" in str(exc) or exc.__class__.__name__ == "NotFound":
                return None, 0
            raise
        finally:
            with contextlib.suppress(Exception):  # a channel the broker closed on refusing
                channel.close()
        return int(ok.message_count), int(ok.consumer_count)
