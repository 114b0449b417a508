"""Files and folders as a source of documents.

A folder is untrusted too: a symbolic link in it can point at `/dev/zero`, at someone's home folder
or back up the tree. Links are followed only while they stay inside the folder being scanned
(unless `scan.follow_symlinks` says otherwise); the ones refused are still reported, with why, so
nobody believes a file was checked when it was not. Devices and FIFOs are refused when opened
(`congvu.scan.document.read_regular_file`), wherever they come from.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from congvu import extract

SKIP_DIRS = {".git", ".svn", "__pycache__", "node_modules", ".venv"}


@dataclass(frozen=True, slots=True)
class Refused:
    """An input congvu will not open, and the sentence that tells the user why."""

    path: Path
    reason: str


def iter_inputs(paths: Iterable[Path], *, follow_symlinks: bool = False) -> Iterator[Path | Refused]:
    """Files to check: explicit files as given (even unknown types, so the user hears about them),
    folders walked recursively in a stable order for the formats congvu reads."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, follow_symlinks)
        else:
            yield path


def _walk(top: Path, follow_symlinks: bool) -> Iterator[Path | Refused]:
    real_top = os.path.realpath(top)
    for root, dirs, files in os.walk(top):  # never descends into linked folders (followlinks=False)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.startswith("~$") or extract.format_for(name) is None:
                continue
            path = Path(root) / name
            if path.is_symlink() and not follow_symlinks:
                target = os.path.realpath(path)
                if os.path.commonpath([real_top, target]) != real_top:
                    yield Refused(
                        path,
                        f"symbolic link to {target!r}, outside the scanned folder; not followed "
                        "(scan.follow_symlinks)",
                    )
                    continue
            yield path
