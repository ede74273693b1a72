"""R's round(x, 2), which WHO's packages use, including the half-way cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tumbuh.growth.rounding import round_r, round_r_scalar


def test_it_rounds_0_155_up_as_r_does_where_python_rounds_down() -> None:
    assert round(0.155, 2) == 0.15
    assert round_r_scalar(0.155) == 0.16


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-0.155, -0.16), (2.675, 2.67), (0.125, 0.12), (-2.004, -2.0), (-2.005, -2.0), (3.0, 3.0)],
)
def test_it_rounds_like_r(value: float, expected: float) -> None:
    assert round_r_scalar(value) == expected


def test_nan_stays_nan() -> None:
    assert np.isnan(round_r(np.array([np.nan]))[0])


@given(st.floats(min_value=-20, max_value=20, allow_nan=False))
def test_it_is_never_more_than_half_a_unit_away(value: float) -> None:
    assert abs(round_r_scalar(value) - value) <= 0.005 + 1e-12


@given(st.floats(min_value=-20, max_value=20, allow_nan=False))
def test_it_is_symmetric_around_zero(value: float) -> None:
    assert round_r_scalar(-value) == -round_r_scalar(value)
