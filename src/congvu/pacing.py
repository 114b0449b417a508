"""Short pauses in background work, so that it never holds a busy core for long.

The policy service records in a separate process at Linux's SCHED_IDLE. Linux's scheduler (EEVDF)
still gives a task at that policy a small share of a busy core. It gives that share in whole
scheduler ticks (4 ms at HZ=250), and takes it from whatever else could run there: the service's
serving thread, or the smtpd waiting for its answer. Traced under the benchmark's load, the
recording process took 4 ms turns, three or four times a second. Each turn held up every answer
in flight. That is most of the gap between the service's p99 with recording (2.1–2.4 ms) and
without it (1.6–1.8 ms).

A pause hands the core back. `pace()` looks, once `every` seconds have passed since it last
looked, whether more tasks are runnable than the machine has cores (`/proc/loadavg`, ~2 µs). If
so, it sleeps a moment. A process that calls it between small pieces of work (a record, a few dozen
rows) therefore holds a contended core for little more than `every` at a time. A sleeping task
that wakes at SCHED_IDLE never preempts anyone, so it runs again only where there is room. On an
idle core it does not pause at all: a pause lasts 80–130 µs here, and pausing every time would
slow the recording by a third when nothing else needs the core.

Pausing is off until `enable` is called: batch commands (`scan --record`, `mail ingest-log`) run
through the same register code, and they do not pause.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

_state = {"every": 0.0, "pause": 0.0, "since": 0.0}
_load: dict[str, int] = {}  # "fd": /proc/loadavg, "cores": online CPUs


def enable(every: float = 0.0003, pause: float = 0.00003) -> None:
    """Look every `every` seconds whether the cores are contended; if so, pause `pause` seconds."""
    if "fd" not in _load:
        with contextlib.suppress(OSError):  # not Linux: pause every time instead
            _load["fd"] = os.open("/proc/loadavg", os.O_RDONLY)
        _load["cores"] = os.cpu_count() or 1
    _state.update(every=every, pause=pause, since=time.perf_counter())


def disable() -> None:
    _state["every"] = 0.0


def enabled() -> bool:
    return _state["every"] > 0


def contended() -> bool:
    """More runnable tasks (this one included) than cores, right now; True when it cannot tell."""
    fd = _load.get("fd")
    if fd is None:
        return True
    try:  # "0.74 1.14 1.02 3/134 14938": the 4th field is runnable/all
        return int(os.pread(fd, 128, 0).split()[3].split(b"/")[0]) > _load["cores"]
    except (OSError, ValueError, IndexError):
        return True


def pace() -> None:
    """A point where this process may give its core back (a no-op unless `enable`d)."""
    every = _state["every"]
    if every and time.perf_counter() - _state["since"] >= every:
        if contended():
            time.sleep(_state["pause"])
        _state["since"] = time.perf_counter()


def pieces(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in pieces of `size`, with a `pace()` before each piece; all at once when pausing is off.

    A single `executemany` of a few hundred rows runs in SQLite for milliseconds. No pause can
    happen inside it, so the rows go in smaller pieces, but only while pausing is on.
    """
    if not enabled() or len(items) <= size:
        pace()
        yield items
        return
    for start in range(0, len(items), size):
        pace()
        yield items[start : start + size]
