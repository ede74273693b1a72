"""The decimal field: the comma and the point, as typed on an Indonesian phone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from tumbuh.entry.fields import TypedDecimalField, read_decimal


class WeightForm(forms.Form):
    weight = TypedDecimalField(min_value=Decimal("0.5"), max_value=Decimal(60), decimal_places=2)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("8,2", Decimal("8.2")), ("8.2", Decimal("8.2")), (" 8,2 ", Decimal("8.2")), ("9", 9)],
)
def test_it_reads_a_comma_or_a_point_as_the_decimal_sign(typed: str, stored: Decimal) -> None:
    form = WeightForm({"weight": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["weight"] == stored


@pytest.mark.parametrize("typed", ["8,2,1", "1.234,5", "1,234.5", "8,", ",5", "delapan", "8 2"])
def test_it_refuses_what_is_not_one_number(typed: str) -> None:
    form = WeightForm({"weight": typed})
    assert not form.is_valid()
    assert form.errors["weight"]


def test_it_says_in_indonesian_how_to_type_a_number() -> None:
    with translation.override("id"):
        form = WeightForm({"weight": "8,2,1"})
        assert form.errors["weight"] == ["Ketik angka, misalnya 8,2 atau 8.2."]


def test_a_value_above_the_bound_is_refused_not_rescaled() -> None:
    form = WeightForm({"weight": "82"})
    assert not form.is_valid()


def test_it_renders_a_text_input_with_the_decimal_keypad() -> None:
    html = str(WeightForm()["weight"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert "step" not in html


def test_read_decimal_leaves_the_number_with_a_point() -> None:
    assert read_decimal(" 12,50 ") == "12.50"
    assert read_decimal("") is None
