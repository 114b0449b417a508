"""Cue tables for "is this address the issuer's contact point?" — data, not if-chains.

Every pattern runs on folded text (lowercase, no diacritics, đ→d; see `text.fold`). The unit of
distance is the **clause** the address stands in (sentence, list item, table row; `clauses.py`),
not a count of characters: a cue counts when it is in the same clause, wherever it stands there.
Only cues that must touch the address ("Email:", "dạng …", "từ địa chỉ") keep a `reach`.

A cue has one of five roles:
- `direction`: the text sends the reader *to* the address ("liên hệ", "gửi về", "đăng ký qua",
  "góp ý tại", "hòm thư của Phòng …"); positive, clause-wide, before the address;
- `label`: the address is labelled as an e-mail address ("Email:", "(địa chỉ: …)", "hoặc email …");
  positive, adjacent;
- `context`: the address is not offered at all (a prohibition, an example, an impostor warning,
  the sender of a quoted mail); a veto that a direction cue does not lift — the reason then names
  the contact cue it outweighed;
- `owner`: the address belongs to someone the text is about (citizens, a list, a named person or
  company, the addressee); a veto **unless lifted** by a direction cue of the same clause (see
  `lift` below and `contact._lifted`);
- `penalty`: a report of misuse; subtracts its weight.

How an owner cue is lifted (`lift`):
- `between`: a direction cue stands between it and the address ("Danh sách … gửi về Văn phòng …,
  email: X": the list is sent *to* X);
- `invited`: as `between`, but the direction cue must be an invitation of the issuer ("đề nghị",
  "xin", "vui lòng", …) — a named person who "gửi đơn về …" stays the owner of his own address;
- a `target` cue is also lifted when it is the direction cue's object: "liên hệ ông A", "gửi … theo
  địa chỉ: bà H - Văn phòng Sở": the person to contact, not the owner of a private mailbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from congvu.judge.clauses import EMAIL_WORD
from congvu.judge.vocab import HONORIFIC_PLACES, HONORIFIC_STREETS

Side = Literal["before", "after"]
Role = Literal["direction", "label", "context", "owner", "penalty"]
Lift = Literal["never", "between", "invited"]

CONTACT_THRESHOLD = 1.0  # score at or above which an address is called a contact point
SUPPORT_FACTOR = 0.3  # share of the other positive cues added to the best one
PREVIOUS_LINE_FACTOR = 0.9  # a label on an earlier line counts a little less than one on the same line
TARGET_GAP = 30  # characters between a direction cue and the person/body it names as its object


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    label: str  # how an inspector reads it in a reason
    pattern: re.Pattern[str]
    weight: float
    role: Role
    side: Side = "before"
    reach: int = 0  # 0: anywhere in the address's clause; > 0: within this many characters
    lift: Lift = "never"  # owner cues: what lifts the veto (see the module docstring)
    target: bool = False  # owner cues: lifted when named as a direction cue's object
    not_a_name: bool = False  # ignore a match written as a proper name ("Minh Hòa" is not "minh họa")
    person: bool = False  # 'ông'/'bà': only before a capitalised name, never in a street name
    lowercase: bool = False  # after-side verbs: a capitalised word there is a name ("Hội"), not "hỏi"
    markup: bool = False  # tried only where a tag ends right before the address (a page's source)
    needs: tuple[str, ...] = ()  # a character of each string must be in the window (a cheap test first)
    staff: bool = False  # owner cues: lifted on a contact row that names the person's office title
    # owner cues: words of a role a state body may hold ("Chủ đầu tư"): no veto when the body named
    # right after them is a state body ("Cơ quan Chủ đầu tư: Ủy ban nhân dân huyện …")
    held: re.Pattern[str] | None = None
    # the match as written (with its marks) that is another word folded alike: "không nén" (not
    # compressed) is no "không nên" (should not)
    not_written: re.Pattern[str] | None = None

    @property
    def veto(self) -> bool:
        return self.role in ("context", "owner")


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_EMAIL_WORD = EMAIL_WORD
# Units of the issuer that a direction cue may name as its receiver.
UNIT = (
    r"(?:van\s*phong|phong|ban\s*to\s*chuc|ban|bo\s*phan|to\s*(?:cong\s*tac|thu\s*ky|giup\s*viec)|"
    r"thuong\s*truc|thu\s*ky|hoi\s*dong|so|ubnd|uy\s*ban|truong|trung\s*tam|don\s*vi|co\s*quan|"
    r"doan|hoi|khoa|benh\s*vien|tram|chi\s*cuc|cuc|vu|chung\s*toi)"
)
# A preposition after a verb of sending that points at the receiver ("về việc" is "about", not "to").
_TOWARD = (
    r"(?:ve(?!\s*(?:viec|van\s*de|noi\s*dung|tinh\s*hinh|cong\s*tac|ket\s*qua|thoi\s*gian))|den|toi|vao|cho"
    rf"|theo\s*(?:dia\s*chi|{_EMAIL_WORD})|tai\s*(?:dia\s*chi|{_EMAIL_WORD}|{UNIT}))"
)
# "gởi" is the southern spelling of "gửi" (to send); folded, it is "goi", as are "gọi" (to call), "gói"
# (a package) and "gối": only the written "gởi" sends.
_NOT_GOI = re.compile(r"g(?!ở)[oóòỏõọôốồổỗộơớờỡợ]i", re.IGNORECASE)
# Tags between a label and its value in a page's source ("</span>\n<span className=\"…\">").
_TAGS = r"(?:\s*</?[a-z][^<>]{0,200}>)+"
# Contact fields a label names with the e-mail ("ĐT/Email:", "Zalo/Email:").
_FIELD = r"(?:(?:so\s*)?dien\s*thoai|d\.?\s?t|sdt|dtdd|di\s*dong|zalo|fax|hotline|tel|website|facebook)"
# What a body receives from those it addresses: files, entries, reports, opinions.
_RECEIVED = (
    r"ho\s*so|bai|tac\s*pham|san\s*pham|bao\s*cao|y\s*kien|phieu|don|danh\s*sach|de\s*xuat"
    r"|anh|video|file|ban\s*(?:mem|scan|dang\s*ky)|cau\s*hoi|phan\s*anh|gop\s*y|bao\s*gia|ho\s*so\s*du\s*tuyen"
)
INVITATION = _c(
    r"\b(?:de\s*nghi|kinh\s*de\s*nghi|xin|vui\s*long|hay|kinh\s*moi|moi|co\s*the|yeu\s*cau|can)\b"
)

DIRECTIONS: tuple[Cue, ...] = (
    Cue(
        "more-info-contact",
        "'mọi chi tiết xin liên hệ'",
        _c(
            r"\bmoi\s*(?:chi\s*tiet|thong\s*tin|thac\s*mac|y\s*kien|van\s*de|vuong\s*mac|gop\s*y|phan\s*anh)"
            r"[^.;]{0,60}?(?:lien\s*(?:he|lac)|gui\s*ve|phan\s*hoi|xin\s*gui)"
            r"|\b(?:thong\s*tin\s*chi\s*tiet|de\s*biet\s*them\s*(?:chi\s*tiet|thong\s*tin))[^.;]{0,40}?lien\s*he"
        ),
        1.2,
        "direction",
    ),
    Cue(
        "contact-person",
        "'Người liên hệ'",
        _c(
            r"\bnguoi\s*(?:lien\s*he|phu\s*trach)|can\s*bo\s*(?:phu\s*trach|dau\s*moi|theo\s*doi)"
            r"|chuyen\s*vien\s*(?:phu\s*trach|thu\s*ly)|\b(?:chuyen\s*vien|nguoi|can\s*bo)\s*soan\s*thao\b"
        ),
        1.1,
        "direction",
    ),
    Cue("contact", "'liên hệ'", _c(r"\blien\s*(?:he|lac)\b"), 1.0, "direction"),
    Cue("focal-point", "'đầu mối'", _c(r"\bdau\s*moi\b"), 1.0, "direction"),
    Cue(
        "send-to-address",
        "'gửi về …'",
        _c(
            r"(?<!kinh\s)\b(?:g[uo]i|nop|chuyen(?!\s*(?:doi|giao))|gui\s*lai)\b[^.;:]{0,60}?"
            rf"\b{_TOWARD}\b"
        ),
        1.0,
        "direction",
        not_written=_NOT_GOI,
    ),
    Cue(
        "send-to-colon",
        "'gửi về:'",
        _c(r"\b(?:g[uo]i|nop|chuyen)\s*(?:ve|den|toi)\s*[:：]\s*$"),
        1.0,
        "direction",
        reach=40,
        not_written=_NOT_GOI,
    ),
    Cue(
        "send-via-email",
        "'gửi qua email'",
        _c(
            r"\b(?:gui|nop|chuyen|trao\s*doi|cung\s*cap|bao\s*cao|phan\s*anh|phan\s*hoi|to\s*giac|bao\s*tin"
            r"|chia\s*se)\b"  # "Mời độc giả chia sẻ … tại địa chỉ email X"
            r"[^.;]{0,60}?"
            rf"\b(?:qua|tai)\s*(?:dia\s*chi\s*[:：]?\s*)?{_EMAIL_WORD}"  # also "gửi qua địa chỉ: Email: X"
        ),
        1.0,
        "direction",
    ),
    Cue(
        "reply-to",
        "'phản hồi về'",
        _c(r"\bphan\s*(?:hoi|anh)\s*(?:lai\s*)?(?:ve|qua|den|toi|theo|tai)\b"),
        1.0,
        "direction",
    ),
    Cue(
        "register-via",
        "'đăng ký / xác nhận qua'",
        _c(r"\b(?:dang\s*ky|xac\s*nhan)\b[^.;]{0,50}?\b(?:qua|ve|tai|voi|den)\b"),
        1.0,
        "direction",
    ),
    Cue(
        "receive-via",
        "'tiếp nhận qua'",
        # "Ban Tổ chức nhận bài dự thi qua email X": to receive a named thing is to be sent it (never
        # "đã nhận được đơn qua email X", a report of what came in, nor "công nhận", "chấp nhận")
        _c(
            r"\btiep\s*nhan\b[^.;]{0,40}?\b(?:qua|tai)\b|\b(?:noi|bo\s*phan|dia\s*diem)\s*tiep\s*nhan\b"
            r"|(?<!\bda\s)(?<!cong\s)(?<!thua\s)(?<!chap\s)(?<!xac\s)\bnhan\s+(?!duoc\b)"
            rf"(?:{_RECEIVED})\b[^.;]{{0,40}}?\b(?:qua|tai|theo)\b"
        ),
        1.0,
        "direction",
    ),
    Cue(
        "comment-to",
        "'góp ý / hỏi đáp tại'",
        _c(
            r"\b(?:gop\s*y|dong\s*gop(?:\s*y\s*kien)?|y\s*kien\s*(?:dong\s*gop|gop\s*y)|hoi\s*dap|giai\s*dap"
            r"|ho\s*tro|thac\s*mac)\b[^.;]{0,60}?\b(?:ve|qua|tai|den|toi|theo)\b"
        ),
        1.0,
        "direction",
    ),
    Cue(
        "send-to-en",
        "'sent to' (English)",  # English editions of state bodies' and newspapers' pages
        _c(
            r"\b(?:send|sent|submit(?:ted)?|forward(?:ed)?|return(?:ed)?)\b[^.;]{0,60}?\b(?:to|via|through)\b"
            r"|\bcontact(?:\s*us)?\b|\bfor\s*(?:more|further)\s*(?:details|information)\b"
        ),
        1.0,
        "direction",
    ),
    Cue(
        "unit-mailbox",
        "'hòm thư của Phòng …'",
        _c(rf"\b(?:hop|hom)\s*thu(?:\s*dien\s*tu)?(?:\s*cong\s*vu)?\s*(?:cua|tai)\s*{UNIT}\b"),
        1.0,
        "direction",
    ),
)

LABELS: tuple[Cue, ...] = (
    Cue(
        "email-label",
        "'Email:' label",  # also "email là X", "Địa chỉ thư điện tử đường dây nóng: X"
        # also as a key in code, JSON or a config file: 'Email = "X"', '"email": "X"', 'email: X'
        # a table cell: 'Email | X', or the label alone on its line above X; 'Email (thư điện tử): X';
        # 'Gmail: X'; an envelope icon '✉ X'
        _c(
            rf"(?:\b(?:dia\s*chi\s*)?(?:{_EMAIL_WORD}|g\s*mail)[\"'\]]?(?:\s*\([^()\n]{{0,24}}\))?"
            r"(?:\s+[a-z]+){0,3}?\s*(?:[:：=|]|\bla\b\s*:?)"
            r"|[✉📧📨📩]\ufe0f?\s*:?"
            rf"|\n[ ]*(?:dia\s*chi\s*)?{_EMAIL_WORD}[ ]*:?[ ]*\n)"
            r"\s*[<(\[\"'“]?\s*$"
        ),
        1.0,
        "label",
        reach=40,
    ),
    Cue(
        "email-key",
        "an 'email' key in code or data ('unitEmail = …\"X\"')",
        # a key or variable naming the e-mail (camelCase too) whose value is the quoted address, or
        # the quoted default a page shows when its data has none ("{contact?.email || 'X'}")
        _c(r"e-?mail\w*[\"'\]]?\s*(?:[:=]|=>|\|\||\?\?)(?!/)[^\n]{0,80}?[\"'`]\s*$"),
        1.0,
        "label",
        reach=120,
    ),
    Cue(
        "phone-then-email",
        "'điện thoại … email'",
        _c(
            r"(?:\bdien\s*thoai|\bd\.?\s?t\b|\bsdt\b|\bdtdd\b|hotline|\btel\b|\bduong\s*day\s*nong\b)"
            r"(?:\s+[a-z]+){0,4}?\s*[:.|]?\s*[\d(+][^\n]{0,80}?$"
        ),
        0.9,
        "label",
        reach=120,
    ),
    Cue(
        "mailbox-word",
        "'hộp thư / thư điện tử'",
        _c(rf"\b{_EMAIL_WORD}\b\s*[:：]?\s*[<(\[]?\s*$"),
        0.6,
        "label",
        reach=40,
    ),
    Cue(
        "verb-label",
        "'Nộp bài tại: …' (a verb made a label)",
        # a verb of sending or registering made a field's label: "Nộp bài tại: X", "Đăng ký dự thi:
        # X", "Bản mềm gửi: X". A label, not a direction: it does not lift a veto ("Thí sinh A (Đăng
        # ký dự thi: X)" is the candidate's). Never "Người gửi:", "Người đăng ký:", "Đơn vị đăng ký:";
        # a bare "Gửi: X" is a memo's addressee, "Gửi từ: X" its sender.
        _c(
            r"(?<!nguoi\s)(?<!\bvi\s)(?<!\bten\s)(?<!kinh\s)\b(?:gui|nop|dang\s*ky)(?!\s+tu\b)(?:\s+[a-z]+){1,3}?"
            r"\s*[:：]\s*$"
            r"|\bban\s*(?:mem|scan|dien\s*tu)(?:\s+[a-z]+){0,2}?\s*[:：]\s*$"
        ),
        1.0,
        "label",
        reach=40,
        needs=(":：",),
    ),
    Cue(
        "field-row",
        "'ĐT/Email: …' (fields named together)",
        # one label naming several fields, then their values in the same order: "ĐT/Email: 0905 … /
        # X", "Điện thoại, Email: 0236 … - X", "Liên hệ (Zalo/email): 0905 …; X" — only a phone's
        # digits and separators stand between the label and the address
        _c(
            rf"(?:\blien\s*he\s*)?\(?(?:{_FIELD}\s*[/,&]\s*)+(?:{_EMAIL_WORD}|g\s*mail)\b"
            rf"(?:\s*[/,&]\s*{_FIELD})*\)?\s*[:：]\s*[\d\s.()+/;,\-–]{{0,40}}$"
        ),
        1.0,
        "label",
        reach=90,
        needs=(":：", "/,&"),
    ),
    Cue(
        "receive-label",
        "'Địa chỉ / Hộp thư nhận hồ sơ:'",
        # the place where something is received, named as a field: "Hộp thư nhận bài dự thi: X",
        # "Địa chỉ nhận hồ sơ: X", "Nơi nhận bài: X" (never "Nơi nhận:", the list of recipients)
        _c(
            rf"\b(?:dia\s*chi|noi|{_EMAIL_WORD}|g\s*mail)\s*(?:tiep\s*)?nhan\s+(?:{_RECEIVED})\b"
            r"(?:\s+[a-z&]+){0,4}?\s*[:：]\s*[<(\[\"'“]?\s*$"
        ),
        1.0,
        "label",
        reach=40,
        needs=(":：",),
    ),
    # A page's source (HTML, JSX, a template) puts markup between the label and the address: the
    # label in one <span>, the address in the next ("<b>Email</b>: X" puts the colon after the tag);
    # or an envelope icon as the label
    # (`<Mail size={18} />`, `<i class="bi bi-envelope"></i>`, `<FaEnvelope />`, the "@" icon
    # `fa-at` / `<AtSign />`) — what a visitor reads as "✉ X".
    Cue(
        "markup-label",
        "'Email:' label in the page's markup",
        _c(rf"\b(?:dia\s*chi\s*)?(?:{_EMAIL_WORD}|g\s*mail)\s*[:：]?{_TAGS}\s*[:：]?\s*$"),
        1.0,
        "label",
        reach=400,
        markup=True,
    ),
    Cue(
        "mail-icon",
        "an envelope icon in the page's markup",
        _c(
            r"(?:<\s*[a-z]{0,12}?(?:envelope|e?mail|atsign)(?:icon|outline|outlined|line|open|alt)?\b[^<>]{0,200}>"
            r"|<[a-z][^<>]{0,160}?\b(?:bi|fa|fas|far|fa-solid|fa-regular|mdi|ti|icon|la|las|glyphicon|ion|ri|uil)"
            rf"[-\s](?:envelope|e?mail|at\b)[\w-]*[^<>]{{0,160}}>){_TAGS}?\s*[:：]?\s*$"
        ),
        1.0,
        "label",
        reach=400,
        markup=True,
    ),
    Cue("address-label", "'(địa chỉ: …)'", _c(r"\bdia\s*chi\s*[:：]?\s*[<(\[]?\s*$"), 0.6, "label", reach=30),
    # The target of a "mailto:" link (`href="mailto:X"`, `location.href='mailto:X'`, a feedback
    # form's `mailto:X?subject=…`; a page read as HTML keeps it as "Góp ý (mailto:X)"): the page's
    # own offer to be written to, whatever the link's text says (docs/labelling.md, decision 4). A
    # label, not a direction: whose link it is (a byline, a citizen's) still vetoes it.
    Cue("mailto-link", "a 'mailto:' link to the address", _c(r"\bmailto\s*:\s*$"), 1.0, "label", reach=12),
)

POSITIVE: tuple[Cue, ...] = LABELS[:1] + DIRECTIONS + LABELS[1:]

NEGATIVE: tuple[Cue, ...] = (
    Cue(
        "prohibition",
        "a prohibition ('nghiêm cấm', 'không dùng')",
        _c(
            r"\bnghiem\s*cam\b|\bcam\s*(?:su\s*dung|dung)\b|\bkhong\s*(?:duoc\s*)?(?:su\s*dung|dung)\b|"
            r"\bhan\s*che\s*(?:su\s*dung|dung)\b|\btranh\s*(?:su\s*dung|dung)\b|\bthay\s*vi\b|\bkhong\s*nen\b|"
            r"\b(?:khong|cam|tuyet\s*doi\s*khong)\s*(?:duoc\s*)?(?:gui|nop|chuyen|lien\s*he|dang\s*ky)\b"
        ),
        1.0,
        "context",
        not_written=re.compile(r"không\s*nén\b", re.IGNORECASE),
    ),
    Cue(
        "example",
        "an example ('ví dụ', 'chẳng hạn')",
        _c(r"\bvi\s*du\b|\bvd\b|\bchang\s*han\b|\bminh\s*hoa\b"),
        1.0,
        "context",
        not_a_name=True,
    ),
    Cue(
        "example-form",
        "an example form ('dạng …', 'như …')",
        _c(r"\b(?:dang|kieu|nhu|nhu\s*la|mau|co\s*dang)\s*[\"'“‘]?\s*$"),
        1.0,
        "context",
        reach=3,
    ),
    Cue(
        "placeholder",
        "a form field's example ('placeholder=…')",
        _c(r"\bplaceholder\s*[=:]\s*[\"'{`]?\s*$"),
        1.0,
        "context",
        reach=20,
    ),
    Cue(
        "impostor",
        "a warning about impostors ('mạo danh', 'giả mạo')",
        _c(r"\bmao\s*danh\b|\bgia\s*mao\b|\blua\s*dao\b|\bcanh\s*bao\b"),
        1.0,
        "context",
    ),
    Cue(
        "sent-from",
        "the sender's own address ('từ địa chỉ …')",
        _c(
            r"(?<!dien\s)\btu\s*(?:dia\s*chi|(?:hop|hom)\s*thu|e\s*-?\s*mail|tai\s*khoan)"
            r"(?:\s*(?:e\s*-?\s*mail|thu\s*dien\s*tu|dien\s*tu))?\s*[:：]?\s*[<(\[]?\s*$"
        ),
        1.0,
        "context",
        reach=45,
    ),
    Cue(
        "forwarded-header",
        "the header of a quoted or forwarded e-mail",
        _c(
            r"(?:^|\n)\s*(?:from|to|cc|bcc|sent|reply-to|tu|den|nguoi\s*gui|nguoi\s*nhan|gui\s*tu|ngay\s*gui|"
            r"thoi\s*gian\s*gui)\s*:[^\n]*$|(?:original\s*message|forwarded\s*message|thu\s*chuyen\s*tiep)"
        ),
        1.0,
        "context",
        reach=400,
    ),
    Cue(
        "violation-report",
        "a report of misuse ('vi phạm', 'phát hiện')",
        _c(r"\bvi\s*pham\b|\bphat\s*hien\b|\bcon\s*su\s*dung\b|\bvan\s*con\b|\bsai\s*quy\s*dinh\b"),
        0.8,
        "penalty",
    ),
    Cue(
        "violation-after",
        "a report of misuse after the address",
        _c(
            r"^[^.;\n]{0,80}?\b(?:vi\s*pham|khong\s*dung\s*quy\s*dinh|sai\s*quy\s*dinh|la\s*hop\s*thu\s*cong\s*cong)"
        ),
        0.8,
        "penalty",
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
        "owner",
        side="after",
        lift="between",
        lowercase=True,
    ),
    Cue(
        "complaint-letter",
        "a complaint letter ('đơn của …')",
        _c(
            r"\bdon\s*(?:phan\s*anh|khieu\s*nai|to\s*cao|kien\s*nghi|de\s*nghi)?\s*(?:cua|do)\b"
            r"|\bthu\s*(?:phan\s*anh|khieu\s*nai|to\s*cao|kien\s*nghi)\s*(?:cua|do)\b"
        ),
        1.0,
        "owner",
        lift="invited",
    ),
    Cue(
        "people-list",
        "a list of people ('danh sách', 'học sinh', 'hộ gia đình')",
        _c(
            # (not inside an office's name or a service's: "Hội Sinh viên", "Phòng Công tác sinh
            # viên", "Bộ phận tiếp công dân", "Tổng đài bảo hộ công dân", "căn cước công dân")
            r"\bdanh\s*sach\b|\bhoc\s*sinh\b|\bho\s*gia\s*dinh\b|\bho\s*dan\b|(?<!tiep\s)(?<!bao\sho\s)(?<!can\scuoc\s)\bcong\s*dan\b|\bnguoi\s*dan\b|"
            r"\bphu\s*huynh\b|\bthi\s*sinh\b|(?<!hoi\s)(?<!tac\s)\bsinh\s*vien\b|\bnguoi\s*nop\b|\bchu\s*ho\b|\bung\s*vien\b|"
            r"\bhoc\s*vien\b|\bba\s*con\b|\bthanh\s*phan\s*(?:moi|tham\s*du|du\s*hop)\b|\bdai\s*bieu\b|\bkhach\s*moi\b"
        ),
        1.0,
        "owner",
        lift="between",
    ),
    Cue(
        # the writer introduces himself ("Tôi: Nguyễn Thế Hải (sđt …), hòm thư điện tử: X", "Tôi tên
        # là …, email …"): a citizen's question or letter gives his own address. Never "chúng tôi"
        # (the body itself) nor "tới" (folded alike: "gửi tới: X" is a direction)
        "self-introduction",
        "the writer's own address ('Tôi là …', 'Tôi tên …')",
        _c(r"(?<!chung\s)(?<!gui\s)(?<!nop\s)(?<!chuyen\s)(?<!den\s)\btoi\s*(?:[:：]|la\b|ten\b)"),
        1.0,
        "owner",
        lift="between",
    ),
    Cue(
        # the writer names the mailbox as his or her own: "Email chị là : X" (an alumna in a forum
        # reply), "Email của em là X" (a pupil). Not "tổ" (a team's mailbox is a unit's) nor "chỉ"
        # before "là" ("địa chỉ là …" has its own "dia chi" first).
        "own-mailbox",
        "the writer's own mailbox ('Email của tôi/em là …')",
        _c(
            r"\b(?:e\s*-?\s*mail|mail|(?:hop|hom)\s*thu(?:\s*dien\s*tu)?)\s*(?:cua\s*)?"
            r"(?:toi|em|minh|chi|anh|chau)\s*(?:la\b\s*[:：]?|[:：])"
        ),
        1.0,
        "owner",
        lift="between",
    ),
    Cue(
        # a Q&A page's record of the one who asked ("Độc giả: Nguyễn Hiệp - Hà Nội", "Người hỏi: …",
        # "Bạn đọc: …" as a field): the asker's own address, not the answering body's. Only as a
        # label with its colon: "bạn đọc gửi bài về email X" invites readers to write.
        "asker",
        "the asker's own address ('Độc giả: …', 'Người hỏi: …')",
        _c(r"\b(?:doc\s*gia|ban\s*doc|nguoi\s*(?:hoi|gui\s*cau\s*hoi)|ho\s*ten\s*nguoi\s*hoi)\s*[:：]"),
        1.0,
        "owner",
        lift="between",
    ),
    Cue(
        "addressee",
        "the addressee's own address ('Kính gửi: …')",
        _c(r"\bkinh\s*gui\s*:?"),
        1.0,
        "owner",
        lift="between",
    ),
    Cue(
        "third-party",
        "a named person's own address ('ông …', 'bà …')",
        _c(r"\b(?:ong|ba)\b"),
        1.0,
        "owner",
        lift="invited",
        target=True,
        person=True,
        staff=True,
    ),
    Cue(
        "company",
        "a company's own address ('Công ty …', 'doanh nghiệp')",
        _c(
            r"\b(?:cong\s*ty|doanh\s*nghiep|ho\s*kinh\s*doanh|chu\s*dau\s*tu|nha\s*thau|cua\s*hang"
            r"|co\s*so\s*kinh\s*doanh)\b"
        ),
        1.0,
        "owner",
        lift="between",
        held=_c(r"chu\s*dau\s*tu"),
    ),
    Cue(
        # an article's byline ("Tác giả: …", "Bài và ảnh: …", "Người đăng: …"): the writer's own
        # address, not the issuer's contact (docs/labelling.md: an author's byline is `false`). Never
        # a bare "Bài:" ("Nộp bài: X" is a place to send entries); every alternative opens with a word,
        # so the search is tried only where one stands (`prefilter`)
        "byline",
        "an article's byline ('Tác giả: …', 'Bài và ảnh: …')",
        _c(
            r"\b(?:tac\s*gia|nguoi\s*viet|nguoi\s*dang|dang\s*boi|phong\s*vien|cong\s*tac\s*vien"
            r"|bien\s*tap\s*vien|(?:bai|tin)\s*(?:va|[,&+/])\s*anh)\s*[:：]"
        ),
        1.0,
        "owner",
        lift="between",
    ),
)

# A staff member's office title on a contact row ("Ông: A Dân - Phó Bí thư …; SĐT: …; Email: …"):
# the person is named as the office's holder, not as someone the text is about.
STAFF_TITLE = _c(
    r"\b(?:pho\s*)?(?:chu\s*tich|bi\s*thu|giam\s*doc|chanh\s*(?:van\s*phong|thanh\s*tra)|hieu\s*truong"
    r"|tong\s*bien\s*tap|chu\s*nhiem|truong\s*(?:ban|phong|khoa|tram|tieu\s*ban|cong\s*an)"
    r"|chi\s*huy\s*truong|thu\s*truong)\b"
    r"|\b(?:hieu\s*pho|chuyen\s*vien|nhan\s*vien|can\s*bo(?!\s*huu)|cong\s*chuc|vien\s*chuc|van\s*thu|ke\s*toan"
    r"|uy\s*vien|uvbtv|huv|tuv|thu\s*ky)\b"
)
ROW_PERSON = _c(r"(?:ong|ba|dong\s*chi|d/c)\b")  # a contact row opens with the person or the title
STAFF_REACH = 200  # characters before the address (in its clause) searched for the office title
STAFF_CUE = Cue("staff-row", "a staff member's contact row (office title)", _c(r"$^"), 1.0, "label")
# Label cues that say "this is an e-mail address" (a block entry may have its label on the line above).
EMAIL_LABEL_CUES = ("email-label", "mailbox-word", "column-label", "markup-label", "mail-icon")
# Cues that make a row a contact entry (the person is reached there), not a mention.
CONTACT_ROW_CUES = ("contact-block", "phone-then-email")

# The address/phone/fax/e-mail block (Nghị định 30/2020, box 13 at the foot of page 1).
BLOCK_LABELS: dict[str, re.Pattern[str]] = {
    # a label ends with a colon, or with a cell edge in a flattened table ("SĐT | 0975…")
    "address": _c(r"\b(?:dia\s*chi\s*(?:lien\s*he\s*)?|tru\s*so\s*)[:：|]"),
    "phone": _c(r"(?:\bdien\s*thoai|\bd\.?\s?t\b|\bsdt\b|\bdtdd\b|\btel\b|hotline)\s*[:：.|]"),
    "fax": _c(r"\bfax\s*[:：.|]"),
    "email": _c(rf"\b{_EMAIL_WORD}\s*[:：|]"),
    "web": _c(r"\b(?:website|web|trang\s*thong\s*tin\s*dien\s*tu|cong\s*thong\s*tin\s*dien\s*tu)\s*[:：]"),
}
BLOCK_CUE = Cue("contact-block", "the address/phone/fax/e-mail block", _c(r"$^"), 1.2, "label")
COLUMN_CUE = Cue("column-label", "the table's 'Email' column", _c(r"$^"), 1.0, "label")
COLUMN_HEADING = _c(rf"^\s*(?:dia\s*chi\s*)?{_EMAIL_WORD}\s*(?:lien\s*he\s*)?:?\s*$")
BLOCK_MIN_LABELS = 2
BLOCK_LINES = 2  # lines either side of the address searched for block labels

# Structural cues (decided by predicates in contact.py, named here for evidence).
URL_CUE = Cue("in-url", "inside a web link", _c(r"$^"), 1.0, "context")
FILE_CUE = Cue("in-file-name", "inside a file name", _c(r"$^"), 1.0, "context")
LIST_CUE = Cue(
    "many-addresses",
    "one of many people's addresses (a list or table)",
    _c(r"$^"),
    1.0,
    "owner",
    lift="between",
)
ID_CUE = Cue(
    "id-on-row", "an ID number or birth date on the same row", _c(r"$^"), 1.0, "owner", lift="between"
)
DIRECTORY_CUE = Cue(
    "directory", "a directory of like bodies, each with its own address", _c(r"$^"), 1.0, "owner"
)
DIRECTORY_LINES = 80  # lines either side searched for sibling list items (a portal's table markup
# spreads one entry over ~25 lines and ~700 characters: real corpus g68-0010)
DIRECTORY_MIN_ITEMS = 3  # list items naming the same kind of body, each with its own address
ITEM_LINES = 12  # lines above an address searched for the start of its list item
ENTRY_REACH = 1200  # characters above an address in which the body heading its entry is named
ENTRY_NAME = 60  # characters of that body's name compared between entries
STAFF_ROW_LINES = 2  # lines above an address a staff member's row may start on ("…: Ông\nA  ĐT: …\nEmail: X")
# An account to log in to, not a mailbox to write to: its password is given with it ("Email: X" /
# "Pass: …", "Tài khoản: X, mật khẩu: …") on the address's line after it or on the next line.
LOGIN = _c(r"\b(?:pass(?:word)?|mat\s*khau|mk)\s*[:：]")
LOGIN_CUE = Cue("log-in", "an account's log-in (its password given with it)", _c(r"$^"), 1.0, "context")
RECIPIENTS_CUE = Cue("recipients-list", "the list of recipients ('Nơi nhận')", _c(r"$^"), 1.0, "context")
MAIL_HEADER_KIND_CUE = Cue("email-header", "an e-mail header field", _c(r"$^"), 1.0, "context")
# A PDF's e-signature caption ("Ký bởi: …", the signing body, its certificate's e-mail, the time):
# the certificate's address, stamped by the signing software, is no contact the text offers.
SIGNATURE_KIND_CUE = Cue(
    "e-signature", "the e-signature stamp (the signing certificate's address)", _c(r"$^"), 1.0, "context"
)
LIST_MIN_ADDRESSES = 3  # distinct addresses within LIST_LINES lines that make a list
LIST_LINES = 2
ROW_CHARS = 240  # a longer line is a paragraph of prose, not a row of a list (its addresses are no list)
TABLE_MIN_ADDRESSES = 2  # in a table segment fewer suffice
ID_ROW_LINES = 2  # lines either side of the address that an ID number on "its row" may stand on
# A research article's corresponding-author footnote ("* Tác giả liên hệ. ĐT.: … / Email: X"), looked
# for on the address's row like an ID number: the phrase stands on the line above its e-mail label, and
# ends in "liên hệ" itself, so it is never lifted by a contact cue.
CORRESPONDING_AUTHOR = _c(r"\b(?:tac\s*gia\s*lien\s*he|corresponding\s*author)\b")
CORRESPONDING_CUE = Cue(
    "corresponding-author",
    "a research article's corresponding author ('Tác giả liên hệ')",
    _c(r"$^"),
    1.0,
    "owner",
)
# An author's footnote: a name marked with a star ("Trần Tiến Dũng*", "Nguyễn Khắc Hải∗") and, at the
# address, a line opening with that star ("*Bộ môn …" / "Email: X", "∗ ĐT: … E-mail: X" at the foot
# of an article's first page): the author's own address, as in a research article or a report
# template, not the body's contact (docs/labelling.md: an author's byline is `false`).
AUTHOR_MARKS = "*∗✱"
AUTHOR_NOTE_LINES = 2  # lines above the address on which the note's star may open
AUTHOR_NAME_LINES = 80  # lines above the note searched for the starred name (a page's height)
AUTHOR_NOTE_CUE = Cue(
    "author-note",
    "an author's footnote (a starred name and its note)",
    _c(r"$^"),
    1.0,
    "owner",
)
# A software or site credit ("©2025 Nguyen Van Phuc - 0358…", "Thiết kế bởi: Lê Văn An", "Developed
# by Tran Minh"), looked for on the address's line and the lines next to it: when it names a person
# (`contact._credit` checks the name), the address beside it is the maker's own, not the body's
# contact — a state app's or a school site's builder signs it with his own mailbox (docs/labelling.md:
# a developer's credit is no contact point).
CREDIT = _c(
    r"(?:©|\(c\)|\bcopyright\b|\b(?:thiet\s*ke|phat\s*trien|lap\s*trinh|xay\s*dung|viet)\s*boi\b|\bthiet\s*ke\s*[:：]"
    r"|\b(?:designed|developed|design|made|coded|created|built)\s*by\b)"
    r"\s*[:：]?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s*[:：]?\s*)?"
)
CREDIT_CUE = Cue(
    "credit",
    "a software or site credit naming a person ('© 2025 Nguyễn Văn A', 'Thiết kế bởi …')",
    _c(r"$^"),
    1.0,
    "owner",
    lift="between",
)
# (nine digits after the country code "+84" are a phone number: "+84 981848484"; so are digits
# after a bare "+", an international number whose country code OCR dropped: "+983865255")
ID_NUMBER = _c(
    r"(?<!\d)(?<!\+)(?<!\+\s)(?<!\+84\s)(?<!\+84)(?<!\+84[.\-])(?:\d{9}|\d{12})(?!\d)"
    r"|\bcccd\b|\bcmnd\b|\bngay\s*sinh\b|\bnam\s*sinh\b"
)
RECIPIENTS_HEAD = _c(r"^\s*noi\s*nhan\s*(?:[:;.\-–]|$)")  # not "Nơi nhận bài: X", a field
ADDRESSEE_CUE = Cue(
    "addressee-block", "the addressee's block ('Kính gửi: …' and the lines under it)", _c(r"$^"), 1.0, "owner"
)
ADDRESSEE_HEAD = _c(r"^[\s|]*kinh\s*gui\b")
# A list headed by the people it is about ("Sinh viên thực hiện:", "Thông tin liên lạc của sinh
# viên:", "Nhóm tác giả:"): the name and contact lines under it are each person's own.
PEOPLE_HEADING_CUE = Cue(
    "people-heading",
    "a list headed by the people it is about ('Sinh viên thực hiện:', 'Thông tin liên lạc của sinh viên:')",
    _c(r"$^"),
    1.0,
    "owner",
)
PEOPLE_HEAD = _c(
    r"^[\s|\-+•*]*(?:thong\s*tin\s*(?:lien\s*(?:lac|he)\s*)?(?:cua\s*)?)?(?:cac\s*)?"
    r"(?:sinh\s*vien|hoc\s*sinh|hoc\s*vien|tac\s*gia|thanh\s*vien(?:\s*nhom)?|nhom\s*(?:sinh\s*vien|tac\s*gia|thuc\s*hien)"
    r"|nguoi\s*thuc\s*hien|ung\s*vien|thi\s*sinh)"
    # only words saying which of them ("… thực hiện", "… đạt giải"); never a direction ("Học sinh
    # đăng ký gửi về:" heads where to write)
    r"(?:\s*(?:thuc\s*hien|tham\s*gia|nhom|du\s*thi|trung\s*tuyen|dat\s*giai))?\s*[:：]\s*$"
)
PEOPLE_LINES = 8  # lines above an address searched for the heading of its list
PEOPLE_LINE_CHARS = 60  # a longer line is prose: the list has ended
# a field line of the addressee's block: a short label and a colon or cell edge ("Số điện thoại:",
# "Địa chỉ:", "MST |"), or a parenthesised detail ("(Địa chỉ: …)")
ADDRESSEE_FIELD = _c(r"^[\s|]*(?:\(|[^:|\n]{1,30}[:：|])")
ADDRESSEE_LINES = 4  # lines above an address searched for the "Kính gửi:" that opens its block
ADDRESSEE_LINE_CHARS = 100  # a longer line is the letter's prose: the addressee's block has ended
LABEL_LINE_PREFIX = 30  # an address line of the block opens with a label only ("Email:", "| Email |")
RECIPIENTS_LINES = 15  # lines above the address searched for "Nơi nhận:"
SEGMENT_KIND_BONUS: dict[str, float] = {"footer": 0.3, "header": 0.3}  # only on top of another positive cue

# 'ông'/'bà' is a street, not a person, after a house number or a street word, on an address line,
# or before a known street name that starts with it.
# A house number is "12", "12A", "34/5", "số 7" — never a date ("ngày 05/3/2024, ông A …" is a person).
STREET_BEFORE = _c(
    r"(?:(?<![\d/.])\d{1,4}[a-z]?(?:/\d{1,4}[a-z]?)?|\bso\s*\d[\w/]*|"
    r"\b(?:duong|pho|ngo|ngach|hem|kiet|dai\s*lo|tuyen\s*pho|d\.|p\.)|"
    r"\b(?:dia\s*chi|tru\s*so|d/c|dc)\s*:)[\s,]*$"
)
# What may stand between a direction cue and the person it names as its object: a colon, a line
# break right after it, a few words ("trực tiếp với") — no date, number or sentence end ("LIÊN HỆ" /
# "Ngày 05/3/2024, ông A … phản ánh" starts another sentence about someone else).
TARGET_GAP_TEXT = _c(r"[^\d.;!?\n]*(?:\n[\s:\-–]*)?")
STREET_NAMES_AFTER = _c(
    r"^\s*(?:" + "|".join(n.replace(" ", r"\s*") for n in HONORIFIC_STREETS) + r")\b"
    r"(?!\s+(?:thi|van)\b)"  # "bà Triệu Thị Hoa" is a person
)

HONORIFIC_PLACE = _c(r"\b(?:" + "|".join(n.replace(" ", r"\s*") for n in HONORIFIC_PLACES) + r")\b")

# A web page's navigation bar ("TRANG CHỦ | GIỚI THIỆU | TIN TỨC | LIÊN HỆ", or the same words in
# capitals without separators): its "Liên hệ" is a link to the site's contact page, not a direction
# to an address in the page's content. A line is a menu when it names at least MENU_MIN_WORDS of
# these items and is either written in capitals or cut by "|" into short items (contact.py).
MENU_WORD = _c(
    r"\b(?:trang\s*chu|home|gioi\s*thieu|tin\s*tuc|lien\s*he|hoi\s*dap|giai\s*dap|dang\s*nhap"
    r"|dang\s*ky|tai\s*khoan|so\s*do\s*(?:trang|site|web)|sitemap|van\s*ban|thu\s*vien|dich\s*vu"
    r"|san\s*pham|tuyen\s*dung|english|tieng\s*viet|lien\s*ket|gop\s*y|thu\s*tuc\s*hanh\s*chinh"
    r"|contact|about|login|logout|search|tim\s*kiem|media|video|album|faq)\b"
)
MENU_MIN_WORDS = 2
MENU_ITEMS = 3  # "|"-separated items on a menu line
MENU_ITEM_WORDS = 5  # words of one menu item at most ("Tin tức - Sự kiện": the dash is no word)
MENU_LINE_WORDS = 20  # a longer capitalised line is a heading or a title, not a menu bar
MENU_RUN_WORDS = 3  # menu items in one run of capitalised words (a menu bar joined into a line)
MENU_RUN_CHARS = 200  # characters looked at on each side of the cue for that run
MENU_SPLIT = re.compile(r"\s*[|•·»]\s*")
