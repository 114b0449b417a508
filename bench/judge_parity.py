"""Does a speed-up change what congvu says? Scan a fixed set of inputs and compare the JSON.

    uv run python bench/judge_parity.py --out /tmp/after.json [--generated DIR] [--cache DIR]
    uv run python bench/judge_parity.py --compare /tmp/before.json /tmp/after.json

Inputs: `examples/documents/`, the real corpus' **dev** items (never test or fresh), two dense
1 MB texts (`dense_corpus.py`, seeds 0 and 1) and, with `--generated`, a generated corpus folder
(`tools/corpus/evaluate.py --keep DIR` builds one). Every file goes through `scan_file` in this
process with a time limit that cannot bite, and its JSON contract (less the timing) is written out.
To compare two versions of the code, run the same command from each checkout (or with
`PYTHONPATH=<other checkout>/src`), then `--compare`.

`--cache DIR` keeps each extraction (pickled, keyed by the bytes' sha256 and the format), so a
judging-only change is compared without OCR'ing the scans again; leave it out when `extract/`
changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools" / "corpus"))

MB = 1_000_000


def _cached_extract(cache: Path) -> None:
    from congvu import extract

    real = extract.extract

    def cached(data: bytes, fmt: extract.Format, limits: Any) -> Any:
        key = cache / f"{hashlib.sha256(data).hexdigest()}-{fmt.name}.pickle"
        if key.is_file():
            return pickle.loads(key.read_bytes())
        out = real(data, fmt, limits)
        key.write_bytes(pickle.dumps(out))
        return out

    extract.extract = cached  # type: ignore[assignment]


def _inputs(tmp: Path, generated: Path | None) -> list[tuple[str, Path]]:
    from dense_corpus import generate
    from evaluate_real import load_items, materialise, split_of

    out = [(f"examples/{p.name}", p) for p in sorted((ROOT / "examples" / "documents").iterdir())]
    real = tmp / "real"
    real.mkdir()
    for item in load_items():
        if split_of(item) == "dev":
            path = materialise(item, real)
            out.append((f"real-dev/{path.name}", path))
    for seed in (0, 1):
        path = tmp / f"dense-{seed}.txt"
        path.write_text(generate(MB, seed=seed)[0], encoding="utf-8")
        out.append((f"dense/{path.name}", path))
    if generated is not None:
        files = sorted(p for p in generated.rglob("*") if p.is_file() and p.name != "truth.json")
        out += [(f"generated/{p.relative_to(generated)}", p) for p in files]
    return out


def _strip(contract: dict[str, Any]) -> dict[str, Any]:
    contract.pop("seconds", None)
    contract.pop("path", None)
    return contract


def scan(out: Path, generated: Path | None, cache: Path | None) -> None:
    from congvu.classify import AddressPolicy
    from congvu.scan.document import scan_file
    from congvu.settings import Limits, load_config

    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        _cached_extract(cache)
    config = load_config()
    policy = AddressPolicy.from_config(config)
    limits = dataclasses.replace(Limits.from_config(config), max_seconds=100_000.0)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="congvu-parity-") as tmp:
        for name, path in _inputs(Path(tmp), generated):
            results[name] = _strip(scan_file(path, policy, limits).as_contract())
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    findings = sum(len(r.get("findings") or []) for r in results.values())
    print(f"{len(results)} files, {findings} findings → {out}")


def compare(before: Path, after: Path) -> int:
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    for name in differ[:20]:
        print(f"DIFFERS: {name}")
        x, y = a.get(name) or {}, b.get(name) or {}
        for key in sorted(x.keys() | y.keys()):
            if x.get(key) != y.get(key):
                print(f"  {key}:\n    before {json.dumps(x.get(key), ensure_ascii=False)[:600]}")
                print(f"    after  {json.dumps(y.get(key), ensure_ascii=False)[:600]}")
    print(f"{len(a)} / {len(b)} files, {len(differ)} differ")
    return 1 if differ else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, help="write the results here")
    ap.add_argument("--generated", type=Path, help="a generated corpus folder to include")
    ap.add_argument("--cache", type=Path, help="keep extractions here (judging-only changes)")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if args.out is None:
        ap.error("--out or --compare is needed")
    scan(args.out, args.generated, args.cache)


if __name__ == "__main__":
    main()
