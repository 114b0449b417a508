"""Charts for the report as PNG bytes: a 12-month trend and per-unit bars, labelled in Vietnamese.

Agg backend (no display on a server) and DejaVu Sans, which carries every Vietnamese diacritic;
the figure is closed after rendering so a long-running web app does not accumulate them.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from congvu.reports.figures import TrendPoint, UnitFigures

FONT = "DejaVu Sans"
DPI = 150
# The charts' words: Vietnamese for the report, English for the app's English preview.
WORDS = {
    "vi": {
        "recorded": "Vi phạm ghi nhận",
        "confirmed": "Vi phạm đã xác nhận",
        "violators": "Người vi phạm",
        "trend": "Diễn biến 12 tháng",
        "cases": "Số trường hợp",
        "per_unit": "Vi phạm theo đơn vị",
        "none": "Không có vi phạm",
        "s_confirmed": "Đã xác nhận",
        "s_pending": "Chờ xem xét",
        "s_contested": "Khiếu nại",
    },
    "en": {
        "recorded": "Violations recorded",
        "confirmed": "Violations confirmed",
        "violators": "Violators",
        "trend": "12-month trend",
        "cases": "Cases",
        "per_unit": "Violations per unit",
        "none": "No violation",
        "s_confirmed": "Confirmed",
        "s_pending": "Pending",
        "s_contested": "Contested",
    },
}


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def trend_chart(points: list[TrendPoint], lang: str = "vi") -> bytes:
    """Recorded vs confirmed violations and violators, month by month."""
    w = WORDS.get(lang, WORDS["vi"])
    with plt.rc_context({"font.family": FONT, "font.size": 9}):
        fig, ax = plt.subplots(figsize=(6.3, 2.8))
        labels = [f"{p.month[5:7]}/{p.month[2:4]}" for p in points]
        ax.plot(labels, [p.recorded for p in points], marker="o", label=w["recorded"])
        ax.plot(labels, [p.confirmed for p in points], marker="s", label=w["confirmed"])
        ax.plot(labels, [p.violators for p in points], marker="^", linestyle="--", label=w["violators"])
        ax.set_title(w["trend"])
        ax.set_ylabel(w["cases"])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="upper left", fontsize=8)
        return _png(fig)


def unit_chart(units: list[UnitFigures], lang: str = "vi") -> bytes:
    """Per unit: confirmed, pending and contested violations (horizontal bars, names readable)."""
    w = WORDS.get(lang, WORDS["vi"])
    shown = units or [UnitFigures("", w["none"], "")]
    with plt.rc_context({"font.family": FONT, "font.size": 9}):
        fig, ax = plt.subplots(figsize=(6.3, 0.35 * len(shown) + 1.2))
        names = [u.name for u in shown][::-1]
        left = [0] * len(shown)
        for status in ("confirmed", "pending", "contested"):
            label = w[f"s_{status}"]
            values = [u.statuses[status] for u in shown][::-1]
            ax.barh(names, values, left=left, label=label)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_title(w["per_unit"])
        ax.set_xlabel(w["cases"])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", alpha=0.3)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.35 / len(shown) ** 0.5 - 0.12), ncol=3, fontsize=8
        )
        return _png(fig)
