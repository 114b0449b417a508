"""Who issues the report and how it is addressed: settings, because names change (the district was
abolished in 2025, heads rotate) while the format of Nghị định 30/2020 does not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from congvu.settings import Config


@dataclass(frozen=True, slots=True)
class ReportInfo:
    issuer_parent: str = "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU"
    issuer: str = "PHÒNG VĂN HÓA VÀ THÔNG TIN"
    issuer_text: str = "Phòng Văn hóa và Thông tin"
    symbol: str = "BC-VHTT"
    number: str = ""  # given by the văn thư at issue; "…" until then
    place: str = "Liên Chiểu"
    addressee: str = "Chủ tịch UBND quận"
    signer_title: str = "TRƯỞNG PHÒNG"
    signer_name: str = ""
    recipients: tuple[str, ...] = (
        "Như trên;",
        "Các Phó Chủ tịch UBND quận;",
        "Phòng Nội vụ quận;",
        "Lưu: VT, VHTT.",
    )
    day: date | None = None  # the report's date; None: today in Đà Nẵng

    @classmethod
    def from_config(cls, config: Config, day: date | None = None, number: str | None = None) -> ReportInfo:
        return cls(
            issuer_parent=str(config.get("report.issuer_parent")),
            issuer=str(config.get("report.issuer")),
            issuer_text=str(config.get("report.issuer_text")),
            symbol=str(config.get("report.symbol")),
            number=number if number is not None else "",
            place=str(config.get("report.place")),
            addressee=str(config.get("report.addressee")),
            signer_title=str(config.get("report.signer_title")),
            signer_name=str(config.get("report.signer_name")),
            recipients=tuple(str(r) for r in config.get("report.recipients")),
            day=day,
        )

    @property
    def number_line(self) -> str:
        """ "Số: 07/BC-VHTT" (numbers below 10 get a leading 0), or "Số: …/BC-VHTT" before issue."""
        raw = self.number.strip()
        if not raw:
            return f"Số: …/{self.symbol}"
        shown = f"{int(raw):02d}" if raw.isdigit() else raw
        return f"Số: {shown}/{self.symbol}"
