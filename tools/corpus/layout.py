"""Lay a document out as text lines the way extractors hand them to the judge.

Header layouts mirror what real extraction does to the two-column Nghị định 30/2020 header:
one cell after the other (`cells`), row by row (`rows`), line by line interleaved (`interleaved`),
or both columns on one line with a wide gap (`side`, `tab`). Noise mimics OCR and typing habits:
"HOÀ" for "HÒA", lost diacritics, stray marks, "Số" read as "S6".
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from content import BODY_LINES, BODY_OPENERS, RECIPIENTS, TOPICS, TYPES, Issuer, person
from scenarios import Contact, make_ctx

LAYOUTS = ("cells", "rows", "interleaved", "side", "tab")


@dataclass
class Truth:
    verdict: str
    ok: tuple[str, ...]
    number: str
    date: str
    signer: str
    scenario: str
    gap: bool


@dataclass
class Doc:
    id: str
    left: list[str]  # header left column (issuer, number, V/v)
    right: list[str]  # header right column (motto, place and date)
    title: list[str]  # type name and subject (empty for a công văn)
    body: list[str]
    closing: list[str]  # recipients and signature
    contact: Contact
    truth: Truth
    layout: str
    noise: set[str] = field(default_factory=set)

    def header(self) -> list[str]:
        return arrange(self.left, self.right, self.layout)

    def lines(self, *, with_footer: bool = True, with_table: bool = True) -> list[str]:
        out = self.header() + self.title + self.body
        if with_table and self.contact.table:
            out += ["\t".join(row) for row in self.contact.table]
        out += self.closing
        if with_footer and self.contact.footer:
            out += ["", self.contact.footer]
        return [noisy(line, self.noise) for line in out]


def arrange(left: list[str], right: list[str], layout: str) -> list[str]:
    if layout == "cells":
        return left + right
    if layout == "rows":  # a 2×2 table: bodies|motto, then number|date
        return left[:-1] + right[:-1] + left[-1:] + right[-1:]
    out: list[str] = []
    for i in range(max(len(left), len(right))):
        a, b = (left[i] if i < len(left) else ""), (right[i] if i < len(right) else "")
        if layout == "interleaved":
            out += [x for x in (a, b) if x]
        elif layout == "tab":
            out.append(f"{a}\t\t{b}" if a else b)
        else:
            out.append(f"{a:<48}{b}" if a else " " * 48 + b)
    return out


def strip_marks(text: str) -> str:
    out = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return out.replace("đ", "d").replace("Đ", "D")


def noisy(line: str, noise: set[str]) -> str:
    if "hoa" in noise:
        line = line.replace("HÒA", "HOÀ").replace("Hòa", "Hoà")
    if "ascii" in noise:
        line = strip_marks(line)
    if "ocr" in noise:
        line = line.replace("Số:", "S6:").replace("ỦY BAN", "UY BAN").replace("Độc lập", "Đôc lập")
    return line


def _number(rng: random.Random, iss: Issuer, code: str | None, year: int) -> str:
    n = rng.choice((rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 1999)))
    no = f"{n:02d}"
    if code is None:
        return (
            f"{no}/{iss.symbol}-{rng.choice(iss.cv_units)}" if iss.symbol == "UBND" else f"{no}/{iss.symbol}"
        )
    if code == "QĐ" and rng.random() < 0.4:
        return f"{no}/{year}/QĐ-{iss.symbol}"
    return f"{no}/{code}-{iss.symbol}"


def _signature(rng: random.Random, iss: Issuer, signer: str, contact: Contact) -> list[str]:
    titles = list(rng.choice((iss.head, iss.deputy)))
    under = [signer, *contact.after_signer]
    style = rng.choice(("plain", "side", "plain", "sealed"))
    if style == "side":
        rec = ["Nơi nhận:", *RECIPIENTS]
        rows = max(len(rec), len(titles))
        out = [
            f"{(rec[i] if i < len(rec) else ''):<44}{titles[i] if i < len(titles) else ''}".rstrip()
            for i in range(rows)
        ]
        return [*out, "", " " * 44 + under[0], *under[1:]]
    extra = ["(Đã ký)", ""] if style == "sealed" else [""]
    return ["Nơi nhận:", *RECIPIENTS, *titles, "", *extra, *under]


def _fill(rng: random.Random, template: str, iss: Issuer, topic: str, year: int) -> str:
    m = rng.randint(1, 11)
    return template.format(
        ref=rng.randint(10, 250),
        d=rng.randint(1, 28),
        m=m,
        m2=m + 1,
        y=year,
        topic=topic,
        place_name=("phường " + iss.place) if iss.symbol == "UBND" else "quận",
        street=iss.street,
        q=rng.randint(1, 4),
        year=year,
    )


def make_doc(
    rng: random.Random, idx: int, issuers: tuple[Issuer, ...], scenario_name: str, scenario_fn: object
) -> Doc:
    iss = rng.choice(issuers)
    year = rng.randint(2014, 2025)
    code = rng.choice([None, None, *TYPES])
    topic = rng.choice(TOPICS)
    number = _number(rng, iss, code, year)
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    date_text = rng.choice(
        (
            f"ngày {d:02d} tháng {m:02d} năm {year}",
            f"ngày {d} tháng {m} năm {year}",
            f"ngày {d:02d} tháng {m} năm {year}",
        )
    )
    ctx = make_ctx(rng, iss, year)
    contact: Contact = scenario_fn(ctx)  # type: ignore[operator]
    signer = person(rng)
    left = [*iss.parent, *iss.lines, f"Số: {number}"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", f"{iss.place}, {date_text}"]
    subject = _fill(
        rng, rng.choice(TYPES[code][1]) if code else "V/v triển khai công tác {topic}", iss, topic, year
    )
    title: list[str] = []
    if code is None:
        left.append(subject)
        title = [
            "Kính gửi: " + rng.choice(("Các cơ quan, đơn vị thuộc quận", "UBND các phường", "Các tổ dân phố"))
        ]
    else:
        title = [TYPES[code][0], subject]
    body = [_fill(rng, rng.choice(BODY_OPENERS), iss, topic, year)]
    body += [_fill(rng, t, iss, topic, year) for t in rng.sample(BODY_LINES, rng.randint(2, 4))]
    body += contact.body
    closing = _signature(rng, iss, signer, contact)
    truth = Truth(
        contact.verdict,
        (contact.verdict, *contact.ok),
        number,
        f"{year}-{m:02d}-{d:02d}",
        signer,
        scenario_name,
        contact.gap,
    )
    layout = rng.choice(LAYOUTS)
    noise = {n for n, p in (("hoa", 0.25), ("ascii", 0.07), ("ocr", 0.1)) if rng.random() < p}
    return Doc(f"d{idx:03d}", left, right, title, body, closing, contact, truth, layout, noise)
