"""A monthly trend line chart (e.g. stunting prevalence by month) as SVG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tumbuh.charts.svg import attr, number, text

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd")


@dataclass(frozen=True)
class TrendSeries:
    label: str
    values: Sequence[float | None]  # one per period; None where there is no figure


#: (axis top, gridline step): the smallest top above the data is used.
NICE_AXES = (
    (5.0, 1.0),
    (10.0, 2.0),
    (20.0, 5.0),
    (25.0, 5.0),
    (30.0, 5.0),
    (40.0, 10.0),
    (50.0, 10.0),
    (100.0, 20.0),
)
#: Width of one legend character, in px (sans-serif at 11 px).
LEGEND_CHAR_PX = 6.2


def _nice_axis(value: float) -> tuple[float, float]:
    for top, step in NICE_AXES:
        if value <= top:
            return top, step
    top = float(int(value / 100 + 1) * 100)
    return top, top / 5


def trend_svg(
    periods: Sequence[str],
    series: Sequence[TrendSeries],
    *,
    title: str = "",
    unit: str = "%",
    width: int = 640,
    height: int = 260,
) -> str:
    """Lines over periods with a y axis from 0, gridlines, labels and a legend."""
    if not periods:
        raise ValueError("a trend needs at least one period")
    left, right, top, bottom = 44, 30, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    observed = [v for s in series for v in s.values if v is not None]
    y_top, y_step = _nice_axis(max(observed, default=1.0))
    step_x = plot_w / max(len(periods) - 1, 1)

    def x(i: int) -> float:
        return left + i * step_x

    def y(v: float) -> float:
        return top + plot_h * (1 - v / y_top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{attr(title)}" class="trend" font-family="sans-serif" font-size="11">',
        f"<title>{text(title)}</title>",
    ]
    for k in range(round(y_top / y_step) + 1):
        grid = k * y_step
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{number(y(grid))}" '
            f'y2="{number(y(grid))}" stroke="#e0e0e0"/>'
            f'<text x="{left - 6}" y="{number(y(grid) + 4)}" text-anchor="end">'
            f"{grid:g}{text(unit)}</text>"
        )
    label_every = max(1, len(periods) // 8)
    for i, period in enumerate(periods):
        if i % label_every == 0 or i == len(periods) - 1:
            parts.append(
                f'<text x="{number(x(i))}" y="{height - bottom + 16}" '
                f'text-anchor="middle">{text(period)}</text>'
            )
    for n, serie in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        segments: list[list[str]] = [[]]
        for i, value in enumerate(serie.values):
            if value is None:
                segments.append([])
                continue
            segments[-1].append(f"{number(x(i))},{number(y(value))}")
            parts.append(
                f'<circle cx="{number(x(i))}" cy="{number(y(value))}" r="2.5" fill="{colour}">'
                f"<title>{text(serie.label)} {text(periods[i])}: {value:.1f}{text(unit)}</title>"
                "</circle>"
            )
        for segment in segments:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" '
                    'stroke-width="2"/>'
                )
        legend_x = left + sum(40 + LEGEND_CHAR_PX * len(s.label) for s in series[:n])
        parts.append(
            f'<rect x="{legend_x}" y="{height - 20}" width="12" height="3" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="{height - 16}">{text(serie.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
