"""Compare scan results with the corpus truth: verdicts, false violations, numbers, dates, signers.

Text that lost its diacritics (noise "ascii"/"ocr") is compared without them: the document itself
no longer says "LĐTBXH", so "LDTBXH" is the right reading.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from layout import strip_marks

VERDICTS = ("violation", "review", "clean", None)


@dataclass
class Score:
    files: int = 0
    verdict_ok: int = 0
    false_violations: list[str] = field(default_factory=list)
    number_ok: int = 0
    date_ok: int = 0
    signer_ok: int = 0
    confusion: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    by_format: Counter[tuple[str, bool]] = field(default_factory=Counter)
    gaps: int = 0  # files whose only error is a known detector gap

    def pct(self, n: int) -> float:
        return 100.0 * n / self.files if self.files else 0.0

    def table(self) -> str:
        head = "truth \\ got " + " ".join(f"{v!s:>10}" for v in VERDICTS)
        rows = [
            f"{t:<11} " + " ".join(f"{self.confusion[(t, g)]:>10}" for g in VERDICTS) for t in VERDICTS[:3]
        ]
        return "\n".join([head, *rows])

    def summary(self) -> str:
        fmts = sorted({f for f, _ in self.by_format})
        per = ", ".join(
            f"{f} {self.by_format[(f, True)]}/{self.by_format[(f, True)] + self.by_format[(f, False)]}"
            for f in fmts
        )
        return (
            f"files {self.files}: verdicts {self.pct(self.verdict_ok):.1f}% "
            f"(known detector gaps {self.gaps}), false violations {len(self.false_violations)}, "
            f"numbers {self.pct(self.number_ok):.1f}%, dates {self.pct(self.date_ok):.1f}%, "
            f"signers {self.pct(self.signer_ok):.1f}%\nverdicts by format: {per}\n{self.table()}"
        )


def _same(truth: str, got: str | None, loose: bool) -> bool:
    if got is None:
        return False
    if loose:
        return strip_marks(truth).casefold() == strip_marks(got).casefold()
    return truth == got


def score(cases: list[dict[str, Any]], results: dict[str, dict[str, Any]]) -> Score:
    """`cases`: truth.json rows; `results`: JSON-contract documents keyed by path."""
    s = Score()
    for case in cases:
        truth: dict[str, Any] = case["truth"]
        res = results.get(str(case["path"]), {})
        meta: dict[str, str | None] = res.get("metadata") or {}
        got = res.get("verdict")
        loose = bool(set(case["noise"]) & {"ascii", "ocr"}) or case["format"] in ("png", "scanpdf")
        s.files += 1
        s.confusion[(str(truth["verdict"]), got)] += 1
        ok = got in truth["ok"]
        s.verdict_ok += ok
        s.by_format[(str(case["format"]), ok)] += 1
        if got == "violation" and "violation" not in truth["ok"]:
            s.false_violations.append(str(case["path"]))
        if not ok:
            s.gaps += bool(truth["gap"])
            s.misses.append(f"{case['path']} [{truth['scenario']}] truth {truth['verdict']} got {got}")
        s.number_ok += _same(str(truth["number"]), meta.get("number"), loose)
        s.date_ok += truth["date"] == meta.get("date")
        s.signer_ok += _same(str(truth["signer"]), meta.get("signer"), True)
    return s


def field_misses(cases: list[dict[str, Any]], results: dict[str, dict[str, Any]], name: str) -> list[str]:
    out = []
    for case in cases:
        truth: dict[str, Any] = case["truth"]
        meta: dict[str, str | None] = results.get(str(case["path"]), {}).get("metadata") or {}
        want, got = str(truth[name]), meta.get(name)
        if not _same(want, got, True):
            out.append(f"{case['path']} [{case['layout']} {case['noise']}] want {want!r} got {got!r}")
    return out
