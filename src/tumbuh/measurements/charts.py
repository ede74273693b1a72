"""Growth charts as server-side SVG: WHO curves (-3 to +3 SD) with the child's points.

Rendered without JavaScript, so they work offline, on slow phones, and print cleanly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from html import escape

import numpy as np

from tumbuh.growth.lms import sd_value
from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.growth.tables import Table, load

WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36
SD_LINES = (-3, -2, -1, 0, 1, 2, 3)
SD_COLOURS = {
    -3: "#000",
    -2: "#c62828",
    -1: "#f9a825",
    0: "#2e7d32",
    1: "#f9a825",
    2: "#c62828",
    3: "#000",
}


class Chart(Enum):
    LENGTH_HEIGHT_FOR_AGE = "lhfa"
    WEIGHT_FOR_AGE = "wfa"
    WEIGHT_FOR_LENGTH = "wfl"


@dataclass(frozen=True)
class Point:
    x: float  # age in months, or length/height in cm
    y: float  # cm or kg
    flagged: bool = False


@cache
def curves(chart: Chart, sex: int) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """x values and the measurement at each SD line (cached per chart and sex)."""
    if chart is Chart.WEIGHT_FOR_LENGTH:
        table, keys = load(Table.WEIGHT_FOR_LENGTH), np.arange(450, 1101, 5)
        x = keys / 10.0
    else:
        table = load(
            Table.LENGTH_FOR_AGE if chart is Chart.LENGTH_HEIGHT_FOR_AGE else Table.WEIGHT_FOR_AGE
        )
        keys = np.rint(np.arange(0, 60.01, 0.5) * DAYS_PER_MONTH).astype(np.intp)
        x = keys / DAYS_PER_MONTH
    index, _exists = table.flat_index(np.full(keys.size, sex, dtype=np.intp), keys.astype(np.intp))
    l, m, s = table.l[index], table.m[index], table.s[index]  # noqa: E741
    return x, {k: sd_value(float(k), l, m, s) for k in SD_LINES}


def _scale(low: float, high: float, start: float, end: float) -> tuple[float, float]:
    factor = (end - start) / (high - low)
    return factor, start - low * factor


def render(
    chart: Chart, *, sex: int, points: Sequence[Point], title: str, x_label: str, y_label: str
) -> str:
    """The SVG text of one chart."""
    x, lines = curves(chart, sex)
    y_low = float(np.nanmin(lines[-3])) * 0.9
    y_high = float(np.nanmax(lines[3])) * 1.02
    fx, cx = _scale(float(x[0]), float(x[-1]), LEFT, WIDTH - RIGHT)
    fy, cy = _scale(y_low, y_high, HEIGHT - BOTTOM, TOP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="growth-chart" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
        f'height="{HEIGHT - TOP - BOTTOM}" fill="#fff" stroke="#999"/>',
    ]
    step = 12 if chart is not Chart.WEIGHT_FOR_LENGTH else 10
    start = 0 if chart is not Chart.WEIGHT_FOR_LENGTH else 50
    for tick in range(start, int(x[-1]) + 1, step):
        px = tick * fx + cx
        parts.append(
            f'<line x1="{px:.1f}" y1="{TOP}" x2="{px:.1f}" y2="{HEIGHT - BOTTOM}" stroke="#eee"/>'
        )
        parts.append(
            f'<text x="{px:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="11" '
            f'text-anchor="middle">{tick}</text>'
        )
    y_step = 10 if chart is not Chart.WEIGHT_FOR_AGE else 2
    for tick in range(int(y_low // y_step * y_step + y_step), int(y_high) + 1, y_step):
        py = tick * fy + cy
        parts.append(
            f'<line x1="{LEFT}" y1="{py:.1f}" x2="{WIDTH - RIGHT}" y2="{py:.1f}" stroke="#eee"/>'
        )
        parts.append(
            f'<text x="{LEFT - 4}" y="{py + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>'
        )
    for k, values in lines.items():
        ok = ~np.isnan(values)
        coords = " ".join(
            f"{a * fx + cx:.1f},{b * fy + cy:.1f}" for a, b in zip(x[ok], values[ok], strict=True)
        )
        width = 2 if k == 0 else 1.2
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{SD_COLOURS[k]}" '
            f'stroke-width="{width}"/>'
        )
        last = np.flatnonzero(ok)[-1]
        parts.append(
            f'<text x="{WIDTH - RIGHT - 2}" y="{values[last] * fy + cy - 2:.1f}" font-size="10" '
            f'text-anchor="end">{k:+d}</text>'
            if k
            else ""
        )
    inside = [p for p in points if x[0] <= p.x <= x[-1]]
    if inside:
        path = " ".join(f"{p.x * fx + cx:.1f},{p.y * fy + cy:.1f}" for p in inside)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1565c0" stroke-width="1.5"/>')
        for p in inside:
            colour = "#ff6f00" if p.flagged else "#1565c0"
            parts.append(
                f'<circle class="child-point" cx="{p.x * fx + cx:.1f}" cy="{p.y * fy + cy:.1f}" '
                f'r="3.5" fill="{colour}"/>'
            )
    parts.append(
        f'<text x="{(WIDTH + LEFT) / 2}" y="{HEIGHT - 4}" font-size="12" '
        f'text-anchor="middle">{escape(x_label)}</text>'
        f'<text x="12" y="{(HEIGHT) / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 12 {HEIGHT / 2})">{escape(y_label)}</text></svg>'
    )
    return "".join(parts)
