"""Vietnamese legacy font encodings (TCVN3/ABC and VNI-Windows) and a "does this read as Vietnamese" score.

Before Unicode, Vietnamese offices typed with 8-bit fonts (.VnTime = TCVN3, VNI-Times = VNI). Such
text reaches us as gibberish ("§µ N½ng", "Ñaø Naüng") from .txt files, and from DOCX/HTML/RTF/DOC
whose runs use those fonts. Every extractor therefore calls `fix_legacy`, which converts only when the
result reads clearly more like Vietnamese than the input, so Unicode text is never damaged.

ASCII maps to itself in both encodings (VNI only combines an ASCII vowel with a following non-ASCII
mark byte), so e-mail addresses survive conversion unchanged.

Tables: TCVN 5712:1993 VN3 code chart and the VNI-Windows keyboard-font layout (facts, not code).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# --- TCVN3 (ABC, .VnTime): one byte per letter; only 7 capitals exist (toned capitals need the
# .VnTimeH font, which reuses the lowercase codes, so they convert to lowercase here). -----------
TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# Text arrives already decoded as Latin-1/cp1252, so byte 0xB5 is the character U+00B5.
_TCVN3_TABLE = {code: char for code, char in TCVN3_BYTES.items()}

# --- VNI-Windows: an ASCII vowel followed by a mark character; a few letters are one character. ----
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"

# mark character (lowercase form; the uppercase form is 0x20 lower) -> (shape, tone)
VNI_MARKS: dict[str, tuple[str, str]] = {
    "ù": ("", _ACUTE), "ø": ("", _GRAVE), "û": ("", _HOOK), "õ": ("", _TILDE), "ï": ("", _DOT),
    "â": (_CIRC, ""), "á": (_CIRC, _ACUTE), "à": (_CIRC, _GRAVE), "å": (_CIRC, _HOOK),
    "ã": (_CIRC, _TILDE), "ä": (_CIRC, _DOT),
    "ê": (_BREVE, ""), "é": (_BREVE, _ACUTE), "è": (_BREVE, _GRAVE), "ú": (_BREVE, _HOOK),
    "ü": (_BREVE, _TILDE), "ë": (_BREVE, _DOT),
}  # fmt: skip
# base characters that take marks: VNI "ô" is ơ and "ö" is ư
VNI_BASES: dict[str, str] = {
    "a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "o" + _HORN, "ö": "u" + _HORN,
}  # fmt: skip
# letters that are a single VNI character (lowercase; uppercase is 0x20 lower)
VNI_SINGLE: dict[str, str] = {
    "ñ": "đ",
    "ô": "ơ",
    "ö": "ư",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}


def _vni_table() -> dict[str, str]:
    """Every valid base+mark pair and single character, in both cases, composed to NFC."""
    shapes_ok = {_CIRC: "aeo", _BREVE: "a", "": "aeouyôö"}
    table: dict[str, str] = {}
    for base, decomposed in VNI_BASES.items():
        for mark, (shape, tone) in VNI_MARKS.items():
            if base not in shapes_ok[shape]:
                continue
            letter = unicodedata.normalize("NFC", decomposed + shape + tone)
            table[base + mark] = letter
            table[base.upper() + chr(ord(mark) - 0x20)] = letter.upper()
            table[base.upper() + mark] = letter.upper()  # "Aø" typed with caps on the base only
    for char, letter in VNI_SINGLE.items():
        table[char] = letter
        table[chr(ord(char) - 0x20)] = letter.upper()
    return table


_VNI_TABLE = _vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI_TABLE), key=len, reverse=True)))


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 text read as Latin-1/cp1252 → Unicode (NFC). ASCII is unchanged."""
    return text.translate(_TCVN3_TABLE)


def vni_to_unicode(text: str) -> str:
    """VNI-Windows text read as Latin-1/cp1252 → Unicode (NFC). ASCII is unchanged."""
    return _VNI_RE.sub(lambda m: _VNI_TABLE[m.group()], text)


# --- Scoring -------------------------------------------------------------------------------------
_VOWELS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?([{_VOWELS}]{{1,3}})(?:ch|ng|nh|[cmnpt])?"
)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_NUCLEI = _wordset(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ"
    " uy ưa ưi ươ ưu yê iêu yêu oai oay oeo uây uôi uya uyê uyu ươi ươu"
)
_TONES = dict.fromkeys(map(ord, _GRAVE + _ACUTE + _HOOK + _TILDE + _DOT))
COMMON_WORDS = _wordset(
    "và của các được ngày tháng năm ủy uỷ ban nhân dân phường xã quận huyện thành phố về việc"
    " cho không có này theo đề nghị đồng chí số liên hệ tại để những một trong với công văn"
)
_STRIP = ".,;:!?()[]{}\"'“”‘’–—…/\\*|<>=+_#"


@functools.lru_cache(maxsize=65536)
def _word_score(token: str) -> float:
    """1 for a valid Vietnamese syllable (1.5 for a very common word), 0 otherwise."""
    word = token.lower()
    m = _SYLLABLE.fullmatch(word)
    if not m:
        return 0.0
    nucleus = unicodedata.normalize("NFC", unicodedata.normalize("NFD", m.group(1)).translate(_TONES))
    if nucleus not in _NUCLEI:
        return 0.0
    return 1.5 if word in COMMON_WORDS else 1.0


def looks_vietnamese(text: str) -> float:
    """Share (0..1) of words that are valid Vietnamese syllables, common words weighted up.

    Words with digits, '@' or no letters are ignored, so addresses and numbers neither help nor hurt.
    Gibberish from a wrong legacy decoding ("N½ng", "Naüng") counts against the text.
    """
    good = 0.0
    total = 0.0
    for raw in text.split():
        token = raw.strip(_STRIP)
        if not token or "@" in token or any(c.isdigit() for c in token):
            continue
        if token.isascii() and not token.isalpha():
            continue
        score = _word_score(token)
        good += score
        total += max(score, 1.0)
    return good / total if total else 0.0


# Latin-1 characters that Unicode Vietnamese never uses but TCVN3/VNI text is full of.
_VIET_LATIN1 = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"
_SUSPECT = re.compile(
    "[" + "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VIET_LATIN1 + "°±×÷") + "]"
)
MIN_GAIN = 0.2  # a conversion must raise the score by this much to be applied
MIN_SCORE = 0.5  # ... and reach at least this


def best_reading(text: str) -> tuple[str, str]:
    """The best of (as is, TCVN3, VNI) readings of one chunk, with its name."""
    base = looks_vietnamese(text)
    best, name, best_score = text, "unicode", base
    for cand_name, convert in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        converted = convert(text)
        if converted == text:
            continue
        score = looks_vietnamese(converted)
        if score > best_score:
            best, name, best_score = converted, cand_name, score
    if name != "unicode" and (best_score < MIN_SCORE or best_score < base + MIN_GAIN):
        return text, "unicode"
    return best, name


def fix_legacy(text: str) -> str:
    """Convert TCVN3/VNI gibberish to Unicode, line by line, only where it clearly reads better.

    Line by line because a document often mixes a .VnTime paragraph with Unicode ones.
    Text without any legacy-looking character is returned as is at the cost of one regex search.
    """
    if not _SUSPECT.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _SUSPECT.search(line):
            lines[i] = best_reading(line)[0]
    return "\n".join(lines)
