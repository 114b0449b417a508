"""The fleet's tasks, run by `congvu worker`: judge one file by its path with the scanner's harness.

The worker runs its tasks in threads (`--pool threads`); each task hands its file to its thread's
`scan.runner.FileScanner`, which reads it in a separate process under the per-file time limit and
the address-space limit, with `congvu scan`'s own harness. A file that crashes its reader is an `error`
result at once; only the death of the worker itself (`kill -9`, the machine lost) puts a task back
on the queue, and `MAX_DELIVERIES - 1` deaths stop that: the broker's delivery count, checked
against the workers' heartbeats in the register (`deaths`), since the broker also counts a delivery
lost with a connection (a network blip, the broker restarted) whose worker lived on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from celery import Celery, Task
from celery.worker.control import inspect_command

from congvu import __version__
from congvu.fleet.deaths import Heartbeat, deaths
from congvu.model import DocumentResult
from congvu.output.safe_text import readable
from congvu.policyversion import policy_version as version_of
from congvu.register import judged
from congvu.register.store import Store, StoreUnavailable
from congvu.scan.runner import FileScanner
from congvu.settings import SETTINGS, BrokerSettings, Config

SCAN_TASK = "congvu.fleet.scan"
CRAWL_TASK = "congvu.fleet.crawl"
# A file whose worker died twice (its third delivery) is reported as an error, not read again.
MAX_DELIVERIES = 3

_lock = threading.Lock()
_counts: Counter[tuple[str, str]] = Counter()  # (queue, done | failed | known) → tasks, in this worker
_pages: Counter[tuple[str, str]] = Counter()  # (queue, pages | ocr_pages) → pages of the files read
_log = logging.getLogger(__name__)
_reasons: dict[str, list[str]] = {}  # queue → "path: why" of the last tasks that failed to record
REASONS_KEPT = 20
_local = threading.local()  # each task thread's FileScanner
# The settings that change what is read of a file (the policy version covers the judging ones).
_READING = ("limits.", "ocr.")


def register(app: Celery) -> None:
    app.task(name=SCAN_TASK, bind=True)(scan_file_task)
    app.task(name=CRAWL_TASK, bind=True)(crawl_site_task)


def crawl_site_task(
    self: Task, url: str, allowed: list[str], max_pages: int, max_depth: int, full: bool = False
) -> dict[str, Any]:
    """Audit one website from `url` (`congvu crawl`'s audit: each downloaded file judged in its own
    process under the scan limits), staying within `allowed` domains; returns the crawl JSON
    (`crawl.report.as_dict`). One task per site: `congvu crawl --submit`. No crawl state is kept on
    the worker (any worker may take the next crawl of a site), so every page is fetched afresh."""
    from congvu.crawl.audit import audit
    from congvu.crawl.report import as_dict
    from congvu.crawl.run import CrawlOptions

    config: Config = self.app.congvu_config
    queue = queue_of(self.app, self.request.delivery_info)
    options = CrawlOptions(
        [url], frozenset(allowed), max_pages=max_pages, max_depth=max_depth, conditional=not full
    )
    outcome = as_dict(audit(config, options))
    outcome["policy"] = version_of(config).hash  # judged here: what a recording of it must carry
    failed = not outcome["pages"] or outcome["pages"][0].get("status") == "error"  # the start page
    with _lock:
        _counts[(queue, "failed" if failed else "done")] += 1
    return outcome


def delivery_count(request: Any) -> int:
    """How many times the broker delivered this message before (quorum queues count them)."""
    count = request.get("x-delivery-count") if hasattr(request, "get") else None
    if count is None:
        headers = getattr(request, "headers", None) or {}
        count = headers.get("x-delivery-count")
    if count is None:  # a classic queue: only "delivered before, at least once" is known
        info = getattr(request, "delivery_info", None) or {}
        return 1 if info.get("redelivered") else 0
    return int(count)


def queue_of(app: Celery, delivery_info: dict[str, Any] | None) -> str:
    """The queue a task came from. A retry comes back through RabbitMQ's delayed delivery, whose
    routing key is the queue's behind the delay's bits ("1.0.….0.scan"): the queue's name is its tail."""
    key = str((delivery_info or {}).get("routing_key") or "?")
    for name in app.amqp.queues:
        if key == name or key.endswith(f".{name}"):
            return str(name)
    return key


def lost_text(deliveries: int) -> str:
    return f"the worker judging this file died {deliveries} times (killed or out of memory); not read again"


def scan_file_task(
    self: Task, path: str, record: dict[str, str] | None = None, judged: dict[str, object] | None = None
) -> dict[str, object]:
    """Judge the file at `path`; returns its `DocumentResult.as_contract()` (the scan JSON).

    With `record` ({"by": who}), the worker also records the result into its register, as
    `congvu record` does (idempotent: keyed by content), and the returned contract carries
    `"recorded"`: the recording's counts, or `{"error": why}` once the register stayed unreachable
    through `broker.record_retries` retries with back-off. Each retry carries the result already
    judged (`judged`), so a file is not read again because the register was down."""
    heartbeat: Heartbeat | None = getattr(self.app, "congvu_heartbeat", None)
    if heartbeat is None:
        return _scan_file(self, path, record, judged)
    heartbeat.started(self.request.id)
    try:
        _log.info("judging %s (delivered %d times before)", readable(path), delivery_count(self.request))
        return _scan_file(self, path, record, judged)
    finally:
        heartbeat.finished(self.request.id)


def _scan_file(
    self: Task, path: str, record: dict[str, str] | None, judged: dict[str, object] | None
) -> dict[str, object]:
    config: Config = self.app.congvu_config
    store: Store | None = getattr(self.app, "congvu_store", None)
    queue = queue_of(self.app, self.request.delivery_info)
    before = delivery_count(self.request)
    state = "done"
    contract: dict[str, object] | None = judged  # a retry: read on an earlier try
    if contract is not None:
        if store is not None:
            _remember(store, contract, policy_version(config))
    elif (
        before + 1 >= MAX_DELIVERIES
        and (died := deaths(getattr(self.app, "congvu_heartbeat", None), self.request.id, before)) + 1
        >= MAX_DELIVERIES
    ):
        # the broker counts a delivery lost with its connection too: only real deaths stop a file
        contract = DocumentResult(path, "error", lost_text(died)).as_contract()
    elif store is not None:
        contract = _known(store, Path(path), policy_version(config))
        state = "done" if contract is None else "known"
    if contract is None:
        contract = judge_path(Path(path), config).as_contract()
        if store is not None:
            _remember(store, contract, policy_version(config))
    if contract["status"] == "error":
        state = "failed"
    if record is not None:
        recorded = _record(self, store, path, contract, record, config)
        if "error" in recorded:
            state = "failed"
            _failed(queue, path, str(recorded["error"]))
        contract = {**contract, "recorded": recorded}
    with _lock:
        _counts[(queue, state)] += 1
        if state != "known" and judged is None:
            _pages[(queue, "pages")] += int(contract.get("pages") or 0)  # type: ignore[call-overload]
            _pages[(queue, "ocr_pages")] += int(contract.get("ocr_pages") or 0)  # type: ignore[call-overload]
    return contract


def _record(
    task: Task,
    store: Store | None,
    path: str,
    contract: dict[str, object],
    record: dict[str, str],
    config: Config,
) -> dict[str, object]:
    """Record `contract` into the register; on a register error, retry the task later (raises
    celery's Retry) until `broker.record_retries` retries are spent, then say why it failed."""
    from congvu.register.recording import record as record_documents

    if store is None:
        return {"error": "not recorded: this worker keeps no register (started with --no-results)"}
    settings = BrokerSettings.of(config)
    tries = int(task.request.retries or 0)
    try:
        # judged here under this worker's settings: the version is kept on the findings (issue 14)
        report = record_documents(
            store, [contract], record.get("by") or "fleet", policy=version_of(config).hash
        )
    except (sa.exc.DBAPIError, StoreUnavailable, OSError) as exc:
        why = _one_line(exc)
        if tries < settings.record_retries:
            wait = settings.backoff(tries)
            _log.warning(
                "register unreachable recording %s (try %d): %s; again in %.1f s", path, tries + 1, why, wait
            )
            raise task.retry(
                args=(path,),
                kwargs={"record": record, "judged": contract},
                countdown=wait,
                max_retries=settings.record_retries,
                exc=exc,
            ) from exc
        return {"error": f"not recorded: register unreachable after {tries + 1} attempts: {why}"}
    return dict(report.as_dict())


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else exc.__class__.__name__)[:300]


def _failed(queue: str, path: str, why: str) -> None:
    with _lock:
        kept = _reasons.setdefault(queue, [])
        kept.append(f"{readable(path)}: {why}")
        del kept[:-REASONS_KEPT]


def policy_version(config: Config) -> str:
    """What a stored result is valid under: the policy version (issue 14: the judgement settings,
    the sha256 of the list files they name, the rule registry), the reading settings (`limits.*`,
    `ocr.*`: OCR off or a shorter time limit changes what is read) and congvu's version (the judge's
    code), hashed together."""
    reading = {s.name: config.get(s.name) for s in SETTINGS if s.name.startswith(_READING)}
    text = json.dumps([__version__, version_of(config).hash, reading], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None  # the scan says why, in its own words
    return digest.hexdigest()


def _known(store: Store, path: Path, policy: str) -> dict[str, object] | None:
    """The stored result of this content under this policy, with this file's path; None when the
    file must be read (not seen yet, unreadable, or the register unreachable: judging goes on)."""
    if not path.is_file() or (digest := file_sha256(path)) is None:
        return None
    try:
        found = judged.known(store, digest, policy)
    except Exception as exc:  # the register down must not stop judging
        _log.warning("register unreachable, judging %s anyway: %s", path, exc)
        return None
    if found is not None:
        found["path"] = readable(str(path))
    return found


def _remember(store: Store, contract: dict[str, object], policy: str) -> None:
    try:
        judged.remember(store, contract, policy)
    except Exception as exc:
        _log.warning("register unreachable, result of %s not kept: %s", contract.get("path"), exc)


def judge_path(path: Path, config: Config) -> DocumentResult:
    """One file through `congvu scan`'s harness (its own reader process, its limits), with this
    thread's scanner (a task thread keeps its reader process between files)."""
    scanner: FileScanner | None = getattr(_local, "scanner", None)
    if scanner is None or _local.config is not config:
        scanner = _local.scanner = FileScanner(config)
        _local.config = config
    return scanner.scan(path)


def counts() -> dict[str, dict[str, int]]:
    """Tasks this worker finished, per queue: {"scan": {"done": 12, "failed": 1, "known": 3}}
    (known: answered from the results already judged, not read again)."""
    out: dict[str, dict[str, int]] = {}
    with _lock:
        for (queue, state), n in _counts.items():
            out.setdefault(queue, {"done": 0, "failed": 0, "known": 0})[state] = n
    return out


def pages() -> dict[tuple[str, str], int]:
    """Pages of the files this worker read (answers from the register not counted), and of them
    the pages OCR'd: {("scan", "pages"): 120, ("scan", "ocr_pages"): 14}."""
    with _lock:
        return dict(_pages)


def failures() -> dict[str, list[str]]:
    """Why this worker's last tasks failed to be recorded, per queue (the last `REASONS_KEPT`)."""
    with _lock:
        return {queue: list(kept) for queue, kept in _reasons.items()}


@inspect_command()
def congvu_counts(state: Any) -> dict[str, dict[str, Any]]:
    """`congvu queue status` asks every worker for its counts (and its recent failures' reasons,
    under "reasons") with this remote command."""
    out: dict[str, dict[str, Any]] = dict(counts())
    for queue, kept in failures().items():
        out.setdefault(queue, {"done": 0, "failed": 0, "known": 0})["reasons"] = kept
    return out
