"""Find e-mail addresses in text, plain and obfuscated, fast enough for whole archives.

Two stages. `triggers.trigger_ends` scans the whole text once for anything that could be an
at-sign (`@`, `＠`, `&#64;`, `[at]`, ` at `, `a còng`, ...), at memory speed. Only a window
around each trigger is then cleaned (`clean`) and matched (`grammar`), and the domain is read
label by label so its end can be decided with care: it must end in a known TLD
(`tlds`), a Vietnamese word glued on (`gmail.comđể`, `gmail.comvề`) is cut off, and
`.com.vn` is kept whole.
Normalised addresses are NFC and lowercase; internationalised domains are given in Unicode
(`xn--` labels are decoded), matching `AddressMatch.address`.

Decisions (each pinned by a test in tests/detect/):
- `obfuscated` is False only for `local@domain` written as is (any letter case); spaces, spelled
  out at-signs/dots, entities, fullwidth or invisible characters and line breaks make it True.
- File names are not addresses: `bao-cao@2x.png` fails the TLD check, and `logo@2x.ai` (a TLD
  that is also a file extension after an `<n>x` density suffix) is refused explicitly.
- A capitalised word glued to a lowercase TLD is cut off (`gmail.comFrom November` gives gmail.com).
- A capitalised label after a TLD starts a sentence: `abc@gmail.com.In dịp` gives gmail.com, and so
  does a Vietnamese word whose ASCII head is a TLD: `abc@gmail.com . Thùy Linh` is not `gmail.com.th`.
- Letters glued before the local part are kept (`tớinguyenvana@…` gives `inguyenvana@…`): the
  word boundary cannot be known.
- A local part broken by a line wrap (`ubndhoa\nminh@gmail.com`) is joined only when the line
  before looks wrapped (see `_wrapped_head`): `liên hệ\nminh@…` and `contact\nminh@…` give `minh@…`.
- `abc @gmail.com` (space before `@` only) is an address when a plausible local part stands
  before the space (ASCII, 2+ characters, not the tail of a Vietnamese word, not a platform name
  such as `Zalo`/`Facebook`) and a full domain with a known TLD follows; `Zalo @hoakhanhbac`,
  `@UBND` and `8h @ hội trường` stay handles or prose (`abc@ gmail.com`, `abc @ gmail.com` always count).
- A space before `@` only, then a domain and a file extension glued on (`file @viethanit.edu.vn.html`,
  `trang chu @ubnd.gov.vn.pdf`) is a file name (a saved page or download named after its site), not an
  address; with spaces on both sides (`abc @ gmail . com`) it stays a spaced-out address.
- A dot and one space inside a domain (OCR: `dreongluankg@gmail. com`) join only the first label to
  the next (`gmail. com`); after a whole domain the sentence goes on (`abc@gmail.com. do đó` gives gmail.com).
- `(a)`/`[a]` stand for `@` only between a local part and a domain written with real dots
  (`vanphong.ubnd (a) gmail.com`); elsewhere they are list markers.
- Spoken forms may be wrapped: one line break may stand for any space in `a còng`/`chấm`/`(at)`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import idna

from congvu.detect import grammar
from congvu.detect.clean import Cleaned, clean
from congvu.detect.tlds import is_tld, longest_tld_prefix
from congvu.detect.triggers import trigger_ends
from congvu.model import AddressMatch

_FILE_TLDS = frozenset(["ai", "ps", "sh", "py", "pl", "md", "so"])  # TLDs that are also file extensions
# Extensions of saved pages, documents, images and archives: `file @viethanit.edu.vn.html`.
_FILE_EXTENSION = re.compile(
    r"\.(?:html?|php|aspx?|jsp|pdf|docx?|xlsx?|pptx?|odt|ods|rtf|txt|csv|xml|json|jpe?g|png|gif|bmp|tiff?|"
    r"webp|svg|zip|rar|7z|gz|mp[34]|avi)(?![a-z0-9])",
    re.IGNORECASE | re.ASCII,
)
LEFT = 200  # chars before a trigger: a 64-char local part, spelled out with `[dot]` or entities
RIGHT = 320  # chars after it: a long domain with ` dot ` separators


@dataclass(frozen=True, slots=True)
class _Label:
    raw: str  # as in the cleaned window (may hold a `-\n` line join)
    start: int
    end: int


def _windows(ends: list[int], size: int) -> Iterator[tuple[int, int, list[int]]]:
    """Merge the windows around triggers so no two overlap (a match is never cut in two).

    Yields (start, end, trigger ends inside).
    """
    cur_start, cur_end, cur = -1, -1, []
    for e in ends:
        s, t = max(0, e - LEFT), min(size, e + RIGHT)
        if s <= cur_end:
            cur_end = max(cur_end, t)
            cur.append(e)
            continue
        if cur_end >= 0:
            yield cur_start, cur_end, cur
        cur_start, cur_end, cur = s, t, [e]
    if cur_end >= 0:
        yield cur_start, cur_end, cur


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def _label_at(t: str, pos: int) -> _Label | None:
    """An ASCII label, or a Unicode (IDN) one when a `.` and another label follow it."""
    m = grammar.LABEL.match(t, pos)
    end = m.end() if m else pos
    if end < len(t) and ord(t[end]) > 0x7F:  # perhaps the start of an IDN label
        idn = grammar.IDN_LABEL.match(t, pos)
        after = idn.end() if idn else pos
        if idn and after < len(t) and t[after] == "." and grammar.LABEL.match(t, after + 1):
            return _Label(idn.group(), pos, after)
    return _Label(m.group(), pos, end) if m else None


def _read_labels(t: str, pos: int) -> list[_Label]:
    labels: list[_Label] = []
    while (label := _label_at(t, pos)) is not None:
        labels.append(label)
        dot = grammar.DOT.match(t, label.end)
        if dot is None and len(labels) == 1:
            dot = grammar.PROVIDER_COMMA.match(t, label.start)
            if dot is not None:  # `abc@gmail,com`: a comma typed for the big provider's dot
                pos = dot.end()
                continue
        if dot is None or dot.end() >= len(t):
            break
        if "\n" in dot.group() and t[dot.end()].isupper():
            break  # a sentence that starts on the next line, not the rest of a domain
        if dot.group().startswith(". ") and len(labels) > 1:
            break  # OCR's "gmail. com" reads on; after a whole domain ("gmail.com. do đó") prose does
        pos = dot.end()
    return labels


def _unbreak(raw: str) -> str:
    """A label without the line break (and hyphenation) it was split by."""
    return grammar.LINE_JOIN.sub("", raw) if "\n" in raw else raw


def _norm_label(raw: str) -> str | None:
    label = _unbreak(raw)
    if label.isascii():
        label = label.lower()
        if not 0 < len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return None
        if label.startswith("xn--"):
            try:
                return str(idna.decode(label))
            except idna.IDNAError:
                return None
        return label
    return unicodedata.normalize("NFC", label).lower()


_FOOTNOTE = re.compile(r"([a-zA-Z]{2,})([0-9]{1,2})", re.ASCII)


def _sentence_start(label: str, before: str) -> bool:
    """`gmail.com.In dịp`: a capitalised word after lowercase labels starts a sentence."""
    return label[:1].isupper() and label[1:].islower() and before.islower() and is_tld(before)


def _camel_glued(raw: str) -> bool:
    """`gmail.comFrom November`: a capitalised word glued to a lowercase TLD (a lost line break)."""
    if not raw.isascii() or is_tld(raw.lower()):
        return False
    tld = longest_tld_prefix(raw.lower())
    return tld is not None and raw[: len(tld)].islower() and raw[len(tld)].isupper()


def _domain(t: str, pos: int) -> tuple[int, list[str], list[str]] | None:
    """(end, normalised labels, labels as written) of the domain starting at `pos`, if valid."""
    labels = _read_labels(t, pos)
    if len(labels) < 2:
        return None
    after = t[labels[-1].end] if labels[-1].end < len(t) else ""
    # `gmail.comvuvietanh@webmail…`: the next address glued on, its local part read as a label
    glued = bool(after) and (_is_letter(after) or after == "@")
    for k in range(len(labels) - 1, 0, -1):
        raw = _unbreak(labels[k].raw)
        tld: str | None = raw.lower()
        end = labels[k].end
        if k == len(labels) - 1 and (footnote := _FOOTNOTE.fullmatch(raw)) and is_tld(footnote[1].lower()):
            tld = footnote[1].lower()  # `nhidong.org.vn3)`: a footnote's number glued to the TLD
            end, raw = labels[k].start + len(tld), raw[: len(tld)]
        elif k == len(labels) - 1 and (glued or _camel_glued(raw)):
            if glued and k > 1 and _sentence_start(raw, labels[k - 1].raw):
                continue  # `gmail.com . Thùy Linh`: a capitalised word (its ASCII head "Th") after a TLD
            tld = longest_tld_prefix(raw.lower()) if raw == labels[k].raw else None
            if tld is None:
                continue
            end, raw = labels[k].start + len(tld), raw[: len(tld)]
        elif not (raw.isascii() and is_tld(raw.lower())) or (
            k > 1 and _sentence_start(raw, labels[k - 1].raw)
        ):
            continue
        names = [_norm_label(x.raw) for x in labels[:k]]
        if any(n is None for n in names) or not (tld and tld.isalpha()):
            return None
        written = [_unbreak(x.raw) for x in labels[:k]] + [raw]
        return end, [n for n in names if n is not None] + [str(tld)], written
    return None


def _match(cw: Cleaned, m: re.Match[str]) -> tuple[int, int, str, bool] | None:
    """(clean start, clean end, address, plain?) for one HEAD match, or None if not an address.

    `plain?` is False when the at-sign or a dot was spelled out or spaced (the cleaned text
    differs from `local@domain` as written); character-level disguises are judged by the caller.
    """
    t = cw.text
    local_raw: str = m.group("local")
    start: int = m.start("local")
    local = local_raw.lstrip(".")
    start += len(local_raw) - len(local)
    prev = _domain(t, start) if start > 0 and t[start - 1] == "@" else None
    if prev is not None and prev[0] < m.start("at"):
        # `tôi:a@gmail.comvuvietanh@webmail…`: the previous address's domain runs into this local part
        local, start = t[prev[0] : m.start("at")], prev[0]
        if not local.strip(".") or not all(c in grammar.LOCAL_SET for c in local):
            return None
    if not local or local.endswith("."):
        return None
    if m.group("at_plain") is None and start > 0 and _is_letter(t[start - 1]):
        return None  # "ở phòng họp at ..." : an obfuscated form must start a word
    local_plain = local if local.isalnum() else grammar.LOCAL_DOT.sub(".", local)
    if len(local_plain) > 64 or ".." in local_plain:
        return None
    spelled = m.group("at_word") or m.group("at_a")
    if spelled and local_plain.lower() in grammar.NOT_A_LOCAL_PART:
        return None
    if (m.group("at_lead") or m.group("at_a")) and (
        len(local_plain) < 2 or local_plain.lower() in grammar.HANDLE_PLATFORMS
    ):
        return None  # `Zalo @ubnd.hoaminh`, `8 @gmail.com`, `(a)` after one letter
    ocr = m.group("at_ocr")
    if ocr and (
        len(local_plain) < 3
        or (start > 0 and t[start - 1] not in grammar.TOKEN_BEFORE)
        or local_plain.lower() in grammar.OCR_NOT_A_LOCAL_PART
    ):
        return None  # "abc.vn/gmail.com" is a web path; OCR's at-sign stands between two whole tokens
    dom = _domain(t, m.end())
    if dom is None:
        return None
    end, names, written = dom
    if ocr == "(" and t[end : end + 1] == ")":
        return None  # "(gmail.com)" closed again: a bracketed name, not an at-sign misread
    if m.group("at_lead") and _FILE_EXTENSION.match(t, end):
        return None  # `file @viethanit.edu.vn.html`: a saved page's name, the space split name and site
    if m.group("at_a") and grammar.PLAIN_DOMAIN.fullmatch(t, m.end(), end) is None:
        return None  # `(a)` is a list marker unless a domain written with real dots follows
    if len(names) == 2 and names[1] in _FILE_TLDS and names[0][-1:] == "x" and names[0][:-1].isdigit():
        return None  # `logo@2x.ai`: an image-density suffix in a file name, not a mailbox
    head = _wrapped_head(t, start)
    if head is not None and len(local_plain) + start - head <= 64:
        local_plain = grammar.LINE_BREAK.sub("", t[head:start]) + local_plain
        start = head
    address = unicodedata.normalize("NFC", local_plain.lower() + "@" + ".".join(names))
    canonical = local_plain + "@" + ".".join(written)
    return start, end, address, canonical == t[start:end]


WRAP_WIDTH = 50  # a line at least this long that ends mid-word was probably wrapped by a layout
_WRAP_ENDS = "-._"  # a line ending in one of these cannot end a local part: it was cut


def _wrapped_head(t: str, start: int) -> int | None:
    """Where the first half of a local part broken by a line wrap starts, or None not to join.

    `ubndhoa\nminh@gmail.com`: joining is ambiguous (`liên hệ\nminh@...`, `contact\nminh@...`),
    so the previous line must end, with no space before the break, in a whole ASCII token of
    [a-z0-9._-] (not glued to a Vietnamese letter, not a word like `email`), and look wrapped:
    end in `-`, `.` or `_`, or be at least WRAP_WIDTH characters long and end in a token that is
    not one unaccented Vietnamese syllable (`Ủy ban\nminh@…` is prose wrapped at a space).
    """
    k = start - 1
    if k < 1 or t[k] != "\n":
        return None
    if t[k - 1] == "\r":
        k -= 1
    i = k
    while i > 0 and t[i - 1] in grammar.WRAP_RUN_SET:
        i -= 1
    run = t[i:k]
    if not run or (i > 0 and t[i - 1] not in grammar.TOKEN_BEFORE) or run.lower() in grammar.NOT_A_LOCAL_PART:
        return None
    if run[-1] in _WRAP_ENDS:
        return i
    line_start = t.rfind("\n", 0, i) + 1
    if k - line_start < WRAP_WIDTH or grammar.VI_SYLLABLE.fullmatch(run):
        return None
    return i


def _local_start(t: str, at: int) -> int:
    """Where the local part before the at-sign form starting at `at` begins (walking left)."""
    k = at
    while k > 0 and t[k - 1] in " \t":
        k -= 1
    if k > 0 and t[k - 1] == "\n":
        k -= 1
        while k > 0 and t[k - 1] in " \t\r":
            k -= 1
    while True:
        while k > 0 and t[k - 1] in grammar.LOCAL_SET:
            k -= 1
        j = k
        while j > 0 and t[j - 1] in " \t":
            j -= 1
        if j == 0 or t[j - 1] not in "])}>tTmM":  # a spelled-out dot ends in `]`, `dot`, `chấm`
            return k
        dot = grammar.DOT_BEFORE.search(t, max(0, k - 24), k)
        if dot is None or dot.start() == 0 or t[dot.start() - 1] not in grammar.LOCAL_SET:
            return k
        k = dot.start()


CORE_BEFORE, CORE_AFTER = 24, 8  # where an at-sign form's core lies around its trigger's end


def _heads(cw: Cleaned, triggers: list[int]) -> Iterator[re.Match[str]]:
    """HEAD matches (local part + at-sign form), found from each at-sign form outwards."""
    t = cw.text
    last_end = -1
    last_core = -1
    for p in triggers:
        cp = p if cw.starts is None else bisect.bisect_left(cw.starts, p)
        for core in grammar.AT_CORE.finditer(t, max(0, cp - CORE_BEFORE, last_core + 1), cp + CORE_AFTER):
            last_core = core.start()
            start = _local_start(t, core.start())
            if start < last_end:
                continue
            m = grammar.HEAD.match(t, start)
            if m is not None and m.start("at") <= core.start() < m.end("at"):
                last_end = m.end()
                yield m


def find_addresses(text: str) -> list[AddressMatch]:
    """Every address in `text`, in order, with offsets into `text` itself."""
    ends = trigger_ends(text)
    out: list[AddressMatch] = []
    seen: set[tuple[int, int]] = set()
    for ws, we, triggers in _windows(ends, len(text)):
        cw = clean(text[ws:we])
        for m in _heads(cw, [e - ws for e in triggers]):
            found = _match(cw, m)
            if found is None:
                continue
            cs, ce, address, plain = found
            s, e = cw.span(cs, ce)
            s, e = s + ws, e + ws
            if (s, e) in seen:
                continue
            seen.add((s, e))
            written = text[s:e]
            obfuscated = not plain or written != cw.text[cs:ce]
            out.append(AddressMatch(address, written, s, e, obfuscated, "text"))
    return out
