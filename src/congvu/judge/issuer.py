"""The issuing body: the top-left block of the header, without the national motto.

The block can name a parent body above the issuer ("UBND QUẬN LIÊN CHIỂU" / "PHÒNG VĂN HÓA VÀ
THÔNG TIN"); a name may also wrap ("ỦY BAN NHÂN DÂN" / "QUẬN LIÊN CHIỂU"). A line that starts with a
body word (vocab.BODY_HEADS) opens a new body; any other line continues the one above.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from congvu.judge.stamp import stamp_lines
from congvu.judge.text import columns, fold, is_upper_line, letters, squash
from congvu.judge.vocab import BODY_HEADS, EXTRA_TYPE_NAMES, TYPE_CODES

# The motto; the party's documents put "ĐẢNG CỘNG SẢN VIỆT NAM" where the motto stands.
_MOTTO = re.compile(
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia(?:\s*viet\s*nam)?|doc\s*lap\s*[-–—,.]*\s*tu\s*do\s*[-–—,.]*\s*hanh\s*phuc"
    r"|^\s*viet\s*nam\s*$|^\s*(?:doc\s*lap|tu\s*do|hanh\s*phuc)[\s\-–—,.]*$"
    r"|(?:^|\s{3})dang\s*cong\s*san\s*viet\s*nam[\s\-–—_*.]*$"
    # OCR'd: the motto's words bent ("CONG HOA XÃ HỘI CHÍ Nam Ê NAM", "C9NG HOA XA HQI", "Dqc l~p-Tl1do",
    # "Độc lập — Tự do ~ Hạnh phúc"): its opening words, then the rest of the cell.
    r"|\bc[o09q]ng\s*hoa\s*(?:x[a4]|h[o0q]i|chu|nghia)\b[^|\t]*?(?=\s*[|\t]|\s{3}|$)"
    r"|\bd[o0q]c\s*l\S{0,2}p\s*[-–—~]+\s*t\S{0,3}\s*do\b[^|\t]*?(?=\s*[|\t]|\s{3}|$)"
)
MOTTO = _MOTTO
# Document types ("THÔNG BÁO", "KẾ HOẠCH"): the header's body block ends above them, and a type
# is never an issuer (an issuer is an organisation).
# Legal documents (Luật Ban hành văn bản quy phạm pháp luật) carry no code of Nghị định 30's table.
LEGAL_TYPE_NAMES = (
    "LUẬT",
    "PHÁP LỆNH",
    "LỆNH",
    "NGHỊ ĐỊNH",
    "THÔNG TƯ",
    "THÔNG TƯ LIÊN TỊCH",
    "NGHỊ QUYẾT LIÊN TỊCH",
    "VĂN BẢN HỢP NHẤT",
)
_TYPE_NAMES = frozenset(fold(n) for n in (*TYPE_CODES.values(), *EXTRA_TYPE_NAMES, *LEGAL_TYPE_NAMES))
_HEADS = sorted(BODY_HEADS, key=len, reverse=True)
_HEAD = re.compile(r"^(?:" + "|".join(re.escape(h) for h in _HEADS) + r")\b")
# What else may open an organisation's name (besides vocab.BODY_HEADS), or a territory that an
# extraction left on its own: the first line of an issuer must start with one of these, so page
# furniture set in capitals ("LƯỢT XEM DOWNLOAD", a site name) is never taken for the issuer.
_ORG_WORDS = (
    "chinh phu",
    "thu tuong",
    "quoc hoi",
    "chu tich nuoc",
    "uy ban",
    "kiem toan",
    "ngan hang",
    "quy",
    "vien",
    "nha",
    "thu vien",
    "bao tang",
    "dai",
    "bao",
    "tap doan",
    "tong",
    "lien hiep",
    "hiep hoi",
    "hop tac xa",
    "tinh uy",
    "tinh doan",
    "thanh doan",
    "huyen doan",
    "quan doan",
    "chi bo",
    "cong doan",
    "ubmttq",
    "tand",
    "vksnd",
    "khoa",
    "phan hieu",
    "don",
    "so",
    "bch",
    "dang",
    "ky tuc xa",
    "tinh",
    "thanh pho",
    "tp",
    "huyen",
    "quan",
    "thi xa",
    "tx",
    "xa",
    "phuong",
    "thi tran",
)
_ORG = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in sorted(_ORG_WORDS, key=len, reverse=True)) + r")\b"
)
_RULE = re.compile(r"^[\s\-_–—=*.~oO0]+$")


def _without_motto(line: str, folded_line: str) -> str:
    """Blank out motto fragments (keeping offsets) so the issuer column survives on its own."""
    out = list(line)
    for m in _MOTTO.finditer(folded_line):
        out[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(out)


_MOTTO_WORDS = (" cong hoa xa hoi chu nghia viet nam ", " doc lap tu do hanh phuc ")


def _motto_fragment(column: str) -> bool:
    """A piece of the motto cut off by a narrow cell ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM")."""
    words = re.findall(r"[a-z]+", fold(column))
    return len(words) >= 2 and any(f" {' '.join(words)} " in m for m in _MOTTO_WORDS)


def _issuer_piece(line: str, folded_line: str) -> str | None:
    cleaned = _without_motto(line, folded_line)
    # A cell left of the motto on its own line is the issuer's ("TỔNG LIÊN ĐOÀN LAO ĐỘNG" /
    # "VIỆT NAM   Độc lập - Tự do - Hạnh phúc"), even when its words are also the motto's.
    motto_at = next((m.start() for m in _MOTTO.finditer(folded_line)), None)
    cols = [
        c
        for c in columns(cleaned)
        if not _RULE.match(c)
        and len(letters(c)) >= 2
        and not (_motto_fragment(c) and (motto_at is None or cleaned.find(c) >= motto_at))
    ]
    if not cols:
        return None
    piece = squash(cols[0].strip(" -–—_"))
    if not (is_upper_line(piece) or piece.islower()) or len(letters(piece)) < 3:
        return None  # header names are set in capitals (or all lowercase after a TCVN3 .VnTimeH conversion)
    return piece


# A number line, however OCR read its digits: "Số: lHI /PKTHT-TH", "Só:2⁄Ï. /CTBNI-TTHT", "… 12/QĐ".
_NUMBERISH = re.compile(r"\d\s*/\s*[a-z]|^\W*s\s?[o06]\s*[:.;]|\s/\s?[a-z&]{2,}[0-9]*-[a-z]")


def is_type_name(piece: str) -> bool:
    """A document type, alone or opening a title ("THÔNG BÁO", "THÔNG BÁO TUYỂN SINH NĂM 2024")."""
    key = squash(re.sub(r"[^a-z ]", " ", fold(piece)))
    if key in _TYPE_NAMES:
        return True
    return not _HEAD.match(key) and any(key.startswith(t + " ") for t in _TYPE_NAMES)


# "Số:" opening a line, however OCR read the rest ("Số: OTERO TS"): box 3, below the issuer's boxes.
_NUMBER_LABEL = re.compile(r"^\W*s\s?[o06]\s*[:;]")
# A piece opening with a word of one or two characters and a colon ("96: AMG /CT-TTHT", OCR's "Số:"
# as "96:"): no body's name opens so.
_LABEL_PIECE = re.compile(r"^\W*\w{1,2}\s*:")


def find_issuer(lines: list[str], folded: Sequence[str], stop: int | None) -> tuple[str | None, str | None]:
    """(issuer, parent) from the lines above `stop` (the number or date line).

    Nghị định 30/2020 sets the superior body ("tên cơ quan chủ quản trực tiếp") above the issuing
    body ("tên cơ quan ban hành văn bản"): with two bodies the issuer is the lower one, the upper
    one its parent. An e-signature stamp's lines are no body, and a "Số:" line ends the block even
    when OCR left no number to find."""
    end = stop if stop is not None else min(len(lines), 12)
    units: list[str] = []
    stamp = stamp_lines(folded, min(end, len(lines)))
    pieces = [
        (i, part)
        for i in range(min(end, len(lines)))
        if i not in stamp and (whole := _issuer_piece(lines[i], folded[i])) is not None
        for part in _bodies_in_cell(whole)
    ]
    last = -1  # the line of the last piece taken into a name
    for i, piece in pieces:
        if units and any(_NUMBER_LABEL.match(folded[k]) for k in range(last + 1, i)):
            break
        key = fold(piece)
        if is_type_name(piece) or (units and _LABEL_PIECE.match(key)):
            break
        if not units and not (_HEAD.match(key) or _ORG.match(key)):
            continue  # not an organisation: page furniture above the header
        if _NUMBERISH.search(key) or (units and piece.islower() != units[0].islower()):
            continue  # an OCR'd "Số" line, or a wrapped "V/v" line beside capitals: no part of a name
        if _HEAD.match(key) or not units:
            units.append(piece)
        else:
            units[-1] = f"{units[-1]} {piece}"
        last = i
    if not units:
        return None, None
    names = [u.upper() if u.islower() else u for u in units]
    return names[-1], (names[-2] if len(names) > 1 else None)


# Where a second body starts inside one table cell ("UBND TỈNH BÌNH THUẬN SỞ Y TẾ": a Word cell's
# paragraphs joined by a space). Capitals as printed, so a place named like a body word is no cut.
_BODY_START = re.compile(
    r"\s+(?=(?:VĂN PHÒNG|SỞ|PHÒNG|BAN|TRUNG TÂM|TRƯỜNG|CHI CỤC|CỤC|THANH TRA|HỘI ĐỒNG|BỆNH VIỆN|"
    r"CÔNG AN|KHO BẠC|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|ĐẢNG ỦY|ĐOÀN)(?:\s|$))"
)
_ENDS_IN_TERRITORY = re.compile(
    r"(?<![a-z])(?:tinh|thanh\s*pho|tp\.|huyen|quan|thi\s*xa|tx\.|xa|phuong|thi\s*tran)(?:\s+[a-z&.-]+){1,4}$"
    r"|(?<![a-z])(?:ban\s*chap\s*hanh\s*)?trung\s*uong$"
)


def _bodies_in_cell(piece: str) -> list[str]:
    """One piece per body when a cell names a body with its territory and then the unit under it."""
    for m in _BODY_START.finditer(piece):
        left = piece[: m.start()]
        if _ENDS_IN_TERRITORY.search(fold(left)):
            return [left, *_bodies_in_cell(piece[m.end() :])]
    return [piece]


def is_bare(issuer: str) -> bool:
    """Only a body word, no name ("ỦY BAN NHÂN DÂN"): the cell with the territory was lost."""
    return squash(re.sub(r"[^a-z ]", " ", fold(issuer))) in BODY_HEADS


def complete_bare(issuer: str, lines: list[str], folded: Sequence[str], start: int, end: int) -> str:
    """A bare issuer completed from the authority line above "Căn cứ …" ("ỦY BAN NHÂN DÂN TỈNH YÊN
    BÁI"), which repeats the issuer's full name in decisions; unchanged when there is none."""
    key = squash(re.sub(r"[^a-z ]", " ", fold(issuer)))
    for i in range(max(start, 0), min(end, len(lines))):
        line = lines[i].strip()
        if len(line) > 80 or not is_upper_line(line):
            continue
        words = squash(re.sub(r"[^a-z ]", " ", folded[i]))
        if words.startswith(key + " ") and not _MOTTO.search(folded[i]) and not is_type_name(line):
            return squash(line)
    return issuer


# A territory in a body's name: "TỈNH ĐIỆN BIÊN", "QUẬN LONG BIÊN", "TX. ĐỒNG XOÀI".
_TERRITORY = re.compile(
    r"(?<![a-z])(?:tinh|thanh\s*pho|tp\.|huyen|quan|thi\s*xa|tx\.|xa|phuong|thi\s*tran)\s+[a-z]"
)
# Units whose own name names no place: their full name takes the territory of the body above.
_GENERIC_UNITS = re.compile(r"^(?:so|phong|hoi\s*dong|ban|thanh\s*tra|chi\s*cuc)\b")
_BARE_OFFICE = re.compile(r"^van\s*phong$")
_CENTRAL_COMMITTEE = re.compile(
    r"^(?:ban\s*chap\s*hanh\s*trung\s*uong|bch\s*trung\s*uong|bchtw)(?:\s*dang)?$"
)


def qualified(issuer: str, parent: str | None) -> str:
    """The issuer's full name when the header splits it over two lines: a bare "VĂN PHÒNG" under
    "UBND TỈNH BÌNH THUẬN" is "VĂN PHÒNG UBND TỈNH BÌNH THUẬN", and a department named after its
    field ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG") takes the territory of the body above it ("… TỈNH ĐIỆN
    BIÊN"). A unit with a proper name (a school, "CÔNG AN TỈNH …") stays as written."""
    if not parent:
        return issuer
    key = squash(fold(issuer))
    if _CENTRAL_COMMITTEE.match(squash(fold(parent))):
        # The party's central bodies: "BAN CHẤP HÀNH TRUNG ƯƠNG" / "VĂN PHÒNG" is the Văn phòng
        # Trung ương Đảng, "… / BAN TUYÊN GIÁO" the Ban Tuyên giáo Trung ương.
        if _BARE_OFFICE.match(key):
            return f"{issuer} TRUNG ƯƠNG ĐẢNG"
        return issuer if "trung uong" in key else f"{issuer} TRUNG ƯƠNG"
    if _BARE_OFFICE.match(key):
        return f"{issuer} {parent}"
    territory = _TERRITORY.search(fold(parent))
    if territory is None or not _GENERIC_UNITS.match(key) or _TERRITORY.search(key):
        return issuer
    return f"{issuer} {parent[territory.start() :].strip()}"


def _marks(text: str) -> int:
    return sum(1 for ch in text if not ch.isascii())


def respelled(issuer: str, lines: list[str], folded: Sequence[str], start: int, end: int) -> str:
    """An issuer OCR read with a mark lost ("THỦ TƯỚNG CHÍNH PHU") spelled as the authority line
    below the title spells it ("THỦ TƯỚNG CHÍNH PHỦ"): same letters once folded, more marks."""
    key = squash(re.sub(r"[^a-z ]", " ", fold(issuer)))
    best = issuer
    for i in range(max(start, 0), min(end, len(lines))):
        line = squash(lines[i])
        if len(line) > 80 or not is_upper_line(line) or _marks(line) <= _marks(best):
            continue
        if squash(re.sub(r"[^a-z ]", " ", folded[i])) == key:
            best = line
    return best


# Vietnamese spelling: a syllable closed by a stop consonant carries the sắc or nặng tone, never
# none. The Central Highlands' names closed by -k ("Đắk", "Lắk", "Búk") are written with the sắc,
# but headers set in capitals often drop it ("ĐĂK NÔNG", "ĐĂK LĂK"); the official names are "Đắk
# Nông", "Đắk Lắk". A one-vowel syllable with a Vietnamese letter (ă â ê ô ơ ư đ), closed by -k and
# without a tone, gets the sắc on its vowel. Syllables closed by -p/-t/-c/-ch are left alone: sắc
# or nặng cannot be told from the spelling.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_MODIFIED = frozenset("ăâêôơưđ")
_STOP_END = re.compile(r"k$")
_WORD = re.compile(r"[^\W\d_]+")


def _toned(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    if any(ch in _TONES for ch in decomposed):
        return word
    low = word.lower()
    base = "".join(ch for ch in decomposed.lower() if not unicodedata.combining(ch))
    vowels = [i for i, ch in enumerate(base) if ch in "aeiouy"]
    if len(vowels) != 1 or not any(ch in _MODIFIED for ch in low) or not _STOP_END.search(base):
        return word
    chars = list(word)  # NFC: one character per letter, so base offsets are word offsets
    chars[vowels[0]] = unicodedata.normalize("NFC", chars[vowels[0]] + "\u0301")
    return "".join(chars)


def with_tones(name: str) -> str:
    """`name` with every toneless -k syllable given its sắc ("ĐĂK NÔNG" → "ĐẮK NÔNG")."""
    if name.isascii():
        return name
    return _WORD.sub(lambda m: _toned(m.group(0)), unicodedata.normalize("NFC", name))


SPELLING_CHARS = 20_000  # characters of the page whose spellings may restore an issuer's marks


def _spellings(text: str) -> dict[tuple[str, str, str], Counter[str]]:
    """How the page spells each word next to each neighbour: (folded word, side, folded neighbour)
    → spellings ("tinh", "<", "ubnd") → {"tỉnh": 3, "tinh": 1}."""
    words = _WORD.findall(text[:SPELLING_CHARS])
    folded = [fold(w) for w in words]
    seen: dict[tuple[str, str, str], Counter[str]] = {}
    for i, w in enumerate(words):
        if i > 0:
            seen.setdefault((folded[i], "<", folded[i - 1]), Counter())[w.lower()] += 1
        if i + 1 < len(words):
            seen.setdefault((folded[i], ">", folded[i + 1]), Counter())[w.lower()] += 1
    return seen


def with_page_marks(issuer: str, text: str) -> str:
    """An issuer whose words OCR read without marks ("UBND TINH DAK NONG") spelled as the page
    spells the same words next to the same neighbours ("UBND tỉnh Đắk Nông" → "TỈNH ĐẮK NÔNG").
    Only words with no mark at all are touched, only from a neighbour that matches too, and only
    when the page spells them with marks more often than without."""
    parts = _WORD.split(issuer)
    words = _WORD.findall(issuer)
    if not any(w.isascii() and len(w) >= 2 for w in words):
        return issuer
    seen = _spellings(text)
    folded = [fold(w) for w in words]
    out = list(words)
    for i, w in enumerate(words):
        if not w.isascii() or len(w) < 2:
            continue
        votes: Counter[str] = Counter()
        if i > 0:
            votes.update(seen.get((folded[i], "<", folded[i - 1]), Counter()))
        if i + 1 < len(words):
            votes.update(seen.get((folded[i], ">", folded[i + 1]), Counter()))
        if not votes:
            continue
        best = votes.most_common(1)[0][0]
        if best.isascii():
            continue  # the page itself spells it without marks ("ỦY BAN", "AN PHÚ"): a word of its own
        out[i] = best.upper() if w.isupper() else best if w.islower() else best.capitalize()
    return "".join(p + (out[k] if k < len(out) else "") for k, p in enumerate(parts))
