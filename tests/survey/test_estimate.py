"""The domain estimator against hand-computed small cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from tumbuh.survey.design import Design, DesignError
from tumbuh.survey.estimate import domain_estimates, logit_bounds, logit_interval
from tumbuh.survey.prevalence import Children, prevalence_table


def test_a_simple_random_sample_mean_has_the_textbook_standard_error() -> None:
    y = np.array([[1.0], [2.0], [3.0], [4.0]])
    est = domain_estimates(Design.build(4), np.zeros(4, dtype=np.int64), 1, y)
    assert est.r[0, 0] == 2.5
    # domain = whole sample: se = sd / sqrt(n)
    assert est.se[0, 0] == pytest.approx(np.std([1, 2, 3, 4], ddof=1) / 2)
    assert est.sd[0, 0] == pytest.approx(np.std([1, 2, 3, 4], ddof=1))


def test_a_subgroup_is_estimated_as_a_domain_of_the_whole_sample() -> None:
    y = np.array([[1.0], [3.0], [10.0], [20.0]])
    groups = np.array([0, 0, 1, 1], dtype=np.int64)
    est = domain_estimates(Design.build(4), groups, 2, y)
    # influence values of group 0: (1-2)/2, (3-2)/2, 0, 0; var = 4/3 * sum(u^2)
    assert est.se[0, 0] == pytest.approx(math.sqrt(4 / 3 * 0.5))


def test_a_lonely_psu_is_centred_on_zero() -> None:
    y = np.array([[1.0], [3.0], [5.0]])
    design = Design.build(3, cluster=[1, 2, 3], strata=["a", "a", "b"])
    est = domain_estimates(design, np.zeros(3, dtype=np.int64), 1, y)
    u = (y[:, 0] - 3) / 3
    stratum_a = 2 * ((u[0] - u[:2].mean()) ** 2 + (u[1] - u[:2].mean()) ** 2)
    assert est.se[0, 0] == pytest.approx(math.sqrt(stratum_a + u[2] ** 2))


def test_missing_weights_count_as_zero_and_negative_ones_are_refused() -> None:
    assert Design.build(2, weights=[1.0, float("nan")]).weights.tolist() == [1.0, 0.0]
    with pytest.raises(DesignError, match="negative"):
        Design.build(2, weights=[1.0, -1.0])


def test_the_design_degrees_of_freedom_are_psus_minus_strata() -> None:
    design = Design.build(6, cluster=[1, 1, 2, 3, 3, 4], strata=[1, 1, 1, 2, 2, 2])
    assert design.df == 4 - 2


def test_an_empty_group_has_no_standard_error() -> None:
    est = domain_estimates(Design.build(2), np.array([0, 0], dtype=np.int64), 2, np.ones((2, 1)))
    assert math.isnan(est.se[1, 0])


def test_the_logit_interval_of_zero_and_one_is_the_point_itself() -> None:
    low, high = logit_bounds(np.array([0.0, 1.0, 0.2]), np.array([0.0, 0.0, 0.05]), 2.0)
    assert low[:2].tolist() == [0.0, 1.0]
    assert high[:2].tolist() == [0.0, 1.0]
    logit = math.log(0.2 / 0.8)
    expected = 1 / (1 + math.exp(-(logit - 2.0 * 0.05 / 0.16)))
    assert low[2] == pytest.approx(expected)
    assert stats.t.ppf(0.975, 10) > 2


def _stunting_row(zlen: list[float]) -> dict[str, float]:
    n = len(zlen)
    z = np.array(zlen)
    scores = {"zlen": z, "flen": np.where(np.isnan(z), np.nan, 0.0)}
    for name in ("wei", "wfl", "bmi"):
        scores["z" + name] = np.full(n, np.nan)
        scores["f" + name] = np.full(n, np.nan)
    children = Children(
        scores,
        np.ones(n, dtype=np.int8),
        np.zeros(n, dtype=bool),
        np.full(n, 24.0),
        np.full(n, 24.0 * 30.4375),
    )
    table = prevalence_table(children)
    return table.filter(
        (table["Group"] == "All") & (table["indicator"] == "HA") & (table["cutoff"] == "_2")
    ).row(0, named=True)


@pytest.mark.parametrize(
    ("stunted", "others", "missing"), [(3, 17, 0), (1, 40, 0), (12, 30, 5), (2, 1, 2)]
)
def test_the_interval_from_counts_equals_the_survey_engines_on_the_children(
    stunted: int, others: int, missing: int
) -> None:
    row = _stunting_row([-2.5] * stunted + [0.3] * others + [math.nan] * missing)
    interval = logit_interval(stunted, stunted + others, records=stunted + others + missing)
    assert interval == pytest.approx((row["ll"], row["ul"]), abs=1e-9)


def test_no_children_have_no_interval_and_none_or_all_cases_a_point() -> None:
    assert logit_interval(0, 0) is None
    assert logit_interval(0, 25) == (0.0, 0.0)
    assert logit_interval(25, 25) == (100.0, 100.0)
