"""The choropleth map: one shape per region, coloured by class, with a legend and tooltips."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import pytest

from tumbuh.charts import Choropleth, ColourScale, choropleth_svg
from tumbuh.charts.choropleth import NO_DATA_COLOUR, YELLOW_ORANGE_RED

SVG = "{http://www.w3.org/2000/svg}"


def square(code: str, name: str, x: float, y: float) -> dict[str, object]:
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return {
        "type": "Feature",
        "properties": {"kode": code, "nama": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


FEATURES = [
    square("71.72.01.1001", "Pasir Panjang", 125.1, 1.4),
    square("71.72.01.1002", "Paudean", 125.2, 1.4),
]
SCALE = ColourScale(breaks=(10, 15, 20, 25))


def test_every_region_is_a_shape_coloured_by_its_class() -> None:
    chart = Choropleth(
        FEATURES, {"71.72.01.1001": 12.0, "71.72.01.1002": 31.5}, SCALE, title="Stunting"
    )
    root = ET.fromstring(choropleth_svg(chart))
    paths = root.findall(f".//{SVG}path")
    assert [p.get("fill") for p in paths] == [YELLOW_ORANGE_RED[1], YELLOW_ORANGE_RED[4]]
    assert paths[0].find(f"{SVG}title").text == "Pasir Panjang: 12.0"  # type: ignore[union-attr]


def test_a_region_without_a_value_is_grey_and_says_so() -> None:
    chart = Choropleth(FEATURES, {"71.72.01.1001": 5.0}, SCALE, no_data_label="tidak ada data")
    svg = choropleth_svg(chart)
    assert NO_DATA_COLOUR in svg
    assert "Paudean: tidak ada data" in svg


def test_regions_can_link_to_their_own_page() -> None:
    chart = Choropleth(FEATURES, {}, SCALE, links={"71.72.01.1002": "/wilayah/71.72.01.1002/"})
    assert 'href="/wilayah/71.72.01.1002/"' in choropleth_svg(chart)


def test_names_are_escaped() -> None:
    chart = Choropleth([square("x", "<script>", 125, 1)], {}, SCALE)
    assert "<script>" not in choropleth_svg(chart)


@pytest.mark.parametrize(
    ("value", "colour"), [(9.99, 0), (10, 1), (24.9, 3), (25, 4), (math.nan, None)]
)
def test_class_breaks_are_upper_bounds(value: float, colour: int | None) -> None:
    expected = NO_DATA_COLOUR if colour is None else YELLOW_ORANGE_RED[colour]
    assert SCALE.colour(value) == expected


def test_the_legend_names_every_class() -> None:
    assert SCALE.legend_labels("%") == ["< 10%", "10-15%", "15-20%", "20-25%", ">= 25%"]


def test_a_scale_with_the_wrong_number_of_colours_is_refused() -> None:
    with pytest.raises(ValueError, match="one colour more"):
        ColourScale(breaks=(1, 2))


def test_it_draws_the_real_kelurahan_of_a_city(tmp_path: object) -> None:
    collection = json.loads(json.dumps({"type": "FeatureCollection", "features": FEATURES * 3}))
    svg = choropleth_svg(Choropleth(collection["features"], {}, SCALE))
    assert svg.count("<path") == 6


def test_outlines_kept_under_a_key_draw_the_same_map_in_new_colours() -> None:
    values = {"71.72.01.1001": 12.0, "71.72.01.1002": 31.5}
    fresh = choropleth_svg(Choropleth(FEATURES, values, SCALE))
    kept = choropleth_svg(Choropleth(FEATURES, values, SCALE, outline_key=("test", "71.72")))
    assert kept == fresh
    recoloured = choropleth_svg(
        Choropleth(FEATURES, {"71.72.01.1001": 31.5}, SCALE, outline_key=("test", "71.72"))
    )
    paths = ET.fromstring(recoloured).findall(f".//{SVG}path")
    assert [p.get("fill") for p in paths] == [YELLOW_ORANGE_RED[4], NO_DATA_COLOUR]
    assert [p.get("d") for p in paths] == [
        p.get("d") for p in ET.fromstring(fresh).findall(f".//{SVG}path")
    ]


def test_boundary_detail_finer_than_a_pixel_is_left_out_but_a_tiny_region_still_shows() -> None:
    detailed = square("71.72.01.1001", "Pasir Panjang", 125.1, 1.4)
    ring = detailed["geometry"]["coordinates"][0]  # type: ignore[index]
    # 200 points along the bottom edge, each a hair apart (well under a pixel at this scale)
    ring[1:1] = [[125.1 + 0.01 * i / 201, 1.4] for i in range(1, 201)]
    tiny = square("71.72.01.1002", "Paudean", 125.2, 1.4)
    tiny["geometry"]["coordinates"][0] = [  # type: ignore[index]
        [125.2 + 0.000001 * i, 1.4 + 0.000001 * (i % 2)] for i in range(12)
    ]
    svg = choropleth_svg(Choropleth([detailed, tiny], {}, SCALE))
    paths = [p.get("d") or "" for p in ET.fromstring(svg).findall(f".//{SVG}path")]
    drawn = [path.count("L") + 1 for path in paths]
    assert drawn[0] < 100  # not 205
    assert drawn[1] == 4
    assert all(path.startswith("M") and path.endswith("Z") for path in paths)
