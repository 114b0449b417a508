"""The bench corpus generator at 1 MB: every planted address is found, nothing else."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_detect import run_congvu, score
from detect_corpus import FORMS, generate


def test_generator_one_mb_full_recall() -> None:
    text, planted = generate(1.0, seed=3)
    assert 0.9e6 < len(text.encode()) < 1.2e6
    assert {p.form for p in planted} == set(FORMS)
    _, found = run_congvu(text)
    s = score(planted, found)
    assert (s["plain"], s["obfuscated"], s["precision"]) == (1.0, 1.0, 1.0)


def test_generator_is_deterministic() -> None:
    assert generate(0.05, seed=5) == generate(0.05, seed=5)
