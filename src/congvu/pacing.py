"""Short pauses in background work, so that it never holds a busy core for long.

The policy service records in a separate process at Linux's SCHED_IDLE. Linux's scheduler (EEVDF)
still gives a task at that policy a small share of a busy core. It gives that share in whole
scheduler ticks (4 ms at HZ=250), and takes it from whatever else could run there: the service's
serving thread, or the smtpd waiting for its answer. Traced under the benchmark's load, the
recording process took 4 ms turns, three or four times a second. Each turn held up every answer
in flight. That is most of the gap between the service's p99 with recording (2.1–2.4 ms) and
without it (1.6–1.8 ms).

A pause hands the core back. `pace()` sleeps a moment once `every` seconds have passed since the
last pause. A process that calls it between small pieces of work (a record, a few dozen rows)
therefore holds a contended core for little more than `every` at a time. A sleeping task that
wakes at SCHED_IDLE never preempts anyone, so it runs again only where there is room.

Pausing is off until `enable` is called: batch commands (`scan --record`, `mail ingest-log`) run
through the same register code, and they do not pause.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

_state = {"every": 0.0, "pause": 0.0, "since": 0.0}


def enable(every: float = 0.0003, pause: float = 0.00003) -> None:
    """Pause for `pause` seconds whenever `every` seconds have passed since the last pause."""
    _state.update(every=every, pause=pause, since=time.perf_counter())


def disable() -> None:
    _state["every"] = 0.0


def enabled() -> bool:
    return _state["every"] > 0


def pace() -> None:
    """A point where this process may give its core back (a no-op unless `enable`d)."""
    every = _state["every"]
    if every and time.perf_counter() - _state["since"] >= every:
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
