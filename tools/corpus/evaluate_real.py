# ruff: noqa: E501
"""Run the real-text corpus (`corpus/real/`) through congvu and score it against its labels.

    uv run python tools/corpus/evaluate_real.py [--split dev|test|fresh|all] [--as text|published|both] [-v] [--json OUT]

The corpus is verbatim public text nobody on the team wrote, labelled by `docs/labelling.md` before
congvu was run on it. Each item is written to a temporary folder as it came (`.txt` for text, the
original file otherwise) and judged by `congvu.scan.runner.scan_paths`, exactly as `congvu scan` would.

Two readings (`--as`, both by default): **as text**, the item alone, as `congvu scan FILE` reads a
file nobody says the origin of; and **as published**, each web item with its `source.url` as its
origin, as `congvu crawl` judges the page it fetched from that URL (the labeller saw that URL: a
notice on `hoaminh.lienchieu.danang.gov.vn` is the ward's); repo items have no URL and read the same
in both. The JSON keeps both (`as_text`, `as_published`), each with its splits, kinds and misses;
`-v` lists every miss as text, then how the misses as published differ from them.

Figures: verdicts right, false violations (a clean/review item judged `violation`), public contact
points found (labelled public + contact point, and congvu's finding says `contact_point`), of those
in items labelled violation (a state body's) how many were charged DOC-001, false contact points
(labelled public, not a contact point, congvu says it is one), addresses missed by the detector,
and header fields
(number, date, issuer, signer) over the items with a labelled header. Per split and per source kind;
`-v` lists every miss. Tune on `dev` only; `test` and `fresh` are run to report.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "real"
SPLITS = ("dev", "test", "fresh")
# A fresh batch joins dev once its figures were reported (bench/README.md, "Real text"): reported
# before the code was touched, it may then be tuned on like the rest of dev.
REPORTED_BATCHES = {
    "fresh-1": "reported 2026-12-06 at c2246fe",
    "fresh-2": "reported 2026-12-06 at c2246fe",
    "fresh-3": "reported 2026-12-06 at b2666db (bench/README.md, second round)",
    "fresh-4": "reported 2026-12-06 at ee8c387 and c84f3ec (bench/README.md, fresh-4)",
    "fresh-5": "reported 2026-12-06 at c31b38e (bench/README.md, fresh-5)",
    "fresh-6": "reported 2026-12-06 at c31b38e and ebff281 (bench/README.md, fresh-6)",
    "fresh-7": "reported 2026-12-06 at ba84f9c and 09bbdde (bench/README.md, fresh-7)",
    "fresh-8": "reported 2026-12-06 at ba84f9c and 398bc4b (bench/README.md, fresh-8)",
    "fresh-9": "reported 2026-12-06 at c3ba42d and 3caaa37 (bench/README.md, fresh-9)",
    "fresh-10": "reported 2026-12-06 at c3ba42d and 63add75 (bench/README.md, fresh-10)",
    "fresh-11": "reported 2026-12-06 at 99ecf74 and 6032fcc (bench/README.md, fresh-11)",
    "fresh-12": "reported 2026-12-06 at 99ecf74 and 14ababf (bench/README.md, fresh-12)",
    "fresh-13": "reported 2026-12-06 at 94c0e32 and 7224cb6 (bench/README.md, fresh-13)",
    "fresh-14": "reported 2026-12-06 at 94c0e32 and 6a41c54 (bench/README.md, fresh-14)",
    "fresh-15": "reported 2026-12-07 at 94c0e32 and e2a9b88 (bench/README.md, fresh-15)",
    "fresh-16": "reported 2026-12-07 at 8c64a91 and 5549e95 (bench/README.md, fresh-16)",
    "fresh-17": "reported 2026-12-07 at 8c64a91 and f66ffe6 (bench/README.md, fresh-17)",
    "fresh-18": "reported 2026-12-07 at ff72581 and b06bfce (bench/README.md, tenth round)",
    "fresh-19": "reported 2026-12-07 at ff72581 and 2d77a24 (bench/README.md, tenth round)",
    "fresh-20": "reported 2026-12-07 at d964dd7 and 3dd869e (bench/README.md, eleventh round)",
    "fresh-21": "reported 2026-12-07 at d964dd7 and 55cce81 (bench/README.md, eleventh round)",
    "fresh-22": "reported 2026-12-07 at dd2dfaf and e0d0d34 (bench/README.md, twelfth round)",
    "fresh-23": "reported 2026-12-07 at e0d0d34 (bench/README.md, twelfth round)",
    "fresh-24": "reported 2026-12-07 at e34bd48 and 94bdf30 (bench/README.md, thirteenth round)",
    "fresh-25": "reported 2026-12-07 at 94bdf30 (bench/README.md, thirteenth round)",
    "fresh-26": "reported 2026-12-07 at 94bdf30 (bench/README.md, thirteenth round)",
    "fresh-27": "reported 2026-12-07 at 5f95088 (bench/README.md, thirteenth round)",
    "fresh-28": "reported 2026-12-07 at 891bdc0 and c3a3305 (bench/README.md, fourteenth round)",
    "fresh-29": "reported 2026-12-07 at c3a3305 (bench/README.md, fourteenth round)",
    "fresh-30": "reported 2026-12-07 at 10d2915 and d92fc81 (bench/README.md, fifteenth round)",
    "fresh-31": "reported 2026-12-07 at 9173f39 and d92fc81 (bench/README.md, fifteenth round)",
    "fresh-32": "reported 2026-12-07 at 7d50544 (= a6fde8d's figures) (bench/README.md, sixteenth round)",
    "fresh-33": "reported 2026-12-07 at d2b2368 (= a6fde8d's figures) (bench/README.md, sixteenth round)",
    "fresh-34": "reported 2026-12-08 at 6cee6e4 (= a6fde8d's figures) (bench/README.md, sixteenth round)",
    "fresh-35": "reported 2026-12-08 at 8283adf (bench/README.md, seventeenth round)",
    "fresh-36": "reported 2026-12-08 at c83af75 (bench/README.md, seventeenth round)",
}
HEADER_FIELDS = ("number", "date", "issuer", "signer")


def split_of(item: dict[str, Any]) -> str:
    """The split is fixed by rule (docs/labelling.md): fresh batches apart until reported, then dev;
    else sha256(id)'s parity."""
    batch = str(item.get("batch", ""))
    if batch.startswith("fresh"):
        return "dev" if batch in REPORTED_BATCHES else "fresh"
    return "dev" if hashlib.sha256(str(item["id"]).encode()).digest()[0] % 2 == 0 else "test"


def load_items(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    items = []
    for path in sorted((corpus / "items").glob("*.json")):
        try:
            item = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SystemExit(f"{path}: not a readable JSON item: {exc}") from exc
        item["_file"] = str(path)
        items.append(item)
    return items


def materialise(item: dict[str, Any], out: Path, corpus: Path = CORPUS) -> Path:
    """Write the item as congvu should read it: its original file if it has one, else its text."""
    if item.get("file"):
        src = corpus / str(item["file"])
        dst = out / f"{item['id']}{src.suffix}"
        shutil.copyfile(src, dst)
        return dst
    dst = out / f"{item['id']}.txt"
    dst.write_text(str(item["text"]), encoding="utf-8")
    return dst


# Old-style tone placement ("uỷ", "hoà") and the new one ("ủy", "hòa") write the same word.
_OLD_TONES = {
    old: new
    for vowels in (("o", "a"), ("o", "e"), ("u", "y"))
    for mark in ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    for old, new in [
        (
            unicodedata.normalize("NFC", vowels[0] + vowels[1] + mark),
            unicodedata.normalize("NFC", vowels[0] + mark + vowels[1]),
        )
    ]
}


def _norm(s: str | None) -> str:
    s = " ".join(unicodedata.normalize("NFC", s or "").replace("\u00a0", " ").split()).casefold()
    for old, new in _OLD_TONES.items():
        s = s.replace(old, new)
    return s


def _norm_number(s: str | None) -> str:
    return _norm(s).replace(" ", "").replace("đ", "d")


def _norm_name(s: str | None) -> str:
    """Issuer and signer compared without diacritics (docs/labelling.md, decision 5): OCR loses
    marks ("CỤC THUÊ TINH BẮC NINH" for "Cục Thuế tỉnh Bắc Ninh"), and a reader that found the right
    words cannot restore them; which words it took is what is scored."""
    decomposed = unicodedata.normalize("NFD", _norm(s).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_FIELD_NORM = {"number": _norm_number, "issuer": _norm_name, "signer": _norm_name}


@dataclass
class Tally:
    items: int = 0
    verdict_ok: int = 0
    false_violations: int = 0
    contact_points: int = 0  # labelled public contact points
    contact_found: int = 0  # ... that congvu calls a contact point (finding.contact_point)
    charges: int = 0  # labelled public contact points in items labelled violation (a state body's)
    charged: int = 0  # ... judged DOC-001
    public_not_contact: int = 0
    false_contact: int = 0
    addresses: int = 0
    addresses_missed: int = 0
    headers: Counter[str] = field(default_factory=Counter)  # field -> labelled
    header_ok: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in (
            "items",
            "verdict_ok",
            "false_violations",
            "contact_points",
            "contact_found",
            "charges",
            "charged",
            "public_not_contact",
            "false_contact",
            "addresses",
            "addresses_missed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.headers.update(other.headers)
        self.header_ok.update(other.header_ok)
        self.confusion.update(other.confusion)

    def as_dict(self) -> dict[str, Any]:
        def pct(a: int, b: int) -> float | None:
            return round(100.0 * a / b, 1) if b else None

        return {
            "items": self.items,
            "verdicts_right_pct": pct(self.verdict_ok, self.items),
            "false_violations": self.false_violations,
            "public_contact_points": self.contact_points,
            "public_contact_points_found_pct": pct(self.contact_found, self.contact_points),
            "state_contact_points": self.charges,
            "state_contact_points_charged_pct": pct(self.charged, self.charges),
            "public_not_contact": self.public_not_contact,
            "false_contact_points": self.false_contact,
            "addresses": self.addresses,
            "addresses_missed": self.addresses_missed,
            "headers": {
                f: {"labelled": self.headers[f], "right_pct": pct(self.header_ok[f], self.headers[f])}
                for f in HEADER_FIELDS
                if self.headers[f]
            },
            "confusion": {f"{t}->{g}": n for (t, g), n in sorted(self.confusion.items())},
        }

    def line(self, name: str) -> str:
        d = self.as_dict()
        hdr = ", ".join(f"{f} {v['right_pct']}% of {v['labelled']}" for f, v in d["headers"].items())
        return (
            f"{name:<10} items {self.items:>4}: verdicts {d['verdicts_right_pct']}%, false violations "
            f"{self.false_violations}, public contact points found {self.contact_found}/{self.contact_points}"
            f" ({d['public_contact_points_found_pct']}%), of them a state body's charged DOC-001 "
            f"{self.charged}/{self.charges}, false contact points {self.false_contact}/"
            f"{self.public_not_contact}, addresses missed {self.addresses_missed}/{self.addresses}"
            + (f"; headers: {hdr}" if hdr else "")
        )


def score_item(item: dict[str, Any], res: dict[str, Any], misses: list[str]) -> Tally:
    t = Tally(items=1)
    labels = item["labels"]
    want, got = str(labels["verdict"]), str(res.get("verdict"))
    where = f"{item['id']} ({item.get('kind')})"
    t.confusion[(want, got)] += 1
    if got == want:
        t.verdict_ok = 1
    else:
        misses.append(
            f"{where}: verdict {want} -> {got}"
            + (f" [error: {res.get('error')}]" if res.get("error") else "")
        )
    if got == "violation" and want != "violation":
        t.false_violations = 1
        misses.append(f"{where}: FALSE VIOLATION")
    found: dict[str, dict[str, Any]] = {}
    for f in res.get("findings") or []:
        addr = str(f.get("address") or "").casefold()
        if addr and (addr not in found or (f.get("contact_point") and not found[addr].get("contact_point"))):
            found[addr] = f
    for a in labels.get("addresses") or []:
        addr = str(a["address"]).casefold()
        t.addresses += 1
        f = found.get(addr)
        if f is None:
            t.addresses_missed += 1
            misses.append(f"{where}: address not found: {addr}")
        if a.get("class") != "public":
            continue
        if a.get("contact_point"):
            t.contact_points += 1
            if want == "violation":
                t.charges += 1
                t.charged += bool(f is not None and f.get("rule") == "DOC-001")
            if f is not None and f.get("contact_point"):
                t.contact_found += 1
            elif f is not None:
                misses.append(
                    f"{where}: contact point missed: {addr} judged {f.get('rule')} cue={f.get('cue')}: {f.get('reason')}"
                )
        else:
            t.public_not_contact += 1
            if f is not None and f.get("contact_point"):
                t.false_contact += 1
                misses.append(f"{where}: false contact point: {addr} cue={f.get('cue')}: {f.get('reason')}")
    meta = res.get("metadata") or {}
    for name, truth in (labels.get("header") or {}).items():
        if name not in HEADER_FIELDS or not truth:
            continue
        t.headers[name] += 1
        norm = _FIELD_NORM.get(name, _norm)
        if norm(str(truth)) == norm(meta.get(name)):
            t.header_ok[name] += 1
        else:
            misses.append(f"{where}: header {name}: want {truth!r}, got {meta.get(name)!r}")
    return t


READINGS = ("text", "published")  # the item alone; the item at its source URL (a web page's)


def origin_of(item: dict[str, Any]) -> str | None:
    """The URL the item was published at (a web item's `source.url`); None for a repo's file."""
    url = (item.get("source") or {}).get("url")
    return str(url) if url else None


def evaluate(
    items: list[dict[str, Any]], workers: int = 0, corpus: Path = CORPUS, *, published: bool = False
) -> tuple[dict[str, Tally], dict[str, Tally], list[str]]:
    """Scan the items and score them: (tally per split, tally per split/kind, misses). With
    `published`, each item is judged as published at its source URL (`origin_of`)."""
    from congvu.scan.runner import scan_paths  # imported late: --help stays fast

    per_split: dict[str, Tally] = defaultdict(Tally)
    per_kind: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    with tempfile.TemporaryDirectory(prefix="congvu-real-") as tmp:
        paths = {str(materialise(it, Path(tmp), corpus)): it for it in items}
        origins = {Path(p): url for p, it in paths.items() if published and (url := origin_of(it))}
        for r in scan_paths([Path(p) for p in paths], workers=workers, origin=origins or None):
            item = paths[r.path]
            t = score_item(item, r.as_contract(), misses)
            per_split[split_of(item)].add(t)
            per_split["all"].add(t)
            per_kind[f"{split_of(item)}/{item.get('kind', 'other')}"].add(t)
    return per_split, per_kind, misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=(*SPLITS, "all"), default="dev")
    ap.add_argument("--kind", help="only items of this source kind")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder (items/, files/)")
    ap.add_argument(
        "--as",
        dest="reading",
        choices=(*READINGS, "both"),
        default="both",
        help="as text (no origin), as published (web items at their source URL), or both",
    )
    args = ap.parse_args()
    items = [it for it in load_items(args.corpus) if args.split == "all" or split_of(it) == args.split]
    if args.kind:
        items = [it for it in items if it.get("kind") == args.kind]
    if not items:
        sys.exit(f"no items in split {args.split!r} under {CORPUS / 'items'}")
    figures: dict[str, Any] = {}
    false_violations = False
    seen: list[str] | None = None  # the misses of the reading printed first
    for reading in READINGS if args.reading == "both" else (args.reading,):
        per_split, per_kind, misses = evaluate(
            items, args.workers, args.corpus, published=reading == "published"
        )
        print(f"as {reading}:")
        for name in (*SPLITS, "all"):
            if name in per_split and (name == "all") == (args.split == "all"):
                print(per_split[name].line(name))
        for name in sorted(per_kind):
            print("  " + per_kind[name].line(name))
        if args.verbose:
            print_misses(reading, misses, seen)
        seen = misses if seen is None else seen
        figures[f"as_{reading}"] = {
            "splits": {k: v.as_dict() for k, v in per_split.items()},
            "kinds": {k: v.as_dict() for k, v in per_kind.items()},
            "misses": misses,
        }
        false_violations = false_violations or any(v.false_violations for v in per_split.values())
    finish(args.json, figures, false_violations)


def print_misses(reading: str, misses: list[str], before: list[str] | None) -> None:
    """Every miss of the first reading; of the second, only how its misses differ (+ new, - gone)."""
    if before is None:
        if misses:
            print(f"misses as {reading}:\n  " + "\n  ".join(misses))
        return
    now, then = set(misses), set(before)
    gone = [f"- {m}" for m in before if m not in now]
    new = [f"+ {m}" for m in misses if m not in then]
    print(f"misses as {reading}, against the first reading: {len(new)} new, {len(gone)} gone")
    if new or gone:
        print("  " + "\n  ".join(new + gone))


def finish(json_path: Path | None, figures: dict[str, Any], false_violations: bool) -> NoReturn:
    """How a corpus run ends (this one and `perturb.py`): the figures written as JSON where --json
    asks, and exit status 1 when any false violation was counted, so CI fails on the one error that
    would wrongly lower a person's rating."""
    if json_path:
        json_path.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    sys.exit(1 if false_violations else 0)


if __name__ == "__main__":
    main()
