"""The signer: the personal name closing the signature block.

The block is "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / (seal, signature) / name,
but text extraction can put the "Nơi nhận:" column between the titles and the name, or drop the
titles altogether and leave the name as the last line (the real directive). After a title line we
accept any name-shaped line; without one, only a last line that starts with a Vietnamese surname.
"""

from __future__ import annotations

import re

from congvu.judge.text import columns, fold, is_upper_line
from congvu.judge.vocab import EXTRA_TYPE_NAMES, SURNAMES, TYPE_CODES

_ANCHOR = re.compile(
    r"^(?:(?:tm|kt|tl|tuq|q|t/m|k/t|t\.m|k\.t)\s*[./]\s*\S|(?:pho\s+)?chu\s*tich\b|(?:pho\s+)?truong\s+phong\b|"
    r"(?:pho\s+)?giam\s*doc\b|chanh\s+van\s+phong\b|thu\s+truong\b|(?:pho\s+)?chanh\s+thanh\s+tra\b|"
    r"\(?\s*da\s+ky\b|nguoi\s+ky\b|bi\s+thu\b)"
)
_NOT_NAME = (
    "chủ tịch",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "trưởng",
    "giám đốc",
    "nơi nhận",
    "văn phòng",
    "phòng",
    "quận",
    "phường",
    "nhân dân",
    "chánh",
    "đã ký",
    "ký tên",
    "đóng dấu",
    "họ tên",
    "lưu",
    "phó",
    "thành phố",
    "việt nam",
    "hạnh phúc",
    "kính gửi",
    "như trên",
    "thủ tướng",
    "chính phủ",
    "bộ trưởng",
    "thứ trưởng",
    "bí thư",
    "quốc hội",
    "cộng hòa",
    "độc lập",
    "huyện",
    "tỉnh",
    "thị xã",
    "thị trấn",
)
_NOT_NAME_FOLDED = (
    "chu tich",
    "uy ban",
    "giam doc",
    "noi nhan",
    "da ky",
    "nhu tren",
    "van phong",
    # as OCR gives them without their marks: "Luu VT", "Pho Giám Boc"
    "luu vt",
    "pho giam",
    "truong phong",
)
# Words no personal name holds: a wrapped body's name ("VÀ PHÁT TRIỂN NÔNG THÔN" under "BỘ NÔNG
# NGHIỆP"), a part of the text ("Phần B", "Mục II"); nor a bare letter ("Nguyễn Văn A" is a form's).
# (compared with their marks: "Phan" is a surname, "Phần" a part)
# and no channel of sending: "Qua Email" under a form's signature line (fresh-26's Sóc Trăng decision)
_NOT_NAME_WORDS = frozenset(
    {"và", "của", "các", "phần", "mục", "chương", "điều", "khoản", "email", "e-mail", "fax", "website"}
)
# A document type's name ("QUYẾT ĐỊNH:" below the authority line, OCR's "QUYÉT ĐỊNH") is never a name.
_TYPE_NAMES_FOLDED = frozenset(fold(n) for n in (*TYPE_CODES.values(), *EXTRA_TYPE_NAMES))
# Words before a signer's name that are not part of it: address, military or police rank, degree.
_HONORIFIC = re.compile(
    r"^(?:(?:ông|bà|đ/c|đồng chí|(?:đại|thượng|trung|thiếu)\s+(?:tướng|tá|úy|uý)|"
    r"(?:pgs|gs|ts|ths|bs|ks|ds|ls|cn|bsckii|bscki)\.?(?:\s*,?\s*(?:ts|ths|bs|ck(?:ii|i)|bsck(?:ii|i))\.?)*|"
    r"nhà giáo ưu tú|nhà giáo nhân dân|ngưt|ngnd|thầy thuốc ưu tú|ttưt|ttnd)\s+)+",
    re.IGNORECASE,
)
# "TM./KT./TL./TUQ." open only a signature block, even when the name shares their cell.
_ON_BEHALF = re.compile(r"(?:tm|kt|tl|tuq|t/m|k/t)\s*[./]\s*[a-z]")
# "Nơi nhận: KT. BỘ TRƯỞNG": two columns glued with one space; the title opens the second.
_BLOCK_AFTER_RECIPIENTS = re.compile(r"(?<=\s)(?=(?:TM|KT|TL|TUQ|T/M|K/T)\s*\.)")
_SIGNED_BY = re.compile(r"nguoi\s+ky(?:\s+duyet)?\s*:?\s*")
TAIL_LINES = 6
AFTER_ANCHOR = 14


def name_of(column: str, *, need_surname: bool) -> str | None:
    """`column` as a personal name (2–5 capitalised syllables), else None."""
    s = _HONORIFIC.sub("", column.strip()).strip(" .,;:")
    low, folded = s.lower(), fold(s)
    if any(w in low for w in _NOT_NAME) or any(w in folded for w in _NOT_NAME_FOLDED):
        return None
    if folded in _TYPE_NAMES_FOLDED:
        return None
    words = s.split()
    if not 2 <= len(words) <= 5:
        return None
    if any(w.lower() in _NOT_NAME_WORDS or (len(w) == 1 and w.isascii()) for w in words):
        return None
    caps = s.isupper()
    for w in words:
        # every word capitalised; a word in capitals only in a name in capitals ("Vụ NSNN", "Lưu VT"
        # are a department and the archive line, not a person)
        if not w.isalpha() or not w[0].isupper() or not (w[1:].islower() or (caps and w.isupper())):
            return None
    # a line in capitals is a name only when a surname leads it ("HUỲNH ĐỨC THƠ"): a heading in
    # capitals after a title ("BÁO CÁO SÁNG KIẾN", a form in the annex) is shaped like one
    if (need_surname or s.isupper()) and folded.split()[0] not in SURNAMES:
        return None
    return s.title() if s.isupper() else s


_ANCHOR_MAX = 60


def _one_long_column(line: str) -> bool:
    """True when `text.columns` would give one column longer than an anchor, so the line can be
    skipped unsplit: prose above the signature block then costs a few C passes per line instead
    of a regex split. Exact: with no tab and every whitespace run one character long there is no
    column gap (three or more whitespace characters, or a tab) and no "|" cell border."""
    if len(line) <= _ANCHOR_MAX or "\t" in line or "|" in line:
        return False  # "|" marks table cells, which `find_signer` cuts like column gaps
    stripped = line.strip()
    return len(stripped) > _ANCHOR_MAX and len(" ".join(stripped.split())) == len(stripped)


def _columns(line: str) -> list[str]:
    """`text.columns`, without its regex split for the usual line that has no column gap (every
    whitespace run one character long, no tab): a long list of short lines costs C passes only."""
    if "\t" not in line:
        stripped = line.strip()
        if len(" ".join(stripped.split())) == len(stripped):
            return [stripped] if stripped else []
    return columns(line)


def _is_anchor(column: str) -> bool:
    if len(column.strip()) > _ANCHOR_MAX:  # folding keeps length and whitespace: skip long lines unfolded
        return False
    f = fold(column).strip()
    if not (len(f) <= 60 and _ANCHOR.match(f)):
        return False
    return is_upper_line(column) or len(f) <= 40 or bool(_ON_BEHALF.match(f))


def _name_after_titles(column: str) -> str | None:
    """ "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG Nguyễn Nhân Bản": a block flattened into one cell ends with
    the name, the only words not in capitals."""
    words = column.split()
    k = len(words)
    while k > 0 and not words[k - 1].isupper():
        k -= 1
    return name_of(" ".join(words[k:]), need_surname=True) if 0 < k < len(words) else None


def _name_at_end(column: str) -> str | None:
    """ "- Lưu: VT; KSTTHC (MN,07). va ~ Huỳnh Hữu Tri": OCR reads the last recipient and the
    signer's name (beside it, right) as one line with no gap. The name is the trailing run of
    capitalised words, led by a surname, after a token that ends in punctuation or a mark (the
    recipient's ";" or ".", OCR's stray "~"): never the tail of a body's name ("UBND tỉnh Bạc
    Liêu", "Báo Hải Phòng"), which follows a word."""
    words = column.split()
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and words[k - 1].isalpha():
        k -= 1
    if k == 0 or not 2 <= len(words) - k <= 4 or words[k - 1][-1].isalnum():
        return None
    return name_of(" ".join(words[k:]), need_surname=True)


def find_signer(lines: list[str]) -> str | None:
    """The name after the last signature-block title that has one, else a surname-led last line.

    A table copied from a PDF marks its cells with "|" ("- Như Điều 3; | TM. ỦY BAN NHÂN DÂN |"):
    those marks cut columns like wide gaps do.
    Searched from the end, with each line cut into columns only when reached: the block closes
    the document, so the lines above it (most of the text) are never split or folded."""
    cols: dict[int, list[str]] = {}

    def col(i: int) -> list[str]:
        cs = cols.get(i)
        if cs is None:
            line = lines[i]
            cs = [c for x in line.split("|") for c in columns(x)] if "|" in line else _columns(line)
            # "Nơi nhận: KT. CHỦ TỊCH", and OCR's "Tế TỦ bên Uy KT.CHU TICH" (recipients' column and
            # the block's title read as one line over a seal): the title opens its own column
            if "." in line:
                cs = [p for c in cs for p in _BLOCK_AFTER_RECIPIENTS.split(c) if p.strip()]
            cols[i] = cs
        return cs

    for a in range(len(lines) - 1, -1, -1):
        if _one_long_column(lines[a]):
            continue
        anchors = [c for c in col(a) if _is_anchor(c)]
        if not anchors:
            continue
        for c in anchors:  # "Người ký: Nguyễn Tấn Dũng" (a legal portal's summary): the name follows
            signed = _SIGNED_BY.match(fold(c))
            name = name_of(c[signed.end() :], need_surname=True) if signed else _name_after_titles(c)
            if name:
                return name
        after = range(a + 1, min(len(lines), a + AFTER_ANCHOR))
        for i in after:
            for c in reversed(col(i)):  # the signature is the right-hand column
                name = name_of(c, need_surname=False)
                if name:
                    return name
        for i in after:  # OCR glued the name to the recipients' line beside it
            cs = col(i)
            name = _name_at_end(cs[-1]) if cs else None
            if name:
                return name
    seen = 0
    for i in range(len(lines) - 1, -1, -1):
        if seen == TAIL_LINES:
            break
        cs = col(i)
        if not cs:
            continue
        seen += 1
        if _sentence_tail(lines, i):
            continue
        name = name_of(cs[-1], need_surname=True)
        if name:
            return name
    return None


def _sentence_tail(lines: list[str], i: int) -> bool:
    """Line `i` closes a sentence wrapped from the line above ("… trên địa bàn tỉnh" / "Ninh Bình."):
    it ends with a full stop and the line above ends on a word, not on a mark (fresh-24's Ninh Bình
    decision, whose signature is an image, had "Ninh Bình" for its signer)."""
    if not lines[i].rstrip().endswith("."):
        return False
    j = i - 1
    while j >= 0 and not lines[j].strip():  # by index: no copy of the (long) text above
        j -= 1
    above = lines[j].rstrip() if j >= 0 else ""
    return above[-1:].isalpha() and above[-1:].islower()
