"""The judge's fast paths must give exactly what the plain definitions give."""

from __future__ import annotations

import unicodedata

import pytest

from congvu.judge.header import FoldedLines
from congvu.judge.rows import split_row, split_row_folded
from congvu.judge.text import fold


def _slow_fold(text: str) -> str:
    """The definition: each character's first NFD character, lowercased, đ → d, odd spaces → space."""
    special = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " "}
    out = []
    for ch in text:
        base = special.get(ch) or unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


@pytest.mark.parametrize(
    "text",
    [
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC",
        "Số:\t15/UBND-VP",
        "Liên hệ: Ông Đặng Minh Tuấn, ĐT 0236.3842.000",
        "Ω ΆΈΉ Ελληνικά — 東京 İstanbul",  # outside the table's blocks: folded on first sight
        "a\u0301 decomposed mark kept",
    ],
)
def test_fold_matches_its_definition(text: str) -> None:
    assert fold(text) == _slow_fold(text)
    assert len(fold(text)) == len(text)


def test_split_row_pieces_come_with_their_folded_copies() -> None:
    row = (
        "UBND QUẬN LIÊN CHIỂU Số: 15/UBND-VP"
        " | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Hòa Minh, ngày 11 tháng 4 năm 2017"
    )
    pairs = split_row_folded(row, fold(row))
    assert [p for p, _ in pairs] == split_row(row)
    assert len(pairs) >= 4
    assert all(low == fold(piece) for piece, low in pairs)


def test_folded_lines_fold_on_demand() -> None:
    lines = ["ĐIỀU 1", "Ủy ban", "Hòa Minh"]
    folded = FoldedLines(lines, ["dieu 1"])
    assert len(folded) == 3
    assert folded[2] == "hoa minh"
    assert folded[:2] == ["dieu 1", "uy ban"]


def _plain_find_signer(lines: list[str]) -> str | None:
    """The definition: every anchor line, last first; then the last non-empty lines."""
    from congvu.judge.signer import AFTER_ANCHOR, TAIL_LINES, _is_anchor, name_of
    from congvu.judge.text import columns

    cols = [columns(line) for line in lines]
    anchors = [i for i, cs in enumerate(cols) if any(_is_anchor(c) for c in cs)]
    for a in reversed(anchors):
        for i in range(a + 1, min(len(lines), a + AFTER_ANCHOR)):
            for c in reversed(cols[i]):
                name = name_of(c, need_surname=False)
                if name:
                    return name
    tail = [i for i, cs in enumerate(cols) if cs][-TAIL_LINES:]
    for i in reversed(tail):
        name = name_of(cols[i][-1], need_surname=True)
        if name:
            return name
    return None


_SIGNER_LINES = [
    "",
    "   ",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "Nơi nhận:                          GIÁM ĐỐC",
    "- Như trên;",
    "- Lưu: VT.",
    "Nguyễn Văn An",
    "NGUYỄN VĂN AN",
    "Trần Thị Bích",
    "Hoa Minh Tuan",
    "Ông Lê Quang Vinh",
    "Đề nghị các đơn vị thực hiện nghiêm túc nội dung trên.",
    "(Đã ký)",
    "Lê Quang Vinh            Phạm Thị Thu Hà",
    "Xem xét đề nghị Chánh Văn phòng",
]


def test_find_signer_from_the_end_matches_the_plain_definition() -> None:
    import random

    from congvu.judge.signer import find_signer

    rng = random.Random(30)
    for _ in range(3000):
        lines = [rng.choice(_SIGNER_LINES) for _ in range(rng.randint(0, 30))]
        assert find_signer(lines) == _plain_find_signer(lines), lines


def test_fold_to_ascii_agrees_with_the_definition_on_every_character() -> None:
    from congvu.judge.text import _fold_to_ascii

    taken = 0
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        got = _fold_to_ascii(ch)
        if got is not None:
            assert got == _slow_fold(ch), hex(cp)
            taken += 1
    assert taken > 500  # ASCII and the Latin letters with marks (all of Vietnamese) take it


def test_fold_of_mixed_text_matches_its_definition() -> None:
    """Whole strings, not single characters: NFD reorders marks and the fast path must notice
    any character that does not fold to exactly one ASCII character."""
    import random

    alphabet = (
        "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
        "ÁÀẢÃẠẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ0123456789 .,:;/@-\t\n"
        "\u00a0\u2007\u202fðÐ–—“”…•\u0301\u0323\u0303Ωİ東ß"
    )
    rng = random.Random(2020)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        assert fold(text) == _slow_fold(text), repr(text)


def test_fold_of_long_text_with_a_few_slow_characters_matches_its_definition() -> None:
    """Long lines with a dash, a fullwidth at-sign or a zero-width space every few hundred
    characters take the spliced path (the rest folded by NFD, the few others by the table)."""
    import random

    from congvu.judge import text as text_module

    words = ["Ủy", "ban", "nhân", "dân", "phường", "Hòa", "Khánh", "Bắc", "ĐT:", "0905", "Đà", "Nẵng"]
    slow = ["–", "—", "“", "”", "…", "＠", "．", "\u200b", "\u00ad", "\u0301", "東", "ß", "İ", "Ω", "\x00"]
    rng = random.Random(2026)
    spliced = 0
    for _ in range(400):
        parts = [rng.choice(words) for _ in range(rng.randint(20, 200))]
        for _ in range(rng.randint(0, 4)):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(slow))
        text = " ".join(parts)
        if text_module._SLOW.search(text) and "\x00" not in text:
            spliced += 1
        assert fold(text) == _slow_fold(text), repr(text)
    assert spliced > 100  # the spliced path itself was exercised


def test_row_prefilters_are_necessary_conditions() -> None:
    """Where a prefilter says no, the regex scans it saves would have found nothing."""
    import random

    from congvu.judge import rows

    pieces = [
        "cong hoa xa hoi chu nghia viet nam",
        "doc lap - tu do",
        "doc lap",
        "so: 12/ub",
        "s0 :5",
        "v/v",
        "ve viec",
        "hoa minh, ngay 3 thang 4",
        ", ngay  thang",
        "quan lien chieu ",
        "uy ban nhan dan",
        "ubnd",
        "phong noi vu",
        "thanh tra",
        "hoi dong nhan dan",
        "cong an",
        "ban quan ly",
        "trung tam",
        "phuong hoa minh ",
        "xa hoa bac ",
        "nguyen van an",
        " | ",
        "   ",
        "1",
        "ky",
        ":",
        "/",
        ",",
    ]
    rng = random.Random(7)
    for _ in range(20000):
        folded = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        line = folded.upper() if rng.random() < 0.5 else folded.title()
        if not rows._may_hold_markers(folded):
            assert rows._markers(folded) < rows._MIN_MARKERS, folded
        if not rows._may_cut(folded):
            assert rows._cuts(line, folded) == [], folded


def test_row_marks_skip_what_lstrip_skipped() -> None:
    """`contact._staff` finds where a row's person or title starts with a regex at the clause's
    offset, not by copying the rest of the text (`folded[cs:].lstrip(…)`, quadratic in a
    directory of staff rows): the same offset on every string."""
    import random

    from congvu.judge.contact import _ROW_MARKS

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(" -+•*–|ab\n\t") for _ in range(rng.randint(0, 20)))
        at = rng.randint(0, len(text))
        marks = _ROW_MARKS.match(text, at)
        assert marks is not None
        assert marks.end() == len(text) - len(text[at:].lstrip(" -+•*–|")), (text, at)


@pytest.mark.parametrize("opening", ["- ", "+ ", "• ", "| - ", "|", "-  | "])
def test_staff_row_opened_by_any_marks_is_the_offices_contact(opening: str) -> None:
    from judgekit import judge_text

    from congvu.classify import AddressPolicy
    from congvu.settings import load_config

    header = "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA MINH\nSố: 125/TB-UBND\nTHÔNG BÁO\nVề việc trực Tết\n\n"
    row = (
        "Trong thời gian nghỉ Tết, UBND phường bố trí cán bộ trực như sau:\n"
        f"{opening}Bà: Lê Thị Thu Hà - Chánh Văn phòng HĐND và UBND phường; SĐT: 0905.112.348; "
        "Email: lethuha.hm@gmail.com\n"
    )
    judged = judge_text(header + row, AddressPolicy.from_config(load_config()))
    (found,) = [f for f in judged.findings if f.address == "lethuha.hm@gmail.com"]
    assert found.contact_point and found.rule == "DOC-001"
    assert "Chánh Văn phòng" in found.reason  # the office title found after the row's marks
