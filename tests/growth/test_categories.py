"""Permenkes No. 2 Tahun 2020 categories, boundaries tested explicitly."""

from __future__ import annotations

import numpy as np
import pytest

from tumbuh.growth import Indicator, classify, classify_array


@pytest.mark.parametrize(
    ("z", "label"),
    [
        (-3.01, "Sangat pendek"),
        (-3.0, "Pendek"),
        (-2.01, "Pendek"),
        (-2.0, "Normal"),
        (3.0, "Normal"),
        (3.01, "Tinggi"),
    ],
)
def test_length_for_age_boundaries(z: float, label: str) -> None:
    category = classify(Indicator.LENGTH_HEIGHT_FOR_AGE, z)
    assert category is not None
    assert category.label_id == label


@pytest.mark.parametrize(
    ("z", "label"),
    [
        (-3.01, "Berat badan sangat kurang"),
        (-3.0, "Berat badan kurang"),
        (-2.0, "Berat badan normal"),
        (1.0, "Berat badan normal"),
        (1.01, "Risiko berat badan lebih"),
    ],
)
def test_weight_for_age_boundaries(z: float, label: str) -> None:
    category = classify(Indicator.WEIGHT_FOR_AGE, z)
    assert category is not None
    assert category.label_id == label


@pytest.mark.parametrize(
    ("z", "slug"),
    [
        (-3.01, "severely_wasted"),
        (-3.0, "wasted"),
        (-2.0, "normal"),
        (1.0, "normal"),
        (1.01, "possible_risk_of_overweight"),
        (2.0, "possible_risk_of_overweight"),
        (2.01, "overweight"),
        (3.0, "overweight"),
        (3.01, "obese"),
    ],
)
@pytest.mark.parametrize("indicator", [Indicator.WEIGHT_FOR_LENGTH_HEIGHT, Indicator.BMI_FOR_AGE])
def test_wasting_scale_boundaries(indicator: Indicator, z: float, slug: str) -> None:
    category = classify(indicator, z)
    assert category is not None
    assert category.slug == slug


@pytest.mark.parametrize(
    ("z", "label_en"),
    [(-3.0, "Thin"), (1.0, "Normal"), (1.01, "Overweight"), (2.0, "Overweight"), (2.01, "Obese")],
)
def test_bmi_for_age_5_to_18_years_boundaries(z: float, label_en: str) -> None:
    category = classify(Indicator.BMI_FOR_AGE_5_18, z)
    assert category is not None
    assert category.label("en") == label_en


def test_a_missing_z_score_has_no_category() -> None:
    assert classify(Indicator.WEIGHT_FOR_AGE, None) is None
    assert classify_array(Indicator.WEIGHT_FOR_AGE, np.array([np.nan]))[0] == -1
