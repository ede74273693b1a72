"""The dashboard's map and trend chart, drawn by ``tumbuh.charts`` (offline SVG)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from tumbuh.charts import Choropleth, ColourScale, TrendSeries, choropleth_svg, trend_svg
from tumbuh.dashboard.selectors import Dashboard
from tumbuh.formatting import percent
from tumbuh.regions.loader import kelurahan_features
from tumbuh.regions.models import Level, Region

#: Stunting classes for the map, percent (upper bounds; the last class is open).
STUNTING_BREAKS = (10.0, 15.0, 20.0, 25.0)


#: Completeness classes for the scorecard map, percent: a green scale, higher is better.
COMPLETE_BREAKS = (20.0, 40.0, 60.0, 80.0)
GREENS = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")


def region_map(
    region: Region,
    values: Mapping[str, float | None],
    *,
    title: str,
    scale: ColourScale,
) -> str:
    """Percent by kelurahan inside a kota or kecamatan, each linking to its own page (``?region=``);
    empty for a smaller area or without boundaries."""
    if region.level not in {Level.KABKOTA, Level.KECAMATAN}:
        return ""
    features = kelurahan_features(region.code)
    if not features:
        return ""
    codes = [str(f["properties"]["kode"]) for f in features]
    return choropleth_svg(
        Choropleth(
            features,
            {code: values.get(code) for code in codes},
            scale,
            title=title,
            unit="%",
            no_data_label=_("no data"),
            links={code: f"?region={code}" for code in codes},
            formatter=percent,
            outline_key=("desa_kelurahan", region.code),  # the bundled boundaries: fixed
        )
    )


def kelurahan_map(board: Dashboard) -> str:
    """Stunting by kelurahan inside the area (kota or kecamatan); empty without boundaries."""
    if board.posyandu is not None:
        return ""
    return region_map(
        board.region,
        board.by_kelurahan,
        title=_("Stunting by kelurahan"),
        scale=ColourScale(STUNTING_BREAKS),
    )


def completeness_map(region: Region, values: Mapping[str, float | None]) -> str:
    """The scorecard's map: share of due interventions received, by kelurahan (greener, better)."""
    return region_map(
        region,
        values,
        title=_("Interventions received by kelurahan"),
        scale=ColourScale(COMPLETE_BREAKS, GREENS),
    )


def trend_chart(board: Dashboard) -> str:
    if not board.trend:
        return ""
    periods = [month.strftime("%Y-%m") for month, _prevalence in board.trend]
    return trend_svg(
        periods,
        [
            TrendSeries(_("Stunting"), [p.stunting for _m, p in board.trend]),
            TrendSeries(_("Wasting"), [p.wasting for _m, p in board.trend]),
            TrendSeries(_("Underweight"), [p.underweight_pct for _m, p in board.trend]),
        ],
        title=_("Trend by month"),
    )
