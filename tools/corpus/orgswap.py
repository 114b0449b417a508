"""Organisation swap on the real corpus' **dev** split: is "is the offering body a state body?"
answered from the body's *kind*, or only for the bodies dev happens to name?

    uv run python tools/corpus/orgswap.py [-v] [--item ID] [--json OUT]

For each dev item with text that is labelled `violation` (a state body's public contact point),
every name of a state body that this tool recognises (SWAP_HEAD: the suite's office names — UBND,
HĐND, Văn phòng, Phòng/Sở of a field, schools, medical centres, a Đoàn, Công an — and hospitals,
libraries, centres, ministries, the Front, mass organisations; its own pattern, not the judge's
lexicon, so before and after see the same variants) is
replaced, consistently in the whole text, by:

- **each other kind of state body** in STATE_BODIES (one per kind of the law's enumeration:
  specialised agencies of a district and a province, public service units — a commune's medical
  station, a district's culture-and-broadcasting centre, a legal-aid centre, a public school, a
  library —, the Front and the mass organisations, police, army, courts, procuracy, treasury, social
  insurance), each named with a plausible territory. The body is still a state body, so the label
  stays `violation` and the judge's verdict must stay what it was;
- **each kind of body that is not a state body** in OTHER_BODIES (an enterprise, an association, a
  club, a cooperative, a private school, a private clinic, a notary office): the contact point is
  now a non-state body's, so the verdict must not be `violation` (docs/labelling.md: when unsure,
  review). Applied only where nothing else in the text still names a state body (OTHER_GUARD), no
  public address is named after a state unit ("ubnd…@gmail.com") and no official address stands in
  the text: otherwise the text still says a state body is involved, and no label follows.

A state variant is *stable* when its verdict equals the unperturbed one; a non-state variant when its
verdict is not `violation` (a `violation` there is a **false violation**: the tool exits 1).
The names are written for this tool (real kinds of body, real place names), not taken from items.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_real import load_items, split_of
from perturb import _OFFICE_HEAD, _inside, _matches, _name_end, _replace_spans, judge

from congvu.classify import AddressPolicy
from congvu.judge.state import state_domain, unit_mailbox
from congvu.judge.text import fold
from congvu.settings import Limits, load_config

# one body per kind of the law's enumeration (lexicon groups), each with its territory
STATE_BODIES = (
    ("district-agency", "Phòng Tư pháp huyện Hòa Vang"),
    ("district-agency", "Phòng Lao động - Thương binh và Xã hội quận Cẩm Lệ"),
    ("province-agency", "Sở Nội vụ tỉnh Quảng Nam"),
    ("province-agency", "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ngãi"),
    ("commune", "Ủy ban nhân dân xã Hòa Bắc"),
    ("health", "Trạm Y tế xã Hòa Phong"),
    ("health", "Bệnh viện Đa khoa huyện Đại Lộc"),
    ("culture", "Trung tâm Văn hóa - Thể thao và Truyền thanh huyện Núi Thành"),
    ("culture", "Thư viện tỉnh Quảng Nam"),
    ("legal-aid", "Trung tâm Trợ giúp pháp lý tỉnh Kon Tum"),
    ("social", "Trung tâm Công tác xã hội tỉnh Quảng Trị"),
    ("agriculture", "Trung tâm Dịch vụ nông nghiệp huyện Thăng Bình"),
    ("forestry", "Hạt Kiểm lâm huyện Tây Giang"),
    ("school", "Trường Mầm non Sơn Ca"),
    ("school", "Trường Tiểu học Trần Quốc Toản"),
    ("front", "Ủy ban Mặt trận Tổ quốc Việt Nam phường Hòa Khánh Bắc"),
    ("mass-org", "Hội Liên hiệp Phụ nữ phường An Hải Tây"),
    ("mass-org", "Liên đoàn Lao động quận Sơn Trà"),
    ("mass-org", "Hội Nông dân xã Điện Hòa"),
    ("police", "Công an phường Thanh Khê Đông"),
    ("army", "Ban Chỉ huy Quân sự huyện Phú Ninh"),
    ("court", "Tòa án nhân dân huyện Điện Bàn"),
    ("procuracy", "Viện Kiểm sát nhân dân quận Ngũ Hành Sơn"),
    ("treasury", "Kho bạc Nhà nước huyện Duy Xuyên"),
    ("insurance", "Bảo hiểm xã hội huyện Quế Sơn"),
    ("tax", "Chi cục Thuế khu vực Hải Châu - Thanh Khê"),
    ("broadcaster", "Đài Phát thanh - Truyền hình Quảng Nam"),
)
OTHER_BODIES = (
    ("enterprise", "Công ty TNHH Thương mại Minh Phát"),
    ("association", "Hiệp hội Du lịch Đà Nẵng"),
    ("association", "Hội Nhà văn Đà Nẵng"),
    ("club", "Câu lạc bộ Thơ Hòa Khánh"),
    ("cooperative", "Hợp tác xã Nông nghiệp Hòa Tiến"),
    ("private-school", "Trường Mầm non tư thục Hoa Mai"),
    ("private-clinic", "Phòng khám Đa khoa tư nhân An Phúc"),
    ("notary", "Văn phòng công chứng Hải Vân"),
)
# Words that name a state body and that `_office_spans` may leave in the text (a non-state variant
# is skipped while one of them, capitalised, remains): written from the law's kinds, not the judge.
_FIELD = (
    r"(?:giao\s*duc|gd|y\s*te|van\s*hoa|vh|tu\s*phap|noi\s*vu|tai\s*chinh|tai\s*nguyen|tn|thong\s*tin|tt|"
    r"ke\s*hoach|xay\s*dung|giao\s*thong|cong\s*thuong|nong\s*nghiep|lao\s*dong|khoa\s*hoc|ngoai\s*vu|"
    r"du\s*lich|kinh\s*te|quan\s*ly|hanh\s*chinh|dan\s*toc|cong\s*an|quoc\s*phong|ngoai\s*giao)"
)
OTHER_GUARD = re.compile(
    rf"\b(?:uy\s*ban|ubnd|hdnd|hoi\s*dong\s*nhan\s*dan|(?:so|phong|bo)\s+{_FIELD}|"
    r"van\s*phong\s+(?:ubnd|hdnd|uy\s*ban|so|bo|dang|tinh|thanh|huyen|quan|phuong|xa)|"
    r"truong\s+(?:thcs|thpt|th|tieu\s*hoc|mam\s*non|mau\s*giao|trung\s*hoc|pho\s*thong|dai\s*hoc|cao\s*dang)(?![^\n]{0,30}tu\s*thuc)|"
    r"benh\s*vien|trung\s*tam|tram\s*y\s*te|tong\s*cuc|chi\s*cuc|cuc\s+[a-z]|thu\s*vien|bao\s*tang|"
    r"cong\s*an|toa\s*an|vien\s*kiem\s*sat|kho\s*bac|bao\s*hiem\s*xa\s*hoi|thanh\s*tra|chinh\s*phu|quoc\s*hoi|"
    r"dang\s*(?:bo|uy)|chi\s*bo|(?:tinh|thanh|huyen|quan|thi)\s*(?:uy|doan)|doan\s*(?:tncs|thanh\s*nien)|"
    r"mat\s*tran|mttq|hoi\s*(?:lien\s*hiep|lhpn|phu\s*nu|nong\s*dan|cuu\s*chien|ccb|chu\s*thap)|lien\s*doan|"
    r"cong\s*doan|quan\s*doi|quan\s*khu|bien\s*phong|canh\s*sat|dai\s*(?:phat|truyen)|hat\s*kiem\s*lam|"
    r"ministry|people'?s\s*committee|department)\b"
)


@dataclass
class Tally:
    variants: int = 0
    stable: int = 0
    false_violations: int = 0
    items: set[str] = field(default_factory=set)

    def row(self, name: str) -> str:
        pct = 100.0 * self.stable / self.variants if self.variants else 0.0
        return f"{name:<22} {self.variants:>5} {len(self.items):>5} {pct:>7.1f}% {self.false_violations:>4}"


# The state bodies a variant renames: the suite's office names (`perturb._OFFICE_HEAD`) and the
# other kinds the law names that the suite's pattern leaves out — written here, not the judge's.
SWAP_HEAD = re.compile(
    rf"{_OFFICE_HEAD.pattern}|\b(?:benh\s*vien|thu\s*vien|bao\s*tang|chi\s*cuc|tong\s*cuc|"
    r"trung\s*tam\s+(?:van\s*hoa|y\s*te|giao\s*duc|the\s*thao|truyen\s*thong|thong\s*tin|xuc\s*tien)|"
    r"hoi\s*(?:lien\s*hiep\s*phu\s*nu|lhpn|nong\s*dan|cuu\s*chien\s*binh)|mat\s*tran\s*to\s*quoc|"
    r"bo\s+(?:giao\s*duc|y\s*te|van\s*hoa|noi\s*vu|tu\s*phap|tai\s*chinh|cong\s*an)|dang\s*(?:bo|uy))\b"
)


def body_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a state body (capitalised), each extended over its name's words."""
    folded = fold(text)
    addr = [(m.start, m.end) for m in _matches(text)]
    spans: list[tuple[int, int]] = []
    for m in SWAP_HEAD.finditer(folded):
        a = m.start()
        if not text[a].isupper() or _inside(addr, a, m.end()) or (spans and a < spans[-1][1]):
            continue
        b = _name_end(text, m.end())
        if "@" not in text[a:b]:
            spans.append((a, b))
    return spans


def _swapped(text: str, spans: list[tuple[int, int]], name: str) -> str:
    return _replace_spans(text, [(a, b, name.upper() if text[a:b].isupper() else name) for a, b in spans])


def _state_left(text: str, policy: AddressPolicy) -> bool:
    """Does the text still name a state body (capitalised), offer a mailbox named after a state
    unit, or hold an official address?"""
    folded = fold(text)
    if any(text[m.start()].isupper() for m in OTHER_GUARD.finditer(folded)):
        return True
    return any(
        unit_mailbox(m.address) or state_domain(m.address) or policy.classify(m.address).cls == "official"
        for m in _matches(text)
    )


def run(items: list[dict[str, Any]]) -> tuple[dict[str, Tally], list[str], dict[str, int]]:
    config = load_config()
    policy, limits = AddressPolicy.from_config(config), Limits.from_config(config)
    tallies: dict[str, Tally] = defaultdict(Tally)
    changes: list[str] = []
    coverage = {
        "violation items": 0,
        "judged violation": 0,
        "with a body to swap": 0,
        "non-state applicable": 0,
    }
    for item in items:
        if item["labels"]["verdict"] != "violation":
            continue
        coverage["violation items"] += 1
        text = str(item["text"])
        orig = judge(text, item, policy, limits, {})
        if orig.verdict != "violation":
            continue  # the unswapped call is already a miss: nothing to keep stable
        coverage["judged violation"] += 1
        spans = body_spans(text)
        if not spans:
            continue
        coverage["with a body to swap"] += 1
        iid = str(item["id"])
        for kind, name in STATE_BODIES:
            got = judge(_swapped(text, spans, name), item, policy, limits, {})
            t = tallies[f"state/{kind}"]
            t.variants += 1
            t.items.add(iid)
            if got.verdict == orig.verdict:
                t.stable += 1
            else:
                changes.append(f"{iid} -> {name}: {orig.verdict} -> {got.verdict} {_reason(got)}")
        applicable = False
        for kind, name in OTHER_BODIES:
            new = _swapped(text, spans, name)
            if _state_left(new, policy):
                continue
            applicable = True
            got = judge(new, item, policy, limits, {})
            t = tallies[f"other/{kind}"]
            t.variants += 1
            t.items.add(iid)
            if got.verdict != "violation":
                t.stable += 1
            else:
                t.false_violations += 1
                changes.insert(0, f"FALSE VIOLATION {iid} -> {name}: {_reason(got)}")
        coverage["non-state applicable"] += applicable
    return tallies, changes, coverage


def _reason(call: Any) -> str:
    return "; ".join(f"{a}: {r[:200]}" for a, r in call.reasons.items() if r)


def table(tallies: dict[str, Tally]) -> str:
    rows = [f"{'swap':<22} {'vars':>5} {'items':>5} {'stable':>8} {'FV':>4}"]
    totals: dict[str, Tally] = defaultdict(Tally)
    for name in sorted(tallies):
        t = tallies[name]
        rows.append(t.row(name))
        total = totals[name.split("/")[0]]
        total.variants += t.variants
        total.stable += t.stable
        total.false_violations += t.false_violations
        total.items |= t.items
    rows += [totals[k].row(f"{k} (all)") for k in sorted(totals)]
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every changed verdict")
    ap.add_argument("--item", action="append", help="only this dev item (repeatable)")
    ap.add_argument("--json", type=Path, help="also write the figures and changes as JSON here")
    args = ap.parse_args()
    items = [it for it in load_items() if split_of(it) == "dev" and it.get("text")]
    if args.item:
        items = [it for it in items if it["id"] in set(args.item)]
    tallies, changes, coverage = run(items)
    print(", ".join(f"{k}: {v}" for k, v in coverage.items()))
    print(table(tallies))
    if args.verbose and changes:
        print("changes:\n  " + "\n  ".join(changes))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "coverage": coverage,
                    "swaps": {
                        k: {
                            "variants": t.variants,
                            "stable": t.stable,
                            "false_violations": t.false_violations,
                            "items": len(t.items),
                        }
                        for k, t in tallies.items()
                    },
                    "changes": changes,
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    sys.exit(1 if any(t.false_violations for t in tallies.values()) else 0)


if __name__ == "__main__":
    main()
