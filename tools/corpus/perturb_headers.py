# ruff: noqa: E501
"""Header perturbation suite on the real corpus' **dev** split: is a header read the same when it
comes as real PDFs, portals and OCR deliver it?

    uv run python tools/corpus/perturb_headers.py [-v] [--kind KIND] [--item ID] [--show ID VARIANT] [--json OUT]

Each dev item with a labelled header is extracted once as `congvu scan` extracts it (page 1's text,
what `judge.document.document_metadata` reads; extractions are cached under `--cache`, OCR is slow),
then its page-1 text is changed in ways that cannot change what the header says, and the header is
read again. A field is *stable* in a variant when the variant's reading equals the label (fields
compared normalised as `evaluate_real.py` does) wherever the unperturbed reading did; a field read
wrong before the change is not counted (`was wrong`), and one read right only after it is *better*.

Why each kind keeps the labels (Nghị định 30/2020/NĐ-CP, Phụ lục I: the number is box 3 "Số:
15/QĐ-BNV", the place and date box 4 "Hà Nội, ngày 05 tháng 01 năm 2020", the issuer boxes 1-2):
- `flatten-bar` / `flatten-tab`: the header table's cells, top to bottom, on one line separated by
  " | " or a tab — how a PDF viewer's copy or a portal's export of a borderless table comes.
- `so-alone`: "Số:" on its own line and the number on the next (a narrow cell wrapped).
- `date-split` / `place-split`: the place-date line cut after the day ("Kon Tum, ngày 25" / "tháng
  01 năm 2024") or after the place ("Kon Tum," / "ngày 25 tháng …").
- `issuer-split`: the first word of a multi-word body name alone on its line ("ỦY" / "BAN NHÂN DÂN").
- `ocr-so`: the word "Số" as OCR and legacy fonts give it: "S ố", "So", "Sô", "SỐ", "Số :", "S6",
  lowercase "sé:" / "số:" (the capital lost).
- `ocr-digits`: a 0 or 1 of the number's or date's digits read as "O" / "l" (tesseract's commonest
  confusions), one digit per variant.
- `eth`: "Đ" written as "Ð" (U+00D0, the Icelandic eth that Windows-1252 fonts and OCR give).
- `no-marks`: the header lines without Vietnamese marks (a TCVN3/VNI font read without its map,
  OCR at low resolution); only number and date are compared (the issuer's spelling changed).
- `nbsp` / `zero-width`: spaces of the header made no-break spaces; zero-width spaces, joiners,
  soft hyphens and a BOM inserted inside "Số:", the number and the date.
- `type-code`: every type code of Phụ lục III's table (and the older Thông tư 01/2011/TT-BNV codes)
  put in the number in place of the written one; the expected number changes with it.
- `motto-ocr`: the national motto as OCR bends it ("CONG HOA XA HOI CHU NGH1A", "Ty do", "~" for a
  dash): the motto is box 2, never part of the issuer's box 1.
- `stamp`: an e-signature stamp's lines ("Ký bởi: …", "Cơ quan: …", "Thời gian ký: 03.01.2022
  08:15") printed above the header: the signer's certificate and signing time, no header line.
- `organ-code`: other organ and unit abbreviations as real numbers write them ("UBND", "PGD&ĐT",
  "VP.UBND", "SGDĐT-VP", "BNV-CCHC", "CAT-PC04", "UBTVQH15"); the expected number changes with it.
Only dev is perturbed; test items are never read (the split rule of `evaluate_real.py`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_real import _FIELD_NORM, CORPUS, _norm, load_items, split_of

from congvu import extract
from congvu.judge.document import HEADER_KINDS
from congvu.judge.header import parse_header, with_restated_number
from congvu.judge.text import fold
from congvu.judge.vocab import TYPE_CODES
from congvu.model import Metadata
from congvu.settings import Limits, load_config

FIELDS = ("number", "date", "issuer")
HEAD_LINES = 40  # lines of page 1 a header may span
ORGAN_CODES = (
    "UBND",
    "UBND-VP",
    "VP.UBND",
    "PGD&ĐT",
    "SGDĐT-VP",
    "BNV-CCHC",
    "CAT-PC04",
    "STC-GCS&TCDN",
    "HĐND",
    "BCĐ",
    "UBMTTQVN",
    "TTg",
)
OCR_SO = ("S ố:", "So:", "Sô:", "SỐ:", "Số :", "S6:", "sé:", "số:")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff")


@dataclass
class Variant:
    kind: str
    name: str
    text: str
    want: dict[str, str] = field(default_factory=dict)  # fields whose expected value changed
    fields: tuple[str, ...] = FIELDS  # the fields the change keeps comparable


@dataclass
class Header:
    """An item's page 1 as congvu extracts it, and where the labelled pieces stand in it."""

    item: dict[str, Any]
    first: str
    whole: str

    @property
    def labels(self) -> dict[str, str]:
        return {k: str(v) for k, v in (self.item["labels"].get("header") or {}).items() if v}

    def lines(self) -> list[str]:
        return self.first.split("\n")

    def number_at(self) -> tuple[int, int, int] | None:
        """(line, start, end) of the labelled number's digits-and-symbol in page 1's text."""
        number = self.labels.get("number")
        if not number:
            return None
        digits = re.match(r"\d+", number)
        if digits is None:
            return None
        found: list[tuple[bool, int, int, int]] = []
        for i, line in enumerate(self.lines()[:HEAD_LINES]):
            for m in re.finditer(re.escape(digits.group(0)) + r"\s*/", line):
                tail = line[m.start() :]
                if _FIELD_NORM["number"](tail).startswith(_FIELD_NORM["number"](number)):
                    # end = where the normalised prefix equal to the label ends
                    for end in range(m.start() + len(digits.group(0)), len(line) + 1):
                        if _FIELD_NORM["number"](line[m.start() : end]) == _FIELD_NORM["number"](number):
                            after_so = any(x.end() == m.start() for x in _SO.finditer(line))
                            found.append((not after_so, i, m.start(), end))
                            break
        # the header's own "Số: …" before a portal's restatement of it ("Số hiệu: …", a title)
        return min(found)[1:] if found else None

    def date_line(self) -> int | None:
        for i, line in enumerate(self.lines()[:HEAD_LINES]):
            low = fold(line)
            if re.search(r"ngay\s*\S{1,3}\s*thang\s*\S{1,3}\s*nam\s*\d{4}", low):
                return i
        return None


def _join_lines(lines: list[str]) -> str:
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# perturbations


def flatten(h: Header, sep: str, kind: str) -> Iterator[Variant]:
    """The header block (first non-blank line to the later of the number and date lines) on one line."""
    lines = h.lines()
    at = h.number_at()
    ends = [x for x in (at[0] if at else None, h.date_line()) if x is not None]
    if not ends:
        return
    end = max(ends)
    start = next((i for i, x in enumerate(lines) if x.strip()), 0)
    if end - start > 14:
        return
    cells = [x.strip() for x in lines[start : end + 1] if x.strip()]
    yield Variant(kind, kind, _join_lines([*lines[:start], sep.join(cells), *lines[end + 1 :]]))


def flatten_bar(h: Header) -> Iterator[Variant]:
    yield from flatten(h, " | ", "flatten-bar")


def flatten_tab(h: Header) -> Iterator[Variant]:
    yield from flatten(h, "\t", "flatten-tab")


_SO = re.compile(r"(?<![^\W\d_])S[ốỐoô6]\s*:?\s*(?=\d|/)")


def _so_span(h: Header) -> tuple[int, re.Match[str]] | None:
    at = h.number_at()
    if at is None:
        return None
    line = h.lines()[at[0]]
    m = None
    for m2 in _SO.finditer(line[: at[1] + 1]):
        m = m2
    if m is None or m.end() != at[1]:
        return None
    return at[0], m


def so_alone(h: Header) -> Iterator[Variant]:
    found = _so_span(h)
    if found is None:
        return
    i, m = found
    lines = h.lines()
    line = lines[i]
    new = [*lines[:i], line[: m.start()] + "Số:", " " * m.start() + line[m.end() :], *lines[i + 1 :]]
    yield Variant("so-alone", "so-alone", _join_lines(new))


def ocr_so(h: Header) -> Iterator[Variant]:
    found = _so_span(h)
    if found is None:
        return
    i, m = found
    lines = h.lines()
    for k, spelling in enumerate(OCR_SO):
        line = lines[i][: m.start()] + spelling + " " + lines[i][m.end() :]
        yield Variant("ocr-so", f"ocr-so-{k}", _join_lines([*lines[:i], line, *lines[i + 1 :]]))


_DATE_CUT = re.compile(r"(ngày\s*\d{1,2})(\s+)(tháng)", re.I)
_PLACE_CUT = re.compile(r"(,)(\s*)(ngày\s*\d)", re.I)


def _cut_line(h: Header, pattern: re.Pattern[str], kind: str) -> Iterator[Variant]:
    i = h.date_line()
    if i is None:
        return
    lines = h.lines()
    m = pattern.search(lines[i])
    if m is None:
        return
    head, tail = lines[i][: m.end(1)], lines[i][m.start(3) :]
    pad = " " * (len(head) - len(head.lstrip()))  # the date cell's indent, kept for the rest
    yield Variant(kind, kind, _join_lines([*lines[:i], head, pad + tail, *lines[i + 1 :]]))


def date_split(h: Header) -> Iterator[Variant]:
    yield from _cut_line(h, _DATE_CUT, "date-split")


def place_split(h: Header) -> Iterator[Variant]:
    yield from _cut_line(h, _PLACE_CUT, "place-split")


_MULTI_HEAD = re.compile(r"^(\s*)(ỦY|UỶ|HỘI|BỘ|SỞ|PHÒNG|VĂN|TRƯỜNG|TRUNG|THANH|CÔNG|BAN|CHI|THỦ)(\s+)(\S.*)$")


def issuer_split(h: Header) -> Iterator[Variant]:
    lines = h.lines()
    stop = min(x for x in (h.date_line(), (h.number_at() or (HEAD_LINES,))[0], HEAD_LINES) if x is not None)
    for i in range(min(stop, len(lines))):
        m = _MULTI_HEAD.match(lines[i])
        if m and lines[i].strip().isupper() and "CỘNG HÒA" not in lines[i].upper():
            rest = m.group(4)
            cols = re.split(r"(\s{3,}|\t)", rest, maxsplit=1)
            first = m.group(1) + m.group(2)
            second = " " * len(m.group(1)) + cols[0]
            if len(cols) == 3:  # another column on the same line stays on the first one
                first = first + " " * max(3, len(m.group(3)) + len(cols[0])) + cols[2]
            yield Variant(
                "issuer-split", "issuer-split", _join_lines([*lines[:i], first, second, *lines[i + 1 :]])
            )
            return


def ocr_digits(h: Header) -> Iterator[Variant]:
    at = h.number_at()
    lines = h.lines()
    if at is not None:
        i, a, _ = at
        digits = re.match(r"\d+", lines[i][a:])
        assert digits is not None
        for k, ch in enumerate(digits.group(0)):
            if k == 0 or ch not in "01":  # a leading digit is never read as a letter before a "/"
                continue
            new = lines[i][: a + k] + ("O" if ch == "0" else "l") + lines[i][a + k + 1 :]
            yield Variant("ocr-digits", f"ocr-digits-n{k}", _join_lines([*lines[:i], new, *lines[i + 1 :]]))
    d = h.date_line()
    if d is not None:
        m = re.search(r"(ngày\s*)(\d{1,2})(\s*tháng\s*)(\d{1,2})", lines[d], re.I)
        if m:
            for g in (2, 4):
                val = m.group(g)
                k = next((j for j, ch in enumerate(val) if ch in "01"), None)
                if k is None:
                    continue
                pos = m.start(g) + k
                new = lines[d][:pos] + ("o" if val[k] == "0" else "l") + lines[d][pos + 1 :]
                yield Variant(
                    "ocr-digits", f"ocr-digits-d{g}", _join_lines([*lines[:d], new, *lines[d + 1 :]])
                )


def _header_end(h: Header) -> int:
    at = h.number_at()
    ends = [x for x in (at[0] if at else None, h.date_line()) if x is not None]
    return max(ends) + 1 if ends else min(12, len(h.lines()))


def _in_header(h: Header, fn: Callable[[str], str]) -> str:
    lines = h.lines()
    end = _header_end(h)
    return _join_lines([*(fn(x) for x in lines[:end]), *lines[end:]])


def eth(h: Header) -> Iterator[Variant]:
    if "Đ" in "\n".join(h.lines()[: _header_end(h)]):
        yield Variant("eth", "eth", _in_header(h, lambda x: x.replace("Đ", "Ð")))


def _strip_marks(s: str) -> str:
    import unicodedata

    out = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", out).replace("đ", "d").replace("Đ", "D")


def no_marks(h: Header) -> Iterator[Variant]:
    yield Variant("no-marks", "no-marks", _in_header(h, _strip_marks), fields=("number", "date"))


def nbsp(h: Header) -> Iterator[Variant]:
    yield Variant("nbsp", "nbsp", _in_header(h, lambda x: re.sub(r"(?<=\S) (?=\S)", "\u00a0", x)))


def zero_width(h: Header) -> Iterator[Variant]:
    for k, zw in enumerate(ZERO_WIDTH):

        def put(line: str, zw: str = zw) -> str:
            line = re.sub(r"(S)(ố\s*:)", rf"\1{zw}\2", line)
            line = re.sub(r"(\d)(\d)(?=\s*/)", rf"\1{zw}\2", line, count=1)
            return re.sub(r"(ngày)(\s)", rf"\1{zw}\2", line)

        yield Variant("zero-width", f"zero-width-{k}", _in_header(h, put))


# The motto as OCR bends it (letters misread, a dash read as "~", "Tự" as "Ty"), each replacing the
# clean motto's words where they stand on the line.
MOTTO_BENDS = (
    ("CONG HOA XA HOI CHU NGH1A VIET NAM", "Độc lập - Ty do - Hạnh phúc"),
    ("CỘNG HOÀ XÃ HỘI CHÍ NGHÌA ỆT NAM", "Độc lập — Tự do ~ Hạnh phúc"),
    ("C9NG HOA XA HQI CHU NGHIA VIET NAM", "Dqc l~p - Tu do - H4nh phuc"),
)
_MOTTO_1 = re.compile(
    r"C[ỘO]NG\s*H[ÒÓOÀ][AÀ]\s*X[ÃA]\s*H[ỘO]I\s*CH[ỦU]\s*NGH[ĨI]A\s*VI[ỆE]T\s*NAM", re.IGNORECASE
)
_MOTTO_2 = re.compile(r"Đ[ộo]c\s*l[ậa]p\s*[-–—]\s*T[ựu]\s*do\s*[-–—]\s*H[ạa]nh\s*ph[úu]c", re.IGNORECASE)


def motto_ocr(h: Header) -> Iterator[Variant]:
    head = "\n".join(h.lines()[: _header_end(h)])
    if not (_MOTTO_1.search(head) and _MOTTO_2.search(head)):
        return
    for k, (one, two) in enumerate(MOTTO_BENDS):
        yield Variant(
            "motto-ocr",
            f"motto-ocr-{k}",
            _in_header(h, lambda x, a=one, b=two: _MOTTO_2.sub(b, _MOTTO_1.sub(a, x))),
        )


# An e-signature stamp as a signed PDF prints it over page 1 (Nghị định 30/2020, Phụ lục I, Mục
# III: the signature's image and its fields); its time is the signing's, not the document's date.
STAMPS = (
    ("Ký bởi: Văn phòng", "Cơ quan: Ủy ban nhân dân", "Thời gian ký: 03.01.2022 08:15"),
    ("Ký bởi: Sở Tài chính", "Email: stc@example.gov.vn", "Thời gian ký:", "17.12.2021 16:42"),
)


def stamp(h: Header) -> Iterator[Variant]:
    for k, lines in enumerate(STAMPS):
        yield Variant("stamp", f"stamp-{k}", _join_lines([*lines, "", *h.lines()]))


def _symbol_parts(h: Header) -> tuple[int, int, int, list[str]] | None:
    """(line, start, end, symbol tokens) of the labelled number when its symbol is type-organ."""
    at = h.number_at()
    number = h.labels.get("number", "")
    if _so_span(h) is None:
        return None  # a number only in a portal's title must name the same type (header.titled_number)
    m = re.fullmatch(r"(\d+)/(?:((?:19|20)\d\d)/)?([^\W\d_]+)-(\S+)", number)
    if at is None or m is None:
        return None
    return at[0], at[1], at[2], [m.group(1), m.group(2) or "", m.group(3), m.group(4)]


def _with_number(h: Header, i: int, a: int, b: int, number: str, kind: str, name: str) -> Variant:
    """The document renumbered: every place page 1 writes its number (a portal restates it)."""
    written = h.lines()[i][a:b]
    text = re.sub(re.escape(written) + r"(?![\w&])", lambda _: number, h.first)
    return Variant(kind, name, text, want={"number": number})


def type_code(h: Header) -> Iterator[Variant]:
    found = _symbol_parts(h)
    if found is None or found[3][2] not in TYPE_CODES:
        return
    i, a, b, (no, year, written, organ) = found
    for code in TYPE_CODES:
        if code == written:
            continue
        number = f"{no}/{year + '/' if year else ''}{code}-{organ}"
        yield _with_number(h, i, a, b, number, "type-code", f"type-code-{code}")


def organ_code(h: Header) -> Iterator[Variant]:
    found = _symbol_parts(h)
    if found is None:
        return
    i, a, b, (no, year, written, _organ) = found
    for k, organ in enumerate(ORGAN_CODES):
        if written in TYPE_CODES:
            number = f"{no}/{year + '/' if year else ''}{written}-{organ}"
        else:
            number = f"{no}/{organ}"
        yield _with_number(h, i, a, b, number, "organ-code", f"organ-code-{k}")


KINDS: dict[str, Callable[[Header], Iterator[Variant]]] = {
    "flatten-bar": flatten_bar,
    "flatten-tab": flatten_tab,
    "so-alone": so_alone,
    "date-split": date_split,
    "place-split": place_split,
    "issuer-split": issuer_split,
    "ocr-so": ocr_so,
    "ocr-digits": ocr_digits,
    "eth": eth,
    "no-marks": no_marks,
    "nbsp": nbsp,
    "zero-width": zero_width,
    "type-code": type_code,
    "organ-code": organ_code,
    "motto-ocr": motto_ocr,
    "stamp": stamp,
}


# ---------------------------------------------------------------------------------------------
# running


def read(first: str, whole: str) -> Metadata:
    """`judge.document.document_metadata` on a page-1 text (the signer is not scored here)."""
    return with_restated_number(parse_header(first), first, whole)


def extracted(item: dict[str, Any], limits: Limits, cache: Path) -> Header | None:
    """The item's page 1 and whole text as `congvu scan` extracts them (cached by content)."""
    if item.get("file"):
        src = CORPUS / str(item["file"])
        data, name = src.read_bytes(), src.name
    else:
        data, name = str(item["text"]).encode("utf-8"), f"{item['id']}.txt"
    key = cache / f"{hashlib.sha256(data).hexdigest()[:24]}.json"
    if key.exists():
        got = json.loads(key.read_text(encoding="utf-8"))
        return Header(item, got["first"], got["whole"])
    fmt = extract.format_for(name) or extract.sniff(data)
    if fmt is None:
        return None
    try:
        ex = extract.extract(data, fmt, limits)
    except Exception as exc:  # an unreadable item is reported, not fatal
        print(f"{item['id']}: not extracted: {exc}", file=sys.stderr)
        return None
    first = "\n".join(s.text for s in ex.segments if s.page in (None, 1) and s.kind in HEADER_KINDS)
    whole = "\n".join(s.text for s in ex.segments if s.kind in ("body", "ocr"))
    cache.mkdir(parents=True, exist_ok=True)
    key.write_text(json.dumps({"first": first, "whole": whole}, ensure_ascii=False), encoding="utf-8")
    return Header(item, first, whole)


def same(name: str, want: str, got: str | None) -> bool:
    norm = _FIELD_NORM.get(name, _norm)  # as evaluate_real.py scores it
    return norm(want) == norm(got)


@dataclass
class Tally:
    variants: int = 0
    stable: int = 0
    checked: int = 0  # field readings compared (right before the change)
    broken: int = 0  # ... read wrong after it
    better: int = 0
    misses: list[str] = field(default_factory=list)


def run(headers: list[Header], kinds: list[str]) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for h in headers:
        base = read(h.first, h.whole)
        labels = h.labels
        for kind in kinds:
            for v in KINDS[kind](h):
                t = out[kind]
                t.variants += 1
                got = read(v.text, h.whole)
                ok = True
                for name in v.fields:
                    if name not in labels:
                        continue
                    was = same(name, labels[name], getattr(base, name))
                    want = v.want.get(name, labels[name])
                    now = same(name, want, getattr(got, name))
                    if was:
                        t.checked += 1
                        if not now:
                            t.broken += 1
                            ok = False
                            t.misses.append(
                                f"{h.item['id']} {v.name}: {name} want {want!r}, got {getattr(got, name)!r}"
                            )
                    elif now:
                        t.better += 1
                t.stable += ok
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every broken reading")
    ap.add_argument("--kind", action="append", choices=sorted(KINDS), help="only these kinds")
    ap.add_argument("--item", action="append", help="only these dev items")
    ap.add_argument(
        "--show", nargs=2, metavar=("ID", "VARIANT"), help="print one variant's page 1 and reading"
    )
    ap.add_argument("--cache", type=Path, default=Path("/tmp/congvu-header-extractions"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    limits = Limits.from_config(load_config())
    items = [
        it
        for it in load_items()
        if split_of(it) == "dev" and (it["labels"].get("header") or {}) and it.get("labels")
    ]
    if args.item:
        items = [it for it in items if it["id"] in args.item]
    if args.show:
        items = [it for it in items if it["id"] == args.show[0]]
    headers = [h for it in items if (h := extracted(it, limits, args.cache)) is not None]
    kinds = args.kind or list(KINDS)
    if args.show:
        for h in headers:
            for kind in kinds:
                for v in KINDS[kind](h):
                    if v.name == args.show[1]:
                        print(v.text[:3000])
                        print("---", read(v.text, h.whole))
        return
    result = run(headers, kinds)
    total = Tally()
    print(f"{len(headers)} dev headers")
    print("| kind | variants | stable | field readings kept | broken | better |")
    print("| --- | --- | --- | --- | --- | --- |")
    for kind in kinds:
        t = result.get(kind, Tally())
        total.variants += t.variants
        total.stable += t.stable
        total.checked += t.checked
        total.broken += t.broken
        total.better += t.better
        pct = f"{100.0 * t.stable / t.variants:.1f} %" if t.variants else "-"
        print(
            f"| {kind} | {t.variants} | {pct} | {t.checked - t.broken}/{t.checked} | {t.broken} | {t.better} |"
        )
    pct = f"{100.0 * total.stable / total.variants:.1f} %" if total.variants else "-"
    print(
        f"| all | {total.variants} | {pct} | {total.checked - total.broken}/{total.checked} | {total.broken} | {total.better} |"
    )
    if args.verbose:
        for kind in kinds:
            for m in result.get(kind, Tally()).misses:
                print("  " + m)
    if args.json:
        args.json.write_text(
            json.dumps({k: {**vars(v)} for k, v in result.items()}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
