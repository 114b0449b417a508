"""docs/design.md draws the layers that import-linter enforces: the picture and the contract agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _contract_layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers"]
    assert contract["containers"] == ["congvu"] and contract["exhaustive"] is True
    return [{name.strip() for name in re.split(r"[|:]", layer)} for layer in contract["layers"]]


def _drawn_layers() -> list[set[str]]:
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("## The layers", 1)[1]
    picture = section.split("```", 2)[1]
    lines = [line for line in picture.splitlines() if line.strip()]
    start = lines[0].index("__main__")  # the layers' column; before it, the group's name
    layers: list[set[str]] = []
    for line in lines:
        column = re.split(r"\s{2,}", line[start:])[0] if line[start : start + 1].strip() else ""
        for layer in filter(None, column.split("→")):
            layers.append({name.strip() for name in layer.split("|")})
    return layers


def test_the_design_doc_draws_the_enforced_layers_in_order() -> None:
    drawn = _drawn_layers()
    assert {"register"} in drawn and {"clock"} == drawn[-1]  # the picture was read
    assert drawn == _contract_layers()
