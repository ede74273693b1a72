"""Choropleth of kelurahan (or kecamatan) from the bundled GeoJSON, as server-side SVG."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from tumbuh.regions.loader import boundaries

WIDTH = 640
BINS = ((10.0, "#e8f5e9"), (20.0, "#fff59d"), (30.0, "#ffb74d"), (1000.0, "#e53935"))
NO_DATA = "#ddd"


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def legend() -> list[tuple[str, str]]:
    """(label, colour) for each class of the map, lowest first."""
    labels, low = [], 0.0
    for limit, fill in BINS:
        labels.append((f"{low:g}-{limit:g} %" if limit < 100 else f">= {low:g} %", fill))
        low = limit
    return labels


def colour(value: float | None) -> str:
    if value is None:
        return NO_DATA
    return next(c for limit, c in BINS if value < limit)


def choropleth(
    kabkota_code: str, level: str, values: Mapping[str, float | None], prefix: str = ""
) -> str:
    """An SVG map; ``values`` maps region codes to a percentage. Empty string if no boundaries."""
    data = boundaries(kabkota_code, level)
    if data is None:
        return ""
    features = [f for f in data["features"] if f["properties"]["kode"].startswith(prefix)]
    if not features:
        return ""
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    scale = WIDTH / (max_x - min_x)
    height = (max_y - min_y) * scale
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {WIDTH} {height:.0f}">'
    ]
    for feature in features:
        code = feature["properties"]["kode"]
        value = values.get(code)
        d = " ".join(
            "M"
            + " L".join(f"{(x - min_x) * scale:.1f},{(max_y - y) * scale:.1f}" for x, y in ring)
            + "Z"
            for ring in _rings(feature["geometry"])
        )
        label = escape(feature["properties"]["nama"]) + ("" if value is None else f": {value:.1f}%")
        parts.append(
            f'<path d="{d}" fill="{colour(value)}" stroke="#555" stroke-width="0.5">'
            f"<title>{label}</title></path>"
        )
    parts.append("</svg>")
    return "".join(parts)
