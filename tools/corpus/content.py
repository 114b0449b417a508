"""Vocabulary for the synthetic corpus: issuers, people, topics, document types (all fictional).

Issuers are the real bodies of Liên Chiểu district (glossary.md); people, phone numbers and
addresses are invented. Kept as data so the generator stays a set of small composing functions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Trương",
    "Đinh",
    "Lương",
    "Mai",
    "Tôn",
)
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thanh", "Minh", "Quang", "Thị Thu", "Xuân", "Công", "Kim")
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nhung",
    "Phúc",
    "Quý",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
    "Hiếu",
    "Khánh",
)


@dataclass(frozen=True)
class Issuer:
    key: str  # ascii slug for mailbox names
    lines: tuple[str, ...]  # the issuing body, as set in the header (one or two lines)
    parent: tuple[str, ...]  # parent body lines above it (may be empty)
    place: str
    symbol: str  # the issuer part of the number: UBND, VHTT, VP, ...
    cv_units: tuple[str, ...]  # the drafting office in a công văn number: 45/UBND-VP
    head: tuple[str, ...]  # signature titles, e.g. ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    deputy: tuple[str, ...]
    street: str


_WARD_HEAD = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
_WARD_DEP = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
_OFFICE_HEAD = ("TRƯỞNG PHÒNG",)
_OFFICE_DEP = ("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG")


def _ward(key: str, name: str, street: str) -> Issuer:
    return Issuer(
        key,
        (f"ỦY BAN NHÂN DÂN PHƯỜNG {name.upper()}",),
        ("UBND QUẬN LIÊN CHIỂU",),
        name,
        "UBND",
        ("VP", "ĐC", "VX", "TP", "KT"),
        _WARD_HEAD,
        _WARD_DEP,
        street,
    )


def _office(key: str, lines: tuple[str, ...], symbol: str, street: str) -> Issuer:
    return Issuer(
        key,
        lines,
        ("UBND QUẬN LIÊN CHIỂU",),
        "Liên Chiểu",
        symbol,
        (symbol,),
        _OFFICE_HEAD,
        _OFFICE_DEP,
        street,
    )


ISSUERS: tuple[Issuer, ...] = (
    Issuer(
        "ubndlienchieu",
        ("ỦY BAN NHÂN DÂN", "QUẬN LIÊN CHIỂU"),
        (),
        "Liên Chiểu",
        "UBND",
        ("VP", "NV", "TCKH", "QLĐT", "VHTT"),
        _WARD_HEAD,
        _WARD_DEP,
        "57 Ngô Thì Nhậm",
    ),
    _ward("hoahiepbac", "Hòa Hiệp Bắc", "01 Nguyễn Văn Cừ"),
    _ward("hoahiepnam", "Hòa Hiệp Nam", "356 Nguyễn Lương Bằng"),
    _ward("hoakhanhbac", "Hòa Khánh Bắc", "523 Tôn Đức Thắng"),
    _ward("hoakhanhnam", "Hòa Khánh Nam", "80 Lạc Long Quân"),
    _ward("hoaminh", "Hòa Minh", "68 Nguyễn Sinh Sắc"),
    _office("vhtt", ("PHÒNG VĂN HÓA VÀ THÔNG TIN",), "VHTT", "57 Ngô Thì Nhậm"),
    _office("noivu", ("PHÒNG NỘI VỤ",), "NV", "57 Ngô Thì Nhậm"),
    _office("tckh", ("PHÒNG TÀI CHÍNH - KẾ HOẠCH",), "TCKH", "57 Ngô Thì Nhậm"),
    _office("ldtbxh", ("PHÒNG LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"), "LĐTBXH", "47 Lạc Long Quân"),
    _office("gddt", ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",), "GDĐT", "51 Ngô Thì Nhậm"),
    _office("tnmt", ("PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG",), "TNMT", "57 Ngô Thì Nhậm"),
)

# type code -> (type name as set in the header, subject openers)
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "QĐ": ("QUYẾT ĐỊNH", ("Về việc thành lập Tổ công tác {topic}", "Về việc ban hành Quy chế {topic}")),
    "TB": ("THÔNG BÁO", ("Về việc {topic}", "Kết luận của Chủ tịch UBND tại cuộc họp về {topic}")),
    "KH": ("KẾ HOẠCH", ("Triển khai {topic} năm {year}", "Tổ chức {topic}")),
    "GM": ("GIẤY MỜI", ("Dự họp triển khai {topic}", "Tham dự hội nghị về {topic}")),
    "BC": ("BÁO CÁO", ("Kết quả {topic} quý {q} năm {year}", "Tình hình thực hiện {topic}")),
    "TTr": ("TỜ TRÌNH", ("Về việc đề nghị phê duyệt kinh phí {topic}",)),
    "CT": ("CHỈ THỊ", ("Về việc tăng cường {topic}",)),
    "HD": ("HƯỚNG DẪN", ("Thực hiện {topic}",)),
}

TOPICS = (
    "tiếp công dân định kỳ",
    "tổng vệ sinh môi trường",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "kiểm tra an toàn thực phẩm",
    "chuyển đổi số trong cơ quan nhà nước",
    "rà soát hộ nghèo, hộ cận nghèo",
    "tiêm chủng mở rộng",
    "sử dụng hộp thư điện tử công vụ",
    "cải cách hành chính",
    "thu ngân sách nhà nước",
    "tuyển dụng lao động hợp đồng",
    "hội thi văn nghệ quần chúng",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "phòng cháy, chữa cháy khu dân cư",
    "xây dựng đời sống văn hóa ở khu dân cư",
    "trật tự xây dựng đô thị",
)

BODY_OPENERS = (
    "Thực hiện Kế hoạch số {ref}/KH-UBND ngày {d} tháng {m} năm {y} của UBND thành phố Đà Nẵng về {topic};",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Thực hiện Chỉ thị số 01/CT-UBND ngày 20/6/2014 của Chủ tịch UBND quận Liên Chiểu;",
    "Nhằm triển khai có hiệu quả công tác {topic} trên địa bàn,",
)
BODY_LINES = (
    "Đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện các nội dung nêu trên.",
    "Thời gian thực hiện: từ ngày {d}/{m}/{y} đến hết ngày 28/{m2}/{y}.",
    "Địa điểm: Hội trường UBND {place_name}, số {street}.",
    "Giao Văn phòng tổng hợp, báo cáo kết quả thực hiện trước ngày 25 hằng tháng.",
    "Kinh phí thực hiện từ nguồn ngân sách phường đã bố trí trong dự toán năm {y}.",
    "Các tổ dân phố phối hợp tuyên truyền, vận động nhân dân tham gia đầy đủ.",
    "Yêu cầu Thủ trưởng các đơn vị nghiêm túc thực hiện./.",
)
RECIPIENTS = ("- Như trên;", "- UBND quận (b/c);", "- Các tổ dân phố;", "- Lưu: VT, VP.")


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def phone(rng: random.Random) -> str:
    return rng.choice(
        ("0236.{a}.{b}", "0236 {a} {b}", "0905.{c}.{d}", "0914 {c} {d}", "(0236) {a}{b}")
    ).format(
        a=rng.randint(370, 389) * 10 + rng.randint(0, 9),
        b=rng.randint(100, 999),
        c=rng.randint(100, 999),
        d=rng.randint(100, 999),
    )
