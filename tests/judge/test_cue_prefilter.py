"""The one-pass cue matcher (`judge.prefilter`) must give exactly what each cue's own regex gives.

Every cue table of the contact judge and the organisation pattern of `state` are run both ways
on realistic text (the generated dense text, an example notice, lines with odd characters) over
many windows, including windows that start or end inside a word.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from congvu.judge import clauses, cues, prefilter, state
from congvu.judge.text import fold

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from dense_corpus import generate  # noqa: E402

PATTERNS: list[re.Pattern[str]] = [
    *(c.pattern for c in (*cues.DIRECTIONS, *cues.LABELS, *cues.NEGATIVE)),
    *cues.BLOCK_LABELS.values(),
    cues.STAFF_TITLE,
    cues.ROW_PERSON,
    cues.ID_NUMBER,
    cues.INVITATION,
    state._ORG,
    state._UNIT_TERRITORY,
    clauses._BREAK,
]

ODD = (
    "Mọi chi tiết xin liên hệ: Văn phòng UBND phường Hòa Minh – ĐT: 0236.3842.000; Email: "
    "vp.hoaminh@danang.gov.vn hoặc “hoaminh.vp@gmail.com” 😀 (Ông Nguyễn Văn A, Chánh Văn phòng)\n"
    "Trong ngày, bà con gửi về hòm thư của Phòng Tư pháp; Điện thoại : 0905 123 456\n"
    "- Sở Y tế Đà Nẵng — website: soyte.danang.gov.vn; Fax: 0236.3890.000 Ελληνικά ong ba\n"
    "Kính gửi: Công ty TNHH Minh Anh; ví dụ: abc@gmail.com; nghiêm cấm dùng hộp thư cá nhân\n"
)


def _texts() -> list[str]:
    dense, _ = generate(30_000, seed=5)
    example = (ROOT / "examples" / "documents" / "01-thong-bao-hoa-minh.txt").read_text(encoding="utf-8")
    return [fold(dense), fold(example), fold(ODD), fold(ODD).replace("–", "-").replace("😀", " ")]


def _windows(text: str, rng: random.Random, n: int) -> list[tuple[int, int]]:
    out = [(0, len(text))]
    for _ in range(n):
        lo = rng.randrange(len(text))
        out.append((lo, min(len(text), lo + rng.choice((3, 40, 120, 600, 3000)))))
    # windows that start right inside a word: the slice's start counts as a word boundary
    for m in re.finditer(r"\w(ong|ba|so|dien|e|thu)\b", text):
        out.append((m.start(1), min(len(text), m.start(1) + 80)))
        if len(out) > n + 40:
            break
    return out


def test_finditer_matches_the_plain_regex_on_every_window() -> None:
    rng = random.Random(11)
    checked = found = 0
    for text in _texts():
        starts = prefilter.Starts(text)
        for lo, hi in _windows(text, rng, 80):
            for p in PATTERNS:
                want = [(m.span(), m.group(0)) for m in p.finditer(text[lo:hi])]
                got = [(m.span(), m.group(0)) for _lo, m in prefilter.finditer(p, text, lo, hi, starts)]
                assert got == want, (p.pattern[:60], lo, hi, text[lo:hi][:80])
                first = prefilter.search(p, text, lo, hi, starts)
                assert (first.span() if first else None) == (want[0][0] if want else None)
                checked += 1
                found += bool(want)
    assert checked > 3000 and found > 300  # the windows really hold cues


def test_may_match_is_false_only_where_nothing_matches() -> None:
    rng = random.Random(3)
    skipped = 0
    for text in _texts():
        for lo, hi in _windows(text, rng, 60):
            for p in PATTERNS:
                if not prefilter.may_match(p, text, lo, hi):
                    skipped += 1
                    assert p.search(text[lo:hi]) is None, (p.pattern[:60], text[lo:hi][:80])
    assert skipped > 500  # the prefilter does skip most windows for most cues


def test_required_literals_and_prefixes() -> None:
    contact = next(c for c in cues.DIRECTIONS if c.name == "contact")
    assert prefilter.literals_of(contact.pattern) == ("lien",)
    assert prefilter.prefixes_of(contact.pattern) == (("lien", True),)
    third = next(c for c in cues.NEGATIVE if c.name == "third-party")
    assert prefilter.prefixes_of(third.pattern) == (("ba", True), ("ong", True))
    # no literal every match holds: searched plainly
    assert prefilter.literals_of(cues.ID_NUMBER) is None
    assert prefilter.prefixes_of(re.compile(r"\s*lien")) is None
    assert prefilter.prefixes_of(re.compile(r"lien", re.IGNORECASE)) is None
    # an optional first word is not a prefix; a lookbehind is no part of one
    assert prefilter.prefixes_of(re.compile(r"(?:kinh\s*)?gui")) is None
    assert prefilter.prefixes_of(re.compile(r"(?<!kinh\s)\b(?:gui|nop)\b")) == (("gui", True), ("nop", True))


def test_slice_start_inside_a_word_is_a_boundary() -> None:
    text = fold("Trong ngày, ông Minh liên hệ")
    p = re.compile(r"\b(?:ong|ba)\b")
    lo = text.index("ong")  # the "ong" of "trong": no boundary in the text, one in the slice
    starts = prefilter.Starts(text)
    got = [m.span() for _lo, m in prefilter.finditer(p, text, lo, len(text), starts)]
    assert got == [m.span() for m in p.finditer(text[lo:])] == [(0, 3), (10, 13)]


def test_starts_finds_every_occurrence_even_overlapping() -> None:
    text = "aaa baba ab;aba"
    p = re.compile(r"aba|\baa")
    starts = prefilter.Starts(text).of(p)
    assert starts == [0, 5, 12]  # "aba" at 5 and 12 (7 is "a " no), "aa" only where a word starts
    overlapping = re.compile(r"aa")
    assert prefilter.Starts("aaaa").of(overlapping) == [0, 1, 2]


# Alternations the grouping by first character must leave meaning the same: an alternative that
# is a prefix of another (first match wins), groups to distribute, classes, capturing groups (never
# copied), an empty alternative, a case-insensitive part, lookarounds holding alternations.
TRICKY = [
    r"(?:a|ab)c|abd|b",
    r"x(?:tinh|thanh|thi)y|xt",
    r"(?P<g>ab|ac)|ad|(?P<h>b)c",
    r"(?:ab|a)(?:c|cd)|acd",
    r"[ab]c|ad|bd",
    r"a|",
    r"(?i:ab|ac)|ad|Ab",
    r"(?<=ab|cd)e|(?<!x)a(?=b|c)|ce",
    r"\b(?:tinh|thanh|huyen|quan|thi)\s*doan|\bthanh\s*tra|\bthi\b",
    r"(?:ab|cd)+|a(?:b|c)*d",
]


def test_factored_patterns_match_exactly_like_the_original() -> None:
    rng = random.Random(11)
    for source in TRICKY:
        plain = re.compile(source)
        fast = prefilter.factored(plain)
        for _ in range(400):
            text = "".join(rng.choice("abcdexyAB tinhaouqd") for _ in range(rng.randint(0, 30)))
            for u in range(len(text) + 1):
                a, b = plain.match(text, u), fast.match(text, u)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (source, text, u)


def test_factored_cue_tables_find_the_same_matches() -> None:
    """The real patterns (organisations: ~150 names in one alternation) on the realistic texts."""
    for text in _texts():
        for pattern in PATTERNS:
            fast = prefilter.factored(pattern)
            want = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == want, pattern.pattern[:60]
    assert prefilter.factored(state._ORG) is not state._ORG  # the organisation names were regrouped


def test_hits_are_exactly_the_offsets_where_the_pattern_matches() -> None:
    texts = [t[:6000] for t in _texts()]
    checked = 0
    for text in texts:
        starts = prefilter.Starts(text)
        for pattern in PATTERNS:
            hits = starts.hits(pattern)
            if hits is None:
                continue
            checked += 1
            assert hits == [u for u in range(len(text)) if pattern.match(text, u)], pattern.pattern[:60]
    assert checked > 40
