"""The monthly trend chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tumbuh.charts import TrendSeries, trend_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_each_series_is_a_line_with_a_point_per_figure() -> None:
    svg = trend_svg(
        ["2026-01", "2026-02", "2026-03"],
        [TrendSeries("Stunting", [20.1, 19.5, 18.7]), TrendSeries("Wasting", [6.0, 5.5, 5.1])],
        title="Tren",
    )
    root = ET.fromstring(svg)
    assert len(root.findall(f".//{SVG}polyline")) == 2
    assert len(root.findall(f".//{SVG}circle")) == 6


def test_a_missing_month_breaks_the_line() -> None:
    svg = trend_svg(["a", "b", "c", "d"], [TrendSeries("x", [1.0, 2.0, None, 3.0])])
    root = ET.fromstring(svg)
    assert len(root.findall(f".//{SVG}polyline")) == 1  # the lone point after the gap is a dot
    assert len(root.findall(f".//{SVG}circle")) == 3


def test_no_periods_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one period"):
        trend_svg([], [])
