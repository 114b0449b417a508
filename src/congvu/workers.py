"""Worker processes for untrusted input, one way: the scanner (`scan.runner`), the web upload checker
(`scan.checker`), the milter's content analysis (`mailflow.milter.pool`), and the fleet's workers.

Every pool's worker starts the same way (`_start`): it dies with the process that started the pool
(`PR_SET_PDEATHSIG`, unless the pool is not `tied`), runs under the scan's address-space limit (on
top of what it inherited) with one OCR thread, then builds its *context*: what its tasks need for
every input (the address policy, the limits...), built once per worker and read back with
`context(kind)` (no module globals per harness). `WorkerPool` is a pebble pool started on first
use (a server must not fork before it has finished starting), started anew after it stopped or
broke, and closed once; pebble replaces a worker killed on a time-out or crashed. What went wrong
with a worker is told in one wording everywhere (`failure_text`).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from congvu.settings import Limits

T = TypeVar("T")
PR_SET_PDEATHSIG = 1

_contexts: dict[type, Any] = {}
_FORK = multiprocessing.get_context("fork")


def inherited_address_space() -> int:
    """This process's address space now, in bytes (0 where /proc cannot tell)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_worker(limits: Limits) -> None:
    """Confine a worker process that reads untrusted files: memory cap, one OCR thread.

    The cap is `limits.max_memory_mb` *on top of* the address space the worker was forked with.
    A forked worker inherits its parent's whole reservation (thread stacks, malloc arenas, mapped
    libraries): a long-lived parent such as the web app, the milter or a test session can hold
    more than the limit itself, and an absolute cap would then fail every file "out of memory"
    before its reader allocated anything. What the limit bounds is what the reader adds."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if limits.max_memory_bytes > 0:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = inherited_address_space() + limits.max_memory_bytes
        cap = wanted if hard == resource.RLIM_INFINITY else min(hard, wanted)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux `PR_SET_PDEATHSIG`).

    Without it a `congvu record` killed with SIGKILL leaves its workers reading on with no one to
    stop them. If the parent is already gone by the time this runs, exit now."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def install(value: object) -> None:
    """Make `value` this process's context of its type (what `context(type(value))` returns)."""
    _contexts[type(value)] = value


def context(kind: type[T], default: Callable[[], T] | None = None) -> T:
    """This worker's context of type `kind`; built by `default` (and kept) when there is none yet,
    e.g. when a task runs in the calling process (tests, an inline checker)."""
    value = _contexts.get(kind)
    if value is None:
        if default is None:
            raise LookupError(f"no {kind.__name__} in this process: not a worker of its pool")
        value = default()
        install(value)
    if not isinstance(value, kind):  # pragma: no cover - install keys by type
        raise TypeError(f"{kind.__name__} context is a {type(value).__name__}")
    return value


def _start(
    parent_pid: int | None, limits: Limits, setup: Callable[..., object], args: tuple[Any, ...]
) -> None:
    """Every pool's initializer: confine the worker, then build and install its context."""
    if parent_pid is not None:
        die_with_parent(parent_pid)
    limit_worker(limits)
    install(setup(*args))


def timeout_text(seconds: float, setting: str) -> str:
    """A task stopped at its time limit (`seconds`, set by the setting named `setting`)."""
    return f"took longer than {seconds:g} s ({setting}); stopped"


def failure_text(exc: BaseException, seconds: float, setting: str, what: str = "file") -> str:
    """What went wrong with a task in a worker, said the same way by every harness.

    A pool's time-out or a cancelled task (its worker killed) is `timeout_text(seconds, setting)`.
    """
    if isinstance(exc, FutureTimeout | CancelledError):
        return timeout_text(seconds, setting)
    if isinstance(exc, ProcessExpired):
        return f"the reader crashed on this {what} (exit code {exc.exitcode}); possibly out of memory"
    if isinstance(exc, MemoryError):
        return "out of memory (limits.max_memory_mb)"
    return f"internal error: {type(exc).__name__}: {exc}"


class WorkerPool:
    """A pebble process pool started on first use, started anew after it stopped, and closed once.

    `setup(*setup_args())` builds each worker's context; `setup_args` is called when a pool starts
    (so it can hand over what was built just before).

    `tied=False` leaves out `PR_SET_PDEATHSIG`: the kernel sends it when the *thread* that forked a
    worker exits, and pebble forks the first workers in the thread that schedules first. A pool first
    used from a short-lived thread (a web server's request threads) would lose its workers with it.
    """

    def __init__(
        self,
        workers: int,
        limits: Limits,
        setup: Callable[..., object],
        setup_args: Callable[[], tuple[Any, ...]] = tuple,
        tied: bool = True,
    ) -> None:
        self.workers, self.limits, self.setup, self.setup_args = workers, limits, setup, setup_args
        self.tied = tied
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()
        self.restarts = 0

    def get(self) -> ProcessPool:
        with self._lock:
            if self._pool is not None and not self._pool.active:  # stopped or broken: start anew
                self._pool, self.restarts = None, self.restarts + 1
            if self._pool is None:
                initargs = (os.getpid() if self.tied else None, self.limits, self.setup, self.setup_args())
                # fork, whatever start method the process was given (an embedding application
                # may set another; Python 3.14 defaults to "forkserver"): the workers inherit the
                # preloaded readers and policies instead of building them again
                self._pool = ProcessPool(
                    max_workers=self.workers, initializer=_start, initargs=initargs, context=_FORK
                )
            return self._pool

    def schedule(self, task: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> ProcessFuture:
        """Run `task(*args)` in a worker; the worker is killed if it takes longer than `timeout`."""
        return self.get().schedule(task, args=args, timeout=timeout)

    def close(self, wait: bool = True) -> None:
        """Stop the workers. `wait=False` returns at once: pebble's manager notices a stopped pool
        only at its next 0.1 s poll, a tenth of a second the caller need not wait when every result
        is in. The joining thread is not a daemon, so the interpreter still waits for the workers
        to be gone before it exits."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        pool.stop()
        if wait:
            pool.join()
        else:
            threading.Thread(target=pool.join, name="congvu-pool-close").start()
