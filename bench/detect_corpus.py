"""A deterministic Vietnamese administrative corpus with planted e-mail addresses (bench data).

Sentences are assembled from clause lists written for this bench (Liên Chiểu wards, offices,
people's names, the usual phrasing of công văn, thông báo, kế hoạch), so the text around an
address is what the detector meets in real documents: mostly Vietnamese with diacritics, some
NFD lines, numbers, dates, parentheses, and trigger-like noise (`@UBND`, `8h @ hội trường`,
`Zalo @hoakhanhbac`, file names) that must not be reported.
Every planted address is recorded as (line, form, expected address); `form` names how it was
written, and forms in OBFUSCATED_FORMS count as obfuscated for recall.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_HO = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đoàn Trương"
HO = _HO.split()
_DEM = "Văn Thị Hữu Đức Minh Ngọc Thanh Quang Xuân Thu Kim Công"
DEM = _DEM.split()
_TEN = (
    "An Bình Cường Dũng Hà Hải Hạnh Hoa Hùng Lan Long Mai Nam Phương Quân Sơn Tâm Thảo Trang Tuấn "
    "Vy Yến Khoa Linh Nhung Oanh Phúc Quỳnh Thắng Việt"
)
TEN = _TEN.split()
PHUONG = ["Hòa Khánh Bắc", "Hòa Khánh Nam", "Hòa Minh", "Hòa Hiệp Bắc", "Hòa Hiệp Nam"]
CO_QUAN = [
    "Ủy ban nhân dân phường {p}",
    "Phòng Nội vụ quận Liên Chiểu",
    "Phòng Tài chính - Kế hoạch quận",
    "Văn phòng HĐND và UBND quận Liên Chiểu",
    "Phòng Tư pháp quận",
    "Phòng Văn hóa và Thông tin quận",
    "Phòng Tài nguyên và Môi trường quận",
    "Phòng Lao động - Thương binh và Xã hội",
    "Đảng ủy phường {p}",
    "Mặt trận Tổ quốc Việt Nam phường {p}",
]
CHUC_VU = [
    "Chủ tịch",
    "Phó Chủ tịch",
    "Chánh Văn phòng",
    "Trưởng phòng",
    "chuyên viên",
    "công chức Tư pháp - Hộ tịch",
]
MO_DAU = [
    "Thực hiện Chỉ thị số 01/CT-UBND ngày {d} của Chủ tịch UBND quận Liên Chiểu,",
    "Căn cứ Kế hoạch số {n}/KH-UBND ngày {d} của {c},",
    "Theo đề nghị của {cv} {c},",
    "Để triển khai có hiệu quả công tác cải cách hành chính năm {y},",
    "Nhằm nâng cao chất lượng ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước,",
    "Thực hiện ý kiến chỉ đạo của Thường trực Quận ủy tại cuộc họp giao ban ngày {d},",
]
THAN = [
    "{c} đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện.",
    "yêu cầu cán bộ, công chức sử dụng hộp thư điện tử công vụ trong trao đổi văn bản.",
    "{c} thông báo lịch tiếp công dân định kỳ tháng {m} năm {y}.",
    "đề nghị Thủ trưởng các phòng, ban chuyên môn báo cáo kết quả trước ngày {d}.",
    "giao {cv} {ten} theo dõi, đôn đốc và tổng hợp báo cáo Chủ tịch UBND quận.",
    "tổ chức rà soát, cập nhật danh sách hộ nghèo, hộ cận nghèo trên địa bàn phường {p}.",
    "mời ông (bà) {ten} đến dự họp tại hội trường tầng {n2} lúc {h} giờ ngày {d}.",
    "triển khai kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm {y}.",
    "tăng cường công tác tuyên truyền về bảo vệ môi trường, phân loại rác tại nguồn.",
    "hoàn thành việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đúng tiến độ.",
    "kiểm tra việc chấp hành quy định về văn hóa công sở tại bộ phận một cửa.",
    "báo cáo số liệu về tình hình thực hiện dự toán ngân sách {n} tháng đầu năm.",
]
KET = [
    "Trân trọng./.",
    "Nơi nhận: Như trên; Lưu: VT.",
    "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh về {c} để được hướng dẫn.",
    "Số điện thoại liên hệ: 0236.3{n4} (gặp đ/c {ten}).",
    "Địa chỉ: số {n} đường Nguyễn Lương Bằng, phường {p}, quận Liên Chiểu, thành phố Đà Nẵng.",
    "Hồ sơ gửi kèm gồm {n2} bản chính và {n2} bản sao (có chứng thực).",
]
LIEN_HE = [
    "Mọi thông tin chi tiết xin liên hệ đ/c {ten}, {cv}, qua thư điện tử {a} hoặc số điện thoại 0905{n4}.",
    "Văn bản điện tử gửi về địa chỉ {a} trước {h} giờ ngày {d}.",
    "Ông (bà) {ten} – email: {a} – phụ trách tổng hợp.",
    "Đề nghị các đơn vị gửi báo cáo qua hộp thư {a} để tổng hợp.",
    "Người liên hệ: {ten}, {cv} {c}; thư điện tử: {a}",
    "Hồ sơ đăng ký xin gửi về {a}, bản giấy nộp tại bộ phận một cửa phường {p}.",
]
NOISE = [
    "Kính gửi: @UBND phường {p} và @Chủ tịch Hội Cựu chiến binh.",
    "Theo dõi trang Zalo @hoakhanhbac và Facebook @ubndlienchieu để nhận thông báo.",
    "Lịch họp: 8h @ hội trường tầng 2; 14h @ phòng họp số 3.",
    "Đề nghị có mặt họp lúc 8h@phòng họp A trước 15 phút.",
    "Lưu ý: nguyenvana.gmail.com không phải là địa chỉ thư hợp lệ, tên miền gmail.com chỉ là ví dụ.",
    "Phần mềm quản lý văn bản phiên bản 2.4.1 (bản vá 3.0.12) đã được cập nhật.",
    "Tệp đính kèm: bao-cao@2x.png, so-lieu_T{m}.xlsx, ke-hoach.v2.docx.",
    "Please meet at hall dot five after the briefing at 9 am.",
    "Tham khảo thêm tại cổng thông tin lienchieu.danang.gov.vn mục Tin tức & Sự kiện.",
]
LOCALS = [
    "nguyenvanan",
    "tranthihoa",
    "le.huu.duc",
    "phamminhtuan1985",
    "hoangthu_trang",
    "vo.thanhson",
    "dangngocmai",
    "buiquanghai",
    "hohuuphuoc.lc",
    "ngothikimyen",
    "ubndhoakhanhbac",
    "duongvanlong89",
]
DOMAINS = [
    "gmail.com",
    "yahoo.com",
    "yahoo.com.vn",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "vnn.vn",
    "danang.gov.vn",
    "lienchieu.danang.gov.vn",
    "fpt.vn",
]
ZW = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _spell(local: str, domain: str, at: str, dot: str) -> str:
    return local + at + domain.replace(".", dot)


def _zw(rng: random.Random, local: str, domain: str) -> str:
    i = rng.randrange(1, len(local))
    return local[:i] + rng.choice(ZW) + local[i:] + "@" + domain


def _full(local: str, domain: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c in "@." else c for c in local + "@" + domain)


def _hyphen_break(local: str, domain: str) -> str:
    name, rest = domain.split(".", 1)
    return f"{local}@{name[:2]}-\n{name[2:]}.{rest}"


# form -> how to write (rng, local, domain); the expected address is always local@domain.
FORMS: dict[str, Callable[[random.Random, str, str], str]] = {
    "plain": lambda r, lo, d: f"{lo}@{d}",
    "upper": lambda r, lo, d: f"{lo}@{d}".upper(),
    "angle": lambda r, lo, d: f"<{lo}@{d}>",
    "paren": lambda r, lo, d: f"({lo}@{d}).",
    "quoted": lambda r, lo, d: f'"{lo}@{d}",',
    "glued-vi": lambda r, lo, d: f"{lo}@{d}{r.choice(['để', 'về', 'hoặc', 'đến', 'trước'])}",
    "mailto": lambda r, lo, d: f"mailto:{lo}@{d}?subject=B%C3%A1o%20c%C3%A1o",
    "nfd-context": lambda r, lo, d: f"{lo}@{d}",
    "spaced": lambda r, lo, d: _spell(lo, d, " @ ", " . "),
    "bracket": lambda r, lo, d: _spell(lo, d, " [at] ", "[dot]"),
    "paren-at": lambda r, lo, d: _spell(lo, d, "(at)", "(dot)"),
    "brace-at": lambda r, lo, d: _spell(lo, d, "{at}", "{dot}"),
    "word-at": lambda r, lo, d: _spell(lo, d, " at ", " dot "),
    "a-cong": lambda r, lo, d: _spell(lo, d, " a còng ", " chấm "),
    "a-cong-upper": lambda r, lo, d: _spell(lo, d, " a còng ", " chấm ").upper(),
    "a-cong-plain": lambda r, lo, d: _spell(lo, d, " a cong ", " cham "),
    "fullwidth": lambda r, lo, d: _full(lo, d),
    "zero-width": _zw,
    "break-dot": lambda r, lo, d: f"{lo}@{d.rsplit('.', 1)[0]}.\n{d.rsplit('.', 1)[1]}",
    "break-hyphen": lambda r, lo, d: _hyphen_break(lo, d),
    "break-at": lambda r, lo, d: f"{lo}@\n{d}",
    "entity-dec": lambda r, lo, d: f"{lo}&#64;{d}",
    "entity-hex": lambda r, lo, d: f"{lo}&#x40;{d}",
    "entity-named": lambda r, lo, d: f"{lo}&commat;{d}",
}
PLAIN_FORMS = frozenset(["plain", "upper", "angle", "paren", "quoted", "glued-vi", "mailto", "nfd-context"])
OBFUSCATED_FORMS = frozenset(FORMS) - PLAIN_FORMS


@dataclass(frozen=True, slots=True)
class Planted:
    line: int  # 1-based line where the address starts
    form: str
    address: str


class _Filler:
    """Fills the {slots} of a template with realistic values."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self, template: str, address: str = "") -> str:
        r = self.rng
        p = r.choice(PHUONG)
        values = {
            "p": p,
            "c": r.choice(CO_QUAN).format(p=p),
            "cv": r.choice(CHUC_VU),
            "ten": f"{r.choice(HO)} {r.choice(DEM)} {r.choice(TEN)}",
            "d": f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(2014, 2026)}",
            "y": str(r.randint(2014, 2026)),
            "m": str(r.randint(1, 12)),
            "n": str(r.randint(1, 999)),
            "n2": str(r.randint(1, 5)),
            "n4": f"{r.randint(0, 9999):04d}",
            "h": str(r.randint(7, 17)),
            "a": address,
        }
        return template.format(**values)


def generate(size_mb: float, seed: int = 1) -> tuple[str, list[Planted]]:
    """The corpus text (about `size_mb` MB of UTF-8) and the planted addresses."""
    rng = random.Random(seed)
    fill = _Filler(rng)
    target = int(size_mb * 1_000_000)
    parts: list[str] = []
    planted: list[Planted] = []
    size, line = 0, 1
    forms = sorted(FORMS)
    for kind, text, form, address in _lines(rng, fill, forms):
        parts.append(text)
        if kind == "address":
            planted.append(Planted(line, form, address))
        line += text.count("\n") + 1
        size += len(text.encode()) + 1
        if size >= target:
            break
    return "\n".join(parts) + "\n", planted


def _lines(rng: random.Random, fill: _Filler, forms: list[str]) -> Iterator[tuple[str, str, str, str]]:
    """An endless stream of (kind, line, form, address): mostly clean prose, some noise, some addresses."""
    i = 0
    while True:
        i += 1
        if i % 59 == 0:
            form = forms[(i // 59) % len(forms)]
            local, domain = rng.choice(LOCALS), rng.choice(DOMAINS)
            written = FORMS[form](rng, local, domain)
            text = fill(rng.choice(LIEN_HE), "\x00")
            if form == "nfd-context":
                text = unicodedata.normalize("NFD", text)
            yield "address", text.replace("\x00", written), form, f"{local}@{domain}"
        elif i % 211 == 0:
            yield "noise", fill(rng.choice(NOISE)), "", ""
        else:
            text = " ".join(
                [
                    fill(rng.choice(MO_DAU)),
                    fill(rng.choice(THAN)),
                    fill(rng.choice(THAN)),
                    fill(rng.choice(KET)),
                ]
            )
            if i % 13 == 0:
                text = unicodedata.normalize("NFD", text)
            yield "prose", text, "", ""
