"""The original documents, kept by their sha256 so an inspector can open what a violation rests on.

A content-addressed folder (`evidence.originals_dir`): the file whose sha256 is `h` lives at
`<dir>/<h[:2]>/<h>`, nothing else is in its name (no server path, no upload name), so it is kept
once however often it is recorded, and a name can never point outside the folder.  Files are
written atomically (a temporary file in the same folder, flushed, then renamed) and made
read-only; a file is only ever kept after its bytes were hashed, so what is served is what was
judged.  Which name and content type it is served with comes from the register's `documents` row.

The retention (`evidence.retention_days`) is honoured by `purge`: the originals of documents
recorded longer ago than that are deleted, except those an open violation (pending, contested)
still rests on; every run is one audit event with the hashes it removed.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from congvu.register import audit
from congvu.register.schema import OPEN_STATUSES, documents, violations
from congvu.register.store import Store
from congvu.settings import Config, EvidenceSettings

_SHA256 = re.compile(r"[0-9a-f]{64}")
CHUNK = 1 << 20


class OriginalMismatch(ValueError):
    """The bytes given do not hash to the sha256 the register knows the document by."""


@dataclass(frozen=True, slots=True)
class Originals:
    """The content-addressed folder of original documents."""

    root: Path

    @classmethod
    def at(cls, root: str | Path) -> Originals:
        return cls(Path(root))

    def path_for(self, sha256: str) -> Path:
        """Where the original with this hash lives (whether or not it is there); ValueError for a
        string that is not a lower-case sha256, so no caller's text ever becomes a path."""
        if not _SHA256.fullmatch(sha256 or ""):
            raise ValueError("not a sha256")
        return self.root / sha256[:2] / sha256

    def find(self, sha256: str | None) -> Path | None:
        """The kept original, or None (no hash, a malformed one, or not kept)."""
        try:
            path = self.path_for(sha256 or "")
        except ValueError:
            return None
        return path if path.is_file() else None

    def keep(self, data: bytes, sha256: str | None = None) -> str:
        """Keep `data` (checked against `sha256` when given); returns its hash.  Idempotent."""
        digest = hashlib.sha256(data).hexdigest()
        if sha256 is not None and digest != sha256:
            raise OriginalMismatch(f"content hashes to {digest}, not {sha256}")
        target = self.path_for(digest)
        if not target.is_file():
            self._write(target, [data])
        return digest

    def keep_file(self, source: str | Path, sha256: str) -> bool:
        """Keep a file recorded under `sha256` if it is a regular file with exactly that content
        (hashed while it is copied); False when it is not there, not a file, or has changed since
        it was judged."""
        target = self.path_for(sha256)
        if target.is_file():
            return True
        path = Path(source)
        try:
            if not path.is_file():
                return False
            with path.open("rb") as handle:
                return self._write(target, iter(lambda: handle.read(CHUNK), b""), sha256)
        except OSError:
            return False

    def _write(self, target: Path, chunks: Iterable[bytes], expect: str | None = None) -> bool:
        """Write atomically (temporary file in the same folder, fsync, rename), read-only; when
        `expect` is given the rename happens only if the bytes hash to it."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    digest.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            if expect is not None and digest.hexdigest() != expect:
                Path(temporary).unlink(missing_ok=True)
                return False
            os.chmod(temporary, 0o440)
            os.replace(temporary, target)  # atomic: a reader sees the whole file or none
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return True

    def remove(self, sha256: str) -> bool:
        path = self.find(sha256)
        if path is None:
            return False
        path.unlink()
        return True


def configured(config: Config) -> Originals | None:
    """The store `evidence.originals_dir` names, or None when that setting is empty."""
    folder = EvidenceSettings.of(config).originals_dir.strip()
    return Originals.at(folder) if folder else None


def purge(store: Store, originals: Originals, retention_days: int, who: str) -> list[str]:
    """Delete the originals of documents recorded more than `retention_days` ago that no open
    violation rests on; one `originals.purged` audit event per run that removed any.  Returns the
    hashes removed.  A retention of 0 or less keeps everything."""
    if retention_days <= 0:
        return []
    now = store.clock()
    cutoff = now - timedelta(days=retention_days)

    with store.begin() as conn:
        still_open = sa.select(violations.c.document_id).where(
            violations.c.status.in_(OPEN_STATUSES), violations.c.document_id.is_not(None)
        )
        old = (
            conn.execute(
                sa.select(documents.c.sha256)
                .where(documents.c.recorded_at < cutoff, documents.c.id.not_in(still_open))
                .order_by(documents.c.sha256)
            )
            .scalars()
            .all()
        )
    removed = [sha for sha in old if originals.remove(sha)]
    if removed:
        event = audit.Event(
            who, "originals.purged", "document", "originals", None,
            {"removed": len(removed), "sha256": removed[:1000], "retention_days": retention_days},
            f"retention {retention_days} days: recorded before {_day(cutoff)}",
        )  # fmt: skip
        store.run(lambda conn: audit.append(conn, now, [event]))
    return removed


def _day(moment: datetime) -> str:
    return moment.date().isoformat()
