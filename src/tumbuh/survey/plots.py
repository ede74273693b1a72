"""Inline SVG plots for the survey report (self-contained, no scripts, print well)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tumbuh.charts.svg import attr, number, text

FloatArray = npt.NDArray[np.float64]
INK, MUTED, ACCENT, WARN = "#222", "#888", "#1f77b4", "#d62728"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{attr(label)}" font-family="sans-serif" font-size="11">'
        f"<title>{text(label)}</title>{''.join(body)}</svg>"
    )


def forest(
    rows: Sequence[tuple[str, float, float, float]], *, label: str, overall: float | None
) -> str:
    """Prevalence (%) with its CI per group: (name, estimate, low, high)."""
    width, left, right, step = 640, 220, 20, 18
    height = 30 + step * len(rows)
    top = max([r[3] for r in rows if not math.isnan(r[3])] + [1.0])
    scale_max = math.ceil(top / 10) * 10

    def x(v: float) -> float:
        return left + (width - left - right) * v / scale_max

    body = []
    for k in range(0, int(scale_max) + 1, max(5, int(scale_max) // 5)):
        body.append(
            f'<line x1="{number(x(k))}" x2="{number(x(k))}" y1="10" y2="{height - 14}" '
            f'stroke="#eee"/><text x="{number(x(k))}" y="{height - 2}" '
            f'text-anchor="middle" fill="{MUTED}">{k}%</text>'
        )
    if overall is not None and not math.isnan(overall):
        body.append(
            f'<line x1="{number(x(overall))}" x2="{number(x(overall))}" y1="10" '
            f'y2="{height - 14}" stroke="{WARN}" stroke-dasharray="4 3"/>'
        )
    for i, (name, estimate, low, high) in enumerate(rows):
        y = 20 + step * i
        body.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{text(name)}</text>')
        if math.isnan(estimate):
            continue
        body.append(
            f'<line x1="{number(x(low))}" x2="{number(x(high))}" y1="{y}" y2="{y}" '
            f'stroke="{INK}"/><rect x="{number(x(estimate) - 3)}" y="{y - 3}" width="6" '
            f'height="6" fill="{ACCENT}"><title>{text(name)}: {estimate:.1f}% '
            f"({low:.1f}-{high:.1f})</title></rect>"
        )
    return _svg(width, height, body, label)


def distribution(z: FloatArray, *, label: str) -> str:
    """Histogram of z-scores (density) against the WHO standard normal curve."""
    width, height, pad = 300, 180, 24
    values = z[~np.isnan(z)]
    edges = np.arange(-5, 5.0001, 0.25)
    counts, _ = np.histogram(values, bins=edges)
    density = counts / max(values.size, 1) / 0.25
    grid = np.linspace(-5, 5, 101)
    normal = np.exp(-(grid**2) / 2) / math.sqrt(2 * math.pi)
    top = max(float(density.max(initial=0)), 0.45)

    def x(v: float) -> float:
        return pad + (width - 2 * pad) * (v + 5) / 10

    def y(d: float) -> float:
        return height - pad - (height - 2 * pad) * d / top

    body = [
        f'<rect x="{number(x(a))}" y="{number(y(d))}" width="{number(x(a + 0.25) - x(a))}" '
        f'height="{number(y(0) - y(d))}" fill="{ACCENT}" opacity="0.55"/>'
        for a, d in zip(edges[:-1], density, strict=True)
        if d > 0
    ]
    path = " ".join(
        f"{number(x(float(v)))},{number(y(float(d)))}" for v, d in zip(grid, normal, strict=True)
    )
    body.append(f'<polyline points="{path}" fill="none" stroke="{INK}" stroke-width="1.5"/>')
    for tick in range(-4, 5, 2):
        body.append(
            f'<text x="{number(x(tick))}" y="{height - 6}" text-anchor="middle" fill="{MUTED}">{tick}</text>'
        )
    if values.size:
        mean = float(values.mean())
        body.append(
            f'<line x1="{number(x(mean))}" x2="{number(x(mean))}" y1="{pad}" y2="{height - pad}" stroke="{WARN}"/>'
        )
    body.append(f'<text x="{pad}" y="14">{text(label)} (n={values.size})</text>')
    return _svg(width, height, body, label)


def terminal_digits(values: FloatArray, *, label: str) -> str:
    """Share of each last decimal digit; 10 % each when there is no digit preference."""
    width, height, pad = 300, 160, 24
    present = values[~np.isnan(values)]
    digits = (
        np.rint(present * 10).astype(np.int64) % 10
        if present.size
        else np.array([], dtype=np.int64)
    )
    shares = np.bincount(digits, minlength=10) / max(present.size, 1) * 100
    top = max(float(shares.max(initial=0)), 20.0)
    bar = (width - 2 * pad) / 10

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * v / top

    body = [
        f'<rect x="{number(pad + d * bar + 2)}" y="{number(y(s))}" width="{number(bar - 4)}" '
        f'height="{number(y(0) - y(s))}" fill="{ACCENT}"><title>.{d}: {s:.1f}%</title></rect>'
        f'<text x="{number(pad + d * bar + bar / 2)}" y="{height - 8}" text-anchor="middle">{d}</text>'
        for d, s in enumerate(shares)
    ]
    body.append(
        f'<line x1="{pad}" x2="{width - pad}" y1="{number(y(10))}" y2="{number(y(10))}" '
        f'stroke="{WARN}" stroke-dasharray="4 3"/>'
    )
    body.append(f'<text x="{pad}" y="14">{text(label)}</text>')
    return _svg(width, height, body, label)


def pyramid(
    age_months: FloatArray, sex: npt.NDArray[np.int8], *, label: str, names: tuple[str, str]
) -> str:
    """Children by 6-month age band: boys to the left, girls to the right."""
    width, row = 420, 16
    bands = list(range(0, 60, 6))
    height = 30 + row * len(bands)
    with np.errstate(invalid="ignore"):
        counts = [
            [int(((age_months >= b) & (age_months < b + 6) & (sex == s)).sum()) for s in (1, 2)]
            for b in bands
        ]
    top = max([max(c) for c in counts] + [1])
    middle, half = width / 2, width / 2 - 50
    body = [
        f'<text x="{number(middle - 60)}" y="12" text-anchor="end">{text(names[0])}</text>'
        f'<text x="{number(middle + 60)}" y="12">{text(names[1])}</text>'
    ]
    for i, (band, (boys, girls)) in enumerate(zip(bands, counts, strict=True)):
        y = 20 + row * (len(bands) - 1 - i)
        body.append(
            f'<rect x="{number(middle - 22 - half * boys / top)}" y="{y}" width="{number(half * boys / top)}" '
            f'height="{row - 3}" fill="{ACCENT}"><title>{boys}</title></rect>'
            f'<rect x="{number(middle + 22)}" y="{y}" width="{number(half * girls / top)}" '
            f'height="{row - 3}" fill="#e377c2"><title>{girls}</title></rect>'
            f'<text x="{middle}" y="{y + 10}" text-anchor="middle">{band}-{band + 5}</text>'
        )
    return _svg(width, height, body, label)
