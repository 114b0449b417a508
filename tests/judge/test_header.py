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
    assert meta.issuer == "PHÒNG VĂN HÓA VÀ THÔNG TIN QUẬN LIÊN CHIỂU"  # its full name
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
    # a rank or a degree before the name is not part of it
    ("KT. BỘ TRƯỞNG\n         THỨ TRƯỞNG\n(Đã ký)\n         Trung tướng Nguyễn Văn Sơn", "Nguyễn Văn Sơn"),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nPGS.TS. Trần Thị Minh Hạnh\n", "Trần Thị Minh Hạnh"),
    ("TL. GIÁM ĐỐC\nTRƯỞNG PHÒNG KẾ HOẠCH\n\nBS.CKII Lê Văn Tâm\n", "Lê Văn Tâm"),
    # a Word table flattened into one row: titles and the name share a cell
    ("Nơi nhận: - Như trên; - Lưu: VT, NC. | TL. CHỦ TỊCH CHÁNH VĂN PHÒNG Phan Văn Đức", "Phan Văn Đức"),
    # OCR glued the recipients' column to the title; a rank before the name
    (
        "Nơi nhận: KT. BỘ TRƯỞNG\n- Như trên; _ . THU TRUONG\n- Lưu: VT, C04(P6).\nThiếu tướng Phạm Quốc Việt\nDANH SÁCH\n1. UBND tỉnh Gia Lai\n2. UBND tỉnh Kon Tum",
        "Phạm Quốc Việt",
    ),
    # a portal's summary: "Người ký duyệt" with no colon; a district is no name
    (
        "Người ký duyệt Hoàng Văn Thắng\nCơ quan / đơn vị ban hành UBND huyện Mộc Châu\nHuyện Mộc Châu\n",
        "Hoàng Văn Thắng",
    ),
    # OCR over a seal (corpus g45-0005): recipients' column, title and name read as single lines
    (
        "Nơi nhận: 14 KT, CHỦ TỊCH\n- Như Điêu 3; ia\nTế TỦ bên Uy KT.CHU TICH\n- Cục KSTTHC, VPCP (để b/c); Z Z4 TỊCH\n"
        "- Bưu điện tỉnh; j\n- Luu: VT; KSTTHC (MN,07). va ~ Huỳnh Hữu Tri",
        "Huỳnh Hữu Tri",
    ),
    ("Nơi nhận:\nKT. CHỦ TỊCH\n- Như trên;\n- Lưu: VT, KSTTHC. Huỳnh Hữu Trí", "Huỳnh Hữu Trí"),
    # ... but never the tail of a body's name on a recipient's line
    ("Nơi nhận:\nKT. CHỦ TỊCH\n- Như trên;\n- UBND tỉnh Bạc Liêu\n- Báo Hải Phòng\n- Lưu: VT.", None),
    # a wrapped body's name and a part's heading are no names (corpus g43-0008, g43-0009)
    ("XÁC NHẬN CỦA BỘ NÔNG NGHIỆP\nVÀ PHÁT TRIỂN NÔNG THÔN\n(Ký, đóng dấu)", None),
    ("THỦ TRƯỞNG ĐƠN VỊ\n(Ký, đóng dấu)\nBÁO CÁO SÁNG KIẾN\n", None),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nPhần B.\nHƯỚNG DẪN SỬ DỤNG MẪU BIÊN BẢN", None),
    # a department and the archive line, as OCR gives them, are no names (corpus g9-0009, g6-0013)
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n- Lưu: VT, Vụ NSNN.\nVụ NSNN\n", None),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNoi nhận:\n- Như trên;\nLuu VT\n", None),
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
    from congvu.judge.signer import _columns

    for variant in (
        line,
        line[:40],
        "  " + line[:30] + "  ",
        "",
        "   ",
        "a  b",
        "KT. CHỦ TỊCH\u2003 \u00a0x",
    ):
        assert _columns(variant) == columns(variant), variant


# Headers as real documents come (issue 11): cells cut by a legal-text portal or a PDF viewer's
# copy ("|" borders, one word per line), "Số:" and its number apart, the date's year on the next
# line, "&" and years in symbols, older and party forms. (id, text, number, code, date, place, issuer)
REAL_LAYOUTS: list[tuple[str, str, str | None, str | None, str | None, str | None, str | None]] = [
    (
        "portal-cells-one-word-per-line",
        "ỦY\nBAN NHÂN DÂN\nTỈNH KON TUM\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\nSố:\n06/2024/QĐ-UBND\n|\nKon\n"
        "Tum, ngày 25 tháng 01 năm 2024\n|\nQUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ QUẢN LÝ, SỬ DỤNG HỆ THỐNG THƯ ĐIỆN TỬ\n",
        "06/2024/QĐ-UBND",
        "QĐ",
        "2024-01-25",
        "Kon Tum",
        "ỦY BAN NHÂN DÂN TỈNH KON TUM",
    ),
    (
        "pdf-lines-date-year-below",
        "UBND TỈNH KON TUM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 112/SGDĐT-VP\nV/v triển khai sử dụng thư điện tử công vụ\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nKon Tum, ngày 25\ntháng 01 năm 2024\n"
        "Kính gửi: Các đơn vị trực thuộc\n",
        "112/SGDĐT-VP",
        None,
        "2024-01-25",
        "Kon Tum",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH KON TUM",
    ),
    (
        "pdf-lines-year-alone-below",  # a legal portal's copy, cut before the year (real g16-0024)
        "BỘ VĂN HOÁ - THÔNG TIN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA\nSố: 31/2002/QĐ-BVHTT VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 05 tháng 12 năm\n2002\nQUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ VĂN HÓA - THÔNG TIN\n",
        "31/2002/QĐ-BVHTT",
        "QĐ",
        "2002-12-05",
        "Hà Nội",
        "BỘ VĂN HOÁ - THÔNG TIN",
    ),
    (
        "antiword-table-city-abbreviation-year-in-next-row",  # a .doc's header table (real g43-0011)
        "|ỦY BAN NHÂN DÂN             |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM   |\n"
        "|THÀNH PHỐ HỒ CHÍ MINH       |Độc lập - Tự do - Hạnh phúc          |\n"
        "|Số: 3783/QĐ-UBND            |TP. Hồ Chí Minh, ngày 26 tháng 8 năm |\n"
        "|                            |2010                                 |\n\n\n"
        "                                 QUYẾT ĐỊNH\n\n    Về thành lập Trung tâm Quản lý đường hầm Thủ Thiêm\n",
        "3783/QĐ-UBND",
        "QĐ",
        "2010-08-26",
        "TP. Hồ Chí Minh",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    ),
    (
        "e-signed-day-and-month-filled-above-the-blanks",  # real g45-0012
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nTRUNG TÂM PHỤC VỤ\nHÀNH CHÍNH CÔNG\nSố: 102 /QĐ-TTPVHCC\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "_________________ 18 ______________ 02 __________\nHà Nội, ngày tháng năm 2025\nQUYẾT ĐỊNH\n",
        "102/QĐ-TTPVHCC",
        "QĐ",
        "2025-02-18",
        "Hà Nội",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
    ),
    (
        "side-by-side-date-year-below",
        "UBND TỈNH KON TUM          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO          Độc lập - Tự do - Hạnh phúc\n"
        "Số: 113/SGDĐT-KTKĐ          Kon Tum, ngày 26\nV/v tổ chức kỳ thi chọn học sinh giỏi          tháng 01 năm 2024\n",
        "113/SGDĐT-KTKĐ",
        None,
        "2024-01-26",
        "Kon Tum",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH KON TUM",
    ),
    (
        "place-comma-date-below",
        "ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK HÀ\nSố: 245/UBND-VX\nĐắk Hà,\nngày 05 tháng 3 năm 2023\n",
        "245/UBND-VX",
        None,
        "2023-03-05",
        "Đắk Hà",
        "ỦY BAN NHÂN DÂN HUYỆN ĐẮK HÀ",
    ),
    (
        "number-alone-below-so",
        "ỦY BAN NHÂN DÂN\nXÃ HÒA TIẾN\n\nSố:\n\n57/UBND-VP\nHòa Tiến, ngày 14 tháng 6 năm 2022\n"
        "V/v đăng ký tài khoản thư điện tử công vụ\n",
        "57/UBND-VP",
        None,
        "2022-06-14",
        "Hòa Tiến",
        "ỦY BAN NHÂN DÂN XÃ HÒA TIẾN",
    ),
    (
        "ampersand-in-symbol",
        "UBND HUYỆN NAM ĐÀN                CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO                Độc lập - Tự do - Hạnh phúc\n"
        "  Số:   145/PGD&ĐT-TH                    Nam Đàn, ngày 09 tháng 9 năm 2019\n"
        "V/v hướng dẫn nhiệm vụ năm học 2019-2020\n",
        "145/PGD&ĐT-TH",
        None,
        "2019-09-09",
        "Nam Đàn",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN NAM ĐÀN",
    ),
    (
        "spaced-symbol",
        "UỶ BAN NHÂN DÂN\nTHỊ TRẤN HƯƠNG SƠN\nSố: 67 /TTr - UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHương Sơn, ngày 26 tháng 9 năm 2014\nTỜ TRÌNH\n",
        "67/TTr-UBND",
        "TTr",
        "2014-09-26",
        "Hương Sơn",
        "UỶ BAN NHÂN DÂN THỊ TRẤN HƯƠNG SƠN",
    ),
    (
        "cells-with-bars",
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nTỈNH QUẢNG TRỊ | Độc lập - Tự do - Hạnh phúc |\n"
        "Số: 41/2019/QĐ-UBND | Quảng Trị, ngày 22 tháng 10 năm 2019 |\nQUYẾT ĐỊNH\n",
        "41/2019/QĐ-UBND",
        "QĐ",
        "2019-10-22",
        "Quảng Trị",
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
    ),
    (
        "older-qd-ub",
        "UỶ BAN NHÂN DÂN          CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN HOÀ VANG          Độc lập - Tự do - Hạnh phúc\n"
        "Số: 35/QĐ-UB          Hoà Vang, ngày 12 tháng 02 năm 2003\nQUYẾT ĐỊNH\n",
        "35/QĐ-UB",
        "QĐ",
        "2003-02-12",
        "Hoà Vang",
        "UỶ BAN NHÂN DÂN HUYỆN HOÀ VANG",
    ),
    (
        "standing-committee-term",
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "---------------\nSố: 1004/2020/UBTVQH14\nHà Nội, ngày 15 tháng 9 năm 2020\nNGHỊ QUYẾT\n",
        "1004/2020/UBTVQH14",
        None,
        "2020-09-15",
        "Hà Nội",
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
    ),
    (
        "party-directive",
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 45-CT/TW\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 14 tháng 4 năm 2025\nCHỈ THỊ\n",
        "45-CT/TW",
        "CT",
        "2025-04-14",
        "Hà Nội",
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
    ),
    (
        "party-cong-van-side-by-side",
        "HUYỆN ỦY ĐẠI LỘC          ĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 312-CV/HU          Đại Lộc, ngày 4 tháng 5 năm 2021\n"
        "V/v tăng cường bảo đảm an toàn thông tin\n",
        "312-CV/HU",
        "CV",
        "2021-05-04",
        "Đại Lộc",
        "HUYỆN ỦY ĐẠI LỘC",
    ),
    (
        "party-type-then-lowercase-so",
        "BỘ CHÍNH TRỊ\nĐẢNG CỘNG SẢN VIỆT NAM\nNghị quyết số: 15-NQ/TW Hà Nội, ngày 05 tháng 5 năm 2022\nNGHỊ QUYẾT\n",
        "15-NQ/TW",
        "NQ",
        "2022-05-05",
        "Hà Nội",
        "BỘ CHÍNH TRỊ",
    ),
    (
        "old-cv-code",
        "UBND HUYỆN PHÚ BÌNH\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 57/CV-PGD\nPhú Bình, ngày 3 tháng 10 năm 2008\n",
        "57/CV-PGD",
        "CV",
        "2008-10-03",
        "Phú Bình",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN PHÚ BÌNH",
    ),
    (
        "type-name-is-no-issuer",
        "THÔNG BÁO\nSố: 12/TB-BTC\nĐà Nẵng, ngày 02 tháng 8 năm 2023\nVề việc tổ chức Hội thi tin học trẻ\n",
        "12/TB-BTC",
        "TB",
        "2023-08-02",
        "Đà Nẵng",
        None,
    ),
    (
        "type-name-before-number-ends-issuer",
        "SỞ GD&ĐT THÀNH PHỐ ĐÀ NẴNG\nTRƯỜNG THPT NGUYỄN TRÃI\nTHÔNG BÁO TUYỂN SINH LỚP 10\nSố: 15/TB-NT\n"
        "Đà Nẵng, ngày 20 tháng 5 năm 2024\n",
        "15/TB-NT",
        "TB",
        "2024-05-20",
        "Đà Nẵng",
        "TRƯỜNG THPT NGUYỄN TRÃI",
    ),
    (
        "motto-cut-in-two-cells-date-after-ngay",
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "---------------\n|\nSố:\n21/2022/QĐ-UBND\n|\nBình Định, ngày\n09 tháng 5 năm 2022\n|\nQUYẾT ĐỊNH\n",
        "21/2022/QĐ-UBND",
        "QĐ",
        "2022-05-09",
        "Bình Định",
        "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH",
    ),
    (
        "bare-issuer-completed-from-authority-line",
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 512/QĐ-UBND | Tuyên Quang, ngày 03 tháng 4 năm 2017 |\n"
        "VỀ VIỆC BAN HÀNH QUY CHẾ SỬ DỤNG HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ\nỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n",
        "512/QĐ-UBND",
        "QĐ",
        "2017-04-03",
        "Tuyên Quang",
        "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
    ),
    (
        "initials-after-a-space",
        "   HỘI CỰU GIÁO CHỨC         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n     HUYỆN ĐIỆN BÀN              Độc lập – Tự do – Hạnh phúc\n"
        "           Số:   09    /HCGC ĐB                        \n                              Điện Bàn, ngày  12  tháng 3   năm 2021\n",
        "09/HCGC ĐB",
        None,
        "2021-03-12",
        "Điện Bàn",
        "HỘI CỰU GIÁO CHỨC HUYỆN ĐIỆN BÀN",
    ),
    (
        "symbol-wrapped-below-the-date",
        "UBND HUYỆN HẬU LỘC\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nBAN CHỈ ĐẠO PCGD, XMC\n\nĐộc lập – Tự do – Hạnh phúc\n\n"
        "Số: 118 / KH-BCĐPCGD-\n\nHậu Lộc, ngày 02 tháng 10 năm 2021\n\nXMC\n\nKẾ HOẠCH\n",
        "118/KH-BCĐPCGD-XMC",
        "KH",
        "2021-10-02",
        "Hậu Lộc",
        "BAN CHỈ ĐẠO PCGD, XMC HUYỆN HẬU LỘC",
    ),
    (
        "legal-type-then-lowercase-so",
        "QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n         Độc lập - Tự do - Hạnh phúc\nLuật số: 20/2023/QH15\nLUẬT\n"
        "GIAO DỊCH ĐIỆN TỬ\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n",
        "20/2023/QH15",
        None,
        None,
        None,
        "QUỐC HỘI",
    ),
    (
        "blank-number-of-a-draft",
        "BỘ THÔNG TIN VÀ TRUYỀN THÔNG\n________________\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n          Độc lập - Tự do - Hạnh phúc\n"
        "Số:\u00a0 \u00a0 /2024/TT-BTTTT\nHà Nội, ngày\u00a0 \u00a0tháng\u00a0 năm\u00a0 2024\n\u00a0THÔNG TƯ\n",
        "/2024/TT-BTTTT",
        None,
        None,
        "Hà Nội",
        "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
    ),
    (
        "number-glued-to-motto",
        "UBND TỈNH HẬU GIANG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nVĂN PHÒNG\n\nĐộc lập - Tự do - Hạnh phúcSố: 204/TB-VP.UBND\n\n"
        "Hậu Giang, ngày 14 tháng 8 năm 2018\n",
        "204/TB-VP.UBND",
        "TB",
        "2018-08-14",
        "Hậu Giang",
        "VĂN PHÒNG UBND TỈNH HẬU GIANG",
    ),
    (
        "word-table-with-bars-and-gaps",
        "|UBND TỈNH BÌNH THUẬN                    |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM                  |\n"
        "|VĂN PHÒNG                               |Độc lập – Tự do – Hạnh phúc                         |\n"
        "|Số:           /VP-KGVX                  |Bình Thuận, ngày         tháng 11 năm 2024          |\n"
        "|V/v góp ý dự thảo Kế hoạch chuyển đổi số |                                                    |\n",
        "/VP-KGVX",
        None,
        None,
        "Bình Thuận",
        "VĂN PHÒNG UBND TỈNH BÌNH THUẬN",
    ),
    (
        "page-furniture-above-the-header",
        "LƯỢT XEM DOWNLOAD\nTRANG CHỦ\nSỞ TƯ PHÁP TỈNH QUẢNG NAM\nSố: 77/STP-VP\nQuảng Nam, ngày 11 tháng 01 năm 2022\n",
        "77/STP-VP",
        None,
        "2022-01-11",
        "Quảng Nam",
        "SỞ TƯ PHÁP TỈNH QUẢNG NAM",
    ),
    (
        "named-unit-keeps-its-name",
        "SỞ GD&ĐT THÀNH PHỐ ĐÀ NẴNG\nTRƯỜNG THCS NGUYỄN HUỆ\nSố: 31/TB-THCS\nĐà Nẵng, ngày 05 tháng 9 năm 2023\n",
        "31/TB-THCS",
        "TB",
        "2023-09-05",
        "Đà Nẵng",
        "TRƯỜNG THCS NGUYỄN HUỆ",
    ),
    (
        "ocr-number-line-is-no-issuer",
        "BỘ CÔNG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n5§; 4812 /BCA-C06\n"
        "V/v triển khai thư điện tử công vụ Hà Nội, ngày A6 tháng 12 năm 2025\ntrong Công an các đơn vị, địa phương\nKính gửi: Công an các tỉnh\n",
        None,
        None,
        None,
        "Hà Nội",  # the V/v cell and the date cell are cut apart even with an unreadable day
        "BỘ CÔNG AN",
    ),
    (
        "party-office-word-table",
        "BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG ------- | ĐẢNG CỘNG SẢN VIỆT NAM ---------------\n"
        "Số: 52-HD/VPTW | Hà Nội, ngày 10 tháng 5 năm 2021\nHƯỚNG DẪN\n",
        "52-HD/VPTW",
        "HD",
        "2021-05-10",
        "Hà Nội",
        "VĂN PHÒNG TRUNG ƯƠNG ĐẢNG",  # the office issues; the central committee is its superior
    ),
    (
        "word-cell-with-two-bodies",
        "UBND TỈNH BÌNH THUẬN SỞ Y TẾ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 1432/SYT-NVY | Bình Thuận, ngày 08 tháng 7 năm 2024\n",
        "1432/SYT-NVY",
        None,
        "2024-07-08",
        "Bình Thuận",
        "SỞ Y TẾ TỈNH BÌNH THUẬN",
    ),
    (
        "word-cell-school-under-department",
        "SỞ GD&ĐT THÀNH PHỐ ĐÀ NẴNG TRƯỜNG THPT PHAN CHÂU TRINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 88/TB-PCT | Đà Nẵng, ngày 12 tháng 8 năm 2024\n",
        "88/TB-PCT",
        "TB",
        "2024-08-12",
        "Đà Nẵng",
        "TRƯỜNG THPT PHAN CHÂU TRINH",
    ),
    (
        "district-named-like-a-body-word",
        "ỦY BAN NHÂN DÂN HUYỆN TRƯỜNG SA | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 15/TB-UBND | Trường Sa, ngày 02 tháng 4 năm 2024\n",
        "15/TB-UBND",
        "TB",
        "2024-04-02",
        "Trường Sa",
        "ỦY BAN NHÂN DÂN HUYỆN TRƯỜNG SA",
    ),
    (
        "number-cut-after-year",
        "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 08/2024/\nQĐ-UBND\nGia Lai, ngày 19 tháng 3 năm 2024\n",
        "08/2024/QĐ-UBND",
        "QĐ",
        "2024-03-19",
        "Gia Lai",
        "ỦY BAN NHÂN DÂN TỈNH GIA LAI",
    ),
    (
        "party-office-two-lines",
        "BAN CHẤP HÀNH TRUNG ƯƠNG   ĐẢNG CỘNG SẢN VIỆT NAM\nBAN TUYÊN GIÁO\n*\nSố: 140-CV/BTGTW   Hà Nội, ngày 14 tháng 6 năm 2023\n",
        "140-CV/BTGTW",
        "CV",
        "2023-06-14",
        "Hà Nội",
        "BAN TUYÊN GIÁO TRUNG ƯƠNG",
    ),
    (
        # The PDF's content stream holds the title and the first paragraphs before the header table.
        "header-table-after-the-title",
        "TỜ TRÌNH\nVề việc điều chỉnh giờ tiếp công dân tại bộ phận Một cửa\nKính gửi: Ủy ban nhân dân quận Liên Chiểu\n"
        "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;\nCăn cứ tình hình thực tế tại địa phương,\n"
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU\nỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 58/TTr-UBND   Hòa Minh, ngày 07 tháng 10 năm 2024\n",
        "58/TTr-UBND",
        "TTr",
        "2024-10-07",
        "Hòa Minh",
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
    ),
    (
        # OCR lost the hook on "PHỦ" in the header; the authority line under the title kept it.
        "ocr-lost-mark-in-issuer",
        "THỦ TƯỚNG CHÍNH PHU   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 212/QĐ-TTg   Hà Nội, ngày 21 tháng 02 năm 2023\nQUYẾT ĐỊNH\nPhê duyệt Đề án phát triển thư viện số\n"
        "THỦ TƯỚNG CHÍNH PHỦ\nCăn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\n",
        "212/QĐ-TTg",
        "QĐ",
        "2023-02-21",
        "Hà Nội",
        "THỦ TƯỚNG CHÍNH PHỦ",
    ),
]


@pytest.mark.parametrize("case", REAL_LAYOUTS, ids=[c[0] for c in REAL_LAYOUTS])
def test_real_layouts(
    case: tuple[str, str, str | None, str | None, str | None, str | None, str | None],
) -> None:
    _id, text, number, code, date, place, issuer = case
    meta = parse_header(text)
    assert (meta.number, meta.type_code, meta.date, meta.place, meta.issuer) == (
        number,
        code,
        date,
        place,
        issuer,
    )


def test_portal_cells_keep_subject_and_type() -> None:
    meta = parse_header(REAL_LAYOUTS[0][1])
    assert meta.type_name == "QUYẾT ĐỊNH"
    assert meta.issuer_parent is None


def test_signer_in_bar_cells() -> None:
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 41/2019/QĐ-UBND | Quảng Trị, ngày 22 tháng 10 năm 2019 |\n"
        "Điều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 3; | TM. ỦY BAN NHÂN DÂN |\n- Lưu: VT, NC. | KT. CHỦ TỊCH |\n| PHÓ CHỦ TỊCH |\n| |\n"
        "| Hoàng Nam |\n"
    )
    assert parse_header(text).signer == "Hoàng Nam"


def test_signer_in_long_bar_row() -> None:
    """A "|" row longer than an anchor is still cut into its cells (not skipped as prose)."""
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 41/2019/QĐ-UBND | Quảng Trị, ngày 22 tháng 10 năm 2019 |\n"
        "Nơi nhận: - Như Điều 3; - Sở Nội vụ; - Văn phòng UBND tỉnh; - Lưu: VT, NC. | TM. ỦY BAN NHÂN DÂN |\n"
        "| CHỦ TỊCH |\n| |\n| Võ Văn Hưng |\n"
    )
    assert parse_header(text).signer == "Võ Văn Hưng"


def test_signer_from_portal_summary_not_title() -> None:
    """A portal's "Người ký: …" line names the signer; a title in capitals ("THỦ TƯỚNG CHÍNH PHỦ")
    below it is no personal name."""
    text = (
        "Số hiệu: 1520/QĐ-TTg\nLoại văn bản: Quyết định\nNơi ban hành: Thủ tướng Chính phủ\nNgười ký: Phạm Minh Chính\n"
        "Ngày ban hành: 06/12/2022\n\nTHỦ TƯỚNG CHÍNH PHỦ\n--------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 1520/QĐ-TTg\n\nHà Nội, ngày 06 tháng 12 năm 2022\n\nQUYẾT ĐỊNH\n"
    )
    meta = parse_header(text)
    assert (meta.signer, meta.number, meta.issuer) == (
        "Phạm Minh Chính",
        "1520/QĐ-TTg",
        "THỦ TƯỚNG CHÍNH PHỦ",
    )


def test_bare_issuer_kept_without_authority_line() -> None:
    text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 88/UBND-VX | Hòa Minh, ngày 4 tháng 4 năm 2019 |\n"
    assert parse_header(text + "Kính gửi: Các tổ dân phố\n").issuer == "ỦY BAN NHÂN DÂN"


def test_rejoin_leaves_complete_lines_alone() -> None:
    """Only visibly unfinished lines are joined: prose, a name above a date line, a whole place."""
    from congvu.judge.headjoin import rejoin

    lines = [
        "Đề nghị các đơn vị gửi báo cáo về Văn phòng trước ngày 20/5/2024.",
        "Nguyễn Văn An",
        "Hà Nội, ngày 05 tháng 3 năm 2024",
        "Liên Chiểu, ngày 20 tháng 6 năm 2014",
        "QUYẾT ĐỊNH",
        "Về việc khen thưởng",
    ]
    assert rejoin(lines) == lines


def test_title_first_alone_is_not_reordered() -> None:
    """A "THÔNG BÁO" on top with no header table below it is left as it is (no motto to anchor on)."""
    from congvu.judge.header import header_first

    lines = [
        "THÔNG BÁO",
        "Lịch tiếp công dân tháng 10",
        "Chủ tịch UBND phường tiếp công dân vào thứ Năm hằng tuần.",
    ]
    assert header_first(lines) == lines


def test_a_web_pages_title_above_its_header_table_with_empty_cells_between() -> None:
    """A ward's portal page: its own title and view count first, then the header table, whose
    cells the page leaves between empty lines. The issuer's lines and the "Số:" cell above the
    motto are the header's, however many empty lines stand between them (real corpus' g16-0002)."""
    text = (
        "THÔNG BÁO\n\nV/v Lịch tiếp công dân tháng 8 năm 2014\n\n12/08/2014 08:25 97 lượt xem\n\n"
        "ỦY BAN NHÂN DÂN\n\nPHƯỜNG HÒA MINH\n\n \n \n\n \n\nSố:   27 /TB-UBND\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nĐộc lập – Tự do – Hạnh phúc\n\n \n \n\n"
        "Hòa Minh, ngày  12 tháng 8  năm 2014\n\n \n\nTHÔNG BÁO\n\nV/v Lịch tiếp công dân tháng 8 năm 2014\n\n"
        "Thực hiện Luật Tiếp công dân, Ủy ban nhân dân phường thông báo lịch tiếp công dân như sau:\n"
    )
    meta = parse_header(text)
    assert (meta.issuer, meta.number, meta.date) == (
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
        "27/TB-UBND",
        "2014-08-12",
    )


APPENDIX_TEXT = (
    "Đề nghị các đơn vị rà soát theo mẫu ban hành kèm theo Thông tư số 05/2024/TT-BXD.\n"
    "Phụ lục\n(Kèm theo Công văn số 1187/UBND-VP ngày 19/8/2024 của UBND phường Hòa Minh)\n"
    "STT | Tổ dân phố | Số hộ kinh doanh\n"
)


def test_appendix_restates_the_number_and_date() -> None:
    from congvu.judge.header import restated_number

    assert restated_number(APPENDIX_TEXT) == ("1187/UBND-VP", "2024-08-19")
    assert restated_number(APPENDIX_TEXT, "/UBND-VP") == ("1187/UBND-VP", "2024-08-19")
    assert restated_number(APPENDIX_TEXT, "/TB-UBND") is None  # another document's symbol
    # "... ban hành kèm theo Thông tư số …" inside a sentence cites another document.
    assert restated_number(APPENDIX_TEXT.split("\n")[0]) is None
    ban_hanh = "QUY CHẾ\n(Ban hành kèm theo Quyết định số 16/2024/QĐ-UBND ngày 05 tháng 3 năm 2024)\n"
    assert restated_number(ban_hanh) == ("16/2024/QĐ-UBND", "2024-03-05")


def test_unreadable_header_number_taken_from_the_appendix() -> None:
    from congvu.judge.document import document_metadata
    from congvu.model import Extraction, Segment

    page1 = (
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số:      /UBND-VP   Hòa Minh, ngày      tháng 8 năm 2024\nV/v rà soát hộ kinh doanh\n"
    )
    ex = Extraction(pages=2, segments=[Segment(page1, page=1), Segment(APPENDIX_TEXT, page=2)])
    meta = document_metadata(ex)
    assert (meta.number, meta.date) == ("1187/UBND-VP", "2024-08-19")
    # A readable number is never replaced by an appendix's.
    read = page1.replace("Số:      /UBND-VP", "Số: 1190/UBND-VP")
    meta = document_metadata(
        Extraction(pages=2, segments=[Segment(read, page=1), Segment(APPENDIX_TEXT, page=2)])
    )
    assert meta.number == "1190/UBND-VP" and meta.date is None


def test_text_without_a_header_takes_no_number_from_an_appendix_line() -> None:
    """A portal's page listing a file "(Kèm theo Công văn số …)" has no header: its number stays unknown."""
    from congvu.judge.document import document_metadata
    from congvu.model import Extraction, Segment

    page = "Tin tức - Sự kiện\nPhường Hòa Minh rà soát hộ kinh doanh trên địa bàn\n" + APPENDIX_TEXT
    meta = document_metadata(Extraction(pages=1, segments=[Segment(page, page=1)]))
    assert meta.number is None


def test_a_decision_s_type_line_below_the_authority_is_no_signer() -> None:
    """Fresh-18's g29-0010: a scanned decision whose signature is an image; the authority line
    ("CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH …") reads like a block title and "QUYẾT ĐỊNH:" below it (OCR:
    "QUYÉT ĐỊNH") like a name in capitals. No name is better than a wrong one."""
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC GIANG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 1462/QĐ-UBND Bắc Giang, ngày 18 tháng 10 năm 2012\nQUYẾT ĐỊNH\nVề việc bổ sung thành viên Hội đồng thẩm định\n"
        "CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH BẮC GIANG\nCăn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;\n"
        "Xét đề nghị của Sở Nông nghiệp và Phát triển nông thôn,\nQUYÉT ĐỊNH:\nĐiều 1. Bổ sung ông Nguyễn Cường.\n"
        "Nơi nhận: KT. CHỦ TỊCH\n- Như điều 2;\n- Lưu VT, NN.\n"
    )
    assert parse_header(text).signer is None


def test_a_wrapped_sentence_s_last_words_are_no_signer() -> None:
    """fresh-24's Ninh Bình decision: its signature is an image, and the last surname-led line
    found was "Ninh Bình." — the end of "… trên địa bàn tỉnh" wrapped to a line of its own. A line
    that closes a sentence from the line above is no name; the name further up is."""
    from congvu.judge.signer import find_signer

    tail = [  # no block title read (the signature is an image); a name line further up
        "Tống Quang Thìn",
        "PHỤ LỤC I",
        "Danh mục thủ tục hành chính được sửa đổi, bổ sung thuộc thẩm quyền giải quyết của UBND cấp huyện trên địa bàn tỉnh",
        "Ninh Bình.",
    ]
    assert find_signer(tail) == "Tống Quang Thìn"
    assert find_signer(["Nơi nhận:", "- Như trên;", "Nguyễn Văn Toàn."]) == "Nguyễn Văn Toàn"


def test_a_sending_channel_is_no_signer() -> None:
    """fresh-26's Sóc Trăng decision (a Word file): a form's "THỦ TRƯỞNG CƠ QUAN" block in the annex,
    then "Qua Email" lines; the channel is no name."""
    from congvu.judge.signer import find_signer

    form = [
        "|……….., ngày…... tháng…... năm…...                                   |",
        "|THỦ TRƯỞNG CƠ QUAN CẤP                                               |",
        "|(Chức danh người ký, ký, đóng dấu, ghi rõ họ và tên)                 |",
        "|                                                                     |",
        "",
        "-----------------------",
        "Qua Email",
        "",
        "Qua Email",
    ]
    assert find_signer(form) is None
