"""Run the document check over many files on all cores, each file within its time and memory limits.

Small files travel in batches (one round-trip per batch, not per file: a folder of 10,000 short
DOCX must not pay process overhead 10,000 times). The time limit is per file all the same: the
worker arms an alarm for each file (a hang costs one limit, not one per file of its batch), and the
parent watches which file each batch is on, killing the worker when a file outlives its limit by a
grace period (a reader stuck in C code that never sees the alarm). A batch whose worker died is split
and its other files retried one by one, so only the guilty file ends up as an error. Workers die
with their parent: a killed `congvu scan` or `record` leaves nothing running.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from multiprocessing.sharedctypes import RawArray
from pathlib import Path
from types import FrameType
from typing import Any

from pebble import ProcessFuture

from congvu import extract
from congvu.classify import AddressPolicy
from congvu.model import DocumentResult
from congvu.output.safe_text import readable
from congvu.scan.document import scan_bytes, scan_file
from congvu.settings import Config, Limits, ScanSettings, load_config
from congvu.sources.files import Refused, iter_inputs
from congvu.workers import WorkerPool, context, failure_text, timeout_text

BATCH_BYTES = 2 * 1024 * 1024
BATCH_FILES = 32

POLL_SECONDS = 0.2


# Where the inputs were published: one URL for all of them (`congvu scan --origin`), or a URL per
# input path (a file, or a folder downloaded from one site: its files inherit it), or None.
Origins = str | Mapping[Path, str] | None


@dataclass(frozen=True, slots=True)
class _ScanContext:
    """What a scan worker reads every file with, and the table shared with the parent, one
    (file index, start time) pair per slot: which file of its batch a worker is reading, and since
    when. Written by the worker, read by the parent's watch."""

    policy: AddressPolicy
    limits: Limits
    progress: Any
    candidate: AddressPolicy | None = None  # `congvu whatif scan`: judge each extraction twice
    origins: Origins = None


def origin_for(path: Path, origins: Origins) -> str | None:
    """The URL `path` was published at: the one for every input, else the path's own entry or its
    nearest folder's (a folder's files are found under the folder's path as given)."""
    if origins is None or isinstance(origins, str):
        return origins or None
    for at in (path, *path.parents):
        if at in origins:
            return origins[at] or None
    return None


class FileTimeout(BaseException):
    """Raised by the per-file alarm. A BaseException so that no reader's `except Exception`
    (nor `scan_bytes`'s own catch-all) can swallow it and carry on reading."""


def grace_seconds(limits: Limits) -> float:
    """How long past its limit a file may run before its worker is killed from outside."""
    return max(2.0, limits.max_seconds / 10)


def _scan_worker(
    policy: AddressPolicy,
    limits: Limits,
    progress: Any,
    candidate: AddressPolicy | None = None,
    origins: Origins = None,
) -> _ScanContext:
    """A scan worker's context; its per-file alarm armed to raise `FileTimeout`."""
    signal.signal(signal.SIGALRM, _on_alarm)
    return _ScanContext(policy, limits, progress, candidate, origins)


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise FileTimeout


def _timeout_result(path: Path, limits: Limits) -> DocumentResult:
    return DocumentResult(str(path), "error", timeout_text(limits.max_seconds, "limits.max_seconds"))


def _scan_batch(paths: list[Path], slot: int) -> list[DocumentResult]:
    work = context(_ScanContext)
    progress = work.progress
    out = []
    for index, path in enumerate(paths):
        progress[2 * slot + 1] = 0.0
        progress[2 * slot] = float(index)
        progress[2 * slot + 1] = time.monotonic()
        try:
            out.append(_scan_one(path, work))
        except FileTimeout:  # the alarm went off just as the file was done
            out.append(_timeout_result(path, work.limits))
    progress[2 * slot + 1] = 0.0
    return out


def _scan_one(path: Path, work: _ScanContext) -> DocumentResult:
    signal.setitimer(signal.ITIMER_REAL, work.limits.max_seconds)
    try:
        return scan_file(
            path, work.policy, work.limits, candidate=work.candidate, origin=origin_for(path, work.origins)
        )
    except FileTimeout:
        return _timeout_result(path, work.limits)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class _Progress:
    """The parent's side of the shared progress table: one slot per scheduled batch."""

    def __init__(self, slots: int) -> None:
        self.array = RawArray("d", 2 * max(slots, 1))
        self.used = 0

    def take(self) -> int:
        slot, self.used = self.used, self.used + 1
        return slot

    def running(self, slot: int) -> tuple[int, float] | None:
        started = self.array[2 * slot + 1]
        return (int(self.array[2 * slot]), started) if started else None


@dataclass(slots=True)
class _Batch:
    paths: list[Path]
    future: ProcessFuture
    slot: int
    hung: int | None = None  # index of the file the watch killed the worker for


def _batches(files: list[Path], workers: int = 1) -> Iterator[list[Path]]:
    """Batches shrinking towards the end of the list (guided scheduling): big ones first, so a
    round trip is paid per many files, then small ones, so no worker idles while another finishes
    a last full batch."""
    batch: list[Path] = []
    size = 0
    limit = _batch_limit(len(files), workers)
    for done, path in enumerate(files):
        try:
            length = path.stat().st_size
        except OSError:
            length = 0
        if batch and (size + length > BATCH_BYTES or len(batch) >= limit):
            yield batch
            batch, size = [], 0
            limit = _batch_limit(len(files) - done, workers)
        batch.append(path)
        size += length
        if length > BATCH_BYTES // 4:  # big files travel alone: their own timeout, their own retry
            yield batch
            batch, size = [], 0
            limit = _batch_limit(len(files) - done - 1, workers)
    if batch:
        yield batch


def _batch_limit(remaining: int, workers: int) -> int:
    return max(1, min(BATCH_FILES, remaining // (2 * max(workers, 1))))


def _failure(path: Path, exc: BaseException, limits: Limits) -> DocumentResult:
    return DocumentResult(str(path), "error", failure_text(exc, limits.max_seconds, "limits.max_seconds"))


def scan_paths(
    paths: Iterable[Path],
    config: Config | None = None,
    *,
    workers: int = 0,
    on_result: Callable[[DocumentResult], None] | None = None,
    candidate: Config | None = None,
    origin: Origins = None,
) -> Iterator[DocumentResult]:
    """Judge every input file, yielding results in input order.

    `origin` says where the inputs were published (`origin_for`): one URL for all, or one per input
    path; a state body's own site is the judge's last evidence of who offers a contact point.

    With `candidate` (a policy overlay of `config`, `congvu.policyversion.overlay`: same limits),
    each file is read and extracted once and judged under both policies; a result's `candidate`
    is the candidate's judgement (None for a file that could not be read)."""
    config = config or load_config()
    limits = Limits.from_config(config)
    scan = ScanSettings.of(config)
    inputs = list(iter_inputs(paths, follow_symlinks=scan.follow_symlinks))
    files = [p for p in inputs if isinstance(p, Path)]
    workers = workers or scan.workers or (os.cpu_count() or 1)
    workers = max(1, min(workers, len(files) or 1))
    # Built once here and inherited by the forked workers, with the readers already imported:
    # a worker then starts in milliseconds instead of re-reading the domain list and modules.
    policy = AddressPolicy.from_config(config)
    other = AddressPolicy.from_config(candidate) if candidate is not None else None
    _preload({fmt for p in files if (fmt := extract.format_for(p.name)) is not None}, policy, limits)
    plan = _plan(inputs, workers)
    batch_count = sum(1 for item in plan if isinstance(item, list))
    progress = _Progress(batch_count + len(files))  # every file may be retried alone once
    pool = WorkerPool(workers, limits, _scan_worker, lambda: (policy, limits, progress.array, other, origin))
    try:
        # The workers fork on the first schedule. Everything built so far is then shared by them
        # as is: frozen objects stay out of their garbage collections, which would otherwise walk
        # (and so copy) the whole inherited heap. The parent thaws right after, unless its owner
        # (e.g. the web app at start-up) had frozen objects itself: those must stay frozen.
        thaw = gc.get_freeze_count() == 0
        gc.freeze()
        try:
            pending = [
                _schedule(pool, item, limits, progress) if isinstance(item, list) else item for item in plan
            ]
        finally:
            if thaw:
                gc.unfreeze()
        for index, item in enumerate(pending):
            if isinstance(item, DocumentResult):
                results = [item]
            else:
                results = _collect(pool, item, pending[index:], limits, progress)
            for result in results:
                if result.origin is None and result.status == "error":  # a refusal, a killed reader
                    result.origin = origin_for(Path(result.path), origin)
                if on_result:
                    on_result(result)
                yield result
    finally:
        pool.close(wait=False)  # every result is in by now (or the caller gave up)


def _plan(inputs: list[Path | Refused], workers: int) -> list[list[Path] | DocumentResult]:
    """Batches of readable files, and the refused inputs' results in their place in the order."""
    plan: list[list[Path] | DocumentResult] = []
    run: list[Path] = []
    for item in [*inputs, None]:
        if isinstance(item, Path):
            run.append(item)
            continue
        plan.extend(_batches(run, workers))
        run = []
        if item is not None:
            plan.append(DocumentResult(readable(str(item.path)), "error", readable(item.reason)))
    return plan


def _schedule(pool: WorkerPool, paths: list[Path], limits: Limits, progress: _Progress) -> _Batch:
    # The pool's own timeout is only a backstop: the alarm and the watch act per file, earlier.
    per_file = limits.max_seconds + grace_seconds(limits)
    slot = progress.take()
    future = pool.schedule(_scan_batch, (paths, slot), timeout=per_file * len(paths) + per_file)
    return _Batch(paths, future, slot)


def _collect(
    pool: WorkerPool, batch: _Batch, pending: list[Any], limits: Limits, progress: _Progress
) -> list[DocumentResult]:
    """Wait for a batch while watching every running one; split it if its worker died."""
    running = [b for b in pending if isinstance(b, _Batch)]
    while not batch.future.done():
        wait_futures([batch.future], timeout=POLL_SECONDS)
        _watch(running, limits, progress)
    try:
        results: list[DocumentResult] = batch.future.result()
        return results
    except Exception as exc:
        if batch.hung is not None:
            return _retry_around(pool, batch, limits, progress)
        if len(batch.paths) == 1:
            return [_failure(batch.paths[0], exc, limits)]
        return _retry_singly(pool, batch.paths, limits, progress)


def _watch(batches: list[_Batch], limits: Limits, progress: _Progress) -> None:
    """Kill the worker of any batch whose current file has outlived its limit plus the grace."""
    deadline = limits.max_seconds + grace_seconds(limits)
    now = time.monotonic()
    for batch in batches:
        if batch.hung is not None or batch.future.done():
            continue
        current = progress.running(batch.slot)
        if current is not None and now - current[1] > deadline:
            batch.hung = current[0]
            batch.future.cancel()  # pebble stops the worker running a cancelled task


def _retry_around(
    pool: WorkerPool, batch: _Batch, limits: Limits, progress: _Progress
) -> list[DocumentResult]:
    """The hung file is an error; its batch-mates (whose results died with the worker) run again."""
    assert batch.hung is not None
    others = [p for i, p in enumerate(batch.paths) if i != batch.hung]
    redone = iter(_retry_singly(pool, others, limits, progress))
    return [
        _timeout_result(p, limits) if i == batch.hung else next(redone) for i, p in enumerate(batch.paths)
    ]


def _retry_singly(
    pool: WorkerPool, paths: list[Path], limits: Limits, progress: _Progress
) -> list[DocumentResult]:
    singles = [_schedule(pool, [p], limits, progress) for p in paths]
    out: list[DocumentResult] = []
    for single in singles:
        while not single.future.done():
            wait_futures([single.future], timeout=POLL_SECONDS)
            _watch(singles, limits, progress)
        try:
            out.extend(single.future.result())
        except Exception as exc:
            out.append(
                _timeout_result(single.paths[0], limits)
                if single.hung is not None
                else _failure(single.paths[0], exc, limits)
            )
    return out


class FileScanner:
    """Files one at a time through the harness of `scan_paths` (a reader process, the per-file
    alarm and watch, the address-space limit), with the pool, the policy and the warmed tables kept
    from one file to the next: for a caller that is handed files one by one, such as a fleet
    worker's tasks, which would otherwise pay a pool start per file. One file at a time per
    scanner; `close` stops its reader process."""

    def __init__(self, config: Config) -> None:
        self.limits = Limits.from_config(config)
        self.policy = AddressPolicy.from_config(config)
        _preload(set(), self.policy, self.limits)
        self.progress = _Progress(2)  # one file, and its batch slot is all a single file takes
        progress, policy, limits = self.progress, self.policy, self.limits
        self.pool = WorkerPool(1, limits, _scan_worker, lambda: (policy, limits, progress.array))

    def scan(self, path: Path) -> DocumentResult:
        self.progress.used = 0
        batch = _schedule(self.pool, [path], self.limits, self.progress)
        return _collect(self.pool, batch, [batch], self.limits, self.progress)[0]

    def close(self) -> None:
        self.pool.close()


def _preload(formats: set[extract.Format], policy: AddressPolicy, limits: Limits) -> None:
    """Import the readers and build every lazy table once, before the workers fork: otherwise each
    worker compiles the Hyperscan databases, the legacy-font tables and the judge's regexes again
    on its first file (tens of milliseconds each)."""
    for fmt in formats:
        with contextlib.suppress(ImportError):  # reported per file by the worker, with its name
            extract.get_extractor(fmt)
    with contextlib.suppress(ImportError):
        import congvu.extract.legacy_vn  # noqa: F401
    for sample in _WARM_UP:
        scan_bytes(sample.encode(), "warm-up.txt", policy, limits)


# One ASCII and one Vietnamese text (Hyperscan keeps one database per string width), with a
# header, a contact line and a signer, so every judge path runs once.
_WARM_UP = (
    "UBND PHUONG HOA MINH\nSo: 01/TB-UBND\nHoa Minh, ngay 02 thang 3 nam 2014\nTHONG BAO\n"
    "Email: vanphong@gmail.com\nCHU TICH\nNguyen Van An\n",
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: 01/TB-UBND\nHòa Minh, ngày 02 tháng 3 năm 2014\n"
    "THÔNG BÁO\nVề việc rà soát hộ gia đình\nMọi chi tiết xin liên hệ: vanphong@gmail.com\n"
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n",
)


def count_inputs(paths: Iterable[Path], config: Config | None = None) -> int:
    follow = ScanSettings.of(config).follow_symlinks if config else False
    return sum(1 for _ in iter_inputs(paths, follow_symlinks=follow))
