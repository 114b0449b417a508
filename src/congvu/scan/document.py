"""The document check: one file in, one judged `DocumentResult` out, containers recursed into.

`scan_bytes` is the pure core (bytes → result) that the CLI, the register, the milter and the web
upload all share; `scan_paths` in `congvu.scan.runner` spreads files over worker processes with limits.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from congvu import extract
from congvu.classify import AddressPolicy
from congvu.extract import headband, ocr
from congvu.judge import reread
from congvu.judge.document import first_page_text, judge
from congvu.model import (
    DocumentResult,
    ExtractError,
    Extraction,
    Finding,
    Metadata,
    Origin,
    Verdict,
    worst_verdict,
)
from congvu.output.safe_text import readable
from congvu.settings import Limits

log = logging.getLogger(__name__)


class ScanLimitExceeded(ExtractError):
    pass


@dataclass(slots=True)
class _Budget:
    """What one top-level file may still consume across all its nested parts."""

    members_left: int
    bytes_left: int
    ocr_deadline: float = float("inf")  # `time.monotonic()` past which no header is OCR'd again


def _metadata_score(m: Metadata) -> int:
    return sum(1 for v in (m.number, m.date, m.issuer, m.signer, m.subject) if v)


@dataclass(slots=True)
class _Reading:
    """One policy's judgement of the file being read: its result and the verdicts of its parts."""

    policy: AddressPolicy
    result: DocumentResult
    verdicts: list[Verdict | None]


def scan_bytes(
    data: bytes,
    name: str,
    policy: AddressPolicy,
    limits: Limits,
    *,
    path: str | None = None,
    candidate: AddressPolicy | None = None,
    origin: str | None = None,
) -> DocumentResult:
    """Judge one file's content; never raises for bad input (the result says `error`).

    `origin` is the URL the file was published at (fetched from, or given by the inspector): the
    judge's last evidence of which body offers a contact point (`judge.document._offerer`); every
    part of the file shares it. Without it, a web page's own address (its canonical link…) is used.

    With `candidate`, every part is extracted once and judged under both policies: the returned
    result (under `policy`) carries the candidate's judgement in `result.candidate` (`congvu
    whatif scan`).  A file that cannot be read is the same error under any policy: its result
    then has no `candidate`."""
    started = time.perf_counter()
    result = DocumentResult(path=path or name, sha256=hashlib.sha256(data).hexdigest(), origin=origin or None)
    fmt = extract.format_for(name) or extract.sniff(data)
    if fmt is None:
        result.status, result.error = "error", f"unsupported file type: {PurePosixPath(name).suffix or name}"
        return result
    result.format = fmt.name
    readings = [_Reading(policy, result, [])]
    if candidate is not None:
        other = DocumentResult(
            path=result.path, sha256=result.sha256, format=result.format, origin=result.origin
        )
        readings.append(_Reading(candidate, other, []))
    budget = _Budget(limits.max_members, limits.max_unpacked_bytes, ocr.deadline(limits))
    error: str | None = None
    try:
        given = Origin(origin) if origin else None
        _scan_part(data, fmt, None, 0, readings, limits, budget, given)
    except ExtractError as exc:
        error = str(exc)
    except MemoryError:
        error = "out of memory (limits.max_memory_mb)"
    except Exception as exc:  # a reader bug must cost one file, never the whole run
        log.exception("internal error while checking %s", result.path)
        error = f"internal error while reading the file: {type(exc).__name__}: {exc}"
    if error is not None:
        result.status, result.error, result.verdict = "error", error, None
        result.findings.clear()
        return _timed(result, started)
    if candidate is not None:
        result.candidate = _timed(readings[1].result, started)
    return _timed(result, started)


def _timed(result: DocumentResult, started: float) -> DocumentResult:
    result.seconds = time.perf_counter() - started
    return result


def _scan_part(
    data: bytes,
    fmt: extract.Format,
    part: str | None,
    depth: int,
    readings: list[_Reading],
    limits: Limits,
    budget: _Budget,
    origin: Origin | None = None,
) -> None:
    extraction = extract.extract(data, fmt, limits)  # once, whatever the number of policies
    prefix = f"{part}: " if part else ""
    band = _HeaderBand(data, fmt.name, extraction, limits, budget.ocr_deadline)
    for reading in readings:
        result = reading.result
        if part is None:
            result.pages = extraction.pages
            if result.origin is None and extraction.origin is not None:
                result.origin = extraction.origin.url  # the page's own address (the judge's too)
        result.ocr_pages += extraction.ocr_pages
        result.warnings.extend(prefix + w for w in extraction.warnings)
        judged = judge(extraction, reading.policy, part=part, origin=origin)
        judged.metadata = band.complete(judged.metadata)
        result.findings.extend(judged.findings)
        reading.verdicts.append(judged.verdict)
        if _metadata_score(judged.metadata) > _metadata_score(result.metadata):
            result.metadata = judged.metadata

    def warn(text: str) -> None:
        for reading in readings:
            reading.result.warnings.append(text)

    for att in extraction.attachments:
        child = f"{part}/{att.name}" if part else att.name
        if depth + 1 > limits.max_depth:
            warn(f"{child}: not opened, nesting deeper than {limits.max_depth} (limits.max_depth)")
            continue
        budget.members_left -= 1
        budget.bytes_left -= len(att.data)
        if budget.members_left < 0 or budget.bytes_left < 0:
            raise ScanLimitExceeded(
                "archive too large: more embedded files or bytes than allowed "
                "(limits.max_members / limits.max_unpacked_mb); possible zip bomb"
            )
        child_fmt = extract.format_for(att.name) or extract.sniff(att.data)
        if child_fmt is None:
            continue  # a part congvu does not read (e.g. .xlsx, .exe): nothing to judge
        digest = hashlib.sha256(att.data).hexdigest()
        for reading in readings:
            reading.result.parts.append(child)
            reading.result.part_sha256[child] = digest
        try:
            _scan_part(att.data, child_fmt, child, depth + 1, readings, limits, budget, origin)
        except ScanLimitExceeded:
            raise
        except ExtractError as exc:
            warn(f"{child}: unreadable: {exc}")
        except MemoryError:
            raise
        except Exception as exc:
            log.exception("internal error while checking %s in %s", child, readings[0].result.path)
            warn(f"{child}: unreadable (internal error: {type(exc).__name__})")
    for reading in readings:
        reading.result.verdict = worst_verdict(reading.verdicts)


@dataclass(slots=True)
class _HeaderBand:
    """The header band of a scanned page 1, read again only if the judge wants it (its number or
    date came out empty, `judge.reread`): by Tesseract, sharper, and if a field is still empty by
    PP-OCR; each read once for all the policies the file is read under."""

    data: bytes
    fmt: str
    extraction: Extraction
    limits: Limits
    deadline: float
    _band: headband.Band | None = None

    def complete(self, meta: Metadata) -> Metadata:
        if reread.wanted(self.extraction, meta):
            meta = self._fill(meta)
        if reread.four_doubt(self.extraction, meta):  # a 4 Tesseract wrote may be a handwritten 1
            pp = self._read().pp(self.deadline - time.monotonic())
            if pp:
                meta = reread.correct_fours(meta, pp)
        return meta

    def _read(self) -> headband.Band:
        if self._band is None:
            self._band = headband.Band(self.data, self.fmt, self.limits)
        return self._band

    def _fill(self, meta: Metadata) -> Metadata:
        first = first_page_text(self.extraction)
        again = self._read().tesseract(self.deadline - time.monotonic())
        if again:
            meta = reread.confirm(meta, first, again)
        if not reread.pp_could_help(meta, first, again):
            return meta
        pp = self._read().pp(self.deadline - time.monotonic())
        return reread.believe_pp(meta, first, again, pp) if pp else meta


class NotARegularFile(OSError):
    pass


class FileTooLarge(OSError):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; `FileTooLarge` otherwise.

    Opened without blocking and checked on the open descriptor (not on the name, which can be
    swapped in between): a FIFO would block the reader forever, `/dev/zero` never ends, and a
    file that grows after `stat` must not be read past the size limit either.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((label for test, label in _KINDS if test(mode)), "not a regular file")
            raise NotARegularFile(f"{kind}, not a document; not read")
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise FileTooLarge(size)
        os.set_blocking(fd, True)
        data = handle.read(size + 1) or b""  # one read, one buffer: no copy of a 200 MB file
        while len(data) <= max_bytes:
            more = handle.read(max_bytes + 1 - len(data))
            if not more:
                break
            data += more
        if len(data) > max_bytes:  # grew after fstat
            raise FileTooLarge(len(data))
        return data


def scan_file(
    path: Path,
    policy: AddressPolicy,
    limits: Limits,
    *,
    candidate: AddressPolicy | None = None,
    origin: str | None = None,
) -> DocumentResult:
    """Read a file within the size limit and judge it (and under `candidate` too, and published at
    `origin`: `scan_bytes`); devices and FIFOs are refused."""
    shown = readable(str(path))  # a name with byte 0xFF is shown as \xff, never as invalid UTF-8
    mb = limits.max_file_bytes // (1024 * 1024)
    try:
        data = read_regular_file(path, limits.max_file_bytes)
    except NotARegularFile as exc:
        return DocumentResult(shown, "error", str(exc), origin=origin)
    except FileTooLarge as exc:
        return DocumentResult(
            shown,
            "error",
            f"file is {exc.size / 1e6:.0f} MB; the limit is {mb} MB (limits.max_file_mb)",
            origin=origin,
        )
    except OSError as exc:
        return DocumentResult(shown, "error", f"cannot read file: {exc.strerror or exc}", origin=origin)
    return scan_bytes(data, path.name, policy, limits, path=shown, candidate=candidate, origin=origin)


def findings_by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]
