# ruff: noqa: E501
"""Metamorphic (perturbation) suite on the real corpus' **dev** split: does the judge's call survive
changes that cannot change the labels?

    uv run python tools/corpus/perturb.py [-v] [--kind KIND] [--item ID] [--show ID VARIANT] [--json OUT]

Each dev item that carries text is judged as written and then once per variant of each perturbation
kind below, through `congvu.scan.document.scan_bytes` (what `congvu scan` runs on a .txt file). For
every variant the tool compares the document verdict and, for every labelled public address, the
contact-point call with those of the unperturbed text. Stability of a kind = variants whose verdict
and calls all stay as they were / variants applied. A change is counted as *worse* when the unperturbed
call agreed with the label and the perturbed one does not, *better* in the other direction; a change
to `violation` on an item not labelled so is a false violation and is listed first.

Only dev is perturbed (the split rule of `evaluate_real.py`; test and fresh items are never read
here beyond their split). Items given only as a file (PDF, DOC) are skipped: their text is what the
reader makes of the file, not something we can edit.

Why each kind keeps the labels (docs/labelling.md), by construction:
- `provider`: a public address's domain becomes another public provider's (gmail.com ↔ yahoo.com.vn ↔
  hotmail.com ↔ outlook.com). The guide decides `contact_point` from who offers the address and how,
  never from which public provider hosts it, and `class` stays `public`; the labels' addresses are
  renamed with it. Only addresses written plainly are renamed; two addresses never merge into one.
- `rename-office`: a name that is unmistakably a state body's (UBND/HĐND, Phòng/Sở of a named field,
  Văn phòng HĐND/UBND, Trường THCS/THPT/Tiểu học/Mầm non, Trung tâm Y tế, Trạm Y tế, a Đoàn, Công an)
  becomes another real kind of state body's name (Phòng Văn hóa và Thông tin, Văn phòng HĐND và
  UBND, Trường THCS …, UBND xã …, Trung tâm Y tế …), consistently in the whole text. A state body stays
  a state body, so the verdict rule ("a state body's public contact point") gives the same answer;
  names that could be a private body's (a university, a Hội, a company) are never touched.
- `rename-people`: a person's name after an honorific (ông, bà, đồng chí, đ/c) becomes another
  person's name. Who a staff member or a complainant is called decides nothing in the guide.
- `rename-street`: the street of an address line (after "đường"/"phố", or a house number after
  "Địa chỉ:"/"Trụ sở:") becomes another real street, half of them named with an honorific ("Bà
  Huyện Thanh Quan", "Ông Ích Khiêm", "Cô Giang"): worked example 5 of the guide — a street is no
  person.
- `reflow-join` / `reflow-wrap` / `split-label` / `split-address`: line breaks as PDF text layers and
  web copies make them: paragraphs joined into one line (list items and blank lines kept), rewrapped
  at 72 characters, a break before the e-mail label nearest the address, a break right before the
  address. Line breaks inside a paragraph are layout, not wording; the guide labels "as the text
  stands", whatever its layout (addresses themselves are never cut).
- `move-top` / `move-bottom`: a line holding an address, when it is a self-contained entry of a
  block of such lines ("Điện thoại: …", "Email: …", "- Trụ sở: …" — each opening with a capital or a
  list marker, none continuing a sentence), moves to the top or bottom of that block (below an
  introducer ending with ":"). The entries of a contact block are read as a set; their order carries
  nothing.
- `obf-spaced` / `obf-at` / `obf-a`: a plain address written "x @ gmail.com", "x[at]gmail.com",
  "x (a) gmail.com": the guide labels an address "however it is written".
- `insert-long`: twelve such unrelated paragraphs (~2,500 characters) before the first address's
  sentence or block: the body that offers it is as far from it as in a long document.
- `insert-complaint`: a citizen's complaint quoting the citizen's own Gmail ("ông … gửi đơn (email: X)
  phản ánh …"), before the first address's sentence or block, or at the end. The new address is
  nobody's contact point (the guide's worked example 2) and the others keep their labels; the
  verdict becomes at least `review` (a public address now appears), so that is what is expected.
- `relabel` / `synonym`: the e-mail label written otherwise ("Email:" → "E-mail:", "Thư điện tử:",
  "Hộp thư:", "Địa chỉ thư điện tử:", "Mail:") and verbs of the same meaning ("gửi về" → "gửi
  đến"/"gửi tới", "nộp về" → "nộp tại", "liên hệ" → "liên lạc", "đăng ký" → "đăng kí").
- `insert-before` / `insert-after`: an unrelated paragraph (no body named, no cue, no address: a
  road-safety reminder) inserted before the sentence or block holding an address (above an
  introducer ending with ":" that leads into it) or after it. It names nobody and offers nothing, so
  it cannot change who offers the address or whether it is offered.
- `table-row`: the line holding an address becomes a "|"-separated table row ("Email | X |"), as
  flattened tables come: the guide's contact tables.

Figures under load are noisy only in time; the counts are deterministic.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_real import finish, load_items, split_of

from congvu.classify import AddressPolicy
from congvu.detect import find_addresses
from congvu.judge.text import fold
from congvu.scan.document import scan_bytes
from congvu.settings import Limits, load_config

PUBLIC_TARGETS = ("gmail.com", "yahoo.com.vn", "hotmail.com", "outlook.com")
OFFICES = (
    "Phòng Văn hóa và Thông tin quận Liên Chiểu",
    "Văn phòng HĐND và UBND huyện Hòa Vang",
    "Trường THCS Nguyễn Huệ",
    "UBND xã Hòa Phong",
    "Trung tâm Y tế huyện Phong Điền",
    # real kinds of state body named with words a phrase table is less likely to hold
    "Hạt Kiểm lâm huyện Đông Giang",
    "Trung tâm Văn hóa - Thể thao và Truyền thanh huyện Núi Thành",
    "Ban Quản lý chợ Cồn",
    "Trường Tiểu học Hòa Khánh",
)
PEOPLE = ("Trần Thị Thu Hà", "Lê Văn Phúc", "Nguyễn Hoàng Nam", "Phạm Thị Mỹ Linh", "Võ Đình Khoa")
STREETS = (
    ("Bà Huyện Thanh Quan", "Nguyễn Văn Linh", "Ông Ích Khiêm", "Lê Duẩn", "Cô Giang"),
    ("Trần Phú", "Bà Triệu", "Hùng Vương", "Ông Ích Đường", "Điện Biên Phủ"),
)
NEUTRAL = (
    "Thời gian gần đây, thời tiết diễn biến phức tạp, mưa lớn kéo dài ở nhiều nơi; người tham gia giao "
    "thông cần chú ý quan sát, giảm tốc độ khi đi qua các đoạn đường ngập nước và tuyệt đối chấp hành "
    "hiệu lệnh của lực lượng chức năng."
)
NEUTRAL_LONG = (
    NEUTRAL,
    "Đọc sách mỗi ngày giúp mở rộng hiểu biết, rèn luyện khả năng tập trung và nuôi dưỡng tâm hồn; mỗi gia "
    "đình nên dành ra một góc nhỏ cho tủ sách và cùng nhau đọc vào buổi tối.",
    "Mùa nắng nóng, cần uống đủ nước, hạn chế ra ngoài vào giữa trưa, mặc quần áo thoáng mát và chú ý "
    "các dấu hiệu say nắng ở người lớn tuổi và trẻ nhỏ.",
    "Tiết kiệm điện trong giờ cao điểm góp phần giảm áp lực cho hệ thống điện: tắt các thiết bị khi không "
    "dùng, đặt điều hòa ở mức 26 độ trở lên và tận dụng ánh sáng tự nhiên.",
    "Trồng thêm cây xanh quanh nhà và dọc các tuyến đường làm không khí trong lành hơn, giảm tiếng ồn và "
    "tạo bóng mát trong những ngày hè oi bức.",
    "Phân loại rác thải tại nguồn thành rác hữu cơ, rác tái chế và rác còn lại giúp giảm lượng rác chôn "
    "lấp và giữ gìn cảnh quan sạch đẹp.",
    "Khi đi xe máy, luôn đội mũ bảo hiểm đạt chuẩn, cài quai đúng cách, không sử dụng điện thoại khi điều "
    "khiển phương tiện và giữ khoảng cách an toàn với xe phía trước.",
    "Rửa tay thường xuyên bằng xà phòng dưới vòi nước sạch, nhất là trước khi ăn và sau khi đi vệ sinh, "
    "là cách đơn giản để phòng nhiều bệnh truyền nhiễm.",
    "Những ngày mưa bão, cần kiểm tra mái nhà, chằng chống cửa sổ, cắt tỉa cành cây gần nhà và chuẩn bị "
    "sẵn đèn pin, nước uống, lương thực cho vài ngày.",
    "Tập thể dục đều đặn ít nhất ba mươi phút mỗi ngày, như đi bộ, đạp xe hay bơi lội, giúp tăng cường sức "
    "khỏe tim mạch và tinh thần sảng khoái.",
    "Sử dụng túi vải, hộp đựng thức ăn dùng nhiều lần thay cho túi ni lông góp phần giảm rác thải nhựa ra "
    "môi trường.",
    "Giấc ngủ đủ bảy đến tám tiếng mỗi đêm giúp cơ thể phục hồi, tăng trí nhớ và giảm căng thẳng sau một "
    "ngày làm việc.",
)
# a citizen's complaint that quotes the citizen's own mailbox: its address is no contact point
COMPLAINT = (
    "Ngày 05/3/2024, ông Phan Văn Tài, trú tại tổ 12, gửi đơn (email: phanvantai.1968@gmail.com) phản ánh "
    "việc một số hộ kinh doanh lấn chiếm vỉa hè, gây cản trở người đi bộ."
)
COMPLAINT_ADDRESS = "phanvantai.1968@gmail.com"
# e-mail labels and verbs that say the same thing in other words
LABEL_WORDS = ("E-mail:", "Thư điện tử:", "Hộp thư:", "Địa chỉ thư điện tử:", "Mail:")
SYNONYMS = (
    (r"\b([gG])ửi về\b", ("\\1ửi đến", "\\1ửi tới")),
    (r"\b([nN])ộp về\b", ("\\1ộp tại", "\\1ộp đến")),
    (r"\b([lL])iên hệ\b", ("\\1iên lạc", "\\1iên hệ")),
    (r"\b([đĐ])ăng ký\b", ("\\1ăng kí", "\\1ăng kí")),
)
WRAP = 72

# ---------------------------------------------------------------------------------------------
# helpers


@dataclass
class Variant:
    kind: str
    name: str
    text: str
    renamed: dict[str, str] = field(default_factory=dict)  # old address -> new address
    added: str = ""  # an address the variant adds, labelled no contact point by construction
    at_least: str = ""  # the verdict the addition sets as a floor ("review" for a public address)


def _matches(text: str) -> list[Any]:
    return sorted(find_addresses(text), key=lambda m: m.start)


def _replace_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for a, b, new in sorted(spans):
        if a < pos:
            continue
        out.append(text[pos:a])
        out.append(new)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _line_index(lines: list[tuple[int, int]], pos: int) -> int:
    for i, (a, b) in enumerate(lines):
        if a <= pos <= b:
            return i
    return len(lines) - 1


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


# ---------------------------------------------------------------------------------------------
# perturbations: each yields Variants (none when it does not apply)


def provider(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    public = {
        a["address"].casefold() for a in item["labels"].get("addresses") or [] if a.get("class") == "public"
    }
    plain = [m for m in _matches(text) if not m.obfuscated and m.address in public]
    if not plain:
        return
    for shift in (1, 2, 3):
        renamed: dict[str, str] = {}
        spans = []
        for m in plain:
            local, _, domain = m.address.partition("@")
            at = PUBLIC_TARGETS.index(domain) if domain in PUBLIC_TARGETS else 0
            new_domain = PUBLIC_TARGETS[(at + shift) % len(PUBLIC_TARGETS)]
            renamed[m.address] = f"{local}@{new_domain}"
            written = text[m.start : m.end]
            cut = written.lower().rfind(domain)
            if cut < 0:
                break
            spans.append((m.start + cut, m.start + cut + len(domain), new_domain))
        else:
            everyone = set(public - set(renamed)) | set(renamed.values())
            if len(everyone) == len(public):  # no two addresses merged
                yield Variant("provider", f"provider+{shift}", _replace_spans(text, spans), renamed)


_OFFICE_HEAD = re.compile(
    r"\b(?:uy\s*ban\s*nhan\s*dan|ubnd|hoi\s*dong\s*nhan\s*dan|hdnd|"
    r"van\s*phong\s*(?:hdnd|ubnd|uy\s*ban|hoi\s*dong|so)|"
    r"(?:phong|so)\s+(?:giao\s*duc|van\s*hoa|noi\s*vu|tu\s*phap|tai\s*chinh|kinh\s*te|tai\s*nguyen|lao\s*dong|"
    r"y\s*te|thong\s*tin|ke\s*hoach|xay\s*dung|cong\s*thuong|nong\s*nghiep|quan\s*ly\s*do\s*thi|khoa\s*hoc)|"
    r"truong\s+(?:thcs|thpt|tieu\s*hoc|mam\s*non|mau\s*giao|trung\s*hoc\s*co\s*so|trung\s*hoc\s*pho\s*thong)|"
    r"trung\s*tam\s*y\s*te|tram\s*y\s*te|(?:tinh|thanh|huyen|quan)\s*doan|"
    r"cong\s*an\s+(?:tinh|thanh\s*pho|huyen|quan|phuong|xa))\b"
)
_CONNECT = {"và", "&", "-", "–", "VÀ"}
_TERRITORY = {"xã", "phường", "huyện", "quận", "tỉnh", "thành", "phố", "thị", "trấn", "TP.", "tp."}
_NAME_PAIRS = {
    "giáo dục",
    "đào tạo",
    "văn hóa",
    "văn hoá",
    "thông tin",
    "truyền thông",
    "nhân dân",
    "nội vụ",
    "tư pháp",
    "tài chính",
    "kinh tế",
    "hạ tầng",
    "tài nguyên",
    "môi trường",
    "lao động",
    "xã hội",
    "thương binh",
    "y tế",
    "quản lý",
    "đô thị",
    "thể thao",
    "du lịch",
    "khoa học",
    "công nghệ",
    "kế hoạch",
    "đầu tư",
    "xây dựng",
    "công thương",
    "nông nghiệp",
    "phát triển",
    "nông thôn",
    "tiểu học",
    "mầm non",
    "mẫu giáo",
}


def _name_end(text: str, end: int) -> int:
    """Extend an office name over the words that belong to it ("… Giáo dục và Đào tạo quận Liên Chiểu")."""
    tokens = list(re.finditer(r"[^\s,.;:()\"“”]+|[&–-]", text[end : end + 120]))
    last, prev = end, text[max(0, end - 12) : end].split()[-1:] or [""]
    prev_word = prev[0]
    for i, t in enumerate(tokens):
        a = end + t.start()
        if "\n" in text[last:a] or re.search(r"[,.;:()]", text[last:a]):
            break
        word = t.group()
        nxt = tokens[i + 1].group() if i + 1 < len(tokens) else ""
        if (
            word[:1].isupper()
            or word.isdigit()
            or f"{prev_word.lower()} {word.lower()}" in _NAME_PAIRS
            or ((word in _CONNECT or word in _TERRITORY) and (nxt[:1].isupper() or nxt in _TERRITORY))
            # "UBND phường," — the body's own territory word ends the name
            or (word in _TERRITORY and re.match(r"\s*[,.;:)]", text[end + t.end() : end + t.end() + 3]))
        ):
            ok = True
        else:
            ok = False
        if not ok:
            break
        last, prev_word = end + t.end(), word
    return last


def _office_spans(text: str) -> list[tuple[int, int]]:
    folded = fold(text)
    addr = [(m.start, m.end) for m in _matches(text)]
    spans: list[tuple[int, int]] = []
    for m in _OFFICE_HEAD.finditer(folded):
        a = m.start()
        if not text[a].isupper() or _inside(addr, a, m.end()) or (spans and a < spans[-1][1]):
            continue
        b = _name_end(text, m.end())
        if "@" in text[a:b]:
            continue
        spans.append((a, b))
    return spans


def rename_office(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    spans = _office_spans(text)
    if not spans:
        return
    names: dict[str, int] = {}
    for a, b in spans:
        names.setdefault(" ".join(fold(text[a:b]).split()), len(names))
    for v in range(len(OFFICES)):
        out = []
        for a, b in spans:
            new = OFFICES[(v + names[" ".join(fold(text[a:b]).split())]) % len(OFFICES)]
            if text[a:b].isupper():
                new = new.upper()
            out.append((a, b, new))
        yield Variant("rename-office", f"rename-office:{OFFICES[v].split()[0]}{v}", _replace_spans(text, out))


_HONORIFIC = re.compile(r"(?<![\w/])(?:[ôÔ]ng|[bB]à|ÔNG|BÀ|[đĐ]ồng chí|[đĐ]/[cC])\s*:?\s+")
_WORD = re.compile(r"[^\W\d_]+")


def _capitalised_run(text: str, start: int, least: int, most: int) -> tuple[int, int] | None:
    """Words from `start` that each start with a capital letter, separated by single spaces
    ("Nguyễn Văn Bình", "Tôn Đức Thắng"): their span when there are `least`..`most` of them."""
    pos, end, count = start, start, 0
    while count < most:
        m = _WORD.match(text, pos)
        if m is None or not m.group()[0].isupper():
            break
        end, count = m.end(), count + 1
        if text[end : end + 1] != " ":
            break
        pos = end + 1
    return (start, end) if count >= least else None


_STREET_BEFORE = re.compile(
    r"(?:(?<![\d/.])\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)?|\b(?:đường|Đường|phố|Phố|số|Số)|(?:Địa chỉ|Trụ sở|địa chỉ)\s*:)[\s,]*$"
)


def rename_people(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    spans = []
    for m in _HONORIFIC.finditer(text):
        if _STREET_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        run = _capitalised_run(text, m.end(), 2, 4)
        if run:
            spans.append(run)
    if not spans:
        return
    for v in (0, 2):
        yield Variant(
            "rename-people",
            f"rename-people:{v}",
            _replace_spans(text, [(a, b, PEOPLE[(v + i) % len(PEOPLE)]) for i, (a, b) in enumerate(spans)]),
        )


_STREET = re.compile(
    r"(?:\b(?:đường|Đường|phố|Phố)\s+|(?:Địa chỉ|Trụ sở|địa chỉ|trụ sở)\s*:\s*(?:[sS]ố\s*)?\d+[A-Za-z]?(?:/\d+)*\s+)"
)


def rename_street(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    spans = [run for m in _STREET.finditer(text) if (run := _capitalised_run(text, m.end(), 1, 4))]
    if not spans:
        return
    for v, pool in enumerate(STREETS):
        yield Variant(
            "rename-street",
            f"rename-street:{v}",
            _replace_spans(text, [(a, b, pool[i % len(pool)]) for i, (a, b) in enumerate(spans)]),
        )


_LIST_LINE = re.compile(r"^\s*(?:[-+•*–]\s|\d{1,2}[.)]\s|[a-dđ]\)\s|\|)")


def reflow_join(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if line.strip() and out[-1].strip() and not _LIST_LINE.match(line):
            out[-1] = out[-1].rstrip() + " " + line.lstrip()
        else:
            out.append(line)
    joined = "\n".join(out)
    if joined != text and _matches(text):
        yield Variant("reflow-join", "reflow-join", joined)


def reflow_wrap(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    if not _matches(text):
        return
    out = []
    for line in text.split("\n"):
        protected = [(m.start, m.end) for m in _matches(line)]
        while len(line) > WRAP:
            cut = line.rfind(" ", 0, WRAP)
            while cut > 0 and _inside(protected, cut, cut + 1):
                cut = line.rfind(" ", 0, cut)
            if cut <= 0:
                break
            out.append(line[:cut])
            line = line[cut + 1 :]
            protected = [(m.start, m.end) for m in _matches(line)]
        out.append(line)
    wrapped = "\n".join(out)
    if wrapped != text:
        yield Variant("reflow-wrap", "reflow-wrap", wrapped)


_LABEL_WORD = re.compile(r"(?i)(?:e-?mail|thư điện tử|hộp thư|hòm thư|địa chỉ thư)")


def split_label(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    spans = []
    for m in _matches(text):
        before = text[max(0, m.start - 40) : m.start]
        labels = list(_LABEL_WORD.finditer(before))
        if labels:
            at = m.start - len(before) + labels[-1].start()
            if at > 0 and text[at - 1] != "\n":
                spans.append((at, at, "\n"))
    if spans:
        yield Variant("split-label", "split-label", _replace_spans(text, spans))


def split_address(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    spans = []
    for m in _matches(text):
        a = m.start
        while a > 0 and text[a - 1] in " \t":
            a -= 1
        if a > 0 and text[a - 1] != "\n":
            spans.append((a, m.start, "\n"))
    if spans:
        yield Variant("split-address", "split-address", _replace_spans(text, spans))


_ENTRY = re.compile(r"^\s*(?:[-+•*–]\s*)?[A-ZĐÀ-Ỹ]")


def _block_of(lines: list[str], i: int) -> tuple[int, int] | None:
    """The block of self-contained entry lines holding line i: [lo, hi)."""

    def entry(k: int) -> bool:
        if not lines[k].strip() or not _ENTRY.match(lines[k]):
            return False
        prev = lines[k - 1].rstrip() if k > 0 else ""
        # a line continuing a sentence: the one above ends mid-sentence inside running text
        return not (prev and len(prev) > WRAP and prev[-1:] not in ".;:!?")

    if not entry(i):
        return None
    lo = i
    while lo > 0 and entry(lo - 1) and not lines[lo - 1].rstrip().endswith(":"):
        lo -= 1
    hi = i + 1
    while hi < len(lines) and entry(hi) and not lines[hi].rstrip().endswith(":"):
        hi += 1
    if lines[i].rstrip().endswith(":") or hi - lo < 2:
        return None
    return lo, hi


def _move(text: str, where: str) -> str | None:
    lines = text.split("\n")
    spans = _lines(text)
    done: set[int] = set()
    for m in _matches(text):
        i = _line_index(spans, m.start)
        if i in done:
            continue
        done.add(i)
        block = _block_of(lines, i)
        if block is None:
            continue
        lo, hi = block
        line = lines.pop(i)
        lines.insert(lo if where == "top" else hi - 1, line)
        new = "\n".join(lines)
        return new if new != text else None
    return None


def move_line(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    for where in ("top", "bottom"):
        new = _move(text, where)
        if new:
            yield Variant(f"move-{where}", f"move-{where}", new)


def obfuscate(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    plain = [m for m in _matches(text) if not m.obfuscated and "@" in text[m.start : m.end]]
    if not plain:
        return
    for name, at in (("obf-spaced", " @ "), ("obf-at", "[at]"), ("obf-a", " (a) ")):
        spans = []
        for m in plain:
            i = text.index("@", m.start, m.end)
            spans.append((i, i + 1, at))
        yield Variant(name, name, _replace_spans(text, spans))


_ENTRY_LINE = re.compile(r"^\s*(?:[-+•*–]\s*|\d{1,2}\s*[.)]\s*|[^\W\d_][\w\s./]{0,30}:)")


def _sentence_bounds(lines: list[str], i: int) -> tuple[int, int]:
    """Lines [lo, hi) of the sentence, or of the block of entries ("- Điện thoại: …", "Email: …",
    list items, blank lines between them), that holds line i; bounded to 15 lines each way."""
    if _ENTRY_LINE.match(lines[i]):
        lo = i
        for k in range(i - 1, max(-1, i - 16), -1):
            if not lines[k].strip():
                continue
            continuation = lines[k].lstrip()[:1].islower()  # a wrapped entry's second line
            if not (_ENTRY_LINE.match(lines[k]) or continuation) and not lines[k].rstrip().endswith(":"):
                break
            lo = k
        hi = i + 1
        for k in range(i + 1, min(len(lines), i + 16)):
            if not lines[k].strip():
                continue
            if not (_ENTRY_LINE.match(lines[k]) or lines[k].lstrip()[:1].islower()):
                break
            hi = k + 1
        return lo, hi
    lo = i
    for _ in range(15):
        prev = lines[lo - 1].strip() if lo > 0 else ""
        if not prev or (prev[-1] in ".!?;" and not prev.endswith(":")):
            break
        lo -= 1
    hi = i
    for _ in range(15):
        cur = lines[hi].strip()
        if hi + 1 >= len(lines) or not lines[hi + 1].strip() or cur[-1:] in ".!?;":
            break
        hi += 1
    return lo, hi + 1


def insert_paragraph(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    ms = _matches(text)
    if not ms:
        return
    lines = text.split("\n")
    spans = _lines(text)
    blank = "\n\n" in text
    para = ["", NEUTRAL, ""] if blank else [NEUTRAL]
    bounds = sorted({_sentence_bounds(lines, _line_index(spans, m.start)) for m in ms})
    for where in ("before", "after"):
        out = list(lines)
        points = {lo if where == "before" else hi for lo, hi in bounds}
        # never inside another address's sentence or block
        points = {p for p in points if not any(lo < p < hi for lo, hi in bounds)}
        for at in sorted(points, reverse=True):
            out[at:at] = para
        yield Variant(f"insert-{where}", f"insert-{where}", "\n".join(out))


_PAIR_COLON = re.compile(r"(?<=[^\W\d_])\s*:\s*")


def table_row(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    lines = text.split("\n")
    spans = _lines(text)
    changed = False
    for i in sorted({_line_index(spans, m.start) for m in _matches(text)}):
        line = lines[i]
        if ":" not in line or any(c in line for c in '|"{'):  # not a row already, not code or JSON
            continue
        body = _PAIR_COLON.sub(" | ", re.sub(r"^\s*[-+•*–]\s*", "", line).strip())
        body = re.sub(r"\s*;\s*", " | ", body).rstrip(" .")
        lines[i] = f"| {body} |"
        changed = True
    if changed:
        yield Variant("table-row", "table-row", "\n".join(lines))


_EMAIL_LABEL = re.compile(r"(?i)\b(?:e-?mail|thư điện tử|hộp thư|hòm thư|mail)\s*:\s*$")


def relabel(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    spans = []
    for m in _matches(text):
        before = text[max(0, m.start - 30) : m.start]
        lab = _EMAIL_LABEL.search(before)
        if lab:
            spans.append((m.start - len(before) + lab.start(), m.start))
    if not spans:
        return
    for v in range(3):
        new = [(a, b, LABEL_WORDS[(v + i) % len(LABEL_WORDS)] + " ") for i, (a, b) in enumerate(spans)]
        yield Variant("relabel", f"relabel:{v}", _replace_spans(text, new))


def synonym(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    if not _matches(text):
        return
    for v in range(2):
        new = text
        for pattern, words in SYNONYMS:
            new = re.sub(pattern, words[v], new)
        if new != text:
            yield Variant("synonym", f"synonym:{v}", new)


def _insert_before_addresses(text: str, para_lines: list[str]) -> str | None:
    ms = _matches(text)
    if not ms:
        return None
    lines = text.split("\n")
    spans = _lines(text)
    at = _sentence_bounds(lines, _line_index(spans, ms[0].start))[0]
    lines[at:at] = para_lines
    return "\n".join(lines)


def insert_long(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    blank = "\n\n" in text
    para: list[str] = []
    for p in NEUTRAL_LONG:
        para += [p, ""] if blank else [p]
    new = _insert_before_addresses(text, para)
    if new:
        yield Variant("insert-long", "insert-long", new)


def insert_complaint(text: str, item: dict[str, Any]) -> Iterator[Variant]:
    """A citizen's complaint with the citizen's own mailbox, before the first address's sentence or
    block and at the end of the text: the new address is nobody's contact point and the labels of the others stay."""
    if COMPLAINT_ADDRESS.split("@")[0] in text or not _matches(text):
        return
    blank = "\n\n" in text
    para = ["", COMPLAINT, ""] if blank else [COMPLAINT]
    lines = text.split("\n")
    spans = _lines(text)
    first = _sentence_bounds(lines, _line_index(spans, _matches(text)[0].start))[0]
    near = lines[:first] + para + lines[first:]
    yield Variant(
        "insert-complaint",
        "insert-complaint:near",
        "\n".join(near),
        added=COMPLAINT_ADDRESS,
        at_least="review",
    )
    end = [*lines, *para] if blank else [*lines, COMPLAINT]
    yield Variant(
        "insert-complaint", "insert-complaint:end", "\n".join(end), added=COMPLAINT_ADDRESS, at_least="review"
    )


PERTURBATIONS: tuple[Callable[[str, dict[str, Any]], Iterator[Variant]], ...] = (
    provider,
    rename_office,
    rename_people,
    rename_street,
    reflow_join,
    reflow_wrap,
    split_label,
    split_address,
    move_line,
    obfuscate,
    insert_paragraph,
    table_row,
    relabel,
    synonym,
    insert_long,
    insert_complaint,
)

# ---------------------------------------------------------------------------------------------
# judging and comparing


@dataclass
class Call:
    verdict: str
    calls: dict[str, bool | None]  # labelled public address (as in the unperturbed text) -> contact point?
    reasons: dict[str, str]
    added: str = ""  # the reason, when an address the variant added was called a contact point


_RANK = {"clean": 0, "review": 1, "violation": 2}


def judge(
    text: str,
    item: dict[str, Any],
    policy: AddressPolicy,
    limits: Limits,
    renamed: dict[str, str],
    added: str = "",
) -> Call:
    res = scan_bytes(text.encode("utf-8"), f"{item['id']}.txt", policy, limits).as_contract()
    found: dict[str, dict[str, Any]] = {}
    for f in res.get("findings") or []:
        addr = str(f.get("address") or "").casefold()
        if addr and (addr not in found or (f.get("contact_point") and not found[addr].get("contact_point"))):
            found[addr] = f
    calls: dict[str, bool | None] = {}
    reasons: dict[str, str] = {}
    for a in item["labels"].get("addresses") or []:
        if a.get("class") != "public":
            continue
        old = a["address"].casefold()
        f = found.get(renamed.get(old, old))
        calls[old] = None if f is None else bool(f.get("contact_point"))
        reasons[old] = "" if f is None else f"{f.get('rule')} cue={f.get('cue')}: {f.get('reason')}"
    extra = found.get(added) if added else None
    added_reason = (
        f"{extra.get('rule')}: {extra.get('reason')}" if extra and extra.get("contact_point") else ""
    )
    return Call(str(res.get("verdict")), calls, reasons, added_reason)


@dataclass
class KindTally:
    variants: int = 0
    items: set[str] = field(default_factory=set)
    stable: int = 0
    verdict_changed: int = 0
    calls: int = 0
    calls_changed: int = 0
    worse: int = 0
    better: int = 0
    false_violations: int = 0

    def row(self, kind: str) -> str:
        pct = 100.0 * self.stable / self.variants if self.variants else 0.0
        return (
            f"{kind:<14} {self.variants:>5} {len(self.items):>5} {pct:>7.1f}% {self.verdict_changed:>7} "
            f"{self.calls_changed:>4}/{self.calls:<5} {self.worse:>5} {self.better:>6} {self.false_violations:>4}"
        )


# The counters of a KindTally (every field but `items`), summed into the total and written to the JSON.
COUNTS = tuple(f.name for f in fields(KindTally) if f.name != "items")


def _right(item: dict[str, Any], addr: str, call: bool | None) -> bool:
    for a in item["labels"].get("addresses") or []:
        if a["address"].casefold() == addr:
            return bool(a.get("contact_point")) == bool(call)
    return False


def run(
    items: list[dict[str, Any]], kinds: set[str] | None, verbose: bool
) -> tuple[dict[str, KindTally], list[str], dict[str, Call]]:
    config = load_config()
    policy, limits = AddressPolicy.from_config(config), Limits.from_config(config)
    tallies: dict[str, KindTally] = defaultdict(KindTally)
    changes: list[str] = []
    base: dict[str, Call] = {}
    for item in items:
        text = str(item["text"])
        want = str(item["labels"]["verdict"])
        orig = judge(text, item, policy, limits, {})
        base[str(item["id"])] = orig
        for perturb in PERTURBATIONS:
            for v in perturb(text, item):
                if kinds and v.kind not in kinds:
                    continue
                got = judge(v.text, item, policy, limits, v.renamed, v.added)
                t = tallies[v.kind]
                t.variants += 1
                t.items.add(str(item["id"]))
                diffs = []
                expect = orig.verdict
                if v.at_least and _RANK[expect] < _RANK[v.at_least]:
                    expect = v.at_least
                if v.added:
                    t.calls += 1
                    if got.added:
                        t.calls_changed += 1
                        t.worse += 1
                        diffs.append(f"added {v.added}: called a contact point [{got.added[:220]}]")
                if got.verdict != expect:
                    t.verdict_changed += 1
                    if expect == want or orig.verdict == want:
                        t.worse += 1
                    elif got.verdict == want:
                        t.better += 1
                    if got.verdict == "violation" and want != "violation":
                        t.false_violations += 1
                        changes.insert(
                            0, f"FALSE VIOLATION {item['id']} {v.name}: {orig.verdict} -> {got.verdict}"
                        )
                    diffs.append(f"verdict {expect} -> {got.verdict} (label {want})")
                for addr, call in orig.calls.items():
                    t.calls += 1
                    new = got.calls.get(addr)
                    if new != call:
                        t.calls_changed += 1
                        if got.verdict == orig.verdict:  # verdict changes are counted above
                            if _right(item, addr, call) and not _right(item, addr, new):
                                t.worse += 1
                            elif _right(item, addr, new) and not _right(item, addr, call):
                                t.better += 1
                        diffs.append(f"{addr}: {call} -> {new} [{got.reasons.get(addr, '')[:220]}]")
                if diffs:
                    changes.append(f"{item['id']} ({item.get('kind')}) {v.name}: " + "; ".join(diffs))
                else:
                    t.stable += 1
    return tallies, changes, base


def table(tallies: dict[str, KindTally]) -> str:
    head = f"{'kind':<14} {'vars':>5} {'items':>5} {'stable':>8} {'verdict':>7} {'calls':>10} {'worse':>5} {'better':>6} {'FV':>4}"
    rows = [head]
    total = KindTally()
    for kind in sorted(tallies):
        t = tallies[kind]
        rows.append(t.row(kind))
        for name in COUNTS:
            setattr(total, name, getattr(total, name) + getattr(t, name))
        total.items |= t.items
    rows.append(total.row("all"))
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every changed call")
    ap.add_argument("--kind", action="append", help="only this perturbation kind (repeatable)")
    ap.add_argument("--item", action="append", help="only this dev item (repeatable)")
    ap.add_argument("--show", nargs=2, metavar=("ID", "VARIANT"), help="print one variant's text and stop")
    ap.add_argument("--json", type=Path, help="also write the figures and changes as JSON here")
    args = ap.parse_args()
    items = [it for it in load_items() if split_of(it) == "dev" and it.get("text")]
    if args.item:
        items = [it for it in items if it["id"] in set(args.item)]
    if args.show:
        item = next((it for it in items if it["id"] == args.show[0]), None)
        if item is None:
            sys.exit(f"{args.show[0]}: no dev item with text")
        for perturb in PERTURBATIONS:
            for v in perturb(str(item["text"]), item):
                if v.name == args.show[1]:
                    print(v.text)
                    return
        sys.exit(f"{args.show[1]}: no such variant for {args.show[0]}")
    tallies, changes, base = run(items, set(args.kind) if args.kind else None, args.verbose)
    right = sum(1 for it in items if base[str(it["id"])].verdict == it["labels"]["verdict"])
    print(f"dev items with text: {len(items)}, unperturbed verdicts right: {right}/{len(items)}")
    print(table(tallies))
    if args.verbose and changes:
        print("changes:\n  " + "\n  ".join(changes))
    kinds = {k: {**{n: getattr(t, n) for n in COUNTS}, "items": len(t.items)} for k, t in tallies.items()}
    finish(args.json, {"kinds": kinds, "changes": changes}, any(t.false_violations for t in tallies.values()))


if __name__ == "__main__":
    main()
