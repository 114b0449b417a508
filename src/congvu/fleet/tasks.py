"""The fleet's tasks, run by `congvu worker`: judge one file by its path with the scanner's harness.

The worker runs its tasks in threads (`--pool threads`); each task hands its file to its thread's
`scan.runner.FileScanner`, which reads it in a separate process under the per-file time limit and
the address-space limit, with `congvu scan`'s own harness. A file that crashes its reader is an `error`
result at once; only the death of the worker itself (`kill -9`, the machine lost) puts a task back
on the queue, and the broker's delivery count stops that after `MAX_DELIVERIES - 1` deaths.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from celery import Celery, Task
from celery.worker.control import inspect_command

from congvu import __version__
from congvu.model import DocumentResult
from congvu.output.safe_text import readable
from congvu.policyversion import policy_version as version_of
from congvu.register import judged
from congvu.register.store import Store
from congvu.scan.runner import FileScanner
from congvu.settings import SETTINGS, Config

SCAN_TASK = "congvu.fleet.scan"
# A file whose worker died twice (its third delivery) is reported as an error, not read again.
MAX_DELIVERIES = 3

_lock = threading.Lock()
_counts: Counter[tuple[str, str]] = Counter()  # (queue, done | failed | known) → tasks, in this worker
_pages: Counter[tuple[str, str]] = Counter()  # (queue, pages | ocr_pages) → pages of the files read
_log = logging.getLogger(__name__)
_local = threading.local()  # each task thread's FileScanner
# The settings that change what is read of a file (the policy version covers the judging ones).
_READING = ("limits.", "ocr.")


def register(app: Celery) -> None:
    app.task(name=SCAN_TASK, bind=True)(scan_file_task)


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


def lost_text(deliveries: int) -> str:
    return f"the worker judging this file died {deliveries} times (killed or out of memory); not read again"


def scan_file_task(self: Task, path: str) -> dict[str, object]:
    """Judge the file at `path`; returns its `DocumentResult.as_contract()` (the scan JSON)."""
    config: Config = self.app.congvu_config
    store: Store | None = getattr(self.app, "congvu_store", None)
    info = self.request.delivery_info or {}
    queue = str(info.get("routing_key") or "?")
    before = delivery_count(self.request)
    state = "done"
    contract: dict[str, object] | None = None
    if before + 1 >= MAX_DELIVERIES:
        contract = DocumentResult(path, "error", lost_text(before)).as_contract()
    elif store is not None:
        contract = _known(store, Path(path), policy_version(config))
        state = "done" if contract is None else "known"
    if contract is None:
        contract = judge_path(Path(path), config).as_contract()
        if store is not None:
            _remember(store, contract, policy_version(config))
    if contract["status"] == "error":
        state = "failed"
    with _lock:
        _counts[(queue, state)] += 1
        if state != "known":
            _pages[(queue, "pages")] += int(contract.get("pages") or 0)  # type: ignore[call-overload]
            _pages[(queue, "ocr_pages")] += int(contract.get("ocr_pages") or 0)  # type: ignore[call-overload]
    return contract


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


@inspect_command()
def congvu_counts(state: Any) -> dict[str, dict[str, int]]:
    """`congvu queue status` asks every worker for its counts with this remote command."""
    return counts()
