"""Is the body that offers a contact point a state body? (docs/labelling.md: a violation needs a
public contact point **of a state body or public service unit**; when unsure, review.)

Two sources, in this order:
1. the document's header issuer, when it is recognisably a state body or recognisably not one;
2. otherwise the organisation named nearest before the address (in its paragraph and a few lines
   above, or just below it for a footer block): "Hồ sơ gửi về Văn phòng UBND phường, email: X" is a
   ward's contact; "Địa điểm nhận tác phẩm: Hội Nhà văn Thành phố …, email: X" is an association's.

Names that tell nothing about the body ("Ban tổ chức", "BTC", "chúng tôi") are skipped. The answer
is "state", "other" or None (no organisation named at all).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Literal
from urllib.parse import urlsplit

from congvu.judge import lexicon, prefilter
from congvu.judge.text import fold

Kind = Literal["state", "other"]

REACH_BEFORE = 3000  # characters above the address searched for the nearest organisation
REACH_AFTER = 300  # characters below it (a contact block above the body's name in a footer)
AFTER_LINES = 3  # … and at most this many lines below it
HEAD_CHARS = 40  # a list item's head: the characters after its marker that may name a body
GROUP = 150  # bodies named this close before the nearest one are named together with it

# The state-body lexicon is data (`data/state_bodies.toml`: the law's enumeration of the state's
# organs and public service units, with its sources), compiled once here (`congvu.judge.lexicon`).
LEXICON = lexicon.load()
_STATE = LEXICON.pattern("state")
_OTHER = LEXICON.pattern("other")
_ORG = re.compile(rf"\b(?:(?P<state>{_STATE})|(?P<other>{_OTHER}))")
# A public-sector unit named with its territory, looked for only where a capital starts it: "Hạt
# Kiểm lâm huyện Đông Giang", "Đội Quản lý trật tự đô thị quận …", "Trạm Thú y huyện …" (not
# "Trung tâm …" or "Phòng khám …": private centres and clinics name their district too).
_UNIT_TERRITORY = re.compile(
    rf"\b(?P<state>(?:{LEXICON.territory_head()})(?:\s+[a-z&\-–]+){{1,6}}?\s+"
    r"(?:huyen|quan|thi\s*xa|thi\s*tran|xa|phuong|tinh|thanh\s*pho)\s+(?=[a-z]))"
)


# Fragments of a mailbox's local part that name a state unit ("ubndhoaminh", "vanphong.hkn",
# "pgdlienchieu", "thcsleloi", "tuyendung.ttyt"): the mailbox claims to be that unit's.
# A fragment counts where a word of the name starts: the local part's start (after at most two
# letters of an abbreviation: "ttvhtt" is Trung tâm VHTT), or after a dot, a dash, an underscore or a
# digit — never across two words run together ("baodientuphapluat" holds
# "tuphap" of "điện tử pháp luật"; "vanphongpham" is stationery).
_UNIT_MAILBOX = re.compile(
    r"(?:^[a-z]{0,2}|(?<=[._\-0-9]))(?:"
    r"ubnd|hdnd|uyban|vanphong(?!pham)|vp[._-]|tiepnhan|phong(?:gd|giaoduc|noivu|tuphap|vh|kt|tc|tn|ld|yte|qldt)|"
    r"pgd|sgd|thcs|thpt|tieuhoc|mamnon|ttyt|tramyte|doanthanhnien|tinhdoan|huyendoan|quandoan|"
    r"doantruong|hoilhpn|mttq|congan|tuphap|noivu|vhtt|tnmt|ldtbxh|taichinh(?!canhan)|motcua|vanthu|danguy|dangbo"
    r")|[._-]vp(?:[._-]|$)"
)


STATE_DOMAINS = (".gov.vn", ".edu.vn")  # state bodies' and (mostly public) schools' own domains


def state_domain(address: str) -> bool:
    """An address on a state body's or a school's own domain."""
    return ("." + address.rpartition("@")[2].lower()).endswith(STATE_DOMAINS)


def state_host(url: str) -> str | None:
    """The host of a URL on a state body's or a school's own domain (`STATE_DOMAINS`), else None:
    "https://hoaminh.lienchieu.danang.gov.vn/tin-tuc/…" → "hoaminh.lienchieu.danang.gov.vn". Only
    those domains' registrars hand them to state bodies and schools; any other host (a news site, a
    law library republishing a notice) says nothing about who wrote the page."""
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:  # a malformed address ("http://[::1") names no host
        return None
    return host if host and ("." + host).endswith(STATE_DOMAINS) else None


def unit_mailbox(address: str) -> str | None:
    """The fragment of the address's local part that names a state unit, if any."""
    m = _UNIT_MAILBOX.search(address.partition("@")[0].lower())
    return m.group(0).strip("._-") if m else None


_PLACES = frozenset(lexicon.places())


def is_place(folded: str) -> bool:
    """Do these folded words open with a province's or a district's name ("ha noi portal")?"""
    words = folded.split()
    return any(" ".join(words[:k]) in _PLACES for k in range(1, min(len(words), 4) + 1))


def kind_of_name(name: str | None) -> Kind | None:
    """What the head of an issuer's name says ("ỦY BAN NHÂN DÂN …" → state, "HỘI NHÀ VĂN …" → other)."""
    if not name:
        return None
    folded = fold(name).strip()
    m = _ORG.match(folded)
    if m is None:
        return "state" if _UNIT_TERRITORY.match(folded) else None
    return "other" if m.group("other") else "state"


def is_newsroom(folded: str, at: int) -> bool:
    """Does the organisation named at `at` start with "tòa soạn" (a paper's newsroom)? It is a body
    of the "other" kind unless the text names its owner (docs/labelling.md, decision 2)."""
    return folded.startswith("toa soan", at)


class Orgs:
    """The organisations named in one folded segment (capitalised), found in one pass on first
    use and looked up by bisection for each contact point: linear in text and addresses."""

    def __init__(self, folded: str, upper: Callable[[int], bool]) -> None:
        self.folded = folded
        # _ORG.finditer(folded), tried only where an organisation's first word starts a word
        at = prefilter.Starts(folded)
        n = len(folded)
        # capitalised, except a newsroom: "gửi câu hỏi về tòa soạn" names no other thing
        found = [
            m
            for _lo, m in prefilter.finditer(_ORG, folded, 0, n, at)
            if upper(m.start()) or is_newsroom(folded, m.start())
        ]
        # the territory's own name is capitalised too ("Hạt Kiểm lâm huyện Đông Giang"): folding
        # makes "Bạn muốn đi làm tình nguyện" read "Ban … tỉnh Nguyên", but "nguyện" is lowercase
        units = [
            m
            for _lo, m in prefilter.finditer(_UNIT_TERRITORY, folded, 0, n, at)
            if upper(m.start()) and upper(m.end())
        ]
        if units:  # a unit named with its territory, where no other name stands
            named = list(found)
            starts = [m.start() for m in named]
            for u in units:
                i = bisect_left(starts, u.start())
                after = i < len(named) and named[i].start() < u.end()
                if not after and not (i > 0 and named[i - 1].end() > u.start()):
                    found.append(u)
            found.sort(key=lambda m: m.start())
        self.found = _offering(folded, found)
        self.starts = [m.start() for m in self.found]
        self.every: tuple[Kind, str] | bool | None = False  # `all_named`'s answer (False: not yet)
        self.upper = upper

    def nearest(self, fs: int, fe: int) -> tuple[Kind, int, int] | None:
        """The organisation named nearest the folded span [fs, fe): its kind and folded span.

        Above the address first (REACH_BEFORE), else just below it (AFTER_LINES lines, a footer's
        body name under its contact block). Bodies named together with the nearest one ("Hội Nhà
        văn … và Trường Đại học …", within GROUP characters) share its fate: one that is not a state
        body makes the group doubtful. Names of bodies are written with a capital ("Hội Nhà văn",
        "Cục Thuế"), which tells them from "xã hội", "tích cực" or "thanh tra" as a verb."""
        lo = bisect_left(self.starts, fs - REACH_BEFORE)
        hi = bisect_left(self.starts, fs)
        found = [m for m in self.found[lo:hi] if m.end() <= fs]
        if not found:
            end = fe
            for _ in range(AFTER_LINES + 1):
                nl = self.folded.find("\n", end + 1, fe + REACH_AFTER)
                end = nl if nl >= 0 else min(len(self.folded), fe + REACH_AFTER)
            i = bisect_left(self.starts, fe)
            found = [m for m in self.found[i : i + 1] if m.end() <= end]
        elif self._opens_entry(fs) and not self._heads_line(found[-1]):
            # a body mentioned inside running text above ("… công văn của Bộ …") yields to a body
            # whose name is the whole next line ("PHÒNG THƯƠNG MẠI VÀ …" heading the contact block
            # the address opens): a block's own name says whose it is (docs/labelling.md, footers)
            nl = self.folded.find("\n", fe)
            i = bisect_left(self.starts, fe)
            if nl >= 0 and i < len(self.found) and self._heads_line(self.found[i], nl + 1):
                found = [self.found[i]]
        named = self._contact_names(fs)
        if named is not None and (not found or found[-1].end() <= named[0]):
            return "other", *named  # the contact line names its own body, not one the lexicon knows
        if not found:
            return None
        best = found[-1]
        group = [m for m in found if best.start() - m.end() <= GROUP]
        others = [m for m in group if m.groupdict().get("other")]
        if others:  # the group is doubtful because of this one: it is the one to name
            return "other", others[-1].start(), others[-1].end()
        return "state", best.start(), best.end()

    def _contact_names(self, fs: int) -> tuple[int, int] | None:
        """The folded span of the body a contact line opens with ("Liên hệ: Trung tâm Hợp tác đào
        tạo quốc tế - Hội Khuyến học Việt Nam: Tầng 2, … Email: X"), when it stands before the
        address on the address's own line: that body offers the address, whatever the text named
        farther above."""
        ls = max(self.folded.rfind("\n", 0, fs) + 1, fs - LINE_REACH)
        m = _CONTACT_NAMES.search(self.folded, ls, fs)
        if m is None or not self.upper(m.start("name")):
            return None
        return m.start("name"), m.end("name")

    def _opens_entry(self, fs: int) -> bool:
        """Does the address stand at the start of its line, after a short label ("Email: ", "- Thư
        điện tử: ")? Only such an entry belongs to the block around it rather than to its sentence."""
        ls = self.folded.rfind("\n", 0, fs) + 1
        if fs - ls > LINE_REACH:
            return False
        label = _CHAINED.sub(" ", self.folded[ls:fs])  # "Email: a@x.vn / " before it: still the entry
        return len(label.strip()) <= ENTRY_LABEL

    def _heads_line(self, m: re.Match[str], line_start: int | None = None) -> bool:
        """Is the body's name its line's whole text (a heading or a block's name line: at most
        NAME_LINE characters, nothing but a list marker before it)? With `line_start`, only if it
        stands on the line that starts there."""
        ls = self.folded.rfind("\n", 0, m.start()) + 1
        if line_start is not None and ls != line_start:
            return False
        le = self.folded.find("\n", m.end())
        le = len(self.folded) if le < 0 else le
        # a page's source opens the name's line with its cell's or paragraph's tags ("<td>Công ty …")
        before = _TAGS.sub("", self.folded[ls : m.start()])
        return not before.strip(" \t-+•*|") and le - ls <= NAME_LINE


# A licence line names the body that granted it, not the one that publishes: "Giấy phép … số 08/GP-
# BTTTT, cấp ngày 05/01/2021 của Bộ Thông tin và Truyền thông", "Giấy phép số 12/GP-TTĐT do Sở TT&TT
# cấp", "… Bộ trưởng Bộ TTTT cấp ngày 20/4/2017" (every news site's and many shops' footers).
_LICENCE = re.compile(r"giay\s*phep|/\s*gp\b")
_GRANTED_BY = re.compile(r"\b(?:cua|do)\s*$")
_GRANTS = re.compile(r"[^.;\n]{0,40}?\bcap\b")
LICENCE_REACH = 200  # characters before a body's name searched for the licence it granted


def _licensor(folded: str, m: re.Match[str]) -> bool:
    """Is this body named as the one that granted a licence (on the licence's own line)?"""
    lo = max(0, m.start() - LICENCE_REACH)
    ls = max(folded.rfind("\n", lo, m.start()) + 1, lo)  # bounded: a text of one long line stays linear
    before = folded[ls : m.start()]
    if _LICENCE.search(before) is None:
        return False
    return _GRANTED_BY.search(before) is not None or _GRANTS.match(folded, m.end()) is not None


# A sponsor pays for a contest or a programme; it neither organises it nor receives its entries:
# "với sự tài trợ của Công ty …", "nhà tài trợ …", "do Ngân hàng … tài trợ", "đơn vị đồng hành".
_SPONSORED_BY = re.compile(
    r"\b(?:tai\s*tro|dong\s*hanh)(?:\s*(?:chinh|kim\s*cuong|vang|bac))?(?:\s*(?:cua|la|boi))?\s*[:：]?\s*$"
)
_SPONSORS = re.compile(r"(?:(?!\bto\s*chuc\b)[^.;,\n]){0,50}?\b(?:tai\s*tro|dong\s*hanh)\b")  # "do X tài trợ"
_BY = re.compile(r"\bdo\s*$")
SPONSOR_REACH = 40  # characters before a body's name searched for the sponsor's role
SENTENCE_REACH = 400  # characters searched back for the sponsor's sentence start


# A body named as the building a contact block's office sits in: "Liên hệ: Trung tâm … - Hội …:
# Tầng 2, Trường Bồi dưỡng Cán bộ Giáo dục, 67B Cửa Bắc" — the premises, not who offers the address.
_PREMISES = re.compile(r"\b(?:tang|lau)\s*(?:\d{1,2}|tret|mot|hai|ba)\s*[,\-–]\s*$")
PREMISES_REACH = 16


def _offering(folded: str, found: list[re.Match[str]]) -> list[re.Match[str]]:
    """The bodies named as possible offerers: not a licence's grantor, nor a sponsor that follows
    the organiser named earlier in its sentence ("… do Phòng … tổ chức, với sự tài trợ của Công ty
    …"). A sponsor named alone stays: the address after it may be the sponsor's own."""
    kept: list[re.Match[str]] = []
    for m in found:
        if folded.startswith("hoi", m.start()) and folded[max(0, m.start() - 3) : m.start()] == "xa ":
            continue  # "… THƯƠNG BINH VÀ XÃ HỘI QUẬN …" in capitals: "xã hội" (social), no association
        if _licensor(folded, m) or _PREMISES.search(folded, max(0, m.start() - PREMISES_REACH), m.start()):
            continue
        if kept and _sponsor(folded, m):
            lo = max(0, m.start() - SENTENCE_REACH)
            sentence = max(folded.rfind(".", lo, m.start()), folded.rfind("\n", lo, m.start()), lo - 1)
            if kept[-1].start() > sentence:
                continue
        kept.append(m)
    return kept


def _sponsor(folded: str, m: re.Match[str]) -> bool:
    """Is this body named as a sponsor ("với sự tài trợ của Công ty …", "do Công ty … tài trợ")?"""
    before = folded[max(0, m.start() - SPONSOR_REACH) : m.start()]
    if _SPONSORED_BY.search(before) is not None:
        return True
    return _BY.search(before) is not None and _SPONSORS.match(folded, m.end()) is not None


# "Liên hệ: <a body's name>:" or "Liên hệ: <name>," opening a contact line, the name headed by a
# kind of body (a centre, an association, a board, an office, a club, a project or programme).
_CONTACT_NAMES = re.compile(
    r"\blien\s*he\s*[:：]\s*(?P<name>(?:trung\s*tam|hoi|ban|van\s*phong|cau\s*lac\s*bo|du\s*an|chuong\s*trinh)"
    r"\s+[^:;,()\n@]{3,80}?)\s*[:;,(]"
)
NAME_LINE = 80  # a line this short that opens with a body's name is that name's line
ENTRY_LABEL = 30  # … and an address this close to its line's start opens a block entry
LINE_REACH = 200  # (an entry's line is never longer before its address)
_TAGS = re.compile(r"<[^<>\n]{0,200}>")  # markup tags (a page's source read as text)
_CHAINED = re.compile(r"\S+@\S+|[/,;|]|\bhoac\b")

# A signature block's body: "TM. ỦY BAN NHÂN DÂN", "TL. GIÁM ĐỐC SỞ …" opens the line (or a cell).
_SIGNATURE = re.compile(r"(?:^|\n|\|)[ \t]*(?:tm|kt|tl|tuq|t/m|k/t)[ \t]*\.[ \t]*(?P<body>[^\n|]{3,80})")


def signature_body(folded: str, original: Callable[[int, int], str]) -> tuple[Kind, str] | None:
    """The body that signs the document ("TM. ỦY BAN NHÂN DÂN" → state), when a signature block
    names a recognisable one: the issuer's own word on who it is, wherever the block stands. A unit
    named with its territory counts as in the header ("TM. HẠT KIỂM LÂM HUYỆN TÂY GIANG")."""
    for m in _SIGNATURE.finditer(folded):
        body = m.group("body").strip()
        kind = kind_of_name(body + " ")  # the territory's name may end the cell: a word must follow
        if kind is not None:
            at = m.start("body")
            return kind, original(at, at + len(body)).strip()
    return None


# The text's own word on whose the page or paper is: "Cơ quan chủ quản: Sở …", "cơ quan ngôn luận của
# Tỉnh đoàn …", "Cơ quan của Trung ương Đoàn" (a masthead or a page footer; docs/labelling.md).
# the name may follow a page's markup ("<strong>CƠ QUAN CHỦ QUẢN:</strong> Học viện Quốc phòng")
_OWNER = re.compile(
    r"\bco\s*quan\s*(?:chu\s*quan|ngon\s*luan\s*cua|cua|chu\s*quan\s*cua)\b\s*[:：]?\s*(?:<[^<>\n]{0,40}>\s*){0,3}"
)
OWNER_REACH = 600  # characters either side of the address searched for the owner statement


def owner_named(
    folded: str,
    fs: int,
    fe: int,
    upper: Callable[[int], bool],
    original: Callable[[int, int], str],
    reach: int = OWNER_REACH,
) -> tuple[Kind, str] | None:
    """The body that the text says owns the page ("Cơ quan chủ quản: UBND huyện …") within `reach`
    of the address, if it names a recognisable one: its kind and its name as written."""
    lo, hi = max(0, fs - reach), min(len(folded), fe + reach)
    for m in _OWNER.finditer(folded, lo, hi):
        org = _ORG.match(folded, m.end()) or _UNIT_TERRITORY.match(folded, m.end())
        if org is not None and upper(org.start()):
            kind: Kind = "other" if org.groupdict().get("other") else "state"
            # the name as written, to its line's end (at most 30 more characters: "UBND quận" + " Gò
            # Vấp"); the statement itself may wrap ("Cơ" / "quan của" / "Đảng bộ …")
            end = min(len(folded), org.end() + 30)
            nl = folded.find("\n", org.end(), end)
            return kind, " ".join(original(m.start(), end if nl < 0 else nl).split())
    return None


def all_named(orgs: Orgs) -> tuple[Kind, str] | None:
    """The kind of every body the text names, when they agree ("state": the text names state bodies
    only; "other": the first that is not one), with the first such body's folded name; None when the
    text names no body."""
    if orgs.every is False:  # computed once per segment: judging stays linear in the addresses
        orgs.every = None
        for m in orgs.found:
            if m.groupdict().get("other"):
                orgs.every = ("other", m.group(0))
                break
        else:
            if orgs.found:
                orgs.every = ("state", orgs.found[0].group(0))
    return orgs.every if isinstance(orgs.every, tuple) else None


def head_org(folded: str, start: int, upper: Callable[[int], bool]) -> str | None:
    """The organisation a list item's head names ("3. Sở TN&MT Bạc Liêu" → "so tn&mt"), folded and
    with single spaces, if one starts within HEAD_CHARS characters of `start`."""
    for m in _ORG.finditer(folded, start, min(len(folded), start + HEAD_CHARS)):
        if upper(m.start()):
            return " ".join(m.group(0).split())
    return None
