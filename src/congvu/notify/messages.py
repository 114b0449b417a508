"""The reminder texts (đôn đốc, nhắc nhở) in Vietnamese: one for the person with a confirmed
violation, one for their head (clause 1: heads answer for their staff); and the notice to an
inspector that a confirmed violation was contested and awaits their decision; and the notice to
the person that their contest was upheld and the case dismissed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from congvu.rules import DIRECTIVE, DIRECTIVE_FULL


@dataclass(frozen=True, slots=True)
class Reminder:
    """One message to send: who about which violation, and where (an official address)."""

    violation_id: int
    month: str
    role: str  # violator | head | contest (the notice to an inspector) | dismissed (to the person)
    recipient_id: str
    recipient_name: str
    address: str
    violator_name: str
    violator_position: str
    unit_name: str
    evidence: str  # one line: the document and the address found, or the inspector's note
    cap: str
    note: str = ""  # contest: the reason the person gave
    round: int = 0  # the decision it is about (violations.decision_no; contested_no for a notice)


def _month(month: str) -> str:
    return f"{month[5:7]}/{month[:4]}"


def subject(r: Reminder) -> str:
    if r.role == "dismissed":
        return f"[Kết quả khiếu nại] Vi phạm #{r.violation_id} tháng {_month(r.month)} đã được hủy bỏ"
    if r.role == "contest":
        return f"[Khiếu nại] Vi phạm #{r.violation_id} tháng {_month(r.month)} chờ thanh tra quyết định lại"
    if r.role == "head":
        return f"[Đôn đốc] CBCCVV đơn vị vi phạm {DIRECTIVE} tháng {_month(r.month)}"
    return f"[Nhắc nhở] Vi phạm {DIRECTIVE} về sử dụng thư điện tử công vụ tháng {_month(r.month)}"


def body(r: Reminder, sender_name: str) -> str:
    month = _month(r.month)
    if r.role == "dismissed":
        lines = [
            f"Kính gửi: Ông/Bà {r.recipient_name},",
            "",
            f"Sau khi xem xét khiếu nại của Ông/Bà, {sender_name} thông báo: vi phạm mã #{r.violation_id} "
            f"tháng {month} ({r.unit_name}) đã được hủy bỏ. Đây là quyết định cuối cùng.",
            f"Nội dung đã ghi nhận trước đây: {r.evidence}",
            "",
            f"Vi phạm này không còn được tính khi đánh giá, xếp loại tháng {month} theo điểm b khoản 2 "
            f"{DIRECTIVE}.",
        ]
    elif r.role == "contest":
        lines = [
            f"Kính gửi: Ông/Bà {r.recipient_name},",
            "",
            f"Vi phạm mã #{r.violation_id} tháng {month} của {r.violator_name} ({r.violator_position}, "
            f"{r.unit_name}) đã được xác nhận và nay bị khiếu nại.",
            f"Nội dung vi phạm: {r.evidence}",
            f"Lý do khiếu nại: {r.note}",
            "",
            "Đề nghị Ông/Bà xem xét và quyết định lại; quyết định sau khiếu nại là quyết định cuối cùng. "
            "Trong khi chờ, bảng đánh giá tháng của đơn vị không thể khóa.",
        ]
    elif r.role == "head":
        lines = [
            f"Kính gửi: Ông/Bà {r.recipient_name},",
            "",
            f"Thực hiện {DIRECTIVE_FULL}, {sender_name} thông báo: trong tháng {month}, "
            f"{r.violator_name} ({r.violator_position}, {r.unit_name}) đã sử dụng hộp thư điện tử "
            "công cộng trong hoạt động công vụ; vi phạm đã được xác nhận (mã #"
            f"{r.violation_id}).",
            f"Nội dung: {r.evidence}",
            "",
            "Đề nghị Ông/Bà nhắc nhở, chấn chỉnh cán bộ nêu trên; xếp loại tháng vi phạm không cao hơn "
            f"mức “{r.cap}” theo điểm b khoản 2 Chỉ thị; chỉ đạo sửa đổi văn bản (nếu có) để chỉ sử "
            "dụng địa chỉ thư điện tử công vụ @danang.gov.vn.",
        ]
    else:
        lines = [
            f"Kính gửi: Ông/Bà {r.recipient_name},",
            "",
            f"Thực hiện {DIRECTIVE_FULL}, {sender_name} nhắc nhở: trong tháng {month}, Ông/Bà đã sử dụng "
            "hộp thư điện tử công cộng trong hoạt động công vụ; vi phạm đã được xác nhận "
            f"(mã #{r.violation_id}).",
            f"Nội dung: {r.evidence}",
            "",
            "Đề nghị Ông/Bà chỉ sử dụng hộp thư điện tử công vụ của thành phố (@danang.gov.vn) cho công "
            f"việc. Theo điểm b khoản 2 Chỉ thị, xếp loại tháng {month} không cao hơn mức “{r.cap}”. "
            "Nếu có ý kiến khác, Ông/Bà có thể khiếu nại qua Thủ trưởng đơn vị.",
        ]
    lines += [
        "",
        "Trân trọng.",
        sender_name,
        "",
        "(Thư gửi tự động từ hệ thống congvu; vui lòng không trả lời.)",
    ]
    return "\n".join(lines) + "\n"


def build_message(r: Reminder, sender: str, sender_name: str, now: datetime) -> EmailMessage:
    """The MIME message; the Message-ID is returned to the outbox so a re-send can be traced."""
    msg = EmailMessage()
    msg["From"] = f"{sender_name} <{sender}>"
    msg["To"] = r.address
    msg["Subject"] = subject(r)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid("congvu-reminder", domain=sender.rsplit("@", 1)[-1])
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Congvu-Violation"] = str(r.violation_id)
    msg.set_content(body(r, sender_name))
    return msg
