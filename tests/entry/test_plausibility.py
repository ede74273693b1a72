"""Implausible jumps from the previous measurement: what asks to be measured again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tumbuh.entry.plausibility import Jump, Values, jumps

BEFORE = Values(date(2026, 1, 10), Decimal("8.0"), Decimal("70.0"))


def _new(weight: str | None, length: str | None, on: date = date(2026, 2, 10)) -> Values:
    return Values(on, Decimal(weight) if weight else None, Decimal(length) if length else None)


def test_a_weight_typed_without_its_comma_is_a_jump() -> None:
    assert jumps(_new("82", "71.0"), BEFORE) == [Jump.WEIGHT_UP]


def test_a_weight_halved_is_a_jump() -> None:
    assert jumps(_new("3.9", "71.0"), BEFORE) == [Jump.WEIGHT_DOWN]


def test_an_ordinary_month_is_no_jump() -> None:
    assert jumps(_new("8.4", "71.2"), BEFORE) == []


def test_a_length_shrinking_more_than_2_cm_is_a_jump() -> None:
    assert jumps(_new("8.2", "67.5"), BEFORE) == [Jump.LENGTH_SHRANK]
    assert jumps(_new("8.2", "68.5"), BEFORE) == []


def test_a_length_growing_more_than_6_cm_a_month_is_a_jump() -> None:
    assert jumps(_new("8.2", "77.0"), BEFORE) == [Jump.LENGTH_GREW]
    assert jumps(_new("8.2", "75.0"), BEFORE) == []


def test_a_previous_measurement_older_than_two_months_is_not_compared() -> None:
    assert jumps(_new("20", "71.0", on=date(2026, 3, 20)), BEFORE) == []


def test_without_a_previous_measurement_there_is_no_jump() -> None:
    assert jumps(_new("82", None), None) == []


def test_missing_values_are_not_compared() -> None:
    assert jumps(_new(None, "71.0"), BEFORE) == []
