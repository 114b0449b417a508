"""Text helpers shared by the header parser and the contact judge.

Matching runs on a *folded* copy of the text (lowercase, no diacritics, đ→d) so that OCR output
that lost its tone marks, old-style tone placement ("hoà"/"hòa", "Uỷ"/"Ủy") and decomposed
(NFD) text from legacy-font converters all match the same patterns. Folding is one character in,
one character out, so a match's offsets in the folded copy are valid in the NFC original and we
can always quote the original characters back to the inspector.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " "}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def nfc(text: str) -> str:
    """NFC, because converters and OCR emit decomposed marks that would defeat every pattern."""
    return unicodedata.normalize("NFC", text)


class _FoldTable(dict[int, str | int]):
    """str.translate table for every Latin letter Vietnamese text uses (runs in C, not per char in Python).

    Characters that fold to themselves are listed too (as their own code point): translate looks
    up every character, and a missing key costs a raised and caught KeyError, which made folding
    twice as slow. Characters outside the listed blocks are folded once on first sight and
    remembered (`__missing__`), so rare scripts (Greek capitals, …) need no separate slow path.
    """

    def __missing__(self, cp: int) -> str | int:
        folded = _fold_char(chr(cp))
        value: str | int = cp if folded == chr(cp) else folded
        if len(self) < _TABLE_CAP:
            self[cp] = value
        return value


_TABLE_CAP = 1 << 16


def _build_table() -> _FoldTable:
    table = _FoldTable()
    for block in (range(0x00, 0x250), range(0x1E00, 0x1F00)):
        for cp in block:
            ch = chr(cp)
            folded = _fold_char(ch)
            table[cp] = folded if folded != ch else cp
    table.update({ord(k): v for k, v in _SPECIAL.items()})
    return table


_TABLE = _build_table()
_COMBINING = re.compile("[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Length-preserving diacritic-free lowercase copy of NFC `text`."""
    if text.isascii():  # only A-Z and the tab change in ASCII
        low = text.lower()
        return low.replace("\t", " ") if "\t" in low else low
    if _SLOW.search(text) is None:  # every character takes the fast path (a C scan to know)
        return _fold_to_ascii(text) or text.translate(_TABLE)
    return _fold_spliced(text)


def _ascii_foldable() -> re.Pattern[str]:
    """A class of the characters that do *not* take `_fold_to_ascii` alone (it would drop or
    change them): every character above U+2000, and those below whose fast fold is not the table's."""
    ok = [cp for cp in range(0x2000) if _fold_to_ascii(chr(cp)) == _fold_char(chr(cp))]
    ranges: list[tuple[int, int]] = []
    for cp in ok:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    body = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return re.compile(f"[^{body}]")


def _fold_spliced(text: str) -> str:
    """`fold` for text with a few characters the fast path cannot take ("–", "＠", a zero-width
    space): each is replaced by a NUL, the rest takes `_fold_to_ascii`, and the slow characters,
    folded by the table, go back in their places. One dash every few lines no longer sends the
    whole text through `str.translate` (a dict look-up per character, ~35 ms per MB)."""
    if "\x00" in text:
        return text.translate(_TABLE)
    slow = _SLOW.findall(text)
    if len(slow) * _SPLICE_SHARE > len(text):
        return text.translate(_TABLE)
    base = _fold_to_ascii(_SLOW.sub("\x00", text))
    if base is None:  # cannot happen (`_SLOW` holds every character the fast path refuses)
        return text.translate(_TABLE)
    pieces = base.split("\x00")
    folded = "".join(slow).translate(_TABLE)  # one character each (the table maps to one)
    return "".join(chain.from_iterable(zip(pieces[:-1], folded, strict=True))) + pieces[-1]


def _fold_to_ascii(text: str) -> str | None:
    """`fold` in a few C passes for text whose every character folds to ASCII (most Vietnamese
    lines), else None; `str.translate` looks every character up in a dict, 3-4 times slower.

    NFD splits each precomposed letter into its ASCII base and marks; dropping what is not ASCII
    removes the marks. When exactly one character per input character remains, each is the first
    NFD character of its input character, which is what `_fold_char` takes; đ/Đ and the no-break
    space, which decompose to nothing ASCII, are replaced beforehand as `_SPECIAL` says. Any other
    character that does not fold to ASCII (–, “, a stray mark, Greek, …) shortens the result, and
    the caller falls back to the table."""
    if "đ" in text:
        text = text.replace("đ", "d")
    if "Đ" in text:
        text = text.replace("Đ", "d")
    if "\u00a0" in text:
        text = text.replace("\u00a0", " ")
    base = unicodedata.normalize("NFD", text).encode("ascii", "ignore")
    if len(base) != len(text):
        return None
    low = base.lower().decode("ascii")
    return low.replace("\t", " ") if "\t" in low else low


_SLOW = _ascii_foldable()  # after `_fold_to_ascii`, which it calls
_SPLICE_SHARE = 50  # more than one slow character in this many: the table is cheaper


def fold_map(text: str) -> tuple[str, Sequence[int]]:
    """Fold any text (NFC or not) and say where each original offset lands in the folded copy.

    Combining marks are dropped, so the copy can be shorter; `where[i]` is the folded offset of
    original offset i (len(text) included), which lets detector offsets index the folded copy.
    Without combining marks (NFC text: the usual case) the map is the identity.
    """
    if not _COMBINING.search(text):
        return fold(text), range(len(text) + 1)
    out: list[str] = []
    where: list[int] = []
    for ch in text:
        where.append(len(out))
        if not unicodedata.combining(ch):
            out.append(_fold_char(ch))
    where.append(len(out))
    return "".join(out), where


def squash(text: str) -> str:
    """Collapse whitespace runs: OCR and PDF text layers scatter spaces everywhere."""
    return re.sub(r"\s+", " ", text).strip()


# Two-column headers extracted as one line keep the columns apart with a wide gap.
_COLUMN_GAP = re.compile(r"\s{3,}|\t")


def columns(line: str) -> list[str]:
    """Split a line into its visual columns (wide gaps), dropping empty pieces."""
    return [c.strip() for c in _COLUMN_GAP.split(line) if c.strip()]


def letters(text: str) -> str:
    return "".join(filter(str.isalpha, text))


def is_upper_line(text: str, ratio: float = 0.8) -> bool:
    """Mostly capital letters: header blocks and type names are set in capitals."""
    ls = letters(text)
    return bool(ls) and sum(map(str.isupper, ls)) / len(ls) >= ratio
