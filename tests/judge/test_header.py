# ruff: noqa: E501  (tables of realistic document text read better unwrapped)
"""Header parsing on realistic first pages: clean, OCR-noisy, interleaved, công văn, TCVN3."""

from __future__ import annotations

import unicodedata

import pytest

from congvu.extract.legacy_vn import TCVN3_BYTES, tcvn3_to_unicode
from congvu.judge.header import canonical_type_code, parse_header

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"

# (id, text, number, type_code, date, place, issuer substring, subject prefix)
CASES: list[tuple[str, str, str | None, str | None, str | None, str | None, str | None, str | None]] = [
    (
        "chi-thi-clean",
        f"ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n{MOTTO}\nSố: 01/CT-UBND\nLiên Chiểu, ngày 20 tháng 6 năm 2014\n"
        "CHỈ THỊ\nVề việc nghiêm cấm sử dụng hộp thư điện tử công cộng\n",
        "01/CT-UBND",
        "CT",
        "2014-06-20",
        "Liên Chiểu",
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
        "Về việc nghiêm cấm",
    ),
    (
        "spaced-number",
        f"ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n\n{MOTTO}\n\nSố: 01 /CT-UBND\n\nLiên Chiểu, ngày 20 tháng 6 năm 2014\n",
        "01/CT-UBND",
        "CT",
        "2014-06-20",
        "Liên Chiểu",
        "LIÊN CHIỂU",
        None,
    ),
    (
        "no-space-qd",
        f"UBND QUẬN LIÊN CHIỂU\n{MOTTO}\nSố:01/QĐ-UBND\nLiên Chiểu, ngày 05 tháng 01 năm 2024\nQUYẾT ĐỊNH\n"
        "Về việc thành lập Tổ kiểm tra việc sử dụng\nhộp thư điện tử công vụ năm 2024\nCHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN\n",
        "01/QĐ-UBND",
        "QĐ",
        "2024-01-05",
        "Liên Chiểu",
        "UBND QUẬN LIÊN CHIỂU",
        "Về việc thành lập Tổ kiểm tra việc sử dụng hộp thư điện tử công vụ năm 2024",
    ),
    (
        "cong-van",
        f"ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n{MOTTO}\nSố 45/UBND-VP\nV/v triển khai thư điện tử công vụ\n"
        "Liên Chiểu, ngày 12 tháng 3 năm 2015\nKính gửi: Thủ trưởng các cơ quan, đơn vị\n",
        "45/UBND-VP",
        None,
        "2015-03-12",
        "Liên Chiểu",
        "QUẬN LIÊN CHIỂU",
        "V/v triển khai thư điện tử công vụ",
    ),
    (
        "year-in-number",
        f"ỦY BAN NHÂN DÂN\nTHÀNH PHỐ ĐÀ NẴNG\n{MOTTO}\nSố: 123/2024/QĐ-UBND\nĐà Nẵng, ngày 28 tháng 02 năm 2024\n"
        "QUYẾT ĐỊNH\nBan hành Quy chế quản lý, sử dụng hệ thống thư điện tử\nthành phố Đà Nẵng\n\nCăn cứ Luật",
        "123/2024/QĐ-UBND",
        "QĐ",
        "2024-02-28",
        "Đà Nẵng",
        "THÀNH PHỐ ĐÀ NẴNG",
        "Ban hành Quy chế quản lý",
    ),
    (
        "phong-vhtt-parent",
        f"UBND QUẬN LIÊN CHIỂU\nPHÒNG VĂN HÓA VÀ THÔNG TIN\n{MOTTO}\nSố: 07/TB-VHTT\n"
        "Liên Chiểu, ngày 09 tháng 9 năm 2014\nTHÔNG BÁO\nKết quả kiểm tra việc sử dụng thư điện tử công vụ\n",
        "07/TB-VHTT",
        "TB",
        "2014-09-09",
        "Liên Chiểu",
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "Kết quả kiểm tra",
    ),
    (
        "interleaved-lines",
        "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQUẬN LIÊN CHIỂU\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 15/KH-UBND\nLiên Chiểu, ngày 02 tháng 7 năm 2014\nKẾ HOẠCH\nTriển khai Chỉ thị số 01/CT-UBND\n",
        "15/KH-UBND",
        "KH",
        "2014-07-02",
        "Liên Chiểu",
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
        "Triển khai Chỉ thị",
    ),
    (
        "side-by-side",
        "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHƯỜNG HÒA KHÁNH BẮC          Độc lập - Tự do - Hạnh phúc\n"
        "Số: 32/BC-UBND          Hòa Khánh Bắc, ngày 30 tháng 11 năm 2016\nBÁO CÁO\n"
        "Tình hình sử dụng thư điện tử công vụ năm 2016\n",
        "32/BC-UBND",
        "BC",
        "2016-11-30",
        "Hòa Khánh Bắc",
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA KHÁNH BẮC",
        "Tình hình sử dụng",
    ),
    (
        "side-by-side-cong-van",
        "UBND QUẬN LIÊN CHIỂU     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG NỘI VỤ     Độc lập - Tự do - Hạnh phúc\n"
        "Số: 88/NV     Liên Chiểu, ngày 14 tháng 4 năm 2017\nV/v rà soát danh sách cán bộ sử dụng\n"
        "hộp thư điện tử công vụ\nKính gửi: UBND các phường\n",
        "88/NV",
        None,
        "2017-04-14",
        "Liên Chiểu",
        "PHÒNG NỘI VỤ",
        "V/v rà soát danh sách cán bộ sử dụng hộp thư",
    ),
    (
        "hoa-old-style",
        "UỶ BAN NHÂN DÂN\nPHƯỜNG HOÀ MINH\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n"
        "Số: 09/GM-UBND\nHoà Minh, ngày 3 tháng 10 năm 2014\nGIẤY MỜI\nHọp giao ban tháng 10 năm 2014\n",
        "09/GM-UBND",
        "GM",
        "2014-10-03",
        "Hoà Minh",
        "PHƯỜNG HOÀ MINH",
        "Họp giao ban",
    ),
    (
        "ocr-no-diacritics",
        "UY BAN NHAN DAN\nQUAN LIEN CHIEU\nCONG HOA XA HOI CHU NGHIA VIET NAM\nDoc lap - Tu do - Hanh phuc\n"
        "So: 21/QD-UBND\nLien Chieu, ngay 11 thang 8 nam 2015\nQUYET DINH\nVe viec khen thuong\n",
        "21/QĐ-UBND",
        "QĐ",
        "2015-08-11",
        "Lien Chieu",
        "QUAN LIEN CHIEU",
        "Ve viec khen thuong",
    ),
    (
        "ocr-noise-lines",
        "ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n\n"
        + MOTTO
        + "\n\nSố: 05 / TB-UBND\n\nLiên Chiểu, ngày 2O tháng 6 năm 2014\n"
        "SCB gđ hđ\nCBE VP\n\nTHÔNG BÁO\n\n24\n6\n\nVề việc lịch tiếp công dân tháng 7\n",
        "05/TB-UBND",
        "TB",
        "2014-06-20",
        "Liên Chiểu",
        "LIÊN CHIỂU",
        "Về việc lịch tiếp công dân tháng 7",
    ),
    (
        "ocr-so-hat",
        f"ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA HIỆP NAM\n{MOTTO}\nSô: 14/KH-UBND\nHòa Hiệp Nam, ngày 16 tháng 5 năm 2019\n",
        "14/KH-UBND",
        "KH",
        "2019-05-16",
        "Hòa Hiệp Nam",
        "HÒA HIỆP NAM",
        None,
    ),
    (
        "blank-day",
        f"ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n{MOTTO}\nSố:      /TTr-UBND\nSố: 17/TTr-UBND\n"
        "Liên Chiểu, ngày  tháng  năm 2024\nTỜ TRÌNH\nVề việc đề nghị phê duyệt dự toán\n",
        "17/TTr-UBND",
        "TTr",
        None,
        "Liên Chiểu",
        "LIÊN CHIỂU",
        "Về việc đề nghị phê duyệt dự toán",
    ),
    (
        "numeric-date",
        f"PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n{MOTTO}\nSố: 102/PGDĐT\nLiên Chiểu, 25/09/2020\nV/v tập huấn chuyển đổi số\n",
        "102/PGDĐT",
        None,
        "2020-09-25",
        "Liên Chiểu",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "V/v tập huấn chuyển đổi số",
    ),
    (
        "invalid-date",
        f"UBND PHƯỜNG HÒA MINH\n{MOTTO}\nSố: 03/TB-UBND\nHòa Minh, ngày 31 tháng 02 năm 2021\n",
        "03/TB-UBND",
        "TB",
        None,
        "Hòa Minh",
        "UBND PHƯỜNG HÒA MINH",
        None,
    ),
    (
        "quy-dinh-mixed-case",
        f"ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n{MOTTO}\nSố: 02/QyĐ-UBND\nLiên Chiểu, ngày 01 tháng 4 năm 2016\n"
        "QUY ĐỊNH\nVề quản lý hộp thư điện tử công vụ\n",
        "02/QyĐ-UBND",
        "QyĐ",
        "2016-04-01",
        "Liên Chiểu",
        "LIÊN CHIỂU",
        None,
    ),
    (
        "qyd-wild",
        f"ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA KHÁNH NAM\n{MOTTO}\nSố: 04/QYĐ-UBND\nHòa Khánh Nam, ngày 7 tháng 7 năm 2017\n",
        "04/QYĐ-UBND",
        "QYĐ",
        "2017-07-07",
        "Hòa Khánh Nam",
        "HÒA KHÁNH NAM",
        None,
    ),
    (
        "cv-wild",
        f"ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA HIỆP BẮC\n{MOTTO}\nSố: 56/CV-UBND\nHòa Hiệp Bắc, ngày 19 tháng 12 năm 2014\n",
        "56/CV-UBND",
        "CV",
        "2014-12-19",
        "Hòa Hiệp Bắc",
        "HÒA HIỆP BẮC",
        None,
    ),
    (
        "ward-under-district",
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU\nỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\n" + MOTTO + "\nSố: 27/TB-UBND\n"
        "Hòa Minh, ngày 14 tháng 8 năm 2014\nTHÔNG BÁO\nVề việc tổ chức tiếp công dân định kỳ\n",
        "27/TB-UBND",
        "TB",
        "2014-08-14",
        "Hòa Minh",
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
        "Về việc tổ chức tiếp",
    ),
    (
        "so-ttt-with-rules",
        "UBND THÀNH PHỐ ĐÀ NẴNG\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n-------\n" + MOTTO + "\n---------------\n"
        "Số: 1325/STTTT-BCVTCNTT\nĐà Nẵng, ngày 22 tháng 10 năm 2018\nV/v hướng dẫn sử dụng thư điện tử\n",
        "1325/STTTT-BCVTCNTT",
        None,
        "2018-10-22",
        "Đà Nẵng",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "V/v hướng dẫn",
    ),
    (
        "ke-hoach-citation-in-subject",
        f"UBND QUẬN LIÊN CHIỂU\nPHÒNG VĂN HÓA VÀ THÔNG TIN\n{MOTTO}\nSố: 15/KH-VHTT\n"
        "Liên Chiểu, ngày 02 tháng 7 năm 2014\nKẾ HOẠCH\nKiểm tra việc thực hiện Chỉ thị số 01/CT-UBND "
        "ngày 20/6/2014 của Chủ tịch UBND quận\n\nĐể triển khai Chỉ thị số 01/CT-UBND ngày 27 tháng 5 năm 2014",
        "15/KH-VHTT",
        "KH",
        "2014-07-02",
        "Liên Chiểu",
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "Kiểm tra việc thực hiện",
    ),
    (
        "hd-huong-dan",
        f"ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n{MOTTO}\nSố: 11/HD-UBND\nLiên Chiểu, ngày 15 tháng 3 năm 2022\n"
        "HƯỚNG DẪN\nSử dụng hệ thống quản lý văn bản và điều hành\n",
        "11/HD-UBND",
        "HD",
        "2022-03-15",
        "Liên Chiểu",
        "LIÊN CHIỂU",
        "Sử dụng hệ thống",
    ),
    (
        "nghi-quyet-hdnd",
        f"HỘI ĐỒNG NHÂN DÂN\nQUẬN LIÊN CHIỂU\n{MOTTO}\nSố: 08/NQ-HĐND\nLiên Chiểu, ngày 18 tháng 12 năm 2015\nNGHỊ QUYẾT\n",
        "08/NQ-HĐND",
        "NQ",
        "2015-12-18",
        "Liên Chiểu",
        "HỘI ĐỒNG NHÂN DÂN QUẬN LIÊN CHIỂU",
        None,
    ),
    (
        "ngay-line-start",
        f"ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA KHÁNH BẮC\n{MOTTO}\nSố: 40/BB-UBND\nNgày 06 tháng 6 năm 2023\nBIÊN BẢN\n",
        "40/BB-UBND",
        "BB",
        "2023-06-06",
        None,
        "HÒA KHÁNH BẮC",
        None,
    ),
    (
        "decomposed-nfd",
        unicodedata.normalize(
            "NFD",
            f"ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n{MOTTO}\nSố: 19/QĐ-UBND\nLiên Chiểu, ngày 9 tháng 9 năm 2019\n",
        ),
        "19/QĐ-UBND",
        "QĐ",
        "2019-09-09",
        "Liên Chiểu",
        "LIÊN CHIỂU",
        None,
    ),
    (
        "crlf-and-tabs",
        "ỦY BAN NHÂN DÂN\r\nQUẬN LIÊN CHIỂU\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\n"
        "Số: 06/TB-UBND\t\tLiên Chiểu, ngày 10 tháng 02 năm 2025\r\nTHÔNG BÁO\r\nVề việc nghỉ Tết\r\n",
        "06/TB-UBND",
        "TB",
        "2025-02-10",
        "Liên Chiểu",
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
        "Về việc nghỉ Tết",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_header_fields(
    case: tuple[str, str, str | None, str | None, str | None, str | None, str | None, str | None],
) -> None:
    _id, text, number, code, date, place, issuer, subject = case
    meta = parse_header(text)
    assert meta.number == number
    assert meta.type_code == code
    assert meta.date == date
    assert meta.place == place
    if issuer is None:
        assert meta.issuer is None
    else:
        assert meta.issuer is not None and issuer in unicodedata.normalize("NFC", meta.issuer)
    if subject is not None:
        assert meta.subject is not None and meta.subject.startswith(subject)


def test_motto_never_in_issuer() -> None:
    for _id, text, *_ in CASES:
        issuer = parse_header(text).issuer or ""
        assert "CỘNG HÒA" not in issuer and "Hạnh phúc" not in issuer and "CONG HOA" not in issuer, _id


def test_parent_body_kept() -> None:
    meta = parse_header(CASES[5][1])
    assert meta.issuer == "PHÒNG VĂN HÓA VÀ THÔNG TIN"
    assert meta.issuer_parent == "UBND QUẬN LIÊN CHIỂU"


def test_type_name_implied_for_cong_van() -> None:
    assert parse_header(CASES[3][1]).type_name == "CÔNG VĂN"
    assert parse_header(CASES[5][1]).type_name == "THÔNG BÁO"


def _to_tcvn3(text: str) -> str:
    """Encode Unicode as a TCVN3 document read as Latin-1 (the .VnTimeH capitals font types lowercase)."""
    inverse = {char: chr(code) for code, char in TCVN3_BYTES.items()}
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


def test_tcvn3_converted_header() -> None:
    original = (
        "ủy ban nhân dân\nquận liên chiểu\ncộng hòa xã hội chủ nghĩa việt nam\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND\nLiên Chiểu, ngày 08 tháng 5 năm 2009\nkế hoạch\nVề việc ứng dụng công nghệ thông tin\n"
    )
    converted = tcvn3_to_unicode(_to_tcvn3(original))
    meta = parse_header(converted)
    assert (meta.number, meta.type_code, meta.date) == ("12/KH-UBND", "KH", "2009-05-08")
    assert meta.issuer == "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU"
    assert meta.type_name == "KẾ HOẠCH"
    assert meta.subject == "Về việc ứng dụng công nghệ thông tin"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("QĐ", "QĐ"),
        ("QD", "QĐ"),
        ("qđ", "QĐ"),
        ("TTR", "TTr"),
        ("QyĐ", "QyĐ"),
        ("QYĐ", "QYĐ"),
        ("UBND", None),
    ],
)
def test_canonical_type_code(written: str, canonical: str | None) -> None:
    assert canonical_type_code(written) == canonical


SIGNER_CASES = [
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n(Đã ký)\n\nNguyễn Văn Hòa\n", "Nguyễn Văn Hòa"),
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTRƯỞNG PHÒNG\n\nLê Thị Mỹ Linh\n", "Lê Thị Mỹ Linh"),
    (
        "Nơi nhận:     KT. CHỦ TỊCH\n- Như trên;     PHÓ CHỦ TỊCH\n- Lưu: VT, VP.     Trần Quang Vinh\n",
        "Trần Quang Vinh",
    ),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNơi nhận:\n- TT Quận ủy;\n- Lưu: VT.\nĐặng Văn Phúc\n", "Đặng Văn Phúc"),
    ("Nơi nhận:\n- BBT Website quận;\n- Lưu: VT, VHHT(Tuần).\n\n\n\nDương Thành Thị", "Dương Thành Thị"),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nHUỲNH ĐỨC THƠ\n", "Huỳnh Đức Thơ"),
    ("Đề nghị các đơn vị thực hiện nghiêm túc.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n", None),
]


@pytest.mark.parametrize(("tail", "signer"), SIGNER_CASES)
def test_signer(tail: str, signer: str | None) -> None:
    text = (
        f"ỦY BAN NHÂN DÂN\nQUẬN LIÊN CHIỂU\n{MOTTO}\nSố: 01/CT-UBND\nLiên Chiểu, ngày 20 tháng 6 năm 2014\n"
        + ("Chủ tịch UBND quận Liên Chiểu chỉ thị:\n1. Thủ trưởng các cơ quan thực hiện.\n" + tail)
    )
    assert parse_header(text).signer == signer


@pytest.mark.parametrize(
    "line",
    [
        "Ủy ban nhân dân phường đề nghị các tổ dân phố rà soát, tổng hợp danh sách hộ gia đình chính sách.",
        "Nơi nhận:                                         KT. CHỦ TỊCH",
        "Như trên;\tPHÓ CHỦ TỊCH và các thành viên Ủy ban nhân dân phường Hòa Minh, quận Liên Chiểu",
        "Đề nghị Thủ trưởng các cơ quan,\u00a0\u00a0\u00a0đơn vị quan tâm chỉ đạo thực hiện nghiêm túc nội dung.",
        "   " + "Thời gian thực hiện: từ ngày 15 tháng 4 năm 2014 đến hết ngày 30 tháng 4 năm 2014." + "  ",
        "TM. ỦY BAN NHÂN DÂN",
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh về Văn phòng \u2003 để được hướng dẫn.",
    ],
)
def test_signer_skips_only_lines_that_are_one_long_column(line: str) -> None:
    from congvu.judge.signer import _ANCHOR_MAX, _one_long_column
    from congvu.judge.text import columns

    cols = columns(line)
    assert _one_long_column(line) == (len(cols) == 1 and len(cols[0]) > _ANCHOR_MAX)
