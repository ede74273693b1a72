"""The TKPK dashboard's map: a poverty indicator per kelurahan, drawn by ``tumbuh.charts``."""

from __future__ import annotations

from collections.abc import Mapping

from tumbuh.charts import Choropleth, ColourScale, choropleth_svg
from tumbuh.regions.loader import boundaries
from tumbuh.regions.models import Level, Region

#: Share of households in desil 1-4, percent (upper bounds; the last class is open).
SHARE_BREAKS = (10.0, 20.0, 30.0, 40.0)


def poverty_map(
    region: Region, values: Mapping[str, float | None], title: str, no_data: str
) -> str:
    """``values`` (percent by kelurahan code) on the area's map; empty without boundaries."""
    if region.level not in {Level.KABKOTA, Level.KECAMATAN}:
        return ""
    geojson = boundaries(region.code[:5], "desa_kelurahan")
    if geojson is None:
        return ""
    features = [
        f for f in geojson["features"] if str(f["properties"]["kode"]).startswith(region.code)
    ]
    if not features:
        return ""
    codes = [str(f["properties"]["kode"]) for f in features]
    return choropleth_svg(
        Choropleth(
            features,
            {code: values.get(code) for code in codes},
            ColourScale(SHARE_BREAKS),
            title=title,
            unit="%",
            no_data_label=no_data,
            links={code: f"?region={code}" for code in codes},
        )
    )
