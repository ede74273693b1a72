"""The TKPK dashboard's map: a poverty indicator per kelurahan, drawn by ``tumbuh.charts``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from tumbuh.charts import Choropleth, ColourScale, choropleth_svg
from tumbuh.regions.loader import kelurahan_features
from tumbuh.regions.models import Level, Region

#: Each mappable indicator: (numerator, denominator) columns of the indicators row, and its
#: class breaks in percent (upper bounds; the last class is open).
INDICATORS: Final[dict[str, tuple[str, str, tuple[float, ...]]]] = {
    "desil_1_4": ("desil_1_4", "keluarga", (20.0, 30.0, 40.0, 50.0)),
    "desil_1": ("desil_1", "keluarga", (5.0, 10.0, 15.0, 20.0)),
    "tanpa_pkh": ("desil_1_4_tanpa_pkh", "desil_1_4", (20.0, 35.0, 50.0, 65.0)),
}


def shares(rows: list[dict[str, object]], indicator: str) -> dict[str, float | None]:
    """The indicator in percent by kelurahan code (None where its denominator is 0)."""
    part, whole, _breaks = INDICATORS[indicator]
    values: dict[str, float | None] = {}
    for row in rows:
        numerator, denominator = row.get(part), row.get(whole)
        if isinstance(numerator, int) and isinstance(denominator, int) and denominator > 0:
            values[str(row["kode_kelurahan"])] = round(100 * numerator / denominator, 1)
        else:
            values[str(row["kode_kelurahan"])] = None
    return values


def poverty_map(
    region: Region, indicator: str, values: Mapping[str, float | None], title: str, no_data: str
) -> str:
    """``values`` (percent by kelurahan code) on the area's map; empty without boundaries."""
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
            ColourScale(INDICATORS[indicator][2]),
            title=title,
            unit="%",
            no_data_label=no_data,
            links={code: f"?region={code}" for code in codes},
            outline_key=("desa_kelurahan", region.code),
        )
    )
