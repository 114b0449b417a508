"""Vietnamese first, English on request (?lang=en, remembered in a cookie); dates as dd/mm/yyyy in
Asia/Ho_Chi_Minh, because that is how every form in the district writes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from congvu.register.months import LOCAL

LANGS = ("vi", "en")

# key -> (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "app": ("Kiểm tra thư điện tử công vụ", "Official e-mail compliance"),
    "overview": ("Tổng quan", "Overview"),
    "units": ("Đơn vị", "Units"),
    "unit": ("Đơn vị", "Unit"),
    "review": ("Xem xét vi phạm", "Review queue"),
    "check": ("Kiểm tra văn bản", "Check a document"),
    "sheet": ("Bảng đánh giá", "Evaluation sheet"),
    "settings": ("Cấu hình", "Settings"),
    "audit": ("Nhật ký", "Audit trail"),
    "report": ("Báo cáo tháng", "Monthly report"),
    "my_record": ("Hồ sơ của tôi", "My record"),
    "login": ("Đăng nhập", "Log in"),
    "logout": ("Đăng xuất", "Log out"),
    "user": ("Tên đăng nhập", "User name"),
    "password": ("Mật khẩu", "Password"),
    "bad_login": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    "locked": (
        "Quá nhiều lần đăng nhập sai; vui lòng thử lại sau ít phút.",
        "Too many failed logins; try again in a few minutes.",
    ),
    "month": ("Tháng", "Month"),
    "this_month": ("Tháng này", "This month"),
    "trend": ("Diễn biến 12 tháng", "12-month trend"),
    "per_unit": ("Theo đơn vị", "Per unit"),
    "total": ("Tổng", "Total"),
    "pending": ("Chờ xem xét", "Pending"),
    "confirmed": ("Đã xác nhận", "Confirmed"),
    "dismissed": ("Đã bác bỏ", "Dismissed"),
    "contested": ("Đang khiếu nại", "Contested"),
    "status": ("Trạng thái", "Status"),
    "people": ("Cán bộ, công chức", "Staff"),
    "person": ("Họ và tên", "Name"),
    "position": ("Chức vụ", "Position"),
    "violations": ("Vi phạm", "Violations"),
    "no_violations": ("Không có vi phạm.", "No violations."),
    "units_over_time": ("Quá trình công tác", "Units over time"),
    "from_date": ("Từ ngày", "From"),
    "to_date": ("Đến ngày", "To"),
    "until_now": ("nay", "now"),
    "older": ("Cũ hơn", "Older"),
    "newest": ("Mới nhất", "Newest"),
    "evidence": ("Chứng cứ", "Evidence"),
    "document": ("Văn bản", "Document"),
    "page": ("Trang", "Page"),
    "line": ("Dòng", "Line"),
    "excerpt": ("Trích đoạn", "Excerpt"),
    "reason": ("Lý do", "Reason"),
    "confirm": ("Xác nhận vi phạm", "Confirm"),
    "dismiss": ("Bác bỏ", "Dismiss"),
    "contest": ("Khiếu nại thay cán bộ", "Contest on behalf"),
    "assign": ("Gán cho người", "Assign to person"),
    "unattributed": ("(chưa xác định người)", "(unattributed)"),
    "upload": ("Tải văn bản lên", "Upload a draft"),
    "upload_help": (
        "Văn bản dự thảo (.docx, .pdf, .doc, .odt, .rtf, .txt, .html, .eml, .zip, ảnh quét)."
        " Tệp chỉ được đọc để kiểm tra, không được lưu lại.",
        "A draft (.docx, .pdf, .doc, .odt, .rtf, .txt, .html, .eml, .zip, scans)."
        " The file is only read for the check and is not kept.",
    ),
    "do_check": ("Kiểm tra", "Check"),
    "verdict": ("Kết luận", "Verdict"),
    "v_violation": (
        "Vi phạm: dùng hộp thư công cộng làm địa chỉ liên hệ",
        "Violation: public mailbox as contact",
    ),
    "v_review": ("Cần xem xét", "Needs review"),
    "v_clean": ("Không vi phạm", "Clean"),
    "v_error": ("Không đọc được tệp", "File could not be read"),
    "address": ("Địa chỉ", "Address"),
    "class": ("Loại", "Class"),
    "rule": ("Quy tắc", "Rule"),
    "proposed": ("Đề xuất", "Proposed"),
    "final": ("Kết quả", "Final"),
    "note": ("Ghi chú", "Note"),
    "download_xlsx": ("Tải bảng XLSX", "Download XLSX"),
    "save": ("Lưu", "Save"),
    "official_domains": ("Tên miền công vụ", "Official domains"),
    "public_domains": ("Hộp thư công cộng (danh sách kèm theo)", "Public mailboxes (bundled list)"),
    "extra_public": ("Tên miền công cộng bổ sung", "Extra public domains"),
    "add": ("Thêm", "Add"),
    "remove": ("Xóa", "Remove"),
    "when": ("Thời điểm", "When"),
    "who": ("Người thực hiện", "Who"),
    "action": ("Thao tác", "Action"),
    "not_available": ("Chưa có", "Not available yet"),
    "forbidden": ("Bạn không có quyền xem trang này.", "You may not see this page."),
    "not_found": ("Không tìm thấy.", "Not found."),
    "done": ("Đã ghi nhận.", "Saved."),
    "role": ("Vai trò", "Role"),
    "language": ("English", "Tiếng Việt"),
    "heads_share": ("Tỷ lệ lãnh đạo vi phạm", "Heads' share"),
}


def translator(lang: str) -> Callable[[str], str]:
    index = 1 if lang == "en" else 0

    def t(key: str) -> str:
        pair = MESSAGES.get(key)
        return pair[index] if pair else key

    return t


def fmt_date(value: date | datetime | str | None, with_time: bool = False) -> str:
    """dd/mm/yyyy (and HH:MM for moments), seen from Đà Nẵng."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        raw = value
        try:
            value = datetime.fromisoformat(raw) if "T" in raw or " " in raw else date.fromisoformat(raw)
        except ValueError:
            return raw
    if isinstance(value, datetime):
        local = value.astimezone(LOCAL) if value.tzinfo else value
        return local.strftime("%d/%m/%Y %H:%M") if with_time else local.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def fmt_month(month: str | None) -> str:
    """2014-06 → 06/2014."""
    if not month or len(month) != 7:
        return month or ""
    return f"{month[5:7]}/{month[:4]}"
