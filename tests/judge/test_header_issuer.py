"""The issuing body under its superior, e-signature stamps above the header, and a cited date that
must never stand in for the header's own (issue 11 point 3; docs/labelling.md decision 6).

Written from Nghị định 30/2020/NĐ-CP, Phụ lục I: box 1 holds "tên cơ quan, tổ chức chủ quản trực
tiếp" above "tên cơ quan, tổ chức ban hành văn bản"; box 3 the number, box 4 "…, ngày … tháng …
năm …". The bodies are real; the letters are written here, as OCR of a scanned, e-signed letter
gives them (motto words bent, a signature stamp printed over the top)."""

from __future__ import annotations

import pytest

from congvu.judge.header import parse_header

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# The motto as OCR bends it: a letter misread, a dash read as "~", "Tự" as "Ty".
BENT_MOTTOS = [
    ("CONG HOA XA HOI CHU NGH1A VIET NAM", "Độc lập - Ty do - Hạnh phúc"),
    ("CỘNG HOÀ XÃ HỘI CHÍ NGHÌA ỆT NAM", "Độc lập — Tự do ~ Hạnh phúc"),
    ("C9NG HOA XA HQI CHU NGHIA VIET NAM", "Dqc l~p - Tu do - H4nh phuc"),
]
PAIRS = [
    ("TỔNG CỤC THUẾ", "CỤC THUẾ TỈNH BẮC NINH", "2516/CTBNI-TTHT", "Bắc Ninh"),
    ("BỘ TÀI CHÍNH", "TỔNG CỤC HẢI QUAN", "966/TCHQ-TXNK", "Hà Nội"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "VỤ PHÁP CHẾ", "308/CV-PC", "Hà Nội"),
]


def _letter(parent: str, issuer: str, number: str, place: str, motto: tuple[str, str]) -> str:
    """Side by side; OCR of a bent motto also closes the gap between the cells to one space."""
    width = 45 if motto == MOTTO else 0
    return "\n".join(
        [
            f"{parent:<{width}} {motto[0]}",
            f"{issuer:<{width}} {motto[1]}",
            f"Số: {number} {place}, ngày 08 tháng 6 năm 2020",
            "V/v chính sách thuế thu nhập cá nhân",
            "Kính gửi: Công ty TNHH Minh Phát",
        ]
    )


@pytest.mark.parametrize("motto", [MOTTO, *BENT_MOTTOS], ids=["clean", "bent-1", "bent-2", "bent-3"])
@pytest.mark.parametrize("pair", PAIRS, ids=[p[1] for p in PAIRS])
def test_the_issuer_is_the_lower_body_and_the_superior_its_parent(
    pair: tuple[str, str, str, str], motto: tuple[str, str]
) -> None:
    parent, issuer, number, place = pair
    meta = parse_header(_letter(parent, issuer, number, place, motto))
    assert meta.issuer == issuer
    assert meta.issuer_parent == parent
    assert (meta.number, meta.date) == (number, "2020-06-08")


def test_one_body_line_is_the_issuer_never_the_motto() -> None:
    text = "\n".join(
        [
            f"{'BỘ NGOẠI GIAO':<45}{BENT_MOTTOS[0][0]}",
            f"{'':<45}{BENT_MOTTOS[0][1]}",
            "Số: 1234/BNG-LPQT         Hà Nội, ngày 26 tháng 10 năm 2021",
        ]
    )
    meta = parse_header(text)
    assert (meta.issuer, meta.issuer_parent) == ("BỘ NGOẠI GIAO", None)


def test_a_name_wrapped_onto_the_motto_words_is_the_issuers() -> None:
    """ "TỔNG LIÊN ĐOÀN LAO ĐỘNG" / "VIỆT NAM" beside the motto's second line: the cell left of
    the motto is the issuer's, though "VIỆT NAM" is also the motto's last words."""
    text = "\n".join(
        [
            f"{'TỔNG LIÊN ĐOÀN LAO ĐỘNG':<45}{MOTTO[0]}",
            f"{'VIỆT NAM':<45}{MOTTO[1]}",
            "Số: 1500/TLĐ              Hà Nội, ngày 21 tháng 8 năm 2019",
        ]
    )
    assert parse_header(text).issuer == "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"


def test_an_unreadable_number_line_ends_the_issuer_block() -> None:
    """OCR left "Số:" without a number and the date's "ngày" bent: an addressee's name in capitals
    below ("BỘ TÀI CHÍNH" in "Kính gửi") is no second body of the header."""
    text = "\n".join(
        [
            f"{'BỘ NGOẠI GIAO':<45}{MOTTO[0]}",
            f"{'':<45}{MOTTO[1]}",
            "Số: OTERO TS",
            "Hà Nội, ngàu 26 tháng OF năm 2021",
            "BỘ TÀI CHÍNH",
            "THÔNG BÁO",
        ]
    )
    assert parse_header(text).issuer == "BỘ NGOẠI GIAO"


STAMP = [
    "Ký bởi: Cục Thuế tỉnh Bắc Ninh",
    "Cơ quan: Tổng cục Thuế",
    "Thời gian ký:",
    "08.06.2020 15:19",
]


@pytest.mark.parametrize("motto", [MOTTO, BENT_MOTTOS[0]], ids=["clean", "bent"])
def test_an_e_signature_stamp_is_no_header_line(motto: tuple[str, str]) -> None:
    text = "\n".join(
        [*STAMP, "", _letter("TỔNG CỤC THUẾ", "CỤC THUẾ TỈNH BẮC NINH", "2516/CTBNI-TTHT", "Bắc Ninh", motto)]
    )
    meta = parse_header(text)
    assert (meta.issuer, meta.issuer_parent) == ("CỤC THUẾ TỈNH BẮC NINH", "TỔNG CỤC THUẾ")
    assert meta.date == "2020-06-08"


def test_the_signing_time_is_not_the_documents_date() -> None:
    """The header's date OCR destroyed ("ngàu"): the stamp's "08.06.2020 15:19" must not stand in."""
    text = "\n".join(
        [
            *STAMP,
            "",
            f"{'TỔNG CỤC THUẾ':<45}{MOTTO[0]}",
            f"{'CỤC THUẾ TỈNH BẮC NINH':<45}{MOTTO[1]}",
            "Số: 2516/CTBNI-TTHT       Bắc Ninh, ngàu 0S thàng ó năm 2O2O",
            "V/v chính sách thuế thu nhập cá nhân",
        ]
    )
    assert parse_header(text).date is None


BODY_CITING = [
    "V/v tăng cường kỷ cương trong việc ban hành công văn",
    "Kính gửi: Cục Thuế các tỉnh, thành phố trực thuộc Trung ương",
    "Thực hiện chỉ đạo của Bộ Tài chính tại công văn số 11614/BTC-PC ngày",
    "24/10/2023 về việc tăng cường kỷ cương, kỷ luật trong công tác xây dựng pháp luật,",
    "Tổng cục Thuế đề nghị các Cục Thuế thực hiện như sau:",
]


def _citing_letter(date_line: str) -> str:
    return "\n".join(
        [
            f"{'BỘ TÀI CHÍNH':<45}{MOTTO[0]}",
            f"{'TỔNG CỤC THUẾ':<45}{MOTTO[1]}",
            f"Số: 4222/TCT-PC           {date_line}",
            *BODY_CITING,
        ]
    )


def test_a_date_cited_in_a_wrapped_sentence_never_stands_in() -> None:
    """The header's date line OCR bent past reading; the cited letter's date, wrapped to open the
    next line ("… công văn số 11614/BTC-PC ngày" / "24/10/2023 về việc …"), is that letter's."""
    assert parse_header(_citing_letter("Hà Nội, ngàu O9 thàng 1l năm 2023")).date is None


@pytest.mark.parametrize(
    "date_line", ["Hà Nội. ngày 09 tháng 11 năm 2023", "Hà Nội, ngày 09 tháng 11 năm 2023"]
)
def test_the_place_date_line_with_ocrs_dot_for_the_comma(date_line: str) -> None:
    meta = parse_header(_citing_letter(date_line))
    assert (meta.place, meta.date) == ("Hà Nội", "2023-11-09")


def test_the_place_date_line_cut_after_the_day_with_a_dot_for_the_comma() -> None:
    text = _citing_letter("Hà Nội. ngày 09").replace("ngày 09\n", "ngày 09\ntháng 11 năm 2023\n", 1)
    assert parse_header(text).date == "2023-11-09"


def test_a_sentence_ending_before_a_capital_ngay_is_no_place() -> None:
    """ "… của UBND Thành phố. Ngày 15 tháng 5 năm 2023, …": a dot then a capital "Ngày" opens a
    sentence; the words before it are no place."""
    text = "\n".join(
        [
            "Báo cáo gửi Sở Nội vụ và UBND Thành phố. Ngày 15 tháng 5 năm 2023, đoàn kiểm tra làm việc.",
        ]
    )
    assert parse_header(text).place is None
