"""Vietnamese first, English on request (?lang=en, remembered in a cookie); dates as dd/mm/yyyy in
Asia/Ho_Chi_Minh, because that is how every form in the district writes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from congvu.clock import LOCAL
from congvu.rules import RULES

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
    "units_below": ("so sánh các đơn vị trực thuộc", "comparing the units below"),
    "unit_and_below": ("Đơn vị và các đơn vị trực thuộc", "Unit and the units below"),
    "all_units": ("tất cả đơn vị", "all units"),
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
    "contest_own": ("Khiếu nại", "Contest"),
    "to_decide": ("cần quyết định lại", "to decide again"),
    "contest_notice": (
        "Có {n} vụ việc đang khiếu nại, chờ thanh tra quyết định lại — xem danh sách",
        "{n} contested case(s) await your decision — open the list",
    ),
    "reopen": ("Mở lại quyết định", "Reopen the decision"),
    "decision_final": (
        "Quyết định sau khiếu nại là quyết định cuối cùng; chỉ thanh tra mới có thể mở lại (có lý do).",
        "The decision after a contest is final; only an inspector may reopen it (with a reason).",
    ),
    "contest_until": ("Có thể khiếu nại quyết định này đến", "This decision may be contested until"),
    "sheet_is_closed": (
        "Bảng đánh giá của tháng này đã khóa; cần mở lại (có lý do) trước khi thay đổi",
        "This month's sheet is closed; reopen it (with a reason) before changing it",
    ),
    "awaiting_contest": ("Chờ giải quyết khiếu nại", "Awaiting a decision on the contest"),
    "contest_withholds": (
        "kết quả đánh giá tháng này của người vi phạm được giữ lại cho đến khi thanh tra quyết định lại.",
        "the person's rating for this month is withheld until the inspector decides again.",
    ),
    "close_sheet": ("Khóa bảng đánh giá", "Close the sheet"),
    "reopen_sheet": ("Mở lại bảng đánh giá", "Reopen the sheet"),
    "sheet_open": ("Bảng đánh giá đang mở.", "The sheet is open."),
    "sheet_closed_by": ("Bảng đánh giá đã khóa lúc", "The sheet was closed on"),
    "cannot_close_yet": ("Chưa thể khóa bảng:", "The sheet cannot be closed yet:"),
    "blocker_contested": ("đang khiếu nại, chờ thanh tra quyết định", "contested, awaiting the inspector"),
    "blocker_window": ("còn có thể khiếu nại đến", "may still be contested until"),
    "closed_sheets": ("Bảng đánh giá đã khóa", "Closed sheets"),
    "may_contest_here": (
        "Bạn có thể khiếu nại một vi phạm đã xác nhận một lần, trong thời hạn ghi trên trang vi phạm.",
        "You may contest a confirmed violation once, within the time shown on its page.",
    ),
    "cap_explained": (
        "Vi phạm đã xác nhận giới hạn kết quả đánh giá tháng đó ở mức tối đa",
        "A confirmed violation caps that month's rating at",
    ),
    "err_refused": ("Thao tác này không được phép.", "This is not allowed."),
    "err_unknown": ("Không tìm thấy.", "Not found."),
    "err_reason_required": ("Vui lòng ghi lý do.", "Please give a reason."),
    "err_wrong_state": (
        "Vụ việc đã thay đổi trạng thái; thao tác này không còn áp dụng.",
        "The case's status has changed; this action no longer applies.",
    ),
    "err_unattributed": (
        "Chưa xác định người vi phạm; hãy gán người trước.",
        "No person yet; assign one first.",
    ),
    "err_head_own_case": (
        "Lãnh đạo không được khiếu nại vụ việc của chính mình; thanh tra sẽ quyết định.",
        "A head cannot contest their own case; the inspector decides it.",
    ),
    "err_not_the_person": (
        "Chỉ người có tên trong vụ việc, hoặc lãnh đạo đơn vị, mới được khiếu nại.",
        "Only the person named in the case, or their head, may contest it.",
    ),
    "err_final": (
        "Quyết định sau khiếu nại là quyết định cuối cùng; không thể khiếu nại lần nữa.",
        "The decision after a contest is final; it cannot be contested again.",
    ),
    "err_contested_once": (
        "Quyết định này đã được khiếu nại một lần.",
        "This decision has already been contested once.",
    ),
    "err_window_closed": ("Đã hết thời hạn khiếu nại (đến {until}).", "The time to contest ended ({until})."),
    "err_changed": (
        "Vụ việc vừa được người khác thay đổi; vui lòng xem lại.",
        "Someone changed it meanwhile; look again.",
    ),
    "err_sheet_closed": (
        "Bảng đánh giá tháng này đã khóa; cần mở lại (có lý do) trước.",
        "This month's sheet is closed; reopen it (with a reason) first.",
    ),
    "err_already_closed": ("Bảng đánh giá đã khóa.", "The sheet is already closed."),
    "err_not_closed": ("Bảng đánh giá chưa khóa.", "The sheet is not closed."),
    "err_close_blocked": (
        "Chưa thể khóa bảng: còn vụ việc đang khiếu nại hoặc còn trong thời hạn khiếu nại.",
        "The sheet cannot be closed: a case is contested or may still be contested.",
    ),
    "err_bad_rating": ("Mức đánh giá không hợp lệ.", "Not a rating on the scale."),
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
    "entity": ("Đối tượng", "Entity"),
    "entity_id": ("Mã đối tượng", "Entity id"),
    "action_code": ("Mã thao tác", "Action code"),
    "all": ("Tất cả", "All"),
    "filter": ("Lọc", "Filter"),
    "clear_filters": ("Bỏ lọc", "Clear filters"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "no_events": ("Không có sự kiện nào.", "No events."),
    # One case per document and the queue of review items (issue 12, case12).
    "occurrences": ("Nơi gặp văn bản", "Where the document was found"),
    "occurrences_help": (
        "Cùng một văn bản (tệp riêng, trong tệp nén, đính kèm thư hay tải lên lại) chỉ là một vụ việc.",
        "The same document (on its own, in an archive, attached to an e-mail or uploaded again) is one case.",
    ),
    "occ_path": ("Tệp / đường dẫn", "File / path"),
    "occ_seen": ("Thời điểm ghi nhận", "Recorded at"),
    "review_items": ("Cần xem xét", "To review"),
    "ri_title": ("Văn bản cần xem xét (DOC-002, DOC-003)", "Documents to review (DOC-002, DOC-003)"),
    "ri_help": (
        "Địa chỉ công cộng không phải đầu mối liên hệ, hoặc tên miền giống tên miền công vụ: thanh tra "
        "chuyển thành vi phạm (chọn cán bộ) hoặc đóng với lý do “không vi phạm”.",
        "A public address that is not a contact point, or a look-alike of an official domain: an "
        "inspector turns it into a violation (choosing the person) or closes it as “not a violation”.",
    ),
    "ri_empty": ("Không còn văn bản nào cần xem xét.", "Nothing left to review."),
    "ri_person": ("Cán bộ vi phạm", "Person responsible"),
    "ri_choose": ("Gõ tên hoặc mã cán bộ…", "Type a name or an id…"),
    "ri_promote": ("Chuyển thành vi phạm", "Make it a violation"),
    "ri_close": ("Đóng: không vi phạm", "Close: not a violation"),
    "err_no_review_item": ("Không có mục cần xem xét số {id}.", "There is no review item {id}."),
    "err_review_item_decided": (
        "Mục số {id} đã được xử lý; tải lại trang để xem danh sách mới.",
        "Item {id} has already been decided; reload the page for the current list.",
    ),
    "err_person_required": ("Vui lòng chọn cán bộ vi phạm.", "Please choose the person."),
    # The whole-sheet save (issue 12: no pre-selected proposal, one form, a confirmation step).
    "no_proposal": ("chưa đề xuất", "no proposal"),
    "save_sheet": ("Lưu bảng đánh giá", "Save the sheet"),
    "save_sheet_help": (
        "Chỉ các dòng đã chọn mức và có thay đổi được lưu; bạn sẽ được xem lại trước khi lưu.",
        "Only rows with a chosen rating that changed are saved; you review them before saving.",
    ),
    "sheet_confirm": ("Xác nhận lưu {n} thay đổi:", "Confirm {n} change(s):"),
    "confirm_save": ("Xác nhận và lưu", "Confirm and save"),
    "cancel": ("Hủy", "Cancel"),
    "will_be_capped": ("do vi phạm, kết quả tối đa là", "capped for a violation at"),
    "no_changes": ("Không có thay đổi nào để lưu.", "There is nothing to save."),
    "sheet_saved": ("Đã lưu {n} thay đổi.", "{n} change(s) saved."),
    # The sheet's note, in the words of `evaluation._note` (the register's Vietnamese) or English.
    "note_violation": ("Vi phạm Chỉ thị 01/CT-UBND", "Violation of Directive 01/CT-UBND"),
    "note_at_most": ("tối đa", "at most"),
    "note_no_result": ("chưa có kết quả", "no result yet"),
    "err_sheet_rows": (
        "Một số dòng chưa được lưu; xem lý do ở từng dòng.",
        "Some rows were not saved; see the reason on each row.",
    ),
    # The report's preview (issue 12): the Vietnamese words are the Word report's own
    # (tests/web/test_web_report_preview.py holds them to `docx_report`'s headers and captions).
    "rpt_preview": ("Xem trước báo cáo", "Report preview"),
    "rpt_preview_help": (
        "Cùng số liệu, bảng và biểu đồ như tệp Word; tải DOCX/PDF ở trên để trình ký.",
        "The same figures, tables and charts as the Word file (in Vietnamese); download DOCX/PDF above.",
    ),
    "rpt_general": ("I. TÌNH HÌNH CHUNG", "I. GENERAL SITUATION"),
    "rpt_results": ("II. KẾT QUẢ KIỂM TRA", "II. RESULTS OF THE CHECKS"),
    "rpt_docs_table": ("1. Kiểm tra văn bản theo cơ quan, đơn vị", "1. Documents checked per unit"),
    "rpt_cases_table": ("2. Tình hình xử lý vi phạm theo cơ quan, đơn vị", "2. Violations handled per unit"),
    "rpt_mail_table": ("3. Kiểm tra luồng thư điện tử", "3. Mail flow checks"),
    "rpt_charts": ("Biểu đồ", "Charts"),
    "rpt_chart_trend": (
        "Biểu đồ 1. Diễn biến số trường hợp vi phạm trong 12 tháng",
        "Chart 1. Violations over the last 12 months",
    ),
    "rpt_chart_units": (
        "Biểu đồ 2. Số trường hợp vi phạm theo cơ quan, đơn vị",
        "Chart 2. Violations per unit",
    ),
    "rpt_cases": ("III. CÁC TRƯỜNG HỢP VI PHẠM", "III. THE VIOLATIONS"),
    "rpt_no_cases": (
        "Trong kỳ không có trường hợp vi phạm được xác nhận.",
        "No violation was confirmed in the period.",
    ),
    "rpt_more_cases": (
        "… và {n} trường hợp khác (có đủ trong tệp Word và danh sách vi phạm).",
        "… and {n} more (all are in the Word file and the violations list).",
    ),
    "rpt_pending_left": (
        "Ngoài ra còn {n} trường hợp đang chờ xem xét, sẽ báo cáo khi có kết luận.",
        "{n} more case(s) await review and will be reported once decided.",
    ),
    "rpt_units": ("Cơ quan, đơn vị toàn quận", "Units in the district"),
    "rpt_staff": ("Cán bộ, công chức, viên chức, người lao động", "Staff"),
    "rpt_checked": ("Văn bản đã kiểm tra", "Documents checked"),
    "rpt_of_units": ("của {n} cơ quan, đơn vị", "from {n} unit(s)"),
    "rpt_capped_at": ("Số lượt xếp loại bị giới hạn ở mức", "Ratings capped at"),
    "rpt_none_closed": ("chưa có đơn vị nào khóa bảng đánh giá", "no unit has closed its sheet"),
    "rpt_previous": ("Vi phạm đã xác nhận tháng", "Confirmed violations in"),
    "rpt_total": ("Tổng cộng", "Total"),
    "rpt_document": ("Văn bản", "Document"),
    "rpt_status": ("Tình trạng", "Status"),
    "rpt_found_by_hand": ("Phát hiện qua kiểm tra trực tiếp", "Found by a direct check"),
    "rpt_h_stt": ("STT", "No."),
    "rpt_h_unit": ("Cơ quan, đơn vị", "Unit"),
    "rpt_h_staff": ("Số CBCCVV", "Staff"),
    "rpt_h_checked": ("Văn bản đã kiểm tra", "Documents checked"),
    "rpt_h_violation": ("Có vi phạm", "With a violation"),
    "rpt_h_review": ("Cần xem xét", "To review"),
    "rpt_h_clean": ("Không phát hiện", "Nothing found"),
    "rpt_h_recorded": ("Ghi nhận", "Recorded"),
    "rpt_h_pending": ("Chờ xem xét", "Pending"),
    "rpt_h_confirmed": ("Đã xác nhận", "Confirmed"),
    "rpt_h_contested": ("Khiếu nại", "Contested"),
    "rpt_h_dismissed": ("Đã bác bỏ", "Dismissed"),
    "rpt_h_violators": ("Người vi phạm", "Violators"),
    "rpt_h_capped": ("Giới hạn xếp loại", "Ratings capped"),
    "rpt_h_rule": ("Quy tắc", "Rule"),
    "rpt_h_count": ("Số phát hiện", "Findings"),
    "err_off_sheet": (
        "Người này không có trong bảng đánh giá của đơn vị tháng này.",
        "This person is not on the unit's sheet for this month.",
    ),
}

# The evidence a violation shows: mail messages, the original document (issue 12).
MESSAGES.update(
    {
        "mail_time": ("Thời điểm (giờ Đà Nẵng)", "Time (Đà Nẵng)"),
        "mail_message_id": ("Message-ID", "Message-ID"),
        "mail_queue_ids": ("Mã hàng đợi", "Queue IDs"),
        "mail_sender": ("Người gửi", "Sender"),
        "mail_recipient": ("Người nhận", "Recipient"),
        "mail_login": ("Đăng nhập", "Login"),
        "mail_log_lines": ("Dòng nhật ký máy chủ thư", "Mail server log lines"),
        "mail_messages_count": ("Số thư vi phạm", "Messages in breach"),
        "mail_first_shown": ("hiển thị", "showing the first"),
        "open_original": ("Mở bản gốc", "Open original"),
    }
)

# Triage, errors and language (issue 12): one block, kept together.
MESSAGES.update(
    {
        "triage": ("Danh sách vi phạm", "Violations list"),
        "all_months": ("Tất cả các tháng", "All months"),
        "open": ("Chưa giải quyết", "Open"),
        "assignee": ("Người vi phạm", "Assignee"),
        "number_sign": ("Mã số", "ID"),
        "recorded_at": ("Ngày ghi nhận", "Recorded"),
        "decided_at": ("Ngày quyết định", "Decided"),
        "person_code": ("Mã cán bộ", "Person ID"),
        "unit_code": ("Mã đơn vị", "Unit code"),
        "file": ("Tệp", "File"),
        "rule_title": ("Nội dung quy tắc", "Rule description"),
        "select_case": ("Chọn", "Select"),
        "selected_cases": ("các vụ việc đã chọn", "selected cases"),
        "bulk_done": ("Đã ghi nhận quyết định cho {n} vụ việc.", "Decision recorded for {n} case(s)."),
        "bulk_refused": ("{n} vụ việc không được ghi nhận:", "{n} case(s) refused:"),
        "bulk_refused_more": (
            "… và {n} vụ việc khác không được ghi nhận (lọc trạng thái để xem).",
            "… and {n} more refused (filter by status to see them).",
        ),
        "err_none_selected": ("Chưa chọn vụ việc nào.", "No case selected."),
        "err_too_many": ("Mỗi lần chỉ được quyết định tối đa {n} vụ việc.", "At most {n} cases at a time."),
        "next_case": ("Vụ việc tiếp theo", "Next case"),
        "back_to_list": ("Về danh sách", "Back to the list"),
        "end_of_list": ("Đã hết danh sách.", "That was the last case of the list."),
        "previous": ("Trang trước", "Previous"),
        "next_page": ("Trang sau", "Next"),
        "facets_month_only": (
            "Số lượng theo từng giá trị lọc chỉ hiển thị khi chọn một tháng.",
            "Counts per filter value are shown for one month at a time.",
        ),
        "code": ("Mã", "Code"),
        "show": ("Xem", "Show"),
        "sheet_link": ("Bảng đánh giá", "Sheet"),
        "resume_decision": (
            "Phiên đăng nhập đã hết hạn nên quyết định chưa được ghi. Nội dung đã nhập được giữ lại bên"
            " dưới: kiểm tra lại và bấm nút để ghi.",
            "Your session had expired, so the decision was not recorded. What you typed is kept below:"
            " check it and press the button again.",
        ),
        "session_expired": (
            "Phiên đăng nhập đã hết hạn; đăng nhập lại để tiếp tục. Nội dung đã nhập được giữ lại.",
            "Your session has expired; log in again to continue. What you typed is kept.",
        ),
        "http_400": ("Yêu cầu không hợp lệ.", "Bad request."),
        "http_401": ("Vui lòng đăng nhập.", "Please log in."),
        "http_403": ("Bạn không có quyền thực hiện thao tác này.", "You may not do this."),
        "http_404": ("Không tìm thấy.", "Not found."),
        "http_405": ("Thao tác không hợp lệ với trang này.", "This page does not accept that action."),
        "http_409": ("Thao tác bị từ chối.", "The action was refused."),
        "http_413": ("Tệp quá lớn.", "The file is too large."),
        "http_422": ("Dữ liệu gửi lên không hợp lệ.", "The data sent is not valid."),
        "http_429": ("Quá nhiều yêu cầu; vui lòng thử lại sau.", "Too many requests; try again later."),
        "http_500": ("Lỗi hệ thống.", "Server error."),
        "bad_parameter": ("Tham số không hợp lệ", "Invalid parameter"),
        "back_home": ("Về trang chủ", "Home"),
        "err_unknown_person": (
            "Không có cán bộ mã {person} trong danh bạ.",
            "No person {person} in the directory.",
        ),
        "not_public": ("Tên miền không coi là công cộng", "Domains never treated as public"),
        "look_up": ("Tra cứu", "Look up"),
        "cap_setting": ("Mức đánh giá tối đa khi có vi phạm", "Highest rating with a violation"),
        "settings_source": ("Nguồn cấu hình", "Settings read from"),
    }
)

# The settings page's policy preview and adoption (issue 14): one block, kept together.
MESSAGES.update(
    {
        "whatif_title": ("Xem trước chính sách dự kiến", "Preview a candidate policy"),
        "whatif_help": (
            "Sửa danh sách tên miền, chế độ xử lý thư hoặc mức giới hạn rồi bấm Xem trước: hệ thống chấm "
            "lại các văn bản đã ghi nhận trong tháng theo chính sách dự kiến. Không ghi gì vào sổ theo dõi.",
            "Edit the domain lists, the mail mode or the cap and press Preview: the month's recorded "
            "documents are judged again under the candidate policy. Nothing is written to the register.",
        ),
        "candidate_official": ("Tên miền công vụ (mỗi dòng một tên miền)", "Official domains (one a line)"),
        "candidate_extra": ("Bổ sung vào danh sách hộp thư công cộng", "Added to the public-mailbox list"),
        "candidate_not_public": ("Không coi là công cộng", "Never treated as public"),
        "candidate_lookalike": ("Khoảng cách tên miền giả mạo", "Look-alike distance"),
        "candidate_mode": ("Chế độ xử lý thư", "Mail mode"),
        "candidate_cap": ("Mức đánh giá tối đa khi có vi phạm", "Highest rating with a violation"),
        "candidate_log": (
            "Nhật ký thư để thử (không bắt buộc, tối đa {mb} MB)",
            "Mail log to try (optional, at most {mb} MB)",
        ),
        "preview_button": ("Xem trước", "Preview"),
        "adopt_button": ("Áp dụng", "Adopt"),
        "nothing_written": (
            "Đây chỉ là dự kiến: sổ theo dõi không thay đổi.",
            "This is a preview only: the register is unchanged.",
        ),
        "policy_changes": ("Thay đổi so với chính sách hiện hành", "Changes from the policy in force"),
        "no_policy_change": (
            "Chính sách dự kiến giống chính sách hiện hành.",
            "The candidate is the policy in force.",
        ),
        "would_appear": ("Vi phạm sẽ phát sinh", "Cases that would appear"),
        "would_disappear": ("Vi phạm sẽ mất", "Cases that would disappear"),
        "sheets_change": ("Phiếu đánh giá sẽ thay đổi", "Evaluation sheets that would change"),
        "undecided_cases": (
            "Chưa chấm lại được (dấu hiệu nằm ngoài trích đoạn đã lưu)",
            "Not re-judged (the cue lies outside the excerpt kept)",
        ),
        "nothing_changes": ("Không có gì thay đổi.", "Nothing would change."),
        "final_now": ("Kết quả hiện nay", "Rating now"),
        "final_after": ("Kết quả dự kiến", "Rating after"),
        "capped_now": ("Bị giới hạn hiện nay", "Capped now"),
        "capped_after": ("Bị giới hạn dự kiến", "Capped after"),
        "capped": ("bị giới hạn", "capped"),
        "uncapped": ("hết bị giới hạn", "uncapped"),
        "rules_now": ("Quy tắc hiện nay", "Rule now"),
        "rules_after": ("Quy tắc dự kiến", "Rule after"),
        "mail_preview": ("Thư trong nhật ký", "Messages in the log"),
        "action_now": ("Xử lý hiện nay", "Action now"),
        "action_after": ("Xử lý dự kiến", "Action after"),
        "to_citizen": ("Gửi công dân", "To a citizen"),
        "refused_to_citizen": (
            "Thư gửi công dân bị từ chối hoặc giữ lại",
            "Mail to citizens refused or held",
        ),
        "sender": ("Người gửi", "Sender"),
        "recipient": ("Người nhận", "Recipient"),
        "messages_acted": ("Thư thay đổi cách xử lý", "Messages handled differently"),
        "rows_hidden": (
            "dòng thuộc đơn vị ngoài phạm vi của bạn không hiển thị",
            "rows of units outside your scope are not shown",
        ),
        "preview_too_long": (
            "Việc xem trước vượt quá thời gian cho phép (web.whatif_seconds); hãy chạy lệnh",
            "The preview took longer than allowed (web.whatif_seconds); run",
        ),
        "version_settings": ("Phiên bản chính sách của tệp cấu hình", "Policy version of the settings file"),
        "version_in_force": ("Phiên bản đang áp dụng (nhật ký)", "Version in force (audit trail)"),
        "version_candidate": ("Phiên bản dự kiến", "Candidate version"),
        "none_recorded": ("chưa ghi nhận", "none recorded"),
        "version_differs": (
            "Phiên bản đang áp dụng khác tệp cấu hình: cần cập nhật tệp cấu hình "
            "để các lệnh chấm theo phiên bản này.",
            "The version in force differs from the settings file: update the file "
            "for the commands to judge under it.",
        ),
        "adopt_title": ("Áp dụng chính sách dự kiến", "Adopt the candidate policy"),
        "adopt_confirm": ("Tôi xác nhận áp dụng chính sách này", "I confirm adopting this policy"),
        "adopt_inspectors_only": (
            "Chỉ thanh tra viên được áp dụng chính sách.",
            "Only inspectors can adopt a policy.",
        ),
        "adopted_version": ("Đã áp dụng phiên bản chính sách", "Policy version adopted"),
        "already_in_force": (
            "Phiên bản này đã được áp dụng; không ghi thêm gì.",
            "This version is already in force; nothing recorded.",
        ),
        "settings_file_lines": (
            "Để các lệnh và dịch vụ thư chấm theo chính sách này, tệp cấu hình cần có:",
            "For the commands and mail services to judge under it, the settings file must carry:",
        ),
        "field_official_domains": ("Tên miền công vụ", "Official domains"),
        "field_extra_public_domains": ("Bổ sung vào danh sách công cộng", "Added public domains"),
        "field_not_public": ("Không coi là công cộng", "Never public"),
        "field_lookalike_distance": ("Khoảng cách tên miền giả mạo", "Look-alike distance"),
        "field_mode": ("Chế độ xử lý thư", "Mail mode"),
        "field_cap": ("Mức đánh giá tối đa", "Cap"),
        "field_mail_log": ("Nhật ký thư", "Mail log"),
        "field_month": ("Tháng", "Month"),
        "field_reason": ("Lý do", "Reason"),
        "field_confirm": ("Xác nhận", "Confirmation"),
        "field_preview": ("Xem trước", "Preview"),
        "err_bad_domain": ("Không phải tên miền hợp lệ", "Not a valid domain"),
        "err_too_many_domains": ("Quá nhiều tên miền", "Too many domains"),
        "err_bad_number": ("Số không hợp lệ", "Not a valid number"),
        "err_bad_mode": ("Chế độ không hợp lệ", "Not a valid mode"),
        "err_no_official": ("Cần ít nhất một tên miền công vụ", "At least one official domain is needed"),
        "err_bad_cap": ("Mức giới hạn không phù hợp thang đánh giá", "The cap does not fit the rating scale"),
        "err_log_too_big": ("Tệp nhật ký quá lớn", "The log file is too large"),
        "err_reason_needed": ("Cần nêu lý do áp dụng", "Say why the policy changes"),
        "err_confirm_needed": ("Cần đánh dấu ô xác nhận", "Tick the confirmation box"),
        "err_bad_month": ("Tháng không hợp lệ (YYYY-MM)", "Not a valid month (YYYY-MM)"),
        "err_busy": (
            "Đang có một lượt xem trước khác; vui lòng thử lại sau ít giây.",
            "Another preview is running; try again in a few seconds.",
        ),
        "err_mail_monitor": (
            "Chế độ giám sát (monitor) không từ chối, giữ lại hay cảnh báo thư nào: "
            "chọn warn, hold hoặc reject để xem trước nhật ký thư.",
            "Monitor mode refuses, holds or warns no message: "
            "choose warn, hold or reject to preview the mail log.",
        ),
    }
)

# Reminders, the directory and accounts in the app (issue 12): one block, kept together.
MESSAGES.update(
    {
        "reminder": ("Nhắc nhở", "Reminder"),
        "preview_reminder": ("Xem trước thư nhắc nhở", "Preview the reminder"),
        "send_reminder": ("Gửi nhắc nhở", "Send the reminder"),
        "reminder_history": ("Lịch sử nhắc nhở", "Reminder history"),
        "reminder_queued": (
            "Đã đưa thư nhắc nhở vào hàng đợi gửi; trạng thái từng thư ở bảng bên dưới.",
            "The reminder is in the outbox; each message's state is in the table below.",
        ),
        "no_reminders": ("Chưa gửi nhắc nhở nào.", "No reminder sent yet."),
        "recipient": ("Người nhận", "Recipient"),
        "address": ("Địa chỉ thư", "Address"),
        "subject": ("Tiêu đề", "Subject"),
        "queued_at": ("Vào hàng đợi", "Queued"),
        "sent_at": ("Đã gửi lúc", "Sent"),
        "attempts": ("Số lần thử", "Attempts"),
        "last_error": ("Lỗi gần nhất", "Last error"),
        "remind_role_violator": ("người vi phạm", "the person"),
        "remind_role_head": ("thủ trưởng đơn vị", "head of unit"),
        "remind_role_contest": ("thanh tra — báo khiếu nại", "inspector — contest notice"),
        "remind_state_new": ("Chưa gửi", "Not sent"),
        "remind_state_pending": ("Đang chờ gửi", "Queued"),
        "remind_state_sending": ("Đang gửi", "Sending"),
        "remind_state_sent": ("Đã gửi", "Sent"),
        "remind_state_failed": ("Gửi không thành công", "Failed"),
        "remind_official_only": (
            "Thư chỉ gửi đến địa chỉ thư điện tử công vụ của người nhận trong danh bạ; không bao giờ gửi"
            " đến hộp thư công cộng.",
            "Reminders go only to the recipient's official address in the directory, never to a"
            " public mailbox.",
        ),
        "remind_skip_no_official": (
            "Không gửi được: danh bạ không có địa chỉ thư điện tử công vụ của người nhận (không gửi"
            " đến hộp thư công cộng)",
            "Cannot send: the directory has no official address for this recipient (a public"
            " mailbox is never used)",
        ),
        "remind_skip_no_head": (
            "Không tìm thấy thủ trưởng của đơn vị để gửi thư đôn đốc.",
            "No head of unit found to send the head's reminder to.",
        ),
        "err_remind_not_confirmed": (
            "Chỉ gửi nhắc nhở cho vi phạm đã được xác nhận.",
            "Reminders are sent for confirmed violations only.",
        ),
        "err_remind_no_official": (
            "Không gửi: không người nhận nào có địa chỉ thư điện tử công vụ trong danh bạ. Bổ sung địa"
            " chỉ công vụ trong Danh bạ rồi gửi lại.",
            "Not sent: no recipient has an official address in the directory. Add one in the"
            " Directory, then send again.",
        ),
        "err_remind_nothing": ("Không có thư nhắc nhở nào để gửi.", "There is no reminder to send."),
        "directory": ("Danh bạ", "Directory"),
        "users": ("Tài khoản", "Accounts"),
        "search": ("Tìm kiếm", "Search"),
        "add_person": ("Thêm cán bộ", "Add a person"),
        "add_unit": ("Thêm đơn vị", "Add a unit"),
        "edit": ("Sửa", "Edit"),
        "yes": ("Có", "Yes"),
        "dir_saved": ("Đã lưu", "Saved"),
        "dir_nobody": ("Không tìm thấy cán bộ nào.", "Nobody found."),
        "do_check_record": ("Kiểm tra và ghi vào sổ", "Check and record"),
        "check_record_help": (
            "Chỉ thanh tra: văn bản được ghi vào sổ vi phạm (giữ bản gốc). Cán bộ tự kiểm tra dự thảo"
            " trước khi ban hành thì không ghi gì.",
            "Inspectors only: the document goes into the register (its original kept). Staff checking"
            " their own draft before issuing record nothing.",
        ),
        "upload_recorded_new": ("Đã ghi văn bản vào sổ.", "The document is recorded in the register."),
        "upload_recorded_known": (
            "Văn bản này đã có trong sổ: ghi thêm một lần xuất hiện vào cùng vụ việc, không mở vụ việc mới.",
            "This document is already in the register: one more occurrence of the same case, no new case.",
        ),
        "upload_original_kept": ("Bản gốc được lưu.", "The original is kept."),
        "upload_cases": ("Vụ việc", "Cases"),
        "upload_no_case": ("Không có vụ việc vi phạm nào.", "No violation case."),
        "upload_not_recorded": (
            "Không đọc được văn bản nên không ghi vào sổ.",
            "The document could not be read, so nothing was recorded.",
        ),
        "dir_showing": ("Đang xem {a}–{b} trong {n} cán bộ", "Showing {a}–{b} of {n} people"),
        "previous_page": ("Trang trước", "Previous"),
        "dir_fix_fields": (
            "Chưa lưu: vui lòng sửa các ô được đánh dấu bên dưới.",
            "Not saved: please correct the fields marked below.",
        ),
        "f_person_id": ("Mã cán bộ (không đổi)", "Person ID (never changes)"),
        "f_full_name": ("Họ và tên (có dấu)", "Full name (with diacritics)"),
        "f_unit": ("Mã đơn vị công tác", "Unit code"),
        "f_position": ("Chức vụ", "Position"),
        "f_is_head": ("Thủ trưởng đơn vị", "Head of unit"),
        "f_official_emails": ("Thư công vụ", "Official addresses"),
        "f_personal_emails": ("Hộp thư cá nhân đã biết", "Known personal mailboxes"),
        "f_active_from": ("Công tác từ ngày", "Active from"),
        "f_active_to": ("Công tác đến ngày", "Active until"),
        "f_code": ("Mã đơn vị (không đổi)", "Unit code (never changes)"),
        "f_name": ("Tên đơn vị", "Unit name"),
        "f_kind": ("Loại đơn vị", "Kind"),
        "f_parent": ("Mã đơn vị cấp trên", "Parent unit code"),
        "f_aliases": ("Tên khác (cách nhau bằng |)", "Other names (separated by |)"),
        "f_valid_from": ("Hoạt động từ ngày", "Active from"),
        "f_valid_to": ("Hoạt động đến ngày", "Active until"),
        "kind_district": ("Quận", "District"),
        "kind_office": ("Phòng, ban", "Office"),
        "kind_ward": ("Phường", "Ward"),
        "kind_other": ("Khác", "Other"),
        "dir_err_required": ("Bắt buộc nhập.", "Required."),
        "dir_err_missing": ("Thiếu cột bắt buộc.", "A required column is missing."),
        "dir_err_invalid": ("Giá trị không hợp lệ.", "Invalid value."),
        "dir_err_bad_id": (
            "Chỉ dùng chữ không dấu, số, '.', '_' hoặc '-' (tối đa 64 ký tự).",
            "Use letters, digits, '.', '_' or '-' (at most 64).",
        ),
        "dir_err_bad_bool": ("Ghi 1 hoặc 0.", "Write 1 or 0."),
        "dir_err_bad_email": (
            "“{value}” không phải địa chỉ thư điện tử.",
            "“{value}” is not an e-mail address.",
        ),
        "dir_err_bad_date": ("Ghi ngày theo dạng YYYY-MM-DD.", "Write the date as YYYY-MM-DD."),
        "dir_err_bad_kind": ("Chọn một loại đơn vị trong danh sách.", "Choose one of the listed kinds."),
        "dir_err_duplicate": ("Trùng với dòng {line}.", "Duplicate of line {line}."),
        "dir_err_unknown_unit": ("Không có đơn vị mã “{code}”.", "There is no unit “{code}”."),
        "dir_err_own_parent": (
            "Một đơn vị không thể là cấp trên của chính nó.",
            "A unit cannot be its own parent.",
        ),
        "dir_err_ends_before": ("Ngày kết thúc trước ngày bắt đầu.", "Ends before it starts."),
        "dir_err_exists": (
            "Mã “{value}” đã có; hãy sửa bản ghi đó.",
            "“{value}” exists already; edit it instead.",
        ),
        "dir_err_no_such": ("Không có mã “{value}”.", "There is no “{value}”."),
        "add_user": ("Tạo tài khoản", "Create an account"),
        "active": ("Đang hoạt động", "Active"),
        "disabled": ("Đã khóa", "Disabled"),
        "disable": ("Khóa", "Disable"),
        "enable": ("Mở khóa", "Enable"),
        "change_password": ("Đổi mật khẩu", "Change password"),
        "password_changed": ("Đã đổi mật khẩu.", "Your password has been changed."),
        "current_password": ("Mật khẩu hiện tại", "Current password"),
        "new_password": ("Mật khẩu mới", "New password"),
        "new_password_again": ("Nhập lại mật khẩu mới", "New password again"),
        "password_rule": ("Mật khẩu có ít nhất 8 ký tự.", "A password has at least 8 characters."),
        "acc_err_invalid": ("Giá trị không hợp lệ.", "Invalid value."),
        "acc_err_short_password": (
            "Mật khẩu phải có ít nhất 8 ký tự.",
            "The password must have at least 8 characters.",
        ),
        "acc_err_unknown_role": ("Vai trò không hợp lệ.", "Unknown role."),
        "acc_err_unknown_person": ("Không có cán bộ mã “{value}”.", "There is no person “{value}”."),
        "acc_err_person_elsewhere": (
            "Cán bộ {person} công tác tại đơn vị {unit}.",
            "Person {person} works in {unit}.",
        ),
        "acc_err_unknown_unit": ("Không có đơn vị mã “{value}”.", "There is no unit “{value}”."),
        "acc_err_head_needs_unit": ("Lãnh đạo đơn vị cần có mã đơn vị.", "A head of unit needs a unit."),
        "acc_err_staff_needs_person": (
            "Tài khoản cán bộ cần có mã cán bộ.",
            "A staff account needs a person.",
        ),
        "acc_err_name_required": ("Cần nhập tên đăng nhập.", "A user name is required."),
        "acc_err_user_exists": ("Tên đăng nhập “{value}” đã có.", "The user name “{value}” exists already."),
        "acc_err_no_user": ("Không có tài khoản “{value}”.", "There is no account “{value}”."),
        "acc_err_wrong_password": ("Mật khẩu hiện tại không đúng.", "The current password is wrong."),
        "acc_err_same_password": ("Mật khẩu mới trùng mật khẩu cũ.", "The new password is the current one."),
        "acc_err_locked": (
            "Nhập sai mật khẩu quá nhiều lần; vui lòng thử lại sau ít phút.",
            "Too many wrong passwords; try again in a few minutes.",
        ),
        "acc_err_mismatch": ("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ."),
        "acc_err_own_role": ("Không thể tự đổi vai trò của chính mình.", "You cannot change your own role."),
        "acc_err_own_account": (
            "Không thể tự khóa tài khoản của chính mình.",
            "You cannot disable your own account.",
        ),
    }
)

# Rules as an inspector reads them: each rule's summary in both languages, from its module's
# docstring (`congvu.rules`), and the reason a finding gives, said in the page's language (the
# judge's own reason text is English).
RULE_TITLES: dict[str, tuple[str, str]] = {
    **{r.id: (r.summary_vi.rstrip("."), r.summary.rstrip(".")) for r in RULES.values()},
    "MANUAL": ("Vi phạm do thanh tra ghi nhận trực tiếp", "Recorded by an inspector by hand"),
}

ROLES: dict[str, tuple[str, str]] = {
    "inspector": ("Thanh tra", "Inspector"),
    "leader": ("Lãnh đạo quận", "District leader"),
    "head": ("Lãnh đạo đơn vị", "Head of unit"),
    "staff": ("Cán bộ, công chức", "Staff"),
}

CLASSES: dict[str, tuple[str, str]] = {
    "public": ("Hộp thư công cộng", "Public mailbox"),
    "official": ("Hộp thư công vụ", "Official mailbox"),
    "other": ("Địa chỉ khác", "Other address"),
}


def reason_text(finding: dict[str, object], lang: str) -> str:
    """A finding's reason in `lang`: the judge's text in English; in Vietnamese the rule's words
    and the cue that decided it (the judge writes its reasons in English only)."""
    raw = str(finding.get("reason") or "")
    if lang == "en":
        return raw
    rule = str(finding.get("rule") or "")
    words = RULE_TITLES.get(rule, (raw, raw))[0]
    cue = str(finding.get("cue") or "")
    return f"{words} (dấu hiệu: {cue})" if cue else words


# Every action code the register writes to the audit trail (`audit.Event(...)` in congvu), as an
# inspector would say it.  A code missing here is shown raw, and a test scans the sources for it.
ACTIONS: dict[str, tuple[str, str]] = {
    "violation.created": ("Ghi nhận vi phạm", "Violation recorded"),
    "originals.purged": ("Xóa bản gốc hết thời hạn lưu", "Originals past retention deleted"),
    "violation.confirmed": ("Xác nhận vi phạm", "Violation confirmed"),
    "violation.dismissed": ("Bác bỏ vi phạm", "Violation dismissed"),
    "violation.contested": ("Khiếu nại vi phạm", "Violation contested"),
    "violation.reopened": ("Mở lại vi phạm để xem xét", "Violation reopened"),
    "violation.assigned": ("Gán vi phạm cho cán bộ", "Violation assigned to a person"),
    "review.promoted": ("Chuyển mục cần xem xét thành vi phạm", "Review item made a violation"),
    "review.closed": ("Đóng mục cần xem xét: không vi phạm", "Review item closed: not a violation"),
    "evaluation.proposed": ("Đề xuất xếp loại", "Rating proposed"),
    "sheet.closed": ("Khóa bảng đánh giá tháng", "Month's sheet closed"),
    "sheet.reopened": ("Mở lại bảng đánh giá tháng", "Month's sheet reopened"),
    "person.created": ("Thêm cán bộ", "Person added"),
    "person.updated": ("Cập nhật thông tin cán bộ", "Person updated"),
    "person.moved": ("Điều chuyển đơn vị công tác", "Person moved to another unit"),
    "address.accepted": ("Chấp nhận địa chỉ thư của cán bộ", "Person's address accepted"),
    "unit.created": ("Thêm đơn vị", "Unit added"),
    "unit.updated": ("Cập nhật đơn vị", "Unit updated"),
    "unit.renamed": ("Đổi tên đơn vị", "Unit renamed"),
    "unit.merged": ("Sáp nhập đơn vị", "Unit merged"),
    "unit.retired": ("Đơn vị ngừng hoạt động", "Unit retired"),
    "user.created": ("Tạo tài khoản", "Account created"),
    "user.disabled": ("Khóa tài khoản", "Account disabled"),
    "user.enabled": ("Mở khóa tài khoản", "Account enabled"),
    "user.password_set": ("Đặt lại mật khẩu", "Password set"),
    "user.updated": ("Đổi vai trò, phạm vi tài khoản", "Account role or scope changed"),
    "user.password_changed": ("Tự đổi mật khẩu", "Own password changed"),
    "reminder.queued": ("Gửi thư nhắc nhở", "Reminder sent to the outbox"),
    "contest.notice_queued": ("Báo khiếu nại cho thanh tra", "Contest notice sent to the outbox"),
    "dismissal.notice_queued": (
        "Báo kết quả khiếu nại cho người vi phạm",
        "Contest outcome notice to the person sent to the outbox",
    ),
    "policy.adopted": ("Áp dụng phiên bản chính sách địa chỉ", "Address policy version adopted"),
    "token.created": ("Cấp mã truy cập API", "API token issued"),
    "token.revoked": ("Thu hồi mã truy cập API", "API token revoked"),
    "site.mapped": ("Gán trang web cho đơn vị", "Website assigned to a unit"),
    "site.unmapped": ("Bỏ gán trang web", "Website unassigned"),
}

# The audit trail's entities (`audit.Event.entity`).
ENTITIES: dict[str, tuple[str, str]] = {
    "violation": ("Vi phạm", "Violation"),
    "evaluation": ("Đề xuất xếp loại", "Rating"),
    "sheet": ("Bảng đánh giá", "Evaluation sheet"),
    "person": ("Cán bộ", "Person"),
    "unit": ("Đơn vị", "Unit"),
    "user": ("Tài khoản", "Account"),
    "token": ("Mã truy cập API", "API token"),
    "site": ("Trang web", "Website"),
}


def namer(table: dict[str, tuple[str, str]], lang: str) -> Callable[[str], str]:
    """Words for a code from `table` in `lang`; an unknown code as it is (never hidden)."""
    index = 1 if lang == "en" else 0

    def name(code: str) -> str:
        pair = table.get(code)
        return pair[index] if pair else code

    return name


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


def fmt_moment(value: datetime | str | None) -> str:
    """dd/mm/yyyy HH:MM:SS seen from Đà Nẵng (a mail log's time, to the second); as given if unreadable."""
    if value is None or value == "":
        return ""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    local = moment.astimezone(LOCAL) if moment.tzinfo else moment
    return local.strftime("%d/%m/%Y %H:%M:%S")


def fmt_month(month: str | None) -> str:
    """2014-06 → 06/2014."""
    if not month or len(month) != 7:
        return month or ""
    return f"{month[5:7]}/{month[:4]}"
