"""A fail-open spool: mail events that could not reach the register wait on disk for replay.

JSON lines in numbered files; a file is removed only after the sink has taken all of it, and the
register's identities make a replay after a crash harmless (nothing lost, nothing doubled).
`write` appends (thread-safe: a replay in the same process starts a fresh file first); `write_new`
publishes a whole new file at once (rename), so a replay running in another process never sees
half of it — the policy service's main process uses that while its recording process replays.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

Sink = Callable[[list[dict[str, Any]]], object]
_ROTATE_BYTES = 8 * 1024 * 1024


class Spool:
    def __init__(self, directory: str | Path, rotate_bytes: int = _ROTATE_BYTES) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.rotate_bytes = rotate_bytes
        self._lock = threading.Lock()
        self._current: Path | None = None
        self._serial = itertools.count()
        self.written = 0
        self.quarantined_count = 0

    def _name(self) -> Path:
        return self.directory / f"{time.time_ns():020d}-{os.getpid()}-{next(self._serial)}.jsonl"

    def write(self, events: Iterable[Mapping[str, Any]]) -> int:
        """Append events; never raises (a full disk is logged: the mail itself still flows)."""
        return self._store(events, self._append)

    def write_new(self, events: Iterable[Mapping[str, Any]]) -> int:
        """Write events to a new spool file that appears complete or not at all; never raises."""
        return self._store(events, self._publish)

    def _store(self, events: Iterable[Mapping[str, Any]], put: Callable[[list[str]], None]) -> int:
        lines = [json.dumps(e, ensure_ascii=False, default=str) + "\n" for e in events]
        if not lines:
            return 0
        with self._lock:
            try:
                put(lines)
            except OSError as exc:
                log.error("spool write failed, %d event(s) lost: %s", len(lines), exc)
                return 0
            self.written += len(lines)
        return len(lines)

    def _append(self, lines: list[str]) -> None:
        current = self._current
        if current is None or (current.exists() and current.stat().st_size > self.rotate_bytes):
            self._current = current = self._name()
        _write_synced(current, "a", lines)

    def _publish(self, lines: list[str]) -> None:
        final = self._name()
        part = final.with_name(final.name + ".part")  # not *.jsonl: replays skip it
        _write_synced(part, "w", lines)
        part.rename(final)

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("*.jsonl"))

    def pending(self) -> int:
        total = 0
        for path in self.files():
            with path.open("rb") as fh:
                total += sum(1 for _ in fh)
        return total

    @property
    def quarantine_dir(self) -> Path:
        return self.directory / "quarantine"

    def quarantined(self) -> list[dict[str, Any]]:
        """The events set aside by replays, each as {"event", "error", "file", "at"}."""
        out: list[dict[str, Any]] = []
        for path in sorted(self.quarantine_dir.glob("*.jsonl")):
            with path.open(encoding="utf-8", errors="replace") as fh:
                out.extend(json.loads(line) for line in fh if line.strip())
        return out

    def _quarantine(self, event: dict[str, Any], exc: BaseException, source: Path) -> None:
        self.quarantine_dir.mkdir(exist_ok=True)
        entry = {"event": event, "error": f"{type(exc).__name__}: {exc}"[:2000], "file": source.name,
                 "at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}  # fmt: skip
        _write_synced(self.quarantine_dir / source.name, "a", [json.dumps(entry, ensure_ascii=False) + "\n"])
        self.quarantined_count += 1
        log.error("spool %s: an event the register refuses was quarantined: %s", source.name, entry["error"])

    def _one_by_one(self, sink: Sink, events: list[dict[str, Any]], source: Path) -> int:
        """A batch the register refused: find the event(s) it refuses and set them aside, so that
        one bad event (a NUL byte PostgreSQL will not store, …) cannot block the rest for ever.
        The register going away meanwhile stops the replay as before (the file stays)."""
        stored = 0
        for event in events:
            try:
                sink([event])
                stored += 1
            except Exception as exc:
                if store_unavailable(exc):
                    raise
                self._quarantine(event, exc, source)
        return stored

    def replay(self, sink: Sink, batch: int = 1000) -> int:
        """Hand every spooled event to `sink` (oldest first); stop when the register is unavailable.

        A batch the register *refuses* (rather than cannot take) is retried event by event and the
        refused events go to `quarantine/` with the reason; the rest is stored."""
        done = 0
        with self._lock:
            self._current = None  # new writes go to a fresh file while old ones are replayed
            paths = self.files()
        for path in paths:
            events: list[dict[str, Any]] = []
            with path.open(encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:
                        events.append(json.loads(line))
                    except json.JSONDecodeError:
                        log.warning("spool %s: skipped a torn line", path.name)
            for i in range(0, len(events), batch):
                chunk = events[i : i + batch]
                try:
                    sink(chunk)
                    done += len(chunk)
                except Exception as exc:
                    if store_unavailable(exc):
                        raise  # the file stays for the next replay
                    done += self._one_by_one(sink, chunk, path)
            path.unlink()
        return done


def store_unavailable(exc: BaseException) -> bool:
    """Is this failure the register being away (retry later) rather than refusing the data?"""
    if isinstance(exc, (OSError, ConnectionError, TimeoutError)):
        return True
    try:
        from sqlalchemy import exc as sa_exc
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        return False
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(
        exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, sa_exc.DisconnectionError)
    )


def _write_synced(path: Path, mode: str, lines: list[str]) -> None:
    with path.open(mode, encoding="utf-8") as fh:
        fh.writelines(lines)
        fh.flush()
        os.fsync(fh.fileno())
