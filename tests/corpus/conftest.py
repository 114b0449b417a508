"""The corpus tools (`tools/corpus/`: the generator, the scorers, the perturbation suites) are
scripts, not a package: their directory goes on the import path once, for every test here."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "corpus"))
