"""Run the document check over many files on all cores, each file within its time and memory limits.

Small files travel in batches (one round-trip per batch, not per file: a folder of 10,000 short
DOCX must not pay process overhead 10,000 times). A batch that times out or kills its worker is
split and its files retried one by one, so only the guilty file ends up as an error.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from congvu import extract
from congvu.classify import AddressPolicy
from congvu.model import DocumentResult
from congvu.scan import scan_bytes, scan_file
from congvu.settings import Config, Limits, load_config
from congvu.sources.files import iter_inputs

BATCH_BYTES = 2 * 1024 * 1024
BATCH_FILES = 32

_worker_policy: AddressPolicy | None = None
_worker_limits: Limits | None = None


def limit_worker(limits: Limits) -> None:
    """Confine a worker process that reads untrusted files: memory cap, one OCR thread."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if limits.max_memory_bytes > 0:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = (
            limits.max_memory_bytes if hard == resource.RLIM_INFINITY else min(hard, limits.max_memory_bytes)
        )
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _init_worker(policy: AddressPolicy, limits: Limits) -> None:
    global _worker_policy, _worker_limits
    limit_worker(limits)
    _worker_policy = policy
    _worker_limits = limits


def _scan_batch(paths: list[Path]) -> list[DocumentResult]:
    assert _worker_policy is not None and _worker_limits is not None
    return [scan_file(p, _worker_policy, _worker_limits) for p in paths]


@dataclass(slots=True)
class _Batch:
    paths: list[Path]
    future: ProcessFuture


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
    if isinstance(exc, FutureTimeout):
        msg = f"took longer than {limits.max_seconds:g} s (limits.max_seconds); stopped"
    elif isinstance(exc, ProcessExpired):
        msg = f"the reader crashed on this file (exit code {exc.exitcode}); possibly out of memory"
    elif isinstance(exc, MemoryError):
        msg = "out of memory (limits.max_memory_mb)"
    else:
        msg = f"internal error: {type(exc).__name__}: {exc}"
    return DocumentResult(str(path), "error", msg)


def scan_paths(
    paths: Iterable[Path],
    config: Config | None = None,
    *,
    workers: int = 0,
    on_result: Callable[[DocumentResult], None] | None = None,
) -> Iterator[DocumentResult]:
    """Judge every input file, yielding results in input order."""
    config = config or load_config()
    limits = Limits.from_config(config)
    files = list(iter_inputs(paths))
    workers = workers or int(config.get("scan.workers")) or (os.cpu_count() or 1)
    workers = max(1, min(workers, len(files) or 1))
    # Built once here and inherited by the forked workers, with the readers already imported:
    # a worker then starts in milliseconds instead of re-reading the domain list and modules.
    policy = AddressPolicy.from_config(config)
    _preload({fmt for p in files if (fmt := extract.format_for(p.name)) is not None}, policy, limits)
    timeout = limits.max_seconds
    pool = ProcessPool(max_workers=workers, initializer=_init_worker, initargs=(policy, limits))
    try:
        # The workers fork on the first schedule. Everything built so far is then shared by them
        # as is: frozen objects stay out of their garbage collections, which would otherwise walk
        # (and so copy) the whole inherited heap. The parent thaws right after, unless its owner
        # (e.g. the web app at start-up) had frozen objects itself: those must stay frozen.
        thaw = gc.get_freeze_count() == 0
        gc.freeze()
        try:
            pending = [
                _Batch(b, pool.schedule(_scan_batch, args=(b,), timeout=timeout * len(b)))
                for b in _batches(files, workers)
            ]
        finally:
            if thaw:
                gc.unfreeze()
        for batch in pending:
            try:
                results = batch.future.result()
            except Exception as exc:
                if len(batch.paths) == 1:
                    results = [_failure(batch.paths[0], exc, limits)]
                else:
                    results = _retry_singly(pool, batch.paths, limits)
            for result in results:
                if on_result:
                    on_result(result)
                yield result
    finally:
        _close_in_background(pool)


def _close_in_background(pool: ProcessPool) -> None:
    """Stop the pool without making the caller wait for it: every result is in by now (or the
    caller gave up), and pebble's manager notices a stopped pool only at its next 0.1 s poll,
    a tenth of a second added to every scan. The thread is not a daemon, so the interpreter
    still waits for the workers to be gone before it exits."""
    pool.stop()
    threading.Thread(target=pool.join, name="congvu-scan-pool-close").start()


def _retry_singly(pool: ProcessPool, paths: list[Path], limits: Limits) -> list[DocumentResult]:
    futures = [(p, pool.schedule(_scan_batch, args=([p],), timeout=limits.max_seconds)) for p in paths]
    out: list[DocumentResult] = []
    for path, future in futures:
        try:
            out.extend(future.result())
        except Exception as exc:
            out.append(_failure(path, exc, limits))
    return out


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


def count_inputs(paths: Iterable[Path]) -> int:
    return sum(1 for _ in iter_inputs(paths))
