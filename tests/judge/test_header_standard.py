"""Headers built from the templates of Nghị định 30/2020/NĐ-CP (Phụ lục I: boxes 1-4; Phụ lục III:
the type codes) and laid out as PDFs, portals and OCR deliver them. Each layout is one the header
reader must read the same as the clean template: number, date and issuer.

The headers are written here from the decree's forms ("Số: 15/QĐ-BNV", "Số: 05/BNV-VP", "Hà Nội,
ngày 05 tháng 01 năm 2020", "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019"), with real bodies'
names; no corpus item is copied."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from congvu.judge.header import clean_header_text, parse_header
from congvu.judge.vocab import TYPE_CODES

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Form:
    parent: str | None
    issuer: str  # as printed, one line
    number: str
    place: str
    day: str
    month: str
    year: str
    type_name: str | None
    subject: str

    @property
    def date(self) -> str:
        return f"{self.year}-{int(self.month):02d}-{int(self.day):02d}"

    @property
    def date_line(self) -> str:
        return f"{self.place}, ngày {self.day} tháng {self.month} năm {self.year}"

    def left(self) -> list[str]:
        return [*([self.parent] if self.parent else []), self.issuer]

    def body(self) -> list[str]:
        title = [self.type_name] if self.type_name else []
        return [
            *title,
            self.subject,
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        ]


FORMS = [
    Form(
        None,
        "BỘ NỘI VỤ",
        "15/QĐ-BNV",
        "Hà Nội",
        "05",
        "01",
        "2020",
        "QUYẾT ĐỊNH",
        "Về việc thành lập Tổ công tác",
    ),
    Form(
        None,
        "BỘ NỘI VỤ",
        "05/BNV-VP",
        "Hà Nội",
        "05",
        "01",
        "2020",
        None,
        "V/v báo cáo công tác văn thư năm 2019",
    ),
    Form(
        "UBND THÀNH PHỐ HỒ CHÍ MINH",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "1208/SGDĐT-VP",
        "Thành phố Hồ Chí Minh",
        "29",
        "6",
        "2019",
        None,
        "V/v tuyển sinh lớp 10 năm học 2019-2020",
    ),
    Form(
        None,
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
        "12/2024/QĐ-UBND",
        "Liên Chiểu",
        "08",
        "02",
        "2024",
        "QUYẾT ĐỊNH",
        "Ban hành Quy chế làm việc của Ủy ban nhân dân quận",
    ),
    Form(
        "UBND HUYỆN HÒA VANG",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "278/PGD&ĐT-THCS",
        "Hòa Vang",
        "17",
        "10",
        "2023",
        "KẾ HOẠCH",
        "Tổ chức hội thi giáo viên dạy giỏi cấp huyện",
    ),
    Form(
        None,
        "THỦ TƯỚNG CHÍNH PHỦ",
        "45/CT-TTg",
        "Hà Nội",
        "11",
        "12",
        "2023",
        "CHỈ THỊ",
        "Về tăng cường công tác văn thư",
    ),
]
IDS = [f.number for f in FORMS]


def side_by_side(f: Form) -> str:
    """The clean two-column table as a text layer gives it: left and right cells on one line."""
    left = [*f.left(), f"Số: {f.number}"]
    right = [*MOTTO, f.date_line]
    rows = [f"{a:<45}{b}" for a, b in zip(left, right[: len(left)], strict=False)]
    rows += [" " * 45 + b for b in right[len(left) :]]
    return "\n".join([*rows, *f.body()])


def stacked(f: Form) -> str:
    """One cell per line, left column first (a portal's copy)."""
    return "\n".join([*f.left(), f"Số: {f.number}", *MOTTO, f.date_line, *f.body()])


def flattened(f: Form, sep: str) -> str:
    """Both table rows on one line, cells apart by `sep` (a PDF viewer's copy of the table)."""
    return "\n".join([sep.join([*f.left(), *MOTTO, f"Số: {f.number}", f.date_line]), *f.body()])


def so_alone(f: Form) -> str:
    return "\n".join([*f.left(), "Số:", f.number, *MOTTO, f.date_line, *f.body()])


def date_split(f: Form) -> str:
    head, tail = f.date_line.split(" tháng ")
    return "\n".join([*f.left(), f"Số: {f.number}", *MOTTO, head, f"tháng {tail}", *f.body()])


def place_split(f: Form) -> str:
    place, rest = f.date_line.split(", ")
    return "\n".join([*f.left(), f"Số: {f.number}", *MOTTO, f"{place},", rest, *f.body()])


def number_and_date_glued(f: Form) -> str:
    """Number and place-date cells joined by one space, the date then cut after its day."""
    head, tail = f.date_line.split(" tháng ")
    return "\n".join([*f.left(), *MOTTO, f"Số: {f.number} {head}", f"tháng {tail}", *f.body()])


def issuer_word_alone(f: Form) -> str:
    """The issuer's first word alone on its line, the motto beside it ("ỦY" / "BAN NHÂN DÂN")."""
    first, rest = f.issuer.split(" ", 1)
    parent = [f"{f.parent:<45}"] if f.parent else []
    lines = [*parent, f"{first:<45}{MOTTO[0]}", f"{rest:<45}{MOTTO[1]}", f"Số: {f.number:<40}{f.date_line}"]
    return "\n".join([*lines, *f.body()])


LAYOUTS = {
    "side-by-side": side_by_side,
    "stacked": stacked,
    "flattened-bar": lambda f: flattened(f, " | "),
    "flattened-tab": lambda f: flattened(f, "\t"),
    "flattened-gap": lambda f: flattened(f, "     "),
    "so-alone": so_alone,
    "date-split": date_split,
    "place-split": place_split,
    "number-and-date-glued": number_and_date_glued,
    "issuer-word-alone": issuer_word_alone,
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("form", FORMS, ids=IDS)
def test_every_layout_reads_the_template(form: Form, layout: str) -> None:
    meta = parse_header(LAYOUTS[layout](form))
    assert meta.number == form.number
    assert meta.date == form.date
    assert meta.issuer is not None and meta.issuer.startswith(form.issuer)


@pytest.mark.parametrize("form", FORMS, ids=IDS)
def test_no_break_spaces_are_spaces(form: Form) -> None:
    text = stacked(form)
    noisy = text.replace(" ", "\u00a0")  # a web page's no-break spaces
    assert clean_header_text(noisy) == text
    meta = parse_header(noisy)
    assert (meta.number, meta.date) == (form.number, form.date)


@pytest.mark.parametrize("form", FORMS, ids=IDS)
@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff"])
def test_invisible_characters_change_nothing(form: Form, mark: str) -> None:
    # zero-width spaces and joiners, soft hyphens, byte-order marks (editors, PDF text layers)
    digits = form.number.split("/")[0]
    noisy = (
        stacked(form)
        .replace("Số:", f"S{mark}ố:")
        .replace(digits, f"{digits[0]}{mark}{digits[1:]}", 1)
        .replace("ngày", f"ngày{mark}")
    )
    meta = parse_header(noisy)
    assert (meta.number, meta.date) == (form.number, form.date)


@pytest.mark.parametrize("form", FORMS, ids=IDS)
def test_eth_for_d_with_stroke(form: Form) -> None:
    # Windows-1252 fonts and OCR give "Ð" (U+00D0) for "Đ": Vietnamese has no eth
    meta = parse_header(stacked(form).replace("Đ", "\u00d0"))
    assert meta.number == form.number
    assert meta.issuer is not None and meta.issuer.startswith(form.issuer)


@pytest.mark.parametrize("code", sorted(TYPE_CODES))
def test_every_type_code_of_the_decree_is_read(code: str) -> None:
    form = FORMS[3]
    number = f"12/2024/{code}-UBND"
    meta = parse_header(stacked(form).replace(form.number, number))
    assert meta.number == number
    assert meta.type_code == code


@pytest.mark.parametrize(
    "number",
    [
        "278/PGD&ĐT-THCS",  # "&" in a unit's abbreviation
        "06/2024/QĐ-UBND",  # a year (legal documents of local authorities)
        "653/2019/UBTVQH14",  # the Standing Committee with its term
        "1322/STC-GCS&TCDN",
        "116/TB-VP.UBND",  # a dot inside the organ's abbreviation
        "21/QĐ-UB",  # the older "UB" for Ủy ban (before the 2003 law)
        "36-HD/VPTW",  # the party's number-code/body
        "86/TB-TS2022",  # a year glued to a code (a college's admissions notice, real corpus g70-0003)
    ],
)
def test_numbers_as_real_bodies_write_them(number: str) -> None:
    form = FORMS[4]
    for layout in ("stacked", "side-by-side", "flattened-bar"):
        meta = parse_header(LAYOUTS[layout](form).replace(form.number, number))
        assert meta.number == number, layout


def test_a_sentence_citing_a_dated_document_is_no_date_line() -> None:
    """The header's day is unreadable; a body line citing a document "…, ngày 10 tháng 5" / "năm
    2019 …" must not be joined into a date line and stand in for it."""
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN",
            "HUYỆN HÒA VANG",
            *MOTTO,
            "Số: 52/TB-UBND Hòa Vang, ngày ## tháng 5 năm 2019",
            "THÔNG BÁO",
            "Về việc thu hồi giấy chứng nhận quyền sử dụng đất",
            "UBND huyện nhận được Công văn số 72/CV-TNMT, ngày 10 tháng 5",
            "năm 2019 của Phòng Tài nguyên và Môi trường về việc thông báo thu hồi giấy chứng nhận.",
        ]
    )
    assert parse_header(text).date is None


def test_a_copy_without_accented_letters_keeps_its_date_line() -> None:
    """A document portal's text layer that dropped every accented letter (real corpus g75-0003):
    "S: 02 /HD-SVHTTDL Ph Th, ngay 12 thang 01 nm 2017" is still the number and the date line."""
    text = "\n".join(
        [
            "UBND TNH PH TH CNG HO X HI CH NGHA VIT NAM",
            "S VN HO TH THAO V DU LCH c l p - T do - Hanh phuc",
            "",
            "S: 02 /HD-SVHTTDL Ph Th, ngay 12 thang 01 nm 2017",
            "",
            "HNG DN",
        ]
    )
    meta = parse_header(text)
    assert (meta.number, meta.date, meta.place) == ("02/HD-SVHTTDL", "2017-01-12", "Ph Th")


def test_a_lone_body_word_joins_only_a_name() -> None:
    """ "BỘ" alone then the motto: nothing to join; the issuer line below is read as written."""
    text = "\n".join(
        [
            "BỘ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TÀI CHÍNH",
            "Số: 12/BTC-VP",
            "Hà Nội, ngày 05 tháng 01 năm 2020",
        ]
    )
    meta = parse_header(text)
    assert meta.number == "12/BTC-VP"
    assert meta.date == "2020-01-05"


@pytest.mark.parametrize("number_line", ["Số: lHI /PKTHT-TH", "Só:2⁄Ï. /STC-VP", "_Số: ## /UBND-VP"])
def test_an_unreadable_number_line_is_never_the_issuer(number_line: str) -> None:
    """OCR left no digit of a handwritten number; the line cut from its date is still the number's,
    no part of the issuing body's name."""
    text = "\n".join(
        [
            f"{'UBND HUYỆN HÒA VANG':<40}{MOTTO[0]}",
            f"{'PHÒNG TÀI CHÍNH - KẾ HOẠCH':<40}{MOTTO[1]}",
            f"{number_line} Hòa Vang, ngày 12 tháng 5 năm 2022",
            "V/v góp ý dự thảo quy chế",
        ]
    )
    meta = parse_header(text)
    assert meta.issuer is not None and meta.issuer.startswith("PHÒNG TÀI CHÍNH - KẾ HOẠCH")
    assert meta.date == "2022-05-12"


@pytest.mark.parametrize("so", ["sé:", "số:", "so:"])
def test_number_word_ocr_read_in_lowercase(so: str) -> None:
    """OCR lost the capital of "Số:" opening the number cell; still the document's number."""
    text = "\n".join(
        [
            f"{'TỔNG CỤC THUẾ':<40}{MOTTO[0]}",
            f"{'CỤC THUẾ TỈNH QUẢNG NAM':<40}{MOTTO[1]}",
            f"{so} 5120 /CTQNA-TTHT Quảng Nam, ngày 14 tháng 9 năm 2023",
            "V/v chính sách thuế thu nhập cá nhân",
        ]
    )
    meta = parse_header(text)
    assert (meta.number, meta.date) == ("5120/CTQNA-TTHT", "2023-09-14")


def test_a_lowercase_citation_in_a_sentence_is_no_number() -> None:
    text = "\n".join(
        [
            "UBND QUẬN LIÊN CHIỂU",
            "Thực hiện Công văn số 12/UBND-VP của UBND thành phố, đề nghị các phường báo cáo.",
        ]
    )
    assert parse_header(text).number is None


@pytest.mark.parametrize(
    "date_line", ["Bắc Ninh, ngày.28 tháng 05 năm 2020", "Bắc Ninh, ngày 28 tháng.05 năm 2020"]
)
def test_a_dot_of_the_fill_in_line_before_the_day(date_line: str) -> None:
    """The form's dotted line ("ngày …… tháng …… năm ……") leaves a dot that OCR keeps before the
    typed day or month."""
    text = "\n".join(
        [
            f"{'TỔNG CỤC THUẾ':<40}{MOTTO[0]}",
            f"{'CỤC THUẾ TỈNH BẮC NINH':<40}{MOTTO[1]}",
            f"Số: 2516/CTBNI-TTHT {date_line}",
            "V/v thu nhập chịu thuế thu nhập cá nhân",
        ]
    )
    assert parse_header(text).date == "2020-05-28"
