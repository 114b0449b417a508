"""The shapes an address takes in text, as regular expressions over a cleaned window.

An address is LOCAL AT DOMAIN. LOCAL and AT are one regex (`HEAD`); the domain is read label by
label (`LABEL`, `IDN_LABEL`, `DOT`) so `addresses.py` can decide where it really ends (known TLD,
Vietnamese word glued on, sentence full stop). Every at-sign form here must have a trigger in
`triggers.TRIGGERS`, or the prefilter would never send the matcher to it.
Case: ASCII letters match either case (re.IGNORECASE | re.ASCII); Vietnamese words list their
upper- and lowercase and NFD spellings explicitly.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.ASCII
_SP = r"[ \t]"
_NL = rf"{_SP}*\r?\n{_SP}*"  # a line break, with the indentation around it
_OPEN = r"[\[({<]"
_CLOSE = r"[\])}>]"

# "a còng" (Vietnamese for @), written with or without its accent, NFC or NFD.
_CONG = r"c(?:ò|Ò|o\u0300|O\u0300|o)ng"
_AT_WORD = rf"(?:at|a{_SP}+{_CONG})"
# "chấm" (Vietnamese for dot): NFC, partly and fully decomposed, unaccented.
_CHAM = r"ch(?:ấ|Ấ|â\u0301|Â\u0301|a\u0302\u0301|A\u0302\u0301|a)m"
_DOT_WORD = rf"(?:dot|{_CHAM})"

_LOCAL_CHARS = r"[a-z0-9_%+\-]"
_LOCAL_DOT = rf"(?:\.|{_SP}*{_OPEN}{_SP}*{_DOT_WORD}{_SP}*{_CLOSE}{_SP}*|{_SP}+{_DOT_WORD}{_SP}+)"

# Spaces on both sides of `@`, or after it only; never before it only: `Zalo @hoakhanhbac` is a
# handle. Named groups tell the caller which form was used (plain "@" is the only non-obfuscated one).
AT = (
    rf"(?:@{_NL}|{_NL}@|{_SP}+@{_SP}+|@{_SP}+|(?P<at_plain>@)"
    rf"|{_SP}*{_OPEN}{_SP}*{_AT_WORD}{_SP}*{_CLOSE}{_SP}*"
    rf"|(?P<at_word>{_SP}+{_AT_WORD}{_SP}+))"
)

HEAD = re.compile(
    rf"(?<![a-z0-9._%+\-])(?P<local>\.*{_LOCAL_CHARS}+(?:{_LOCAL_DOT}{_LOCAL_CHARS}+)*\.*)(?P<at>{AT})",
    _FLAGS,
)

# The fixed core of each at-sign form: where the matcher starts looking, in both directions.
AT_CORE = re.compile(
    rf"@|{_OPEN}{_SP}*{_AT_WORD}{_SP}*{_CLOSE}|(?<=[ \t]){_AT_WORD}(?=[ \t])",
    _FLAGS,
)
LOCAL_SET = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
# A spelled-out dot ending exactly where a local-part run starts ("nguyen[dot]van at ...").
DOT_BEFORE = re.compile(
    rf"(?:{_SP}*{_OPEN}{_SP}*{_DOT_WORD}{_SP}*{_CLOSE}{_SP}*|{_SP}+{_DOT_WORD}{_SP}+)\Z", _FLAGS
)

LABEL = re.compile(rf"[a-z0-9](?:[a-z0-9]|-(?:{_NL})?)*", _FLAGS)
IDN_LABEL = re.compile(r"[^\W_](?:[^\W_]|-)*")

DOT = re.compile(
    rf"(?:\.{_NL}|{_NL}\.|{_SP}+\.{_SP}*|\."
    rf"|{_SP}*{_OPEN}{_SP}*{_DOT_WORD}{_SP}*{_CLOSE}{_SP}*|{_SP}+{_DOT_WORD}{_SP}+)",
    _FLAGS,
)
LOCAL_DOT = re.compile(_LOCAL_DOT, _FLAGS)
LINE_JOIN = re.compile(rf"-?{_NL}")
"""What a broken line leaves inside a label (`gm-\\nail`): removed when normalising."""

# English words that stand before " at " in ordinary sentences ("visit us at example.com").
_NOT_A_LOCAL_PART_WORDS = """
    me us you him her them it we i they is are was were be been meet meeting look looking see visit
    available online find found located contact here there arrive arrived stay work works study
    live lives held born aimed good bad best great come join email mail call write reach
    """
NOT_A_LOCAL_PART = frozenset(_NOT_A_LOCAL_PART_WORDS.split())
