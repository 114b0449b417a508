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
_GAP = rf"(?:{_NL}|{_SP}+)"  # the space between spoken words: blanks, or one line break (a wrap)
_GAP0 = rf"(?:{_NL}|{_SP}*)"  # the same, possibly empty (around brackets)
_OPEN = r"[\[({<]"
_CLOSE = r"[\])}>]"

# "a còng" (Vietnamese for @), written with or without its accent, NFC or NFD.
_CONG = r"c(?:ò|Ò|o\u0300|O\u0300|o)ng"
_AT_WORD = rf"(?:at|a{_GAP}{_CONG})"
# "chấm" (Vietnamese for dot): NFC, partly and fully decomposed, unaccented.
_CHAM = r"ch(?:ấ|Ấ|â\u0301|Â\u0301|a\u0302\u0301|A\u0302\u0301|a)m"
_DOT_WORD = rf"(?:dot|{_CHAM})"

_LOCAL_CHARS = r"[a-z0-9_%+\-]"
_LOCAL_DOT = rf"(?:\.|{_SP}*{_OPEN}{_SP}*{_DOT_WORD}{_SP}*{_CLOSE}{_SP}*|{_SP}+{_DOT_WORD}{_SP}+)"

# Spaces on both sides of `@`, after it only, or before it only (`at_lead`: the caller demands a
# plausible local part, since `Zalo @hoakhanhbac` is a handle). Named groups tell the caller which
# form was used (plain "@" is the only non-obfuscated one). `(a)`/`[a]` (`at_a`) is also a list
# marker, so the caller demands a dotted domain after it.
# OCR's misreadings of a printed at-sign, glued between the local part and the domain: "(@" (its
# circle read as a bracket, fresh-24's letters), and - only before a big public provider's domain,
# where nothing else is meant - "(", "(Đ", "©" or "/" in its place ("phongpbgdpl_stp(bacgiang…"
# from tesseract, "ntbalicu/gmail.com" in a ministry's OCR text). `addresses._match` demands a
# whole token before it; the trigger is `triggers.TRIGGERS["ocr-at"]`.
OCR_PROVIDERS = ("gmail", "yahoo", "hotmail", "outlook", "ymail")
_PROVIDER_NEXT = rf"(?=(?:{'|'.join(OCR_PROVIDERS)})\.)"
_OCR_AT = rf"\(@|(?:\((?:đ|Đ)?|©|/){_PROVIDER_NEXT}"

AT = (
    rf"(?:@{_NL}|{_NL}@|{_SP}+@{_SP}+|@{_SP}+|(?P<at_plain>@)|(?P<at_lead>{_SP}+@)"
    rf"|{_GAP0}{_OPEN}{_SP}*{_AT_WORD}{_SP}*{_CLOSE}{_GAP0}"
    rf"|(?P<at_a>{_SP}*[\[(]{_SP}*a{_SP}*[\])]{_GAP0})"
    rf"|(?P<at_word>{_GAP}{_AT_WORD}{_GAP})"
    rf"|(?P<at_ocr>{_OCR_AT}))"
)

HEAD = re.compile(
    rf"(?<![a-z0-9._%+\-])(?P<local>\.*{_LOCAL_CHARS}+(?:{_LOCAL_DOT}{_LOCAL_CHARS}+)*\.*)(?P<at>{AT})",
    _FLAGS,
)

# The fixed core of each at-sign form: where the matcher starts looking, in both directions.
AT_CORE = re.compile(
    rf"{_OCR_AT}|@|{_OPEN}{_SP}*{_AT_WORD}{_SP}*{_CLOSE}|[\[(]{_SP}*a{_SP}*[\])]"
    rf"|(?<=[ \t\n]){_AT_WORD}(?=[ \t\r\n])",
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
    rf"(?:\.{_NL}|{_NL}\.|{_SP}+\.{_SP}*|\.[ ](?=[a-z0-9])|\."
    rf"|{_GAP0}{_OPEN}{_SP}*{_DOT_WORD}{_SP}*{_CLOSE}{_GAP0}|{_GAP}{_DOT_WORD}{_GAP})",
    _FLAGS,
)
LOCAL_DOT = re.compile(_LOCAL_DOT, _FLAGS)
# A comma typed for the dot of a big provider's domain (`abc@gmail,com`, `abc@yahoo,com.vn`); the
# match ends where the next label starts. Only these names: `a@b,c` is a list anywhere else.
PROVIDER_COMMA = re.compile(rf"(?:{'|'.join(OCR_PROVIDERS)}),(?=com\b)", _FLAGS)
LINE_JOIN = re.compile(rf"-?{_NL}")
"""What a broken line leaves inside a label (`gm-\\nail`): removed when normalising."""

# English words that stand before " at " in ordinary sentences ("visit us at example.com").
_NOT_A_LOCAL_PART_WORDS = """
    me us you him her them it we i they is are was were be been meet meeting look looking see visit
    available online find found located contact here there arrive arrived stay work works study
    live lives held born aimed good bad best great come join email mail call write reach
    """
NOT_A_LOCAL_PART = frozenset(_NOT_A_LOCAL_PART_WORDS.split())

# Names before ` @handle` that make it a social-network mention, not a local part with a stray space.
_HANDLE_PLATFORM_WORDS = """
    facebook fb zalo tiktok twitter instagram ig youtube telegram threads linkedin viber skype
    fanpage page kenh trang nhom group
    """
HANDLE_PLATFORMS = frozenset(_HANDLE_PLATFORM_WORDS.split())
# Words that stand glued before "/gmail.com" or "(gmail.com" as a path or a name, not a mailbox.
_OCR_PATH_WORDS = ("www", "http", "https", "web", "website", "site", "domain")
OCR_NOT_A_LOCAL_PART = NOT_A_LOCAL_PART | HANDLE_PLATFORMS | frozenset(_OCR_PATH_WORDS)
PLAIN_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", _FLAGS)
WRAP_RUN_SET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")
TOKEN_BEFORE = frozenset(" \t\n:;,(<[\"'")  # what may stand before a local part cut by a wrap
LINE_BREAK = re.compile(r"\r?\n")
# One Vietnamese syllable written without diacritics (`ban`, `minh`, `nghiem`): a line that wraps
# at a space after such a word looks exactly like a local part cut in two, so it is never joined.
VI_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
