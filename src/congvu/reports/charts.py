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


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def trend_chart(points: list[TrendPoint]) -> bytes:
    """Recorded vs confirmed violations and violators, month by month."""
    with plt.rc_context({"font.family": FONT, "font.size": 9}):
        fig, ax = plt.subplots(figsize=(6.3, 2.8))
        labels = [f"{p.month[5:7]}/{p.month[2:4]}" for p in points]
        ax.plot(labels, [p.recorded for p in points], marker="o", label="Vi phạm ghi nhận")
        ax.plot(labels, [p.confirmed for p in points], marker="s", label="Vi phạm đã xác nhận")
        ax.plot(labels, [p.violators for p in points], marker="^", linestyle="--", label="Người vi phạm")
        ax.set_title("Diễn biến 12 tháng")
        ax.set_ylabel("Số trường hợp")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="upper left", fontsize=8)
        return _png(fig)


def unit_chart(units: list[UnitFigures]) -> bytes:
    """Per unit: confirmed, pending and contested violations (horizontal bars, names readable)."""
    shown = units or [UnitFigures("", "Không có vi phạm", "")]
    with plt.rc_context({"font.family": FONT, "font.size": 9}):
        fig, ax = plt.subplots(figsize=(6.3, 0.35 * len(shown) + 1.2))
        names = [u.name for u in shown][::-1]
        left = [0] * len(shown)
        for status, label in (
            ("confirmed", "Đã xác nhận"),
            ("pending", "Chờ xem xét"),
            ("contested", "Khiếu nại"),
        ):
            values = [u.statuses[status] for u in shown][::-1]
            ax.barh(names, values, left=left, label=label)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_title("Vi phạm theo đơn vị")
        ax.set_xlabel("Số trường hợp")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", alpha=0.3)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.35 / len(shown) ** 0.5 - 0.12), ncol=3, fontsize=8
        )
        return _png(fig)
