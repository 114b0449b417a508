"""The one worker-pool module (`congvu.workers`) that the scanner, the web checker and the milter share:
each worker is confined and given its context once, a task that outlives its limit costs its worker,
and every harness words a failure the same way."""

from __future__ import annotations

import ctypes
import mmap
import os
import resource
import signal
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import pytest
from pebble import ProcessExpired

from congvu.scan.checker import PoolChecker
from congvu.settings import Config, Limits
from congvu.workers import WorkerPool, context, failure_text, inherited_address_space

LIMITS = Limits(max_seconds=1.0, max_memory_bytes=1536 * 1024 * 1024)


@dataclass(frozen=True)
class _Ward:
    name: str
    started_by: int


def _ward(name: str) -> _Ward:
    return _Ward(name, os.getppid())


def _where() -> tuple[str, int, int, int, int]:
    """Run in a worker: its context, its pid and parent, its address-space cap and size now."""
    ward = context(_Ward)
    cap = resource.getrlimit(resource.RLIMIT_AS)[0]
    return ward.name, ward.started_by, os.getpid(), cap, inherited_address_space()


def _allocate(megabytes: int) -> int:
    """Run in a worker: allocate and touch `megabytes` MiB."""
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def _death_signal() -> int:
    """Run in a worker: the signal the kernel sends it when its parent goes (`PR_GET_PDEATHSIG`)."""
    sig = ctypes.c_int(0)
    ctypes.CDLL(None, use_errno=True).prctl(2, ctypes.byref(sig), 0, 0, 0)
    return sig.value


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def test_a_worker_is_confined_and_given_its_context_once() -> None:
    pool = WorkerPool(1, LIMITS, _ward, lambda: ("Phường Hòa Minh",))
    try:
        name, parent, pid, cap, size = pool.schedule(_where, (), timeout=30).result()
        assert (name, parent) == ("Phường Hòa Minh", os.getpid()) and pid != os.getpid()
        # the scan's memory limit on top of what the worker was forked with, in every harness
        inherited = cap - LIMITS.max_memory_bytes
        assert inherited > 0 and abs(size - inherited) < 256 * 1024 * 1024  # moved a little since
        assert pool.schedule(_where, (), timeout=30).result()[2] == pid  # the same worker, reused
    finally:
        pool.close()
    with pytest.raises(LookupError):  # the context lives in the workers, not in the caller
        context(_Ward)


def test_a_parent_holding_more_than_the_limit_still_has_working_workers() -> None:
    """A long-lived parent (the web app, the milter, a test session after hundreds of tests) can
    hold more address space than `limits.max_memory_mb` in thread stacks and malloc arenas it
    never touches. Its forked workers inherit all of it: with the cap counted from zero, every
    file failed "out of memory" before its reader allocated a byte (seen in CI: `whatif scan`
    found no change because both readings were that error). The limit still bounds what the
    reader itself allocates."""
    small = Limits(max_seconds=10.0, max_memory_bytes=256 * 1024 * 1024)
    reserved = mmap.mmap(-1, 3 * 1024 * 1024 * 1024)  # reserved, never touched: address space only
    try:
        pool = WorkerPool(1, small, _ward, lambda: ("Phường Hòa Hiệp Bắc",))
        try:
            assert pool.schedule(_allocate, (64,), timeout=30).result() == 64 * 1024 * 1024
            with pytest.raises(MemoryError):
                pool.schedule(_allocate, (512,), timeout=30).result()
        finally:
            pool.close()
    finally:
        reserved.close()


def test_workers_die_with_the_pool_unless_it_is_untied() -> None:
    """The web checker's pool is not tied: its first use may come from a request thread, and the
    kernel would kill the workers when that thread exits."""
    for tied, expected in ((True, signal.SIGKILL), (False, 0)):
        pool = WorkerPool(1, LIMITS, _ward, lambda: ("Phường Thanh Khê Tây",), tied=tied)
        try:
            assert pool.schedule(_death_signal, (), timeout=30).result() == expected
        finally:
            pool.close()


def test_a_task_past_its_limit_costs_its_worker_only() -> None:
    pool = WorkerPool(1, LIMITS, _ward, lambda: ("Phường Hòa Khánh Bắc",))
    try:
        first = pool.schedule(_where, (), timeout=30).result()[2]
        with pytest.raises(FutureTimeout) as stopped:
            pool.schedule(_sleep, (30.0,), timeout=0.5).result()
        assert failure_text(stopped.value, 0.5, "limits.max_seconds") == (
            "took longer than 0.5 s (limits.max_seconds); stopped"
        )
        assert pool.schedule(_sleep, (0.0,), timeout=30).result() == "done"
        assert pool.schedule(_where, (), timeout=30).result()[2] != first  # a new worker took over
    finally:
        pool.close(wait=False)


def test_every_harness_words_a_failure_the_same_way() -> None:
    crashed = ProcessExpired("Abnormal termination", code=-9, pid=4242)
    assert failure_text(crashed, 120, "limits.max_seconds") == (
        "the reader crashed on this file (exit code -9); possibly out of memory"
    )
    assert failure_text(crashed, 60, "mailflow.milter_judge_seconds", what="message").startswith(
        "the reader crashed on this message"
    )
    assert failure_text(MemoryError(), 120, "limits.max_seconds") == "out of memory (limits.max_memory_mb)"
    assert failure_text(ValueError("bad"), 1, "x") == "internal error: ValueError: bad"


def test_the_web_checker_judges_an_upload_in_a_worker() -> None:
    checker = PoolChecker(Config(), workers=1)
    text = (
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: 01/TB-UBND\nHòa Minh, ngày 02 tháng 3 năm 2014\n"
        "THÔNG BÁO\nVề việc rà soát hộ gia đình\nMọi chi tiết xin liên hệ: vanphong.hoaminh@gmail.com\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"
    )
    try:
        result = checker.check(text.encode(), "thong-bao.txt")
    finally:
        checker.close()
    assert result.status == "ok" and result.verdict == "violation"
    assert [f.address for f in result.findings if f.rule == "DOC-001"] == ["vanphong.hoaminh@gmail.com"]
