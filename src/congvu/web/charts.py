"""Charts drawn on the server as SVG: no JavaScript, nothing to build, readable when printed."""

from __future__ import annotations

from markupsafe import Markup, escape

COLOURS = {"pending": "#d89a1c", "confirmed": "#b3261e", "dismissed": "#8a8f98", "contested": "#5b5fc7"}


def stacked_bars(labels: list[str], series: dict[str, list[int]], names: dict[str, str]) -> Markup:
    """A stacked bar chart (one bar per label) with a legend; `names` translates the series keys."""
    width, height, left, bottom, top = 720, 240, 36, 28, 28
    plot_h = height - bottom - top
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    peak = max([*totals, 1])
    step = (width - left - 10) / max(len(labels), 1)
    bar = step * 0.6
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(" / ".join(names.values()))}</title>'
    ]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - 5}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{peak * frac:g}</text>'
        )
    for i, label in enumerate(labels):
        x = left + i * step + (step - bar) / 2
        y = top + plot_h
        for key, values in series.items():
            h = plot_h * values[i] / peak
            if h > 0:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{COLOURS.get(key, "#555")}"><title>{escape(names.get(key, key))}: '
                    f"{values[i]}</title></rect>"
                )
        if totals[i]:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                f'font-size="11">{totals[i]}</text>'
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 10}" text-anchor="middle" '
            f'font-size="11">{escape(label)}</text>'
        )
    lx = left
    for key in series:
        parts.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{COLOURS.get(key, "#555")}"/>')
        parts.append(f'<text x="{lx + 16}" y="16" font-size="12">{escape(names.get(key, key))}</text>')
        lx += 24 + 8 * len(names.get(key, key))
    parts.append("</svg>")
    return Markup("".join(parts))
