"""Fixtures shared by every test area."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The project's ../shared folder (domain texts, external data); CONGVU_SHARED overrides."""
    return Path(os.environ.get("CONGVU_SHARED", REPO.parent / "shared"))


@pytest.fixture
def external_data() -> Path:
    path = shared_dir() / "data" / "external"
    if not path.is_dir():
        pytest.skip(f"external test data not found at {path} (set CONGVU_SHARED)")
    return path
