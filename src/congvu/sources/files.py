"""Files and folders as a source of documents."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from congvu import extract

SKIP_DIRS = {".git", ".svn", "__pycache__", "node_modules", ".venv"}


def iter_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to check: explicit files as given (even unknown types, so the user hears about them),
    folders walked recursively in a stable order for the formats congvu reads."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("~$") and extract.format_for(name) is not None:
                        yield Path(root) / name
        else:
            yield path
