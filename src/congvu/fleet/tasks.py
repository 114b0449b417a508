"""The fleet's tasks, run by `congvu worker`: judge one file by its path with the scanner's harness.

The worker runs its tasks in threads (`--pool threads`); each task hands its file to
`scan.runner.scan_paths`, which reads it in a separate process under the per-file time limit and the
address-space limit, exactly as `congvu scan` does. A file that crashes its reader is an `error`
result at once; only the death of the worker itself (`kill -9`, the machine lost) puts a task back
on the queue, and the broker's delivery count stops that after `MAX_DELIVERIES - 1` deaths.
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

from celery import Celery, Task
from celery.worker.control import inspect_command

from congvu.model import DocumentResult
from congvu.scan.runner import scan_paths
from congvu.settings import Config

SCAN_TASK = "congvu.fleet.scan"
# A file whose worker died twice (its third delivery) is reported as an error, not read again.
MAX_DELIVERIES = 3

_lock = threading.Lock()
_counts: Counter[tuple[str, str]] = Counter()  # (queue, done | failed) → tasks, in this worker


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
    info = self.request.delivery_info or {}
    queue = str(info.get("routing_key") or "?")
    before = delivery_count(self.request)
    if before + 1 >= MAX_DELIVERIES:
        result = DocumentResult(path, "error", lost_text(before))
    else:
        result = judge_path(Path(path), config)
    with _lock:
        _counts[(queue, "failed" if result.status == "error" else "done")] += 1
    return result.as_contract()


def judge_path(path: Path, config: Config) -> DocumentResult:
    """One file through `congvu scan`'s harness (its own reader process, its limits)."""
    results = list(scan_paths([path], config, workers=1))
    if len(results) != 1:  # a folder or nothing: the submitter sends files only
        return DocumentResult(str(path), "error", "not a single file")
    return results[0]


def counts() -> dict[str, dict[str, int]]:
    """Tasks this worker finished, per queue: {"scan": {"done": 12, "failed": 1}}."""
    out: dict[str, dict[str, int]] = {}
    with _lock:
        for (queue, state), n in _counts.items():
            out.setdefault(queue, {"done": 0, "failed": 0})[state] = n
    return out


@inspect_command()
def congvu_counts(state: Any) -> dict[str, dict[str, int]]:
    """`congvu queue status` asks every worker for its counts with this remote command."""
    return counts()
