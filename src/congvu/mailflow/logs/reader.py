"""Reading log files incrementally: plain or gzip, resumable, rotation-proof, never fatal.

A file is recognised by a fingerprint of its first line (hash), not by its name or inode: when
logrotate renames `mail.log` to `mail.log.1` and later compresses it to `mail.log.2.gz`, the first
line stays the same, so the checkpoint (an offset into the *uncompressed* text) follows the file.
A half-written last line is left for the next run; a truncated or corrupt `.gz` keeps every
complete line read before the damage and says so.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol
from zoneinfo import ZoneInfo

from congvu.mailflow.logs.parser import LogParser
from congvu.mailflow.logs.split import SPLIT_BYTES, feed_split

CHUNK = 1 << 22
_FINGERPRINT_BYTES = 4096


@dataclass
class Checkpoint:
    fingerprint: str
    path: str
    inode: int
    offset: int
    lines: int = 0


class CheckpointStore(Protocol):
    def get(self, fingerprint: str) -> Checkpoint | None: ...

    def put(self, checkpoint: Checkpoint) -> None: ...


@dataclass
class FileReport:
    path: str
    lines: int = 0
    start: int = 0
    end: int = 0
    resumed: bool = False
    compressed: bool = False
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _open(path: Path) -> tuple[BinaryIO, bool]:
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb"), True  # type: ignore[return-value]
    return path.open("rb"), False


def year_resolver(reference: datetime, year: int | None = None) -> Callable[[int], int]:
    """Classic syslog stamps have no year: a month later than the file's last write is last year's."""
    if year is not None:
        return lambda _month: year
    return lambda month: reference.year if month <= reference.month else reference.year - 1


def fingerprint(path: Path) -> str | None:
    """Hash of the first line (first 4 KB at most); None while the file has no complete line."""
    handle, _ = _open(path)
    try:
        head = handle.read(_FINGERPRINT_BYTES)
    except (OSError, EOFError, zlib.error):
        head = b""
    finally:
        handle.close()
    cut = head.find(b"\n")
    if cut < 0:
        return None if len(head) < _FINGERPRINT_BYTES else hashlib.sha256(head).hexdigest()
    return hashlib.sha256(head[: cut + 1]).hexdigest()


def read_file(
    path: Path,
    parser: LogParser,
    zone: ZoneInfo,
    checkpoints: CheckpointStore | None = None,
    year: int | None = None,
) -> FileReport:
    """Feed the unread part of `path` to `parser` and move its checkpoint forward."""
    report = FileReport(str(path))
    try:
        st = path.stat()
        print_ = fingerprint(path)
    except OSError as error:
        report.warnings.append(f"cannot read: {error.strerror or error}")
        return report
    known = checkpoints.get(print_) if checkpoints is not None and print_ else None
    start = known.offset if known else 0
    year_for = year_resolver(datetime.fromtimestamp(st.st_mtime, zone), year)
    handle, compressed = _open(path)
    report.compressed = compressed
    if not compressed and start > st.st_size:
        report.warnings.append(
            "file is shorter than at the last run (truncated in place): read from the start"
        )
        start = 0
    lines_before = parser.stats.lines
    offset = start
    try:
        if start:
            report.resumed = True
            _skip(handle, start, compressed)
        if not compressed and st.st_size - start >= SPLIT_BYTES:
            stop = _last_line_end(handle, start, st.st_size)
            if stop > start:  # a large plain file: its complete lines on two cores
                feed_split(str(path), parser, start, stop, year_for)
                offset = stop
                handle.seek(stop)
        carry = b""
        read = handle.read1 if compressed else handle.read  # type: ignore[attr-defined]
        damaged = False
        while True:
            try:
                chunk = read(CHUNK)
            except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as error:
                report.warnings.append(
                    f"truncated or corrupt .gz ({error}): kept the lines read before the damage"
                )
                damaged = True
                break
            if not chunk:
                break
            buf = carry + chunk if carry else chunk
            cut = buf.rfind(b"\n")
            if cut < 0:
                carry = buf
                continue
            carry = buf[cut + 1 :]
            parser.feed(buf[:cut].decode("utf-8", "replace").split("\n"), str(path), year_for)
            offset += cut + 1
        if carry:
            if compressed and not damaged:  # a finished file whose last line lacks its newline
                parser.feed([carry.decode("utf-8", "replace")], str(path), year_for)
                offset += len(carry)
            else:
                parser.stats.partial += 1
                report.warnings.append(
                    "half-written last line skipped"
                    + ("" if compressed else ": it will be read on the next run")
                )
    finally:
        handle.close()
    report.start, report.end = start, offset
    report.lines = parser.stats.lines - lines_before
    if checkpoints is not None and print_:
        checkpoints.put(
            Checkpoint(print_, str(path), st.st_ino, offset, (known.lines if known else 0) + report.lines)
        )
    return report


def _last_line_end(handle: BinaryIO, start: int, size: int) -> int:
    """Offset just past the last newline (within the last MB); `start` when there is none."""
    at = max(start, size - (1 << 20))
    handle.seek(at)
    cut = handle.read(size - at).rfind(b"\n")
    return start if cut < 0 else at + cut + 1


def _skip(handle: BinaryIO, offset: int, compressed: bool) -> None:
    if not compressed:
        handle.seek(offset)
        return
    left = offset
    while left:
        got = handle.read(min(left, CHUNK))
        if not got:
            break
        left -= len(got)


def sort_oldest_first(paths: list[Path]) -> list[Path]:
    """Rotated files before the live one, so a message split across rotation is joined in order."""

    def key(p: Path) -> float:
        try:
            return os.stat(p).st_mtime
        except OSError:
            return float("inf")

    return sorted(paths, key=key)
