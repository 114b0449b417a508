"""Entry points for the report: `build_monthly` and `build_quarterly` return the file's bytes, so the
CLI writes them to disk and the web app streams them as a download, from the same code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from congvu.clock import LOCAL
from congvu.register.scales import scale_from_settings
from congvu.register.store import Store
from congvu.reports.docx_report import build_docx
from congvu.reports.figures import Figures, collect
from congvu.reports.info import ReportInfo
from congvu.reports.pdf_report import docx_to_pdf
from congvu.reports.periods import Period, month_period, quarter_period
from congvu.reports.xlsx_report import build_xlsx
from congvu.settings import Config, EvaluationSettings, ReportSettings, load_config

Format = Literal["docx", "xlsx", "pdf"]
FORMATS: tuple[str, ...] = ("docx", "xlsx", "pdf")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def figures_for(
    store: Store, period: Period, config: Config | None = None, level: str | None = None
) -> Figures:
    """The period's figures in one read transaction (a consistent snapshot for all three formats),
    of the whole register or of the subtree of the unit `level` (`figures.collect`)."""
    cfg = config or load_config()
    with store.begin() as conn:
        return collect(conn, period, scale_from_settings(EvaluationSettings.of(cfg)), store.clock(), level)


def _docx(figures: Figures, info: ReportInfo, day: date, _cfg: Config) -> bytes:
    return build_docx(figures, info, day)


def _xlsx(figures: Figures, info: ReportInfo, _day: date, _cfg: Config) -> bytes:
    return build_xlsx(figures, info)


def _pdf(figures: Figures, info: ReportInfo, day: date, cfg: Config) -> bytes:
    return docx_to_pdf(build_docx(figures, info, day), timeout=float(ReportSettings.of(cfg).soffice_timeout))


RENDERERS: dict[str, Callable[[Figures, ReportInfo, date, Config], bytes]] = {
    "docx": _docx,
    "xlsx": _xlsx,
    "pdf": _pdf,
}


def build_report(
    store: Store,
    period: Period,
    fmt: Format,
    *,
    config: Config | None = None,
    day: date | None = None,
    number: str | None = None,
    level: str | None = None,
) -> bytes:
    """The report of `period` as `fmt` bytes.  `day` is the report's date (default: today in Đà
    Nẵng by the store's clock); `number` the document number once the văn thư has given one."""
    if fmt not in RENDERERS:
        raise ValueError(f"report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    cfg = config or load_config()
    figures = figures_for(store, period, cfg, level)
    when = day or figures.generated_at.astimezone(LOCAL).date()
    info = ReportInfo.from_config(cfg, day=when, number=number)
    return RENDERERS[fmt](figures, info, when, cfg)


def build_monthly(
    store: Store,
    month: str,
    fmt: Format,
    *,
    config: Config | None = None,
    day: date | None = None,
    level: str | None = None,
) -> bytes:
    """The monthly report (`month` is YYYY-MM) as DOCX, XLSX or PDF bytes, of the whole register
    or drawn at the unit `level` (its subtree, comparing the units below it)."""
    return build_report(store, month_period(month), fmt, config=config, day=day, level=level)


def build_quarterly(
    store: Store, quarter: str, fmt: Format, *, config: Config | None = None, day: date | None = None
) -> bytes:
    """The quarterly report (`quarter` is YYYY-Qn) as DOCX, XLSX or PDF bytes."""
    return build_report(store, quarter_period(quarter), fmt, config=config, day=day)


def format_of(filename: str) -> Format:
    """The format a file name asks for, from its suffix; ValueError for anything else."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "docx":
        return "docx"
    if suffix == "xlsx":
        return "xlsx"
    if suffix == "pdf":
        return "pdf"
    raise ValueError(f"{filename}: the report is written as .docx, .xlsx or .pdf")
