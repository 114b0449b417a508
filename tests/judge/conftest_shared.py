"""Where ../shared is (domain texts), without importing the top-level conftest as a module."""

from __future__ import annotations

import os
from pathlib import Path


def shared_dir() -> Path:
    repo = Path(__file__).resolve().parents[2]
    return Path(os.environ.get("CONGVU_SHARED", repo.parent / "shared"))
