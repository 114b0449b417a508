"""Column specifications of the directory templates: one registry, used by templates, validation,
export and the docs, so the file people fill in and the checker cannot disagree."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = {"1", "true", "yes", "x", "có", "co", "c"}
_FALSE = {"", "0", "false", "no", "không", "khong", "k"}
UNIT_KINDS = ("city", "district", "office", "ward", "other")


class FieldError(ValueError):
    """A value a column refuses: the English message (the CLI's report) and a stable `code` with
    its `params`, so the web app can say the same thing in the page's language."""

    def __init__(self, message: str, code: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def parse_id(raw: str) -> str:
    if not _ID.match(raw):
        raise FieldError("use letters, digits, '.', '_' or '-' (at most 64)", "bad_id")
    return raw


def parse_text(raw: str) -> str:
    return " ".join(raw.split())


def parse_bool(raw: str) -> bool:
    value = raw.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise FieldError("write 1 or 0", "bad_bool")


def parse_emails(raw: str) -> list[str]:
    out = []
    for item in re.split(r"[;,|\s]+", raw):
        if not item:
            continue
        if not _EMAIL.match(item):
            raise FieldError(f"{item!r} is not an e-mail address", "bad_email", value=item)
        out.append(item.lower())
    return list(dict.fromkeys(out))


def parse_date(raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise FieldError("write the date as YYYY-MM-DD", "bad_date") from None


def parse_kind(raw: str) -> str:
    if raw not in UNIT_KINDS:
        raise FieldError("one of " + ", ".join(UNIT_KINDS), "bad_kind")
    return raw


def parse_list(raw: str) -> list[str]:
    return [parse_text(x) for x in raw.split("|") if x.strip()]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    label_vi: str  # what the column means, for the template's instructions sheet
    required: bool
    parse: Callable[[str], Any]
    example: str


UNIT_COLUMNS = (
    Column("code", "Mã đơn vị (không đổi)", True, parse_id, "HM"),
    Column("name", "Tên đơn vị hiện tại", True, parse_text, "UBND phường Hòa Minh"),
    Column("kind", "Loại: city / district / office / ward / other", True, parse_kind, "ward"),
    Column("parent", "Mã đơn vị cấp trên", False, parse_id, "LC"),
    Column("aliases", "Tên khác, cách nhau bằng |", False, parse_list, "UBND P. Hòa Minh"),
    Column("valid_from", "Hoạt động từ ngày (YYYY-MM-DD)", False, parse_date, "2014-01-01"),
    Column("valid_to", "Hoạt động đến ngày (YYYY-MM-DD)", False, parse_date, ""),
)

PEOPLE_COLUMNS = (
    Column("person_id", "Mã cán bộ (không đổi)", True, parse_id, "HM-03"),
    Column("full_name", "Họ và tên (có dấu)", True, parse_text, "Nguyễn Văn An"),
    Column("unit", "Mã đơn vị công tác", True, parse_id, "HM"),
    Column("position", "Chức vụ", False, parse_text, "Công chức Văn phòng - Thống kê"),
    Column("is_head", "Thủ trưởng đơn vị: 1 hoặc 0", False, parse_bool, "0"),
    Column("official_emails", "Thư công vụ, cách nhau bằng ;", False, parse_emails, "annv@danang.gov.vn"),
    Column("personal_emails", "Hộp thư cá nhân đã biết", False, parse_emails, "nguyenvanan85@gmail.com"),
    Column("active_from", "Công tác từ ngày (YYYY-MM-DD)", False, parse_date, "2014-01-01"),
    Column("active_to", "Công tác đến ngày (YYYY-MM-DD)", False, parse_date, ""),
)

TEMPLATES: dict[str, tuple[Column, ...]] = {"units": UNIT_COLUMNS, "people": PEOPLE_COLUMNS}


def kind_of(header: tuple[str, ...]) -> str | None:
    """Which template a table follows, by its header (so files can be named anything)."""
    if "person_id" in header:
        return "people"
    if "code" in header and "kind" in header:
        return "units"
    return None
