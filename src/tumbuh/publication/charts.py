"""The public page's map and trend (offline SVG by ``tumbuh.charts``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tumbuh.charts import Choropleth, ColourScale, TrendSeries, choropleth_svg, trend_svg
from tumbuh.dashboard.charts import STUNTING_BREAKS
from tumbuh.publication.selectors import PublicFigures
from tumbuh.regions.loader import kelurahan_features
from tumbuh.regions.models import Level


def public_map(page: PublicFigures) -> str:
    """Stunting by kelurahan (suppressed cells: no data); empty without boundaries."""
    region = page.region
    if region.level not in {Level.KABKOTA, Level.KECAMATAN}:
        return ""
    features = kelurahan_features(region.code)
    if not features:
        return ""
    values = {a.code: a.stunting.percent if a.stunting else None for a in page.kelurahan}
    return choropleth_svg(
        Choropleth(
            features,
            {code: values.get(code) for code in (str(f["properties"]["kode"]) for f in features)},
            ColourScale(STUNTING_BREAKS),
            title=_("Stunting by kelurahan"),
            unit="%",
            no_data_label=_("no data or too few children"),
            links={
                str(f["properties"]["kode"]): f"?region={f['properties']['kode']}" for f in features
            },
            outline_key=("desa_kelurahan", region.code),
        )
    )


def public_trend(page: PublicFigures) -> str:
    if len(page.trend) < 2:
        return ""

    def series(indicator: str) -> list[float | None]:
        values = []
        for point in page.trend:
            estimate = getattr(point.total, indicator)
            values.append(estimate.percent if estimate else None)
        return values

    return trend_svg(
        [point.end.strftime("%Y-%m") for point in page.trend],
        [
            TrendSeries(_("Stunting"), series("stunting")),
            TrendSeries(_("Wasting"), series("wasting")),
            TrendSeries(_("Underweight"), series("underweight")),
        ],
        title=_("Trend by campaign"),
    )
