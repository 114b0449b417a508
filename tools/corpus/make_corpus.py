"""Build a seeded corpus of Vietnamese administrative documents with ground truth.

    uv run python tools/corpus/make_corpus.py OUT_DIR [--docs 130] [--ocr 15] [--doc 6] [--seed 2014]

Every document (header, body, contact scenario, signature) is rendered into several formats, so
the same truth (verdict, number, date, signer) is checked through every extractor. The truth is
written to OUT_DIR/truth.json, one entry per file. Everything is fictional.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from content import ISSUERS
from layout import Doc, Truth, make_doc
from render import OCR_FORMATS, RENDERERS
from scenarios import SCENARIOS, choose

ALWAYS = ("txt", "docx", "pdf")
SOMETIMES = ("html", "eml", "zip", "odt", "rtf")


@dataclass
class Case:
    path: str
    doc: str
    format: str
    truth: Truth
    noise: list[str]
    layout: str


def make_docs(n: int, seed: int) -> list[Doc]:
    """`n` documents; every scenario appears at least once, then by weight."""
    rng = random.Random(seed)
    names = list(SCENARIOS)
    picks = names + [choose(rng) for _ in range(max(0, n - len(names)))]
    rng.shuffle(picks)
    return [make_doc(rng, i, ISSUERS, name, SCENARIOS[name][2]) for i, name in enumerate(picks[:n])]


def _formats(rng: random.Random, index: int, ocr: int, extra: int) -> list[str]:
    fmts = [*ALWAYS, *rng.sample(SOMETIMES, extra)]
    if index < ocr:
        fmts.append(OCR_FORMATS[index % 2])
    return fmts


def _to_doc(cases: list[Case], out: Path) -> list[Case]:
    """Legacy .doc copies through LibreOffice (one batch call: it starts slowly)."""
    if not cases or shutil.which("soffice") is None:
        return []
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(out / "doc"),
        ] + [c.path for c in cases]
        subprocess.run(cmd, check=False, capture_output=True, timeout=300)
    made: list[Case] = []
    for c in cases:
        target = out / "doc" / (Path(c.path).stem + ".doc")
        if target.is_file():
            made.append(Case(str(target), c.doc, "doc", c.truth, c.noise, c.layout))
    return made


def build_corpus(
    out: Path, *, docs: int = 130, ocr: int = 15, doc: int = 6, seed: int = 2014, extra: int = 2
) -> list[Case]:
    """Write the corpus under `out` and return one Case per file (truth.json holds the same)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)
    cases: list[Case] = []
    for i, d in enumerate(make_docs(docs, seed)):
        for fmt in _formats(rng, i, ocr, extra):
            ext, render = RENDERERS[fmt]
            path = out / fmt / f"{d.id}{ext}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(render(d, rng))
            cases.append(Case(str(path), d.id, fmt, d.truth, sorted(d.noise), d.layout))
    cases += _to_doc([c for c in cases if c.format == "docx"][:doc], out)
    (out / "truth.json").write_text(json.dumps([asdict(c) for c in cases], ensure_ascii=False, indent=1))
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=130)
    ap.add_argument("--ocr", type=int, default=15)
    ap.add_argument("--doc", type=int, default=6)
    ap.add_argument("--seed", type=int, default=2014)
    a = ap.parse_args()
    cases = build_corpus(a.out, docs=a.docs, ocr=a.ocr, doc=a.doc, seed=a.seed)
    print(f"{len(cases)} files from {a.docs} documents in {a.out}")


if __name__ == "__main__":
    main()
