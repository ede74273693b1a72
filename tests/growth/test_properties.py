"""Properties WHO's method must have, checked by Hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tumbuh.growth import zscores
from tumbuh.growth.lms import sd_value, z_plain, z_restricted
from tumbuh.growth.rules import FLAG_LIMITS
from tumbuh.growth.tables import Table, load

ages = st.integers(min_value=0, max_value=1825)
sexes = st.sampled_from([1, 2])


@settings(max_examples=80, deadline=None)
@given(sex=sexes, age=ages, a=st.floats(2, 30), b=st.floats(2, 30))
def test_z_rises_with_weight(sex: int, age: int, a: float, b: float) -> None:
    low, high = sorted((a, b))
    out = zscores(sex=[sex, sex], age=[age, age], weight=[low, high], lenhei=[np.nan, np.nan])
    assert out["zwei"][0] <= out["zwei"][1]


@settings(max_examples=80, deadline=None)
@given(sex=sexes, age=ages, a=st.floats(40, 125), b=st.floats(40, 125))
def test_z_rises_with_length(sex: int, age: int, a: float, b: float) -> None:
    low, high = sorted((a, b))
    out = zscores(
        sex=[sex, sex], age=[age, age], weight=[np.nan] * 2, lenhei=[low, high], measure=["l", "l"]
    )
    assert out["zlen"][0] <= out["zlen"][1]


@settings(max_examples=80, deadline=None)
@given(sex=sexes, age=ages, k=st.sampled_from([3.0, -3.0]))
def test_restricted_and_plain_z_meet_at_plus_minus_3(sex: int, age: int, k: float) -> None:
    table = load(Table.WEIGHT_FOR_AGE)
    i = np.array([(sex - 1) * table.size + age])
    l, m, s = table.l[i], table.m[i], table.s[i]  # noqa: E741
    y = sd_value(k, l, m, s)
    for nudge in (1 - 1e-9, 1 + 1e-9):
        restricted = z_restricted(y * nudge, l, m, s)[0]
        plain = z_plain(y * nudge, l, m, s)[0]
        assert abs(restricted - plain) < 1e-6


@settings(max_examples=40, deadline=None)
@given(sex=sexes, age=ages, k=st.floats(-2.99, 2.99))
def test_restricted_equals_plain_inside_3_sd(sex: int, age: int, k: float) -> None:
    table = load(Table.BMI_FOR_AGE)
    i = np.array([(sex - 1) * table.size + age])
    l, m, s = table.l[i], table.m[i], table.s[i]  # noqa: E741
    y = sd_value(k, l, m, s)
    assert z_restricted(y, l, m, s)[0] == z_plain(y, l, m, s)[0]


@settings(max_examples=60, deadline=None)
@given(sex=sexes, age=ages, w=st.floats(0.5, 60))
def test_weight_flag_switches_exactly_at_its_limits(sex: int, age: int, w: float) -> None:
    out = zscores(sex=[sex], age=[age], weight=[w], lenhei=[np.nan])
    z, flag = out["zwei"][0], out["fwei"][0]
    low, high = FLAG_LIMITS["zwei"]
    assert flag == float(z < low or z > high)


def test_flags_use_the_rounded_z_at_the_exact_limit() -> None:
    table = load(Table.WEIGHT_FOR_AGE)
    i = np.array([400])
    l, m, s = table.l[i], table.m[i], table.s[i]  # noqa: E741
    # a weight whose restricted z is 5.004 rounds to 5.00: not flagged (limit is > 5)
    sd3 = sd_value(3.0, l, m, s)
    band = sd3 - sd_value(2.0, l, m, s)
    at_5_004 = sd3 + 2.004 * band
    at_5_01 = sd3 + 2.01 * band
    out = zscores(sex=[1, 1], age=[400, 400], weight=[at_5_004[0], at_5_01[0]], lenhei=[np.nan] * 2)
    assert list(out["zwei"]) == [5.0, 5.01]
    assert list(out["fwei"]) == [0.0, 1.0]
