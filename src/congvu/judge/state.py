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

from congvu.judge import prefilter
from congvu.judge.text import fold

Kind = Literal["state", "other"]

REACH_BEFORE = 3000  # characters above the address searched for the nearest organisation
REACH_AFTER = 300  # characters below it (a contact block above the body's name in a footer)
AFTER_LINES = 3  # … and at most this many lines below it
HEAD_CHARS = 40  # a list item's head: the characters after its marker that may name a body
GROUP = 150  # bodies named this close before the nearest one are named together with it

_STATE = (
    r"ubnd|uy\s*ban\s*nhan\s*dan|hdnd|hoi\s*dong\s*nhan\s*dan|"
    r"so\s+(?:giao\s*duc|gd|y\s*te|van\s*hoa|vh|tu\s*phap|noi\s*vu|tai\s*chinh|tai\s*nguyen|tn\s*&?\s*mt|tnmt|"
    r"thong\s*tin|tt\s*&?\s*tt|tttt|ke\s*hoach|xay\s*dung|giao\s*thong|cong\s*thuong|nong\s*nghiep|"
    r"lao\s*dong|khoa\s*hoc|ngoai\s*vu|du\s*lich|van\s*hoa)|"
    r"phong\s+(?:giao\s*duc|gd|van\s*hoa|vh|tu\s*phap|noi\s*vu|tai\s*chinh|tai\s*nguyen|tn\s*&?\s*mt|kinh\s*te|"
    r"y\s*te|lao\s*dong|quan\s*ly\s*do\s*thi|dan\s*toc|nong\s*nghiep|tiep\s*cong\s*dan|canh\s*sat|cong\s*thuong|"
    r"ha\s*tang|thong\s*tin|van\s*thu|hanh\s*chinh|dao\s*tao|cong\s*tac\s*sinh\s*vien)|"
    r"van\s*phong\s+(?:ubnd|hdnd|uy\s*ban|so|bo|tinh|thanh|huyen|quan|phuong|xa|dang|chinh\s*phu|quoc\s*hoi|"
    r"hdnd\s*(?:va|-|&)\s*ubnd|dang\s*ky)|"
    r"bo\s+(?:giao\s*duc|gd|y\s*te|van\s*hoa|tai\s*chinh|noi\s*vu|tu\s*phap|cong\s*an|quoc\s*phong|thong\s*tin|"
    r"khoa\s*hoc|nong\s*nghiep|tai\s*nguyen|lao\s*dong|cong\s*thuong|ke\s*hoach|xay\s*dung|giao\s*thong|"
    r"ngoai\s*giao|tt\s*&?\s*tt|tn\s*&?\s*mt|vh\s*,?\s*tt)|"
    r"tong\s*cuc|chi\s*cuc|cuc(?=\s+(?!bo\b)[a-z])|"
    r"truong\s+(?:thcs|thpt|th\b|tieu\s*hoc|mam\s*non|mau\s*giao|trung\s*hoc|pho\s*thong|dai\s*hoc|cao\s*dang|"
    r"trung\s*cap|chinh\s*tri|ptdt|pt\b|boi\s*duong)|"
    r"benh\s*vien|trung\s*tam\s*y\s*te|ttyt|tram\s*y\s*te|"
    r"(?:tinh|thanh|huyen|quan|thi)\s*doan|doan\s*tncs|doan\s*thanh\s*nien|hoi\s*dong\s*doi|"
    r"hoi\s*lien\s*hiep\s*phu\s*nu|hoi\s*lhpn|hoi\s*phu\s*nu|hoi\s*nong\s*dan|hoi\s*cuu\s*chien\s*binh|"
    r"hoi\s*chu\s*thap\s*do|hoi\s*(?:van\s*hoc\s*nghe\s*thuat|vhnt)\s*(?:tinh|thanh\s*pho|tp|quan|huyen)|mat\s*tran\s*to\s*quoc|uy\s*ban\s*mat\s*tran|lien\s*doan\s*lao\s*dong|"
    r"cong\s*an|kho\s*bac|toa\s*an|vien\s*kiem\s*sat|(?:dang|tinh|thanh|huyen|quan)\s*uy|"
    r"bao\s*hiem\s*xa\s*hoi|thu\s*vien\s*(?:tinh|thanh\s*pho|quoc\s*gia|huyen|quan)|bao\s*tang|"
    r"trung\s*tam\s*(?:van\s*hoa|giao\s*duc|hanh\s*chinh|phuc\s*vu\s*hanh\s*chinh|the\s*thao|khuyen\s*nong|"
    r"dich\s*vu\s*viec\s*lam|chinh\s*tri|phat\s*trien\s*quy\s*dat|truyen\s*thong)|"
    r"dai\s*phat\s*thanh|dai\s*truyen\s*hinh|ban\s*quan\s*ly|thanh\s*tra|chinh\s*phu|quoc\s*hoi|"
    r"bo\s*phan\s*(?:mot\s*cua|tiep\s*nhan)|lien\s*hiep\s*cac\s*to\s*chuc\s*huu\s*nghi|"
    r"quan\s*doi|quan\s*khu|bo\s*chi\s*huy|bien\s*phong|vnqd|vien(?=\s+(?!kiem)[a-z])|dai\s*hoc\s*quoc\s*gia|dhqg|"
    r"ban\s+(?:tuyen\s*giao|dan\s*van|chi\s*dao|dai\s*dien|to\s*chuc\s+(?:tinh|thanh|huyen|quan)\s*uy)|"
    r"ubmttq|mttq|xo\s*so\s*kien\s*thiet|ban\s*chi\s*huy\s*quan\s*su|"
    r"nha\s*van\s*hoa\s*(?:phuong|xa|thi\s*tran|quan|huyen|tinh|thanh\s*pho)|"
    # English editions: "Kim Thanh District Youth Union", "Hoa Minh Ward People's Committee"
    r"youth\s*union|people'?s\s*committee|ministry\s*of|(?:provincial|city|district)\s*party\s*committee|"
    r"department\s*of\s*(?:education|health|culture|home\s*affairs|justice|finance|information|natural)"
)
_OTHER = (
    r"phong\s*thuong\s*mai|hoi\s*dong\s*huong|chi\s*hoi|hiep\s*hoi|cau\s*lac\s*bo|\bclb|cong\s*ty|tap\s*doan|doanh\s*nghiep|"
    r"hoi(?=\s+(?!dong|lien\s*hiep\s*phu\s*nu|lhpn|phu\s*nu|nong\s*dan|cuu\s*chien\s*binh|chu\s*thap\s*do|"
    r"nguoi\s*cao\s*tuoi|khuyen\s*hoc|nghi|thao|thi|tho|vien\b)[a-z])"
)
_ORG = re.compile(rf"\b(?:(?P<state>{_STATE})|(?P<other>{_OTHER}))")
# A public-sector unit named with its territory, looked for only where a capital starts it: "Hạt
# Kiểm lâm huyện Đông Giang", "Đội Quản lý trật tự đô thị quận …", "Trạm Thú y huyện …" (not
# "Trung tâm …" or "Phòng khám …": private centres and clinics name their district too).
_UNIT_TERRITORY = re.compile(
    r"\b(?P<state>(?:hat|doi|tram|dai|chi\s*cuc|ban|phong(?!\s*kham)|van\s*phong|thu\s*vien|bao\s*tang|"
    r"(?:nha|cung)\s*thieu\s*nhi)(?:\s+[a-z&\-–]+){1,6}?\s+"
    r"(?:huyen|quan|thi\s*xa|thi\s*tran|xa|phuong|tinh|thanh\s*pho)\s+(?=[a-z]))"
)


# Fragments of a mailbox's local part that name a state unit ("ubndhoaminh", "vanphong.hkn",
# "pgdlienchieu", "thcsleloi", "tuyendung.ttyt"): the mailbox claims to be that unit's.
_UNIT_MAILBOX = re.compile(
    r"ubnd|hdnd|uyban|vanphong|^vp[._-]|[._-]vp(?:[._-]|$)|tiepnhan|phong(?:gd|giaoduc|noivu|tuphap|vh|kt|tc|tn|ld|yte|qldt)|"
    r"pgd|sgd|thcs|thpt|tieuhoc|mamnon|ttyt|benhvien|tramyte|doanthanhnien|tinhdoan|huyendoan|quandoan|"
    r"doantruong|hoilhpn|mttq|congan|tuphap|noivu|vhtt|tnmt|ldtbxh|taichinh|motcua|vanthu|danguy|dangbo"
)


STATE_DOMAINS = (".gov.vn", ".edu.vn")  # state bodies' and (mostly public) schools' own domains


def state_domain(address: str) -> bool:
    """An address on a state body's or a school's own domain."""
    return ("." + address.rpartition("@")[2].lower()).endswith(STATE_DOMAINS)


def unit_mailbox(address: str) -> str | None:
    """The fragment of the address's local part that names a state unit, if any."""
    m = _UNIT_MAILBOX.search(address.partition("@")[0].lower())
    return m.group(0).strip("._-") if m else None


def kind_of_name(name: str | None) -> Kind | None:
    """What the head of an issuer's name says ("ỦY BAN NHÂN DÂN …" → state, "HỘI NHÀ VĂN …" → other)."""
    if not name:
        return None
    folded = fold(name).strip()
    m = _ORG.match(folded)
    if m is None:
        return "state" if _UNIT_TERRITORY.match(folded) else None
    return "other" if m.group("other") else "state"


class Orgs:
    """The organisations named in one folded segment (capitalised), found in one pass on first
    use and looked up by bisection for each contact point: linear in text and addresses."""

    def __init__(self, folded: str, upper: Callable[[int], bool]) -> None:
        self.folded = folded
        # _ORG.finditer(folded), tried only where an organisation's first word starts a word
        at = prefilter.Starts(folded)
        n = len(folded)
        found = [m for _lo, m in prefilter.finditer(_ORG, folded, 0, n, at) if upper(m.start())]
        units = [m for _lo, m in prefilter.finditer(_UNIT_TERRITORY, folded, 0, n, at) if upper(m.start())]
        if units:  # a unit named with its territory, where no other name stands
            named = list(found)
            starts = [m.start() for m in named]
            for u in units:
                i = bisect_left(starts, u.start())
                after = i < len(named) and named[i].start() < u.end()
                if not after and not (i > 0 and named[i - 1].end() > u.start()):
                    found.append(u)
            found.sort(key=lambda m: m.start())
        self.found = found
        self.starts = [m.start() for m in self.found]
        self.every: tuple[Kind, str] | bool | None = False  # `all_named`'s answer (False: not yet)

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
        if not found:
            return None
        best = found[-1]
        group = [m for m in found if best.start() - m.end() <= GROUP]
        kind: Kind = "other" if any(m.groupdict().get("other") for m in group) else "state"
        return kind, best.start(), best.end()


# A signature block's body: "TM. ỦY BAN NHÂN DÂN", "TL. GIÁM ĐỐC SỞ …" opens the line (or a cell).
_SIGNATURE = re.compile(r"(?:^|\n|\|)[ \t]*(?:tm|kt|tl|tuq|t/m|k/t)[ \t]*\.[ \t]*(?P<body>[^\n|]{3,80})")


def signature_body(folded: str, original: Callable[[int, int], str]) -> tuple[Kind, str] | None:
    """The body that signs the document ("TM. ỦY BAN NHÂN DÂN" → state), when a signature block
    names a recognisable one: the issuer's own word on who it is, wherever the block stands."""
    for m in _SIGNATURE.finditer(folded):
        body = m.group("body").strip()
        kind = _ORG.match(body)
        if kind is not None:
            at = m.start("body")
            return ("other" if kind.group("other") else "state"), original(at, at + len(body)).strip()
    return None


# The text's own word on whose the page or paper is: "Cơ quan chủ quản: Sở …", "cơ quan ngôn luận của
# Tỉnh đoàn …", "Cơ quan của Trung ương Đoàn" (a masthead or a page footer; docs/labelling.md).
_OWNER = re.compile(r"\bco\s*quan\s*(?:chu\s*quan|ngon\s*luan\s*cua|cua|chu\s*quan\s*cua)\b\s*[:：]?\s*")
OWNER_REACH = 600  # characters either side of the address searched for the owner statement


def owner_named(
    folded: str, fs: int, fe: int, upper: Callable[[int], bool], original: Callable[[int, int], str]
) -> tuple[Kind, str] | None:
    """The body that the text says owns the page ("Cơ quan chủ quản: UBND huyện …") near the address,
    if it names a recognisable one: its kind and its name as written."""
    lo, hi = max(0, fs - OWNER_REACH), min(len(folded), fe + OWNER_REACH)
    for m in _OWNER.finditer(folded, lo, hi):
        org = _ORG.match(folded, m.end()) or _UNIT_TERRITORY.match(folded, m.end())
        if org is not None and upper(org.start()):
            kind: Kind = "other" if org.groupdict().get("other") else "state"
            return kind, original(m.start(), min(len(folded), org.end() + 30)).split("\n")[0].strip()
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
