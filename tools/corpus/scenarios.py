# ruff: noqa: E501
"""Contact scenarios: where (and whether) a document gives an e-mail address, with the true verdict.

Each scenario is a small function registered with its true verdict and weight. `ok` widens the
accepted verdicts only where the directive itself leaves room (a prohibition quoting "…@gmail.com"
has no real address: clean or review are both right; never violation). `gap` marks writings a
human reads but the detector is known not to (reported separately, see evaluate.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from content import Issuer, person, phone

PROVIDERS = (
    ("gmail.com", 10),
    ("yahoo.com", 2),
    ("yahoo.com.vn", 2),
    ("hotmail.com", 1),
    ("outlook.com", 1),
    ("dng.vnn.vn", 1),
    ("icloud.com", 1),
)


@dataclass
class Contact:
    verdict: str
    body: list[str] = field(default_factory=list)  # lines at the end of the body
    footer: str | None = None  # the address/phone/e-mail block (Nghị định 30/2020 box 13)
    table: list[list[str]] | None = None  # a table after the body (first row: headings)
    after_signer: list[str] = field(default_factory=list)  # lines under the signer's name
    ok: tuple[str, ...] = ()
    gap: bool = False


@dataclass
class Ctx:
    rng: random.Random
    iss: Issuer
    year: int
    staff: str
    pub: str  # the public mailbox as written (maybe obfuscated)
    off: str  # the unit's official mailbox
    gap: bool  # the public mailbox is written in a way the detector is known to miss


def _public_local(rng: random.Random, key: str, year: int) -> str:
    return rng.choice(
        (
            f"{key}.lc",
            f"ubnd{key}",
            f"vanphong.{key}",
            f"{key}{year}",
            f"tuyendung.{key}",
            f"{key}_lienchieu",
            f"vp.{key}.dn",
        )
    )


def _obfuscate(rng: random.Random, local: str, domain: str) -> tuple[str, bool]:
    """A public mailbox as offices really write it; the flag says the detector cannot read it."""
    name, _, tld = domain.partition(".")
    styles: list[tuple[str, bool, int]] = [
        (f"{local}@{domain}", False, 30),
        (f"{local}@{domain}".upper() if len(local) < 12 else f"{local.capitalize()}@{domain}", False, 2),
        (f"{local} a còng {name} chấm {tld.replace('.', ' chấm ')}", False, 2),
        (f"{local}[at]{name}[dot]{tld.replace('.', '[dot]')}", False, 2),
        (f"{local} (at) {domain}", False, 1),
        (f"{local}＠{domain}", False, 1),
        (f"{local}@ {domain}", False, 1),
        (f"{local} @{domain}", True, 1),
    ]
    text, gap, _w = rng.choices(styles, weights=[s[2] for s in styles])[0]
    return text, gap


def make_ctx(rng: random.Random, iss: Issuer, year: int) -> Ctx:
    domain = rng.choices([p for p, _ in PROVIDERS], weights=[w for _, w in PROVIDERS])[0]
    pub, gap = _obfuscate(rng, _public_local(rng, iss.key, year), domain)
    off = rng.choice(
        (
            f"ubnd{iss.key}@danang.gov.vn",
            f"vp.{iss.key}@danang.gov.vn",
            f"{iss.key}-lc@danang.gov.vn",
            f"{iss.key.capitalize()}.LC@Danang.gov.vn",
        )
    )
    return Ctx(rng, iss, year, person(rng), pub, off, gap)


def _block(c: Ctx, mail: str) -> str:
    form = c.rng.choice(
        (
            "Địa chỉ: {s}, {p}; ĐT: {t}; Email: {m}",
            "Địa chỉ: {s}, quận Liên Chiểu, TP Đà Nẵng - Điện thoại: {t} - Fax: {t} - E-mail: {m}",
            "Đ/c: {s} * ĐT: {t} * Email: {m}",
            "Địa chỉ: {s}   Điện thoại: {t}   Thư điện tử: {m}",
        )
    )
    return form.format(s=c.iss.street, p=c.iss.place, t=phone(c.rng), m=mail)


def _pick(c: Ctx, *forms: str) -> str:
    return c.rng.choice(forms).format(
        n=c.staff,
        t=phone(c.rng),
        m=c.pub,
        o=c.off,
        y=c.year,
        d=c.rng.randint(10, 28),
        mo=c.rng.randint(1, 12),
    )


Scenario = Callable[[Ctx], Contact]
SCENARIOS: dict[str, tuple[str, int, Scenario]] = {}


def scenario(name: str, verdict: str, weight: int) -> Callable[[Scenario], Scenario]:
    def register(fn: Scenario) -> Scenario:
        SCENARIOS[name] = (verdict, weight, fn)
        return fn

    return register


@scenario("footer-block-public", "violation", 6)
def _footer_public(c: Ctx) -> Contact:
    return Contact("violation", footer=_block(c, c.pub), gap=c.gap)


@scenario("more-info", "violation", 5)
def _more_info(c: Ctx) -> Contact:
    return Contact(
        "violation",
        gap=c.gap,
        body=[
            _pick(
                c,
                "Mọi chi tiết xin liên hệ ông {n}, chuyên viên Văn phòng, điện thoại: {t}, email: {m}.",
                "Mọi thông tin chi tiết, đề nghị liên hệ: bà {n} - ĐT: {t} - Email: {m}",
                "Trong quá trình thực hiện, nếu có vướng mắc xin liên hệ đồng chí {n} (ĐT {t}; email {m}) để được hướng dẫn.",
                "Mọi thắc mắc vui lòng liên hệ về địa chỉ thư điện tử {m} hoặc số điện thoại {t}.",
            )
        ],
    )


@scenario("focal-point", "violation", 3)
def _focal(c: Ctx) -> Contact:
    return Contact(
        "violation",
        gap=c.gap,
        body=[
            _pick(
                c,
                "Giao Văn phòng là đầu mối tiếp nhận, tổng hợp; địa chỉ thư điện tử: {m}.",
                "Đầu mối phối hợp: ông {n}, công chức Văn phòng - Thống kê, thư điện tử {m}, ĐT {t}.",
            )
        ],
    )


@scenario("signature-contact", "violation", 3)
def _signature(c: Ctx) -> Contact:
    return Contact("violation", gap=c.gap, after_signer=[_pick(c, "ĐT: {t} - Email: {m}", "Email: {m}")])


@scenario("contact-person", "violation", 3)
def _person(c: Ctx) -> Contact:
    return Contact(
        "violation",
        gap=c.gap,
        body=[
            _pick(
                c,
                "Người liên hệ: {n}, điện thoại {t}, Email: {m}",
                "Cán bộ phụ trách: {n}; Điện thoại: {t}; Hộp thư: {m}",
            )
        ],
    )


@scenario("send-to-mailbox", "violation", 4)
def _send(c: Ctx) -> Contact:
    return Contact(
        "violation",
        gap=c.gap,
        body=[
            _pick(
                c,
                "Hồ sơ đăng ký gửi về hộp thư {m} trước ngày {d}/{mo}/{y}.",
                "Các đơn vị gửi báo cáo (bản mềm) về địa chỉ email: {m} trước 16 giờ ngày {d}/{mo}/{y}.",
                "Công dân có nhu cầu xin gửi hồ sơ về địa chỉ thư điện tử {m} hoặc nộp trực tiếp tại bộ phận Một cửa.",
                "Danh sách đăng ký tham dự gửi qua email {m} trước ngày {d}/{mo}/{y}.",
            )
        ],
    )


@scenario("reply-via", "violation", 2)
def _reply(c: Ctx) -> Contact:
    return Contact(
        "violation",
        gap=c.gap,
        body=[
            _pick(
                c,
                "Ý kiến góp ý đề nghị phản hồi qua email {m} trước ngày {d}/{mo}/{y}.",
                "Kết quả rà soát đề nghị phản hồi về {m} để tổng hợp.",
            )
        ],
    )


@scenario("contact-table", "violation", 2)
def _table(c: Ctx) -> Contact:
    return Contact(
        "violation",
        gap=c.gap,
        body=["Thông tin liên hệ của bộ phận tiếp nhận:"],
        table=[
            ["Bộ phận", "Người liên hệ", "Điện thoại", "Email"],
            ["Văn phòng", c.staff, phone(c.rng), c.pub],
        ],
    )


@scenario("drafter-or-desk", "violation", 3)
def _drafter(c: Ctx) -> Contact:
    return Contact(
        "violation",
        gap=c.gap,
        body=[
            _pick(
                c,
                "Người soạn thảo: {n}; SĐT: {t}; thư điện tử: {m}",
                "Bộ phận tiếp nhận hồ sơ: Văn phòng UBND, điện thoại {t}, hoặc qua hộp thư {m}.",
                "Văn bản, tài liệu đề nghị các đơn vị gửi về: {m}",
                "Thông tin liên hệ: Văn phòng, ĐT {t}, email {m}.",
            )
        ],
    )


@scenario("addressee-own-mail", "review", 3)
def _addressee(c: Ctx) -> Contact:
    mail = f"{c.rng.choice(('xaydunghoangphat', 'cuahang.minhanh', 'tranquang.lc'))}@gmail.com"
    return Contact(
        "review",
        body=[
            c.rng.choice(
                (
                    f"Kính gửi: Công ty TNHH Thương mại Hoàng Phát (địa chỉ thư điện tử: {mail})",
                    f"UBND phường đề nghị bà {c.staff}, email: {mail}, bổ sung hồ sơ trước ngày 30 tháng này.",
                    f"Trả lời ông {c.staff} (Email: {mail}) về việc cấp phép sửa chữa nhà ở như sau:",
                )
            )
        ],
    )


@scenario("official-footer", "clean", 5)
def _official(c: Ctx) -> Contact:
    return Contact("clean", footer=_block(c, c.off))


@scenario("official-more-info", "clean", 3)
def _official_info(c: Ctx) -> Contact:
    return Contact(
        "clean",
        body=[
            _pick(
                c,
                "Mọi chi tiết xin liên hệ ông {n}, ĐT: {t}, email: {o}.",
                "Hồ sơ gửi về hộp thư {o} trước ngày {d}/{mo}/{y}.",
            )
        ],
    )


@scenario("no-address", "clean", 4)
def _none(c: Ctx) -> Contact:
    return Contact("clean")


@scenario("phone-zalo-only", "clean", 2)
def _zalo(c: Ctx) -> Contact:
    return Contact(
        "clean",
        body=[
            _pick(
                c,
                "Mọi chi tiết xin liên hệ qua Zalo/điện thoại: {t} (ông {n}).",
                "Thông tin phản hồi qua Zalo hoặc điện thoại số {t}.",
            )
        ],
    )


@scenario("other-agency", "clean", 3)
def _other(c: Ctx) -> Contact:
    return Contact(
        "clean",
        body=[
            c.rng.choice(
                (
                    "Liên hệ Sở Thông tin và Truyền thông tỉnh Quảng Nam (email: stttt@quangnam.gov.vn) để được hỗ trợ.",
                    "Hồ sơ gửi Trường Đại học Bách khoa - ĐHĐN, địa chỉ email: phongdaotao@dut.udn.vn.",
                    "Đề nghị liên hệ Bưu điện quận Liên Chiểu, email: buudienlienchieu@vnpost.vn.",
                )
            )
        ],
    )


@scenario("prohibition-example", "review", 4)
def _prohibition(c: Ctx) -> Contact:
    return Contact(
        "review",
        body=[
            _pick(
                c,
                "Nghiêm cấm sử dụng hộp thư điện tử công cộng (ví dụ: abc@gmail.com, xyz@yahoo.com) để trao đổi văn bản.",
                "Không sử dụng các hộp thư cá nhân như nguyenvana@gmail.com để gửi, nhận văn bản của cơ quan.",
                "Tuyệt đối không dùng thư điện tử công cộng (chẳng hạn tencoquan@yahoo.com.vn) trong hoạt động công vụ.",
            )
        ],
    )


@scenario("prohibition-no-local", "clean", 2)
def _prohibition_dots(c: Ctx) -> Contact:
    return Contact(
        "clean",
        ok=("review",),
        body=[
            "Nghiêm cấm cán bộ, công chức sử dụng hộp thư công cộng (dạng …@gmail.com, …@yahoo.com) để gửi văn bản."
        ],
    )


@scenario("citizen-complaint", "review", 3)
def _complaint(c: Ctx) -> Contact:
    citizen = f"{c.rng.choice(('tranvanbinh', 'lethihoa', 'phamminh'))}{c.rng.randint(60, 99)}@gmail.com"
    return Contact(
        "review",
        body=[
            c.rng.choice(
                (
                    f"UBND phường nhận được đơn của ông {c.staff} (địa chỉ email: {citizen}) phản ánh về việc lấn chiếm vỉa hè.",
                    f"Ngày {c.rng.randint(2, 27)}/5/{c.year}, bà {c.staff}, trú tại tổ 12, email {citizen} kiến nghị về tiếng ồn.",
                )
            )
        ],
    )


@scenario("citizen-list", "review", 4)
def _citizens(c: Ctx) -> Contact:
    rows = [["STT", "Họ và tên", "Tổ dân phố", "Số điện thoại", "Email"]]
    for i in range(1, c.rng.randint(3, 5) + 1):
        name = person(c.rng)
        rows.append(
            [
                str(i),
                name,
                f"Tổ {c.rng.randint(1, 60)}",
                phone(c.rng),
                f"{name.split()[-1].lower().replace('ư', 'u')}{c.rng.randint(70, 99)}{i}@gmail.com",
            ]
        )
    return Contact(
        "review", body=["Danh sách hộ gia đình đăng ký nhận thông báo qua thư điện tử:"], table=rows
    )


@scenario("forwarded-mail", "review", 2)
def _forwarded(c: Ctx) -> Contact:
    return Contact(
        "review",
        body=[
            "Nội dung thư của công dân được chuyển tiếp như sau:",
            "---------- Forwarded message ---------",
            f"From: Lê Văn Hải <levanhai{c.rng.randint(70, 99)}@gmail.com>",
            f"Date: Mon, 6 May {c.year} 08:30",
            "Subject: Kiến nghị về rác thải",
            f"To: <{c.off}>",
        ],
    )


@scenario("link-or-file", "review", 2)
def _link(c: Ctx) -> Contact:
    return Contact(
        "review",
        body=[
            c.rng.choice(
                (
                    "Tài liệu hướng dẫn đăng tải tại: https://drive.google.com/drive/folders/1xYz?usp=sharing&authuser=tailieu.lc@gmail.com",
                    "Kèm theo tệp Danhsach_hotro_nguyenthanh.hk@gmail.com.xlsx do tổ dân phố lập.",
                )
            )
        ],
    )


@scenario("official-plus-bad-example", "review", 3)
def _official_bad(c: Ctx) -> Contact:
    return Contact(
        "review",
        footer=_block(c, c.off),
        body=[
            _pick(
                c,
                "Tuyệt đối không dùng hộp thư cá nhân như phuong.lc@gmail.com để gửi văn bản.",
                "Nghiêm cấm sử dụng các hộp thư công cộng, ví dụ: vanthu.phuong@yahoo.com.",
            )
        ],
    )


@scenario("lookalike", "review", 2)
def _lookalike(c: Ctx) -> Contact:
    return Contact("review", footer=_block(c, c.off.split("@")[0] + "@dannang.gov.vn"))


@scenario("violation-report", "review", 2)
def _report(c: Ctx) -> Contact:
    return Contact(
        "review",
        body=[
            _pick(
                c,
                "Qua kiểm tra, phát hiện Tổ dân phố số 5 vẫn còn sử dụng hộp thư {m} để gửi văn bản, sai quy định.",
            )
        ],
    )


def choose(rng: random.Random) -> str:
    names = list(SCENARIOS)
    return rng.choices(names, weights=[SCENARIOS[n][1] for n in names])[0]
