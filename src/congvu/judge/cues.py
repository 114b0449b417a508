"""Cue tables for "is this address the issuer's contact point?" — data, not if-chains.

Every pattern runs on folded text (lowercase, no diacritics, đ→d; see `text.fold`). A cue is
looked for on one side of the address within `reach` characters:
- positive cues say the document offers the address as a way to reach the issuer;
- negative cues say it merely appears; a `veto` cue decides "not a contact point" on its own,
  others subtract their weight. An `owner` cue (the address belongs to a citizen, a pupil…) does
  not count when a `directional` positive cue ("gửi về", "liên hệ") stands between it and the
  address: "Công dân … xin gửi về địa chỉ X" sends citizens *to* X, the issuer's mailbox.
Negative cues look only inside the address's own clause (`same_clause`), so "Nghiêm cấm …" in one
sentence does not excuse "Mọi chi tiết xin liên hệ: …" in the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Side = Literal["before", "after"]

CONTACT_THRESHOLD = 1.0  # score at or above which an address is called a contact point
SUPPORT_FACTOR = 0.3  # share of the other positive cues added to the best one
PREVIOUS_LINE_FACTOR = 0.9  # a cue on an earlier line counts a little less than one on the same line


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    label: str  # how an inspector reads it in a reason
    pattern: re.Pattern[str]
    weight: float
    reach: int
    side: Side = "before"
    veto: bool = False
    directional: bool = False
    owner: bool = False
    same_clause: bool = False
    unless_contact: bool = False  # ignored when the clause names a contact ('liên hệ', 'đầu mối', …)
    not_a_name: bool = False  # ignore a match written as a proper name ("Minh Hòa" is not "minh họa")


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_EMAIL_WORD = r"(?:e\s*-?\s*mail|thu\s*dien\s*tu|hop\s*thu(?:\s*dien\s*tu)?|mail)"

POSITIVE: tuple[Cue, ...] = (
    Cue(
        "email-label",
        "'Email:' label",
        _c(rf"\b(?:dia\s*chi\s*)?{_EMAIL_WORD}\s*[:：]\s*[<(\[]?\s*$"),
        1.0,
        40,
    ),
    Cue(
        "more-info-contact",
        "'mọi chi tiết xin liên hệ'",
        _c(r"\bmoi\s*(?:chi\s*tiet|thong\s*tin|thac\s*mac|y\s*kien|van\s*de)[^\n]{0,40}?lien\s*he"),
        1.2,
        220,
        directional=True,
    ),
    Cue(
        "contact-person",
        "'Người liên hệ'",
        _c(
            r"\bnguoi\s*lien\s*he|can\s*bo\s*(?:phu\s*trach|dau\s*moi|theo\s*doi)|chuyen\s*vien\s*(?:phu\s*trach|thu\s*ly)"
            r"|\b(?:chuyen\s*vien|nguoi|can\s*bo)\s*soan\s*thao\b"
        ),
        1.1,
        220,
        directional=True,
    ),
    Cue("contact", "'liên hệ'", _c(r"\blien\s*he\b"), 1.0, 160, directional=True),
    Cue("focal-point", "'đầu mối'", _c(r"\bdau\s*moi\b"), 1.0, 160, directional=True),
    Cue(
        "send-to-colon",
        "'gửi về:'",
        _c(r"\b(?:gui|nop|chuyen)\s*(?:ve|den|toi)\s*[:：]\s*$"),
        1.0,
        40,
        directional=True,
    ),
    Cue(
        "send-to-address",
        "'gửi về địa chỉ / hộp thư'",
        _c(
            rf"\b(?:gui|nop|chuyen)\b[^.;\n]{{0,40}}?\b(?:ve|den|toi|vao)\s*(?:cho\s*)?(?:dia\s*chi|{_EMAIL_WORD})"
        ),
        1.0,
        90,
        directional=True,
    ),
    Cue(
        "send-via-email",
        "'gửi qua email'",
        _c(rf"\b(?:gui|nop|chuyen|trao\s*doi)\b[^.\n]{{0,50}}?\bqua\s*(?:dia\s*chi\s*)?{_EMAIL_WORD}"),
        1.0,
        90,
        directional=True,
    ),
    Cue("reply-to", "'phản hồi về'", _c(r"\bphan\s*hoi\s*(?:ve|qua|den|toi)\b"), 1.0, 110, directional=True),
    Cue(
        "register-via",
        "'đăng ký qua'",
        _c(r"\bdang\s*ky\s*(?:truc\s*tuyen\s*)?(?:qua|ve|tai)\b"),
        1.0,
        110,
        directional=True,
    ),
    Cue(
        "receive-via",
        "'tiếp nhận qua'",
        _c(r"\btiep\s*nhan\b[^.\n]{0,40}?\b(?:qua|tai)\b|\b(?:noi|bo\s*phan|dia\s*diem)\s*tiep\s*nhan\b"),
        1.0,
        110,
        directional=True,
    ),
    Cue(
        "phone-then-email",
        "'điện thoại … email'",
        _c(r"(?:\bdien\s*thoai|\bd\.?\s?t\b|\bsdt\b|\bdtdd\b|hotline|\btel\b)\s*[:.]?\s*[\d(+][^\n]{0,80}?$"),
        0.8,
        120,
    ),
    Cue("mailbox-word", "'hộp thư / thư điện tử'", _c(rf"\b{_EMAIL_WORD}\b\s*[:：]?\s*$"), 0.6, 40),
)

NEGATIVE: tuple[Cue, ...] = (
    Cue(
        "prohibition",
        "a prohibition ('nghiêm cấm', 'không dùng')",
        _c(
            r"\bnghiem\s*cam\b|\bcam\s*(?:su\s*dung|dung)\b|\bkhong\s*(?:duoc\s*)?(?:su\s*dung|dung)\b|"
            r"\bhan\s*che\s*(?:su\s*dung|dung)\b|\btranh\s*(?:su\s*dung|dung)\b|\bthay\s*vi\b|\bkhong\s*nen\b"
        ),
        1.0,
        200,
        veto=True,
        same_clause=True,
    ),
    Cue(
        "example",
        "an example ('ví dụ', 'chẳng hạn')",
        _c(r"\bvi\s*du\b|\bvd\b|\bchang\s*han\b|\bminh\s*hoa\b"),
        1.0,
        60,
        veto=True,
        same_clause=True,
        not_a_name=True,
    ),
    Cue(
        "example-form",
        "an example form ('dạng …', 'như …')",
        _c(r"\b(?:dang|kieu|nhu|nhu\s*la|mau|co\s*dang)\s*[\"'“‘]?\s*$"),
        1.0,
        3,
        veto=True,
    ),
    Cue(
        "violation-report",
        "a report of misuse ('vi phạm', 'phát hiện')",
        _c(r"\bvi\s*pham\b|\bphat\s*hien\b|\bcon\s*su\s*dung\b|\bvan\s*con\b|\bsai\s*quy\s*dinh\b"),
        0.8,
        200,
        same_clause=True,
    ),
    Cue(
        "violation-after",
        "a report of misuse after the address",
        _c(
            r"^[^.;\n]{0,80}?\b(?:vi\s*pham|khong\s*dung\s*quy\s*dinh|sai\s*quy\s*dinh|la\s*hop\s*thu\s*cong\s*cong)"
        ),
        0.8,
        100,
        side="after",
    ),
    Cue(
        "citizen-complaint",
        "a citizen's own address in a complaint",
        _c(
            r"^\s*[)\]>]?\s*[,.;]?\s*(?:da\s*|co\s*|gui\s*)?(?:don\s*)?(?:phan\s*anh|khieu\s*nai|to\s*cao|kien\s*nghi|"
            r"de\s*nghi|hoi|thac\s*mac|trinh\s*bay|bao\s*tin)\b"
        ),
        1.0,
        60,
        side="after",
        veto=True,
    ),
    Cue(
        "complaint-letter",
        "a complaint letter ('đơn của …')",
        _c(r"\b(?:don|thu)\s*(?:phan\s*anh|khieu\s*nai|to\s*cao|kien\s*nghi|de\s*nghi)?\s*(?:cua|do)\b"),
        1.0,
        120,
        veto=True,
        same_clause=True,
        owner=True,
    ),
    Cue(
        "people-list",
        "a list of people ('danh sách', 'học sinh', 'hộ gia đình')",
        _c(
            r"\bdanh\s*sach\b|\bhoc\s*sinh\b|\bho\s*gia\s*dinh\b|\bcong\s*dan\b|\bnguoi\s*dan\b|\bphu\s*huynh\b|"
            r"\bthi\s*sinh\b|\bsinh\s*vien\b|\bnguoi\s*nop\b|\bchu\s*ho\b|\bung\s*vien\b|\bhoc\s*vien\b"
        ),
        1.0,
        120,
        veto=True,
        owner=True,
        same_clause=True,
    ),
    Cue(
        "addressee",
        "the addressee's own address ('Kính gửi: …')",
        _c(r"\bkinh\s*gui\s*:?"),
        1.0,
        200,
        veto=True,
        owner=True,
        same_clause=True,
    ),
    Cue(
        "third-party",
        "a named person's or company's own address ('ông …', 'Công ty …')",
        _c(r"\b(?:ong|ba|cong\s*ty|doanh\s*nghiep|ho\s*kinh\s*doanh|chu\s*dau\s*tu|nha\s*thau)\b"),
        1.0,
        120,
        veto=True,
        same_clause=True,
        unless_contact=True,
    ),
    Cue(
        "forwarded-header",
        "the header of a quoted or forwarded e-mail",
        _c(
            r"(?:^|\n)\s*(?:from|to|cc|bcc|sent|reply-to|tu|den|nguoi\s*gui|nguoi\s*nhan|gui\s*tu|ngay\s*gui|"
            r"thoi\s*gian\s*gui)\s*:[^\n]*$|(?:original\s*message|forwarded\s*message|thu\s*chuyen\s*tiep)"
        ),
        1.0,
        400,
        veto=True,
    ),
)

# The address/phone/fax/e-mail block (Nghị định 30/2020, box 13 at the foot of page 1).
BLOCK_LABELS: dict[str, re.Pattern[str]] = {
    "address": _c(r"\bdia\s*chi\s*(?:lien\s*he\s*)?[:：]"),
    "phone": _c(r"(?:\bdien\s*thoai|\bd\.?\s?t\b|\bsdt\b|\bdtdd\b|\btel\b|hotline)\s*[:：.]"),
    "fax": _c(r"\bfax\s*[:：.]"),
    "email": _c(rf"\b{_EMAIL_WORD}\s*[:：]"),
    "web": _c(r"\b(?:website|web|trang\s*thong\s*tin\s*dien\s*tu|cong\s*thong\s*tin\s*dien\s*tu)\s*[:：]"),
}
BLOCK_CUE = Cue("contact-block", "the address/phone/fax/e-mail block", _c(r"$^"), 1.2, 0)
BLOCK_MIN_LABELS = 2
BLOCK_LINES = 2  # lines either side of the address searched for block labels

# Structural "merely appears" cues (decided by predicates in contact.py, named here for evidence).
URL_CUE = Cue("in-url", "inside a web link", _c(r"$^"), 1.0, 0, veto=True)
FILE_CUE = Cue("in-file-name", "inside a file name", _c(r"$^"), 1.0, 0, veto=True)
LIST_CUE = Cue(
    "many-addresses", "one of many people's addresses (a list or table)", _c(r"$^"), 1.0, 0, veto=True
)
MAIL_HEADER_KIND_CUE = Cue("email-header", "an e-mail header field", _c(r"$^"), 1.0, 0, veto=True)
LIST_MIN_ADDRESSES = 3  # distinct addresses within LIST_LINES lines that make a list
LIST_LINES = 2
TABLE_MIN_ADDRESSES = 2  # in a table segment fewer suffice
ID_NUMBER = _c(r"(?<!\d)(?:\d{9}|\d{12})(?!\d)|\bcccd\b|\bcmnd\b|\bngay\s*sinh\b|\bnam\s*sinh\b")
SEGMENT_KIND_BONUS: dict[str, float] = {"footer": 0.3, "header": 0.3}  # only on top of another positive cue
CLAUSE_BREAK = _c(r"[.!?;]\s|\n\s*\n|\n\s*(?:[-+•*]|\d+[.)]|[a-dđ]\))\s")
