"""A choropleth map of regions (e.g. kelurahan) from bundled GeoJSON boundaries, as SVG.

No tile server exists offline, so the map is the boundaries themselves, coloured by a value per
region code, with a legend and a tooltip (SVG <title>) per region.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tumbuh.charts.svg import attr, number, text

Ring = Sequence[Sequence[float]]

#: Sequential colour-blind-safe scale (ColorBrewer YlOrRd, 5 classes): low is pale.
YELLOW_ORANGE_RED = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_COLOUR = "#d9d9d9"


@dataclass(frozen=True)
class ColourScale:
    """Class breaks (ascending upper bounds, the last class open) and one colour per class."""

    breaks: tuple[float, ...]
    colours: tuple[str, ...] = YELLOW_ORANGE_RED

    def __post_init__(self) -> None:
        if len(self.colours) != len(self.breaks) + 1:
            raise ValueError("a colour scale needs one colour more than breaks")
        if list(self.breaks) != sorted(self.breaks):
            raise ValueError("breaks must ascend")

    def colour(self, value: float | None) -> str:
        if value is None or math.isnan(value):
            return NO_DATA_COLOUR
        for bound, colour in zip(self.breaks, self.colours, strict=False):
            if value < bound:
                return colour
        return self.colours[-1]

    def legend_labels(self, unit: str) -> list[str]:
        edges = [f"{b:g}" for b in self.breaks]
        labels = [f"< {edges[0]}{unit}"]
        labels += [f"{lo}-{hi}{unit}" for lo, hi in itertools.pairwise(edges)]
        return [*labels, f">= {edges[-1]}{unit}"]


@dataclass(frozen=True)
class Choropleth:
    """What to draw: boundaries, a value and a label per region code, and how to colour."""

    features: Sequence[Mapping[str, Any]]
    values: Mapping[str, float | None]
    scale: ColourScale
    title: str = ""
    unit: str = ""
    no_data_label: str = "no data"
    links: Mapping[str, str] = field(default_factory=dict)
    code_property: str = "kode"
    name_property: str = "nama"
    #: how a value is written in its tooltip (e.g. ``43,2 %`` in Indonesian); default ``43.2%``
    formatter: Callable[[float], str] | None = None
    #: names ``features`` for good (e.g. the bundled boundaries of one region): their drawn
    #: outlines are then kept by the process, and only the colours are new on each map
    outline_key: Hashable | None = None

    def shown(self, value: float | None) -> str:
        if value is None:
            return self.no_data_label
        return self.formatter(value) if self.formatter else f"{value:.1f}{self.unit}"


def _rings(geometry: Mapping[str, Any]) -> Iterable[Ring]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


@dataclass(frozen=True)
class _Projection:
    """Equirectangular with the longitude squeezed by cos(latitude): fine at city scale."""

    west: float
    north: float
    scale_x: float
    scale_y: float

    @classmethod
    def fit(cls, rings: Sequence[Ring], width: float, height: float) -> _Projection:
        xs = [p[0] for ring in rings for p in ring]
        ys = [p[1] for ring in rings for p in ring]
        west, east, south, north = min(xs), max(xs), min(ys), max(ys)
        squeeze = math.cos(math.radians((north + south) / 2))
        span_x = max((east - west) * squeeze, 1e-9)
        span_y = max(north - south, 1e-9)
        unit = min(width / span_x, height / span_y)
        return cls(west, north, unit * squeeze, unit)

    def x(self, point: Sequence[float]) -> float:
        return (point[0] - self.west) * self.scale_x

    def y(self, point: Sequence[float]) -> float:
        return (self.north - point[1]) * self.scale_y

    def path(self, ring: Ring) -> str:
        points = _thinned([(self.x(point), self.y(point)) for point in ring])
        return "M" + "L".join(f"{number(x)},{number(y)}" for x, y in points) + "Z"


#: A boundary point closer than this to the last one drawn (in map units, about pixels) is left
#: out: a kabupaten's 84,000 points drawn at 640 px made a 600 kB map, mostly invisible detail.
THIN_BELOW = 0.75
#: A ring keeps at least this many points (a desa smaller than a pixel still shows).
RING_POINTS_KEPT = 4


def _thinned(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring without points closer than ``THIN_BELOW`` to the previous point kept (the last
    point always kept: it closes the ring); a tiny ring keeps a few of its points."""
    if len(points) <= RING_POINTS_KEPT:
        return points
    kept = [points[0]]
    for x, y in points[1:-1]:
        last_x, last_y = kept[-1]
        if abs(x - last_x) >= THIN_BELOW or abs(y - last_y) >= THIN_BELOW:
            kept.append((x, y))
    kept.append(points[-1])
    if len(kept) < RING_POINTS_KEPT:
        step = (len(points) - 1) / (RING_POINTS_KEPT - 1)
        kept = [points[round(i * step)] for i in range(RING_POINTS_KEPT)]
    return kept


#: Drawn outlines by (``outline_key``, width, height): a kabupaten's 237 desa are 84,000 points
#: to project and write, the same on every page (bounded: a few regions' maps).
_OUTLINES: OrderedDict[Hashable, tuple[str, ...]] = OrderedDict()
_OUTLINES_KEPT = 32
_OUTLINES_LOCK = threading.Lock()


def _draw(features: Sequence[Mapping[str, Any]], width: int, map_height: int) -> tuple[str, ...]:
    """Each feature's outline as an SVG path, projected to fit the map."""
    all_rings = [ring for f in features for ring in _rings(f["geometry"])]
    if not all_rings:
        raise ValueError("no boundaries to draw")
    projection = _Projection.fit(all_rings, width - 20, map_height - 20)
    return tuple(
        "".join(projection.path(ring) for ring in _rings(feature["geometry"]))
        for feature in features
    )


def _outlines(chart: Choropleth, width: int, map_height: int) -> tuple[str, ...]:
    if chart.outline_key is None:
        return _draw(chart.features, width, map_height)
    key = (chart.outline_key, width, map_height)
    with _OUTLINES_LOCK:
        found = _OUTLINES.get(key)
        if found is not None:
            _OUTLINES.move_to_end(key)
            return found
    drawn = _draw(chart.features, width, map_height)
    with _OUTLINES_LOCK:
        _OUTLINES[key] = drawn
        while len(_OUTLINES) > _OUTLINES_KEPT:
            _OUTLINES.popitem(last=False)
    return drawn


def choropleth_svg(chart: Choropleth, *, width: int = 640, map_height: int = 480) -> str:
    """The map as one SVG document (string), with a legend below it."""
    outlines = _outlines(chart, width, map_height)
    legend_height = 24 * (len(chart.scale.colours) + 1) + 12
    height = map_height + legend_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{attr(chart.title)}" class="choropleth">',
        f"<title>{text(chart.title)}</title>",
        '<g transform="translate(10,10)" stroke="#ffffff" stroke-width="0.8">',
    ]
    for feature, path in zip(chart.features, outlines, strict=True):
        props = feature["properties"]
        code = str(props[chart.code_property])
        value = chart.values.get(code)
        shown = chart.shown(value)
        shape = (
            f'<path d="{path}" fill="{chart.scale.colour(value)}" data-code="{attr(code)}">'
            f"<title>{text(props.get(chart.name_property, code))}: {text(shown)}</title></path>"
        )
        link = chart.links.get(code)
        parts.append(f'<a href="{attr(link)}">{shape}</a>' if link else shape)
    parts.append("</g>")
    parts.append(_legend(chart, top=map_height))
    parts.append("</svg>")
    return "".join(parts)


def _legend(chart: Choropleth, *, top: int) -> str:
    labels = chart.scale.legend_labels(chart.unit)
    items = [*zip(chart.scale.colours, labels, strict=True), (NO_DATA_COLOUR, chart.no_data_label)]
    rows = [
        f'<rect x="10" y="{top + 24 * i}" width="18" height="14" fill="{colour}" stroke="#888"/>'
        f'<text x="36" y="{top + 24 * i + 12}" font-size="13" font-family="sans-serif">'
        f"{text(label)}</text>"
        for i, (colour, label) in enumerate(items)
    ]
    return '<g class="legend">' + "".join(rows) + "</g>"
