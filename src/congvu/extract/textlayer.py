"""Is a PDF's text layer real Vietnamese, or a font map that lost the diacritics or garbles them?

Scanners with built-in OCR and old fonts without a proper ToUnicode map give text layers such as
"TRUNG TAM Y TE DV PHONG CQNG HOA xA HQI" (marks lost) or "BØ CÔNG AN … TÈNH LÂM ÒNG" (marks
mapped to the wrong letters). Such a layer is readable enough to pass `pdf.text_is_usable`, but the
header (number, date, issuer, signer) cannot be read from it. Two measures tell: the share of
words that are valid Vietnamese syllables (`legacy_vn.looks_vietnamese`) and the share of words
that carry a Vietnamese letter outside ASCII. Real Vietnamese scores high on both; a layer that
lost its marks scores high on the first and low on the second; a garbled one low on the first.
English text scores low on both and is left alone; a layer low on both that is not English (few of
its short words) is an old OCR's misreading, read again too.
"""

from __future__ import annotations

from dataclasses import dataclass

from congvu.extract.legacy_vn import looks_vietnamese

MIN_WORDS = 15  # fewer words than this: too little to judge (a stamp, a caption)
SYLLABLES_GOOD = 0.8  # at least this share of valid syllables in real Vietnamese text
MARKED_GOOD = 0.3  # ... and at least this share of words with a Vietnamese letter outside ASCII
SYLLABLES_TONELESS = 0.6  # a text this syllabic without marks is Vietnamese that lost them
MIN_GAIN = 0.15  # another reading must score this much better to replace the text layer
# English, the other language these files come in, tells itself by its short words; a layer that is
# neither Vietnamese (few valid syllables, no marks) nor English is an old OCR's misreading
# ("CQNG HoA xA HoI cHU NGHiA vI[T NAM", "ngdy 05 thdng 09 ndm 2019"), read again by OCR.
ENGLISH_WORDS = frozenset(
    {"the", "of", "and", "to", "in", "is", "for", "on", "with", "by", "that", "as", "are", "this", "be",
     "or", "from", "at", "an", "it", "will", "was", "which", "not", "have", "has"}
)  # fmt: skip
ENGLISH_SHARE = 0.1  # English prose has a quarter or more of these
_STRIP = ".,;:!?()[]{}\"'“”‘’–—…/\\*|<>=+_#-"


@dataclass(frozen=True, slots=True)
class Reading:
    words: int
    syllables: float  # share of valid Vietnamese syllables, 0..1
    marked: float  # share of words with a non-ASCII letter, 0..1
    english: float = 0.0  # share of English short words, 0..1

    @property
    def score(self) -> float:
        """Higher is more like real Vietnamese text; compares two readings of one page."""
        return self.syllables + min(self.marked, 0.6)


def measure(text: str) -> Reading:
    words = marked = english = 0
    for raw in text.split():
        token = raw.strip(_STRIP)
        if not token or not token.isalpha():
            continue
        words += 1
        marked += not token.isascii()
        english += token.lower() in ENGLISH_WORDS
    if not words:
        return Reading(0, looks_vietnamese(text), 0.0)
    return Reading(words, looks_vietnamese(text), marked / words, english / words)


def is_broken(text: str) -> bool:
    """Vietnamese that lost or garbled its diacritics (worth reading again by OCR)."""
    r = measure(text)
    if r.words < MIN_WORDS:
        return False
    lost_marks = r.syllables >= SYLLABLES_TONELESS and r.marked < MARKED_GOOD
    garbled = r.marked >= MARKED_GOOD and r.syllables < SYLLABLES_GOOD
    misread = r.marked < MARKED_GOOD and r.syllables < SYLLABLES_TONELESS and r.english < ENGLISH_SHARE
    return lost_marks or garbled or misread


def better(candidate: str, current: str) -> bool:
    """Is `candidate` (an OCR reading) clearly better Vietnamese than `current` (the text layer)?"""
    return measure(candidate).score >= measure(current).score + MIN_GAIN
