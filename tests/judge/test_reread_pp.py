"""PP-OCR as the header's independent second reader (`congvu.judge.reread.believe_pp`): its digits
fill an empty number only where they fill the slot Tesseract's reads saw between "Số:" and the
symbol, and a date only where the digits Tesseract saw agree.
The reads below are shaped like real ones of the real corpus' dev scans: Tesseract's page lines
with the handwriting as marks, PP-OCR's lines with the Vietnamese marks dropped and words glued."""

from __future__ import annotations

import pytest

from congvu.judge.header import parse_header
from congvu.judge.reread import believe_pp, correct_fours, pp_could_help
from congvu.model import Metadata

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _page(number_line: str) -> str:
    """Page 1 of a scanned decision as Tesseract returns it: two columns side by side."""
    return (
        f"ỦY BAN NHÂN DÂN {MOTTO}\n"
        "TỈNH HẢI DƯƠNG Độc lập - Tự do - Hạnh phúc\n"
        f"{number_line}\n"
        "QUYẾT ĐỊNH\n"
        "Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh\n"
        "Căn cứ Luật Tổ chức HĐND và UBND ngày 26 tháng 11 năm 2003;\n"
    )


def _pp(*lines: str) -> str:
    return "\n".join(["UY BAN NHAN DAN", "CONG HOA XA HOI CHU NGHIA VIET NAM", *lines])


def _believe(first_line: str, pp: str, band: str | None = None) -> Metadata:
    first = _page(first_line)
    return believe_pp(parse_header(first), first, band, pp)


def test_handwritten_number_and_day_read_by_pp_fill_the_gaps() -> None:
    meta = _believe(
        "Số: ÊŒ /QĐ-UBND Hải Dương, ngày /o tháng 01 năm 2011",
        _pp("S: 68/QD-UBND", "Hi Duong, ngày 10tháng 01 năm 2011"),
    )
    # the symbol keeps Tesseract's "Đ" (PP-OCR drops it); the date is PP-OCR's digits
    assert (meta.number, meta.type_code, meta.date) == ("68/QĐ-UBND", "QĐ", "2011-01-10")


def test_a_dropped_digit_is_caught_by_the_first_reads_length() -> None:
    # a handwritten 874: Tesseract wrote three marks, PP-OCR one digit
    meta = _believe("Số: 84+ /QĐ-UBND Hải Dương, ngày 05 tháng 7 năm 2019", _pp("Só:8/QD-UBND"))
    assert meta.number is None


def test_the_sharper_band_read_can_veto_too() -> None:
    # a handwritten 2871: the page read three marks, PP-OCR three digits, the band read four marks
    first_line = "Số:<8H /QĐ-UBND Hải Dương, ngày 24 tháng 10 năm 2022"
    band = _page("S6:0871 /QĐ-UBND Hải Dương, ngày off thang {năm 2022")
    assert _believe(first_line, _pp("S:281/QD-UBND"), band).number is None
    assert _believe(first_line, _pp("S:281/QD-UBND")).number == "281/QĐ-UBND"  # without the band: believed


@pytest.mark.parametrize(
    "pp_line",
    [
        "Só:G86/QD-UBND",  # a stroke read as a letter: PP-OCR is unsure too
        "S: 66//QD-UBND",  # a digit read as a stroke
        "S: 2M/QD-UBND",
    ],
)
def test_a_number_pp_could_not_read_as_digits_stays_empty(pp_line: str) -> None:
    assert _believe("Số: #86 /QĐ-UBND Hải Dương, ngày 16 tháng 9 năm 2019", _pp(pp_line)).number is None


def test_a_digit_tesseract_saw_must_be_the_same() -> None:
    meta = _believe("Số: 7#5 /QĐ-UBND Hải Dương, ngày 16 tháng 9 năm 2019", _pp("S: 135/QD-UBND"))
    assert meta.number is None
    meta = _believe("Số: 1#5 /QĐ-UBND Hải Dương, ngày 16 tháng 9 năm 2019", _pp("S: 135/QD-UBND"))
    assert meta.number == "135/QĐ-UBND"


def test_a_4_tesseract_saw_may_be_a_handwritten_1() -> None:
    # Tesseract's commonest misreading on the real scans (126 read 426, 170 read 470)
    meta = _believe("Số: 4#6 /QĐ-UBND Hải Dương, ngày 16 tháng 9 năm 2019", _pp("S: 126/QD-UBND"))
    assert meta.number == "126/QĐ-UBND"
    # but not the other way round
    meta = _believe("Số: 1#6 /QĐ-UBND Hải Dương, ngày 16 tháng 9 năm 2019", _pp("S: 426/QD-UBND"))
    assert meta.number is None


@pytest.mark.parametrize(
    ("first_line", "band_line", "pp_line", "expected"),
    [
        # handwriting split by a space, the page read lost the slash ("'BC"): the band read's slot
        (
            "56:34. 'QĐ-UBND Hải Dương, ngày 03 tháng 8 năm 2020",
            "$6.34 9/QĐ-UBND",
            "Só:349/QD-UBND",
            "349/QĐ-UBND",
        ),
        # a mark glued to the symbol, no slash: the slot is up to the symbol (g29-0006's shape)
        (
            "Số: 2%#QĐ-UBND Hải Dương, ngày 12 tháng 9 năm 2012",
            "Số: 2Ø#QĐ-UBND",
            "S:298/QD-UBND",
            "298/QĐ-UBND",
        ),
        # two marks apart: four characters written, PP-OCR's four digits (g28-0008's shape)
        (
            "Số:4 #12 /QĐ-UBND Hải Dương, ngày 16 tháng 10 năm 2017",
            "Só6:4#Ï2 /QĐ-UBND",
            "S:1912/QD-UBND",
            "1912/QĐ-UBND",
        ),
        # the reads disagree on a digit (2 on the page, 5 in the band): neither is believed (g62-0012)
        (
            "Số: J2 đý/QĐ-UBND Hải Dương, ngày 16 tháng 9 năm 2020",
            "Số: J5 0ý/QĐ-UBND",
            "S:5508/QD-UBND",
            None,
        ),
        # the longer read wrote four characters, PP-OCR three digits: one dropped (g52-0011)
        ("Số:<8H /QĐ-UBND Hải Dương, ngày 24 tháng 10 năm 2022", "S6:0871 /QĐ-UBND", "S:281/QD-UBND", None),
    ],
)
def test_pp_fills_the_slot_tesseracts_reads_saw(
    first_line: str, band_line: str, pp_line: str, expected: str | None
) -> None:
    assert _believe(first_line, _pp(pp_line), _page(band_line)).number == expected


@pytest.mark.parametrize(
    ("first_date", "pp_date", "expected"),
    [
        ("ngày AZ tháng 02 năm 2025", "Bc Lieu, ngày 18tháng02năm 2025", "2025-02-18"),
        ("ngày ? tháng 9 năm 2012", "Bc Giang, ngày2tháng 9 năm 2012", None),  # one digit: a 12's "1" lost?
        ("ngày AZ tháng 08 năm 2025", "Bc Lieu, ngày 18tháng02năm 2025", None),  # month seen 08, read 02
        ("ngày 1% tháng 02 năm 2025", "Tay Ninh, ngày 28 tháng 02 năm 2025", None),  # day seen 1…, read 28
        ("ngày &0 tháng 02 năm 2025", "Tay Ninh, ngày &0 tháng 02 năm 2025", None),  # no digits either
        ("ngày 48 tháng 01 năm 2010", "Ha Noi, ngày 48 tháng 01 năm 2010", None),  # no such day
    ],
)
def test_day_and_month_believed_only_where_the_reads_agree(
    first_date: str, pp_date: str, expected: str | None
) -> None:
    meta = _believe(f"Số: 68/QĐ-UBND Hải Dương, {first_date}", _pp("S: 68/QD-UBND", pp_date))
    assert meta.date == expected


def test_fields_the_first_read_found_are_never_replaced() -> None:
    first = _page("Số: 69/QĐ-UBND Hải Dương, ngày 10 tháng 01 năm 2011")
    meta = parse_header(first)
    again = believe_pp(meta, first, None, _pp("S: 68/QD-UBND", "Hi Duong, ngày 11tháng 01 năm 2011"))
    assert again is meta


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("Số: ÊŒ /QĐ-UBND Hải Dương, ngày /o tháng 01 năm 2011", True),
        ("Số: /QĐ-UBND Hải Dương, ngày tháng 01 năm 2011", True),  # the date line: a day can come from PP
        ("Số: ÊŒ /QĐ-UBND", True),  # a token where the digits were written
        ("Số: /QĐ-UBND", False),  # e-signed, the number left blank and no date line: nothing to check PP by
    ],
)
def test_pp_is_asked_only_when_it_could_fill_a_field(first_line: str, expected: bool) -> None:
    first = _page(first_line).replace("Căn cứ Luật Tổ chức HĐND và UBND ngày 26 tháng 11 năm 2003;\n", "")
    meta = parse_header(first)
    assert pp_could_help(meta, first) is expected
    if not expected:  # and then indeed nothing it could read would be believed
        pp = _pp("S: 68/QD-UBND", "Hi Duong, ngày 10tháng 01 năm 2011")
        assert believe_pp(meta, first, None, pp) is meta


# --- a 4 Tesseract wrote, settled by PP-OCR (`correct_fours`) -------------------------------------


def _fours(first_line: str, pp: str) -> Metadata:
    return correct_fours(parse_header(_page(first_line)), pp)


def test_a_handwritten_1_read_as_4_is_settled_by_pp() -> None:
    # g36-0008's shape: a handwritten "106" that Tesseract reads "406" with every other digit right
    meta = _fours("Số:406/QĐ-UBND Hải Dương, ngày 04 tháng 5 năm 2022", _pp("S:106/QD-UBND"))
    assert meta.number == "106/QĐ-UBND"  # PP-OCR's digits, Tesseract's symbol (its "Đ")
    meta = _fours("Số: 844/QĐ-UBND", _pp("Só: 874 /QD-UBND"))  # a 7 read as 4 too
    assert meta.number == "874/QĐ-UBND"


def test_pp_never_overrules_a_digit_other_than_a_4() -> None:
    # the reads disagree where Tesseract wrote an 8: neither is believed over the other
    assert _fours("Số: 438/QĐ-UBND", _pp("S: 131/QD-UBND")).number == "438/QĐ-UBND"
    # PP-OCR dropped a digit, or reads another symbol: Tesseract's number stands
    assert _fours("Số: 1420/QĐ-UBND", _pp("S: 120/QD-UBND")).number == "1420/QĐ-UBND"
    assert _fours("Số: 406/QĐ-UBND", _pp("S: 106/TB-UBND")).number == "406/QĐ-UBND"
    # a true 4 that PP-OCR also reads as 4 stays
    assert _fours("Số: 154/QĐ-UBND", _pp("S: 154/QD-UBND")).number == "154/QĐ-UBND"
