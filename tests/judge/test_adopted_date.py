"""A law or a council's resolution whose header carries no date (Quốc hội's never does; a converted
copy may lose the table) dates itself in its closing formula: "… này được … thông qua ngày …"."""

from __future__ import annotations

from congvu.judge.datefind import adopted_date
from congvu.judge.document import document_metadata
from congvu.model import Extraction, Metadata, Segment

RESOLUTION = (
    "NGHỊ QUYẾT\n"
    "Về thí điểm một số cơ chế, chính sách đặc thù phát triển thành phố Đà Nẵng\n"
    "QUỐC HỘI\n"
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
    "Căn cứ Nghị quyết số 119/2020/QH14 được Quốc hội thông qua ngày 19 tháng 6 năm 2020;\n"
    "QUYẾT NGHỊ:\n"
    "Điều 1. Phạm vi điều chỉnh\n"
    "Nghị quyết này quy định thí điểm một số cơ chế, chính sách đặc thù.\n"
    "Nghị quyết này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV,\n"
    "kỳ họp thứ 5 thông qua ngày 24 tháng 6 năm 2023.\n"
)


def _meta(text: str) -> Metadata:
    return document_metadata(Extraction(pages=1, segments=[Segment(text, page=1)]))


def test_the_closing_formula_dates_a_resolution_without_a_header_date() -> None:
    assert adopted_date(RESOLUTION) == "2023-06-24"  # not the cited resolution's 19 June 2020
    assert _meta(RESOLUTION).date == "2023-06-24"


def test_a_council_resolution_formula_with_da_and_a_lowercase_council() -> None:
    text = (
        "Nghị quyết này đã được Hội đồng nhân dân thành phố Đà Nẵng khóa X, Kỳ họp thứ 9 thông qua "
        "ngày 12 tháng 7 năm 2023 và có hiệu lực từ ngày 22 tháng 7 năm 2023."
    )
    assert adopted_date(text) == "2023-07-12"


def test_another_documents_adoption_is_a_citation_not_a_date() -> None:
    cited = (
        "Thực hiện Nghị quyết số 12/NQ-HĐND đã được Hội đồng nhân dân thành phố thông qua ngày 5 "
        "tháng 7 năm 2023, Ủy ban nhân dân quận Liên Chiểu đề nghị các phường triển khai."
    )
    assert adopted_date(cited) is None
    assert _meta(cited).date is None


def test_the_header_date_wins_over_the_formula() -> None:
    text = (
        "HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THÀNH PHỐ ĐÀ NẴNG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 45/NQ-HĐND Đà Nẵng, ngày 14 tháng 7 năm 2023\n"
        "NGHỊ QUYẾT\n"
        "Nghị quyết này đã được Hội đồng nhân dân thành phố khóa X, Kỳ họp thứ 9 thông qua ngày "
        "12 tháng 7 năm 2023.\n"
    )
    assert _meta(text).date == "2023-07-14"
