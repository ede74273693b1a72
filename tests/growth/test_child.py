"""The one-child API agrees with the batch API and explains what is missing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tumbuh.growth import GrowthInputError, Position, Sex, age_in_days, score_child, zscores


def test_it_classifies_a_girl_of_727_days_and_79_5_cm_as_stunted() -> None:
    result = score_child(sex=Sex.FEMALE, age_days=727, lenhei_cm=79.5, position=Position.LYING)
    assert result["zlen"].z == -2.12
    assert result["zlen"].category is not None
    assert result["zlen"].category.label_id == "Pendek"


def test_it_classifies_a_boy_of_3_years_95_cm_12_kg_as_wasted() -> None:
    result = score_child(
        sex=Sex.MALE, age_days=1096, weight_kg=12.0, lenhei_cm=95, position=Position.STANDING
    )
    assert result["zwfl"].z == -2.02
    assert result["zwfl"].category is not None
    assert result["zwfl"].category.slug == "wasted"


def test_it_says_why_a_z_score_is_missing() -> None:
    result = score_child(sex=Sex.MALE, age_days=1900, weight_kg=18, lenhei_cm=110, oedema=True)
    assert result["zlen"].missing_reason is not None
    assert "60 months" in result["zlen"].missing_reason
    assert result["zwei"].missing_reason is not None
    assert "oedema" in result["zwei"].missing_reason
    assert result["zhc"].missing_reason == "not measured"


def test_age_in_days_refuses_a_measurement_before_birth() -> None:
    from datetime import date

    assert age_in_days(date(2024, 1, 1), date(2024, 3, 1)) == 60
    with pytest.raises(GrowthInputError):
        age_in_days(date(2024, 3, 1), date(2024, 1, 1))


@settings(max_examples=60, deadline=None)
@given(
    sex=st.sampled_from([Sex.MALE, Sex.FEMALE]),
    age=st.floats(min_value=0, max_value=2500),
    weight=st.floats(min_value=1, max_value=40),
    lenhei=st.floats(min_value=40, max_value=130),
    position=st.sampled_from([Position.LYING, Position.STANDING, None]),
)
def test_one_child_and_the_batch_give_the_same_numbers(
    sex: Sex, age: float, weight: float, lenhei: float, position: Position | None
) -> None:
    single = score_child(
        sex=sex, age_days=age, weight_kg=weight, lenhei_cm=lenhei, position=position
    )
    batch = zscores(
        sex=[int(sex), 1, 2],
        age=[age, 300, 900],
        weight=[weight, 8, 12],
        lenhei=[lenhei, 70, 85],
        measure=[position.value if position else None, "l", "h"],
    )
    for name, result in single.indicators.items():
        expected = batch[name][0]
        assert (result.z is None and np.isnan(expected)) or result.z == expected, name
