"""Build the binary example documents in examples/documents/ (the text ones are written by hand).

    uv run python tools/make_examples.py

The outputs are committed, so the demo needs neither fpdf2 nor python-docx; this script is how
they were made and how to remake them. All people, addresses and numbers are fictional.
"""

from __future__ import annotations

import io
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "examples" / "documents"
sys.path.insert(0, str(ROOT / "tests" / "extract"))

from pdfbuild import build_text_pdf, render_text_png  # noqa: E402

GIAY_MOI = [
    "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
    "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 21/GM-LĐTBXH",
    "Liên Chiểu, ngày 08 tháng 10 năm 2014",
    "GIẤY MỜI",
    "Dự họp triển khai chi trả trợ cấp ưu đãi người có công quý IV năm 2014",
    "Phòng Lao động - Thương binh và Xã hội quận trân trọng kính mời đại diện lãnh đạo UBND các phường",
    "và công chức phụ trách lao động - thương binh và xã hội phường đến dự họp.",
    "Thời gian: 14 giờ 00, ngày 15 tháng 10 năm 2014.",
    "Địa điểm: Phòng họp số 2, UBND quận Liên Chiểu.",
    "Đề nghị các đơn vị xác nhận thành phần tham dự trước ngày 13/10/2014.",
    "KT. TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG",
    "Đặng Công Trung",
]
FOOTER_GMAIL = "Địa chỉ: 47 Lạc Long Quân, Liên Chiểu; ĐT: 0236.3842.117; Email: ldtbxh.lienchieu@gmail.com"

BAO_CAO = [
    "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA HIỆP NAM",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 112/BC-UBND",
    "Hòa Hiệp Nam, ngày 25 tháng 11 năm 2014",
    "BÁO CÁO",
    "Tình hình sử dụng hộp thư điện tử công vụ tháng 11 năm 2014",
    "Thực hiện Chỉ thị số 01/CT-UBND ngày 20/6/2014 của Chủ tịch UBND quận, UBND phường báo cáo như sau:",
    "100% cán bộ, công chức phường đã được cấp và sử dụng hộp thư điện tử @danang.gov.vn.",
    "Không phát hiện trường hợp sử dụng hộp thư điện tử công cộng trong hoạt động công vụ.",
    "Đầu mối liên hệ: bà Huỳnh Thị Mai, công chức Văn phòng - Thống kê, thư điện tử maiht@danang.gov.vn.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Trần Thị Thanh Vân",
]

THONG_BAO_SCAN = "\n".join(
    [
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA HIỆP BẮC",
        "Số: 35/TB-UBND",
        "Hòa Hiệp Bắc, ngày 02 tháng 12 năm 2014",
        "THÔNG BÁO",
        "Về việc tuyển dụng lao động hợp đồng",
        "Hồ sơ dự tuyển nộp tại bộ phận Một cửa hoặc gửi về",
        "địa chỉ thư điện tử: tuyendung.hoahiepbac@gmail.com",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Đặng Ngọc Hiếu",
    ]
)


def make_docx() -> bytes:
    d = docx.Document()
    for line in GIAY_MOI:
        d.add_paragraph(line)
    d.sections[0].footer.paragraphs[0].text = FOOTER_GMAIL
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_eml(attachment: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Văn phòng UBND phường Hòa Hiệp Nam <vanphong.hoahiepnam@danang.gov.vn>"
    msg["To"] = "Phòng Văn hóa và Thông tin <vhtt.lienchieu@danang.gov.vn>"
    msg["Subject"] = "Gửi Báo cáo số 112/BC-UBND về sử dụng thư điện tử công vụ tháng 11/2014"
    msg["Date"] = "Tue, 25 Nov 2014 09:12:00 +0700"
    msg.set_content(
        "Kính gửi Phòng Văn hóa và Thông tin,\n\nVăn phòng UBND phường gửi kèm Báo cáo số "
        "112/BC-UBND.\n\nTrân trọng.\n"
    )
    msg.add_attachment(attachment, maintype="application", subtype="pdf", filename="112-BC-UBND.pdf")
    return msg.as_bytes()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "04-giay-moi-ldtbxh.docx").write_bytes(make_docx())
    report_pdf = build_text_pdf(["\n".join(BAO_CAO)])
    (OUT / "05-bao-cao-hoa-hiep-nam.pdf").write_bytes(report_pdf)
    (OUT / "06-thong-bao-scan.png").write_bytes(render_text_png(THONG_BAO_SCAN))
    (OUT / "07-thu-gui-bao-cao.eml").write_bytes(make_eml(report_pdf))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ho-so/giay-moi.docx", make_docx())
        z.writestr("ho-so/bao-cao.pdf", report_pdf)
    (OUT / "08-ho-so-nen.zip").write_bytes(buf.getvalue())


if __name__ == "__main__":
    main()
