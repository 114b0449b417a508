"""Fixtures for judge tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from judgekit import make_policy

from congvu.classify import AddressPolicy


@pytest.fixture(scope="session")
def policy() -> AddressPolicy:
    return make_policy()
