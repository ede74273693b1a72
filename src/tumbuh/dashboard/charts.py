"""The dashboard's map and trend chart, drawn by ``tumbuh.charts`` (offline SVG)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tumbuh.charts import Choropleth, ColourScale, TrendSeries, choropleth_svg, trend_svg
from tumbuh.dashboard.selectors import Dashboard
from tumbuh.regions.loader import boundaries
from tumbuh.regions.models import Level

#: Stunting classes for the map, percent (upper bounds; the last class is open).
STUNTING_BREAKS = (10.0, 15.0, 20.0, 25.0)


def kelurahan_map(board: Dashboard) -> str:
    """Stunting by kelurahan inside the area (kota or kecamatan); empty without boundaries."""
    if board.posyandu is not None or board.region.level not in {Level.KABKOTA, Level.KECAMATAN}:
        return ""
    geojson = boundaries(board.region.code[:5], "desa_kelurahan")
    if geojson is None:
        return ""
    features = [
        f for f in geojson["features"] if str(f["properties"]["kode"]).startswith(board.region.code)
    ]
    if not features:
        return ""
    return choropleth_svg(
        Choropleth(
            features,
            {
                code: board.by_kelurahan.get(code)
                for code in (str(f["properties"]["kode"]) for f in features)
            },
            ColourScale(STUNTING_BREAKS),
            title=_("Stunting by kelurahan"),
            unit="%",
            no_data_label=_("no data"),
            links={
                str(f["properties"]["kode"]): f"?region={f['properties']['kode']}" for f in features
            },
        )
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
