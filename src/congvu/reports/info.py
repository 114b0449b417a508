"""Who issues the report and how it is addressed: settings, because names change (the district was
abolished in 2025, heads rotate) while the format of Nghị định 30/2020 does not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from congvu.settings import Config, ReportSettings

_DEFAULT = ReportSettings.defaults()  # the report.* settings' defaults, from the one table


@dataclass(frozen=True, slots=True)
class ReportInfo:
    issuer_parent: str = _DEFAULT.issuer_parent
    issuer: str = _DEFAULT.issuer
    issuer_text: str = _DEFAULT.issuer_text
    symbol: str = _DEFAULT.symbol
    number: str = ""  # given by the văn thư at issue; "…" until then
    place: str = _DEFAULT.place
    addressee: str = _DEFAULT.addressee
    signer_title: str = _DEFAULT.signer_title
    signer_name: str = _DEFAULT.signer_name
    recipients: tuple[str, ...] = _DEFAULT.recipients
    day: date | None = None  # the report's date; None: today in Đà Nẵng

    @classmethod
    def from_config(cls, config: Config, day: date | None = None, number: str | None = None) -> ReportInfo:
        report = ReportSettings.of(config)
        return cls(
            issuer_parent=report.issuer_parent,
            issuer=report.issuer,
            issuer_text=report.issuer_text,
            symbol=report.symbol,
            number=number if number is not None else "",
            place=report.place,
            addressee=report.addressee,
            signer_title=report.signer_title,
            signer_name=report.signer_name,
            recipients=report.recipients,
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
