"""The corpus targets on a fast slice: verdicts ≥ 97 %, no false violation, numbers and dates ≥ 95 %.

The slice is built by tools/corpus/make_corpus.py (seeded) into a temporary folder and run through
`congvu.scan.runner.scan_paths`, as `congvu scan` would; a few scanned documents go through OCR.
The full corpus and its figures: `uv run python tools/corpus/evaluate.py`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from make_corpus import build_corpus
from scoring import Score, score

from congvu.scan.runner import scan_paths

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def slice_score(tmp_path_factory: pytest.TempPathFactory) -> Score:
    if not FONT.is_file():
        pytest.skip(f"{FONT} not found (install the Debian package fonts-dejavu-core)")
    out = tmp_path_factory.mktemp("corpus")
    ocr = 3 if shutil.which("tesseract") else 0
    cases = build_corpus(out, docs=45, ocr=ocr, doc=0, seed=7, extra=1)
    rows = json.loads((out / "truth.json").read_text())
    results = {r.path: r.as_contract() for r in scan_paths([Path(c.path) for c in cases], workers=2)}
    return score(rows, results)


def test_no_clean_or_review_document_is_called_a_violation(slice_score: Score) -> None:
    assert not slice_score.false_violations, (
        slice_score.summary() + "\n" + "\n".join(slice_score.false_violations)
    )


def test_verdicts_at_least_97_percent(slice_score: Score) -> None:
    assert slice_score.pct(slice_score.verdict_ok) >= 97.0, (
        slice_score.summary() + "\n" + "\n".join(slice_score.misses)
    )


def test_numbers_and_dates_at_least_95_percent(slice_score: Score) -> None:
    s = slice_score
    assert s.pct(s.number_ok) >= 95.0 and s.pct(s.date_ok) >= 95.0, s.summary()


def test_slice_covers_every_verdict_and_format(slice_score: Score) -> None:
    """Guard against a generator change that quietly drops a class of documents."""
    truths = {t for t, _ in slice_score.confusion}
    formats = {f for f, _ in slice_score.by_format}
    assert truths == {"violation", "review", "clean"}
    assert {"txt", "docx", "pdf"} <= formats and slice_score.files >= 150
