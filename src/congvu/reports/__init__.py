"""The monthly and quarterly report of Phòng Văn hóa và Thông tin to the district chairman
(Directive 01/CT-UBND clause 3): figures, Word in the Nghị định 30/2020 format, Excel, PDF."""

from congvu.reports.monthly import MEDIA_TYPES, build_monthly, build_quarterly, build_report, format_of
from congvu.reports.pdf_report import PdfUnavailable

__all__ = ["MEDIA_TYPES", "PdfUnavailable", "build_monthly", "build_quarterly", "build_report", "format_of"]
