"""One number format: ``43,2 %`` in Indonesian and ``43.2 %`` in English, on pages and map
tooltips alike."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from tumbuh.charts import Choropleth, ColourScale
from tumbuh.formatting import decimal, percent


def test_indonesian_writes_a_decimal_comma_and_a_space_before_the_sign() -> None:
    with translation.override("id"):
        assert percent(43.25) == "43,3 %"
        assert percent(43.2) == "43,2 %"
        assert percent(7) == "7,0 %"
        assert decimal(-1.955, 2) == "-1,96"
        assert percent(None) == "-"


def test_english_writes_a_decimal_point() -> None:
    with translation.override("en"):
        assert percent(43.2) == "43.2 %"


def test_the_template_filter_is_the_same_rule() -> None:
    template = Template("{% load numbers %}{{ value|percent }} {{ none|percent }}")
    with translation.override("id"):
        assert template.render(Context({"value": 12.34, "none": None})) == "12,3 % -"


def test_a_map_tooltip_uses_the_rule_it_is_given() -> None:
    chart = Choropleth([], {}, ColourScale((10.0,), ("#fff", "#000")), formatter=percent)
    with translation.override("id"):
        assert chart.shown(43.2) == "43,2 %"
    assert Choropleth([], {}, ColourScale((10.0,), ("#fff", "#000")), unit="%").shown(43.2) == (
        "43.2%"
    )
