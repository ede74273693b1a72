"""The SMART plausibility check: criteria, penalty points and the overall grade.

Source: SMART Manual 2.0 (2017), as implemented by nutriverse/mwana and nipnTK (shared/who/
SMART.md). Each band below is (upper bound of the value, points); the first band whose bound
the value does not exceed gives the points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import stats

FloatArray = npt.NDArray[np.float64]

#: SMART flags: a WHZ further than this from the survey's observed mean.
SMART_FLAG_SD: Final = 3.0
#: Flagged WHZ, percent: <= 2.5 -> 0, <= 5 -> 5, <= 7.5 -> 10, else 20.
FLAGGED_BANDS: Final = ((2.5, 0), (5.0, 5), (7.5, 10), (math.inf, 20))
#: Sex ratio and age ratio tests, p-value: > 0.1 -> 0, > 0.05 -> 2, > 0.001 -> 4, else 10.
RATIO_P_BANDS: Final = ((0.1, 0), (0.05, 2), (0.001, 4), (-math.inf, 10))
#: Expected share of boys.
EXPECTED_MALE_SHARE: Final = 0.5
#: Expected ratio of children 6-29 to 30-59 months (SMART).
EXPECTED_AGE_RATIO: Final = 0.85
#: Digit preference score (rounded): <= 7 -> 0, <= 12 -> 2, <= 20 -> 4, else 10.
DPS_BANDS: Final = ((7, 0), (12, 2), (20, 4), (math.inf, 10))
#: SD of WHZ: within 0.9-1.1 -> 0, 0.85-1.15 -> 5, 0.80-1.20 -> 10, else 20.
SD_BANDS: Final = (((0.9, 1.1), 0), ((0.85, 1.15), 5), ((0.8, 1.2), 10))
SD_OUTSIDE_POINTS: Final = 20
#: |skewness| and |excess kurtosis| of WHZ: < 0.2 -> 0, < 0.4 -> 1, < 0.6 -> 3, else 5.
SHAPE_BANDS: Final = ((0.2, 0), (0.4, 1), (0.6, 3), (math.inf, 5))
#: Poisson dispersion of WHZ <= -2 cases over clusters, p: > 0.05 -> 0, > 0.01 -> 1,
#: > 0.001 -> 3, else 5.
POISSON_P_BANDS: Final = ((0.05, 0), (0.01, 1), (0.001, 3), (-math.inf, 5))
#: Total score: <= 9 excellent, <= 14 good, <= 24 acceptable, else problematic.
GRADE_BANDS: Final = ((9, "excellent"), (14, "good"), (24, "acceptable"))


class Grade(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    ACCEPTABLE = "acceptable"
    PROBLEMATIC = "problematic"


@dataclass(frozen=True)
class Criterion:
    name: str
    value: float | None
    points: int
    note: str = ""


@dataclass(frozen=True)
class SmartResult:
    criteria: tuple[Criterion, ...]

    @property
    def score(self) -> int:
        return sum(c.points for c in self.criteria)

    @property
    def grade(self) -> Grade:
        return grade_of(self.score)


def grade_of(score: int) -> Grade:
    for bound, grade in GRADE_BANDS:
        if score <= bound:
            return Grade(grade)
    return Grade.PROBLEMATIC


def _up_to(value: float, bands: tuple[tuple[float, int], ...]) -> int:
    for bound, points in bands:
        if value <= bound:
            return points
    return bands[-1][1]


def _p_above(p: float, bands: tuple[tuple[float, int], ...]) -> int:
    for bound, points in bands:
        if p > bound:
            return points
    return bands[-1][1]


def proportion_test(successes: int, n: int, expected: float) -> float:
    """p-value of R's ``prop.test(x, n, p)`` (chi-square with Yates' continuity correction)."""
    if n == 0:
        return math.nan
    expected_count = n * expected
    correction = min(0.5, abs(successes - expected_count))
    chi2 = (abs(successes - expected_count) - correction) ** 2 / (n * expected * (1 - expected))
    return math.erfc(math.sqrt(chi2 / 2))  # the chi-square (1 df) survival function


def digit_preference_score(values: FloatArray) -> float:
    """SMART's DPS of the decimal digit: 100 * sqrt(chi2 / (n * 9)), 0 = no preference."""
    present = values[~np.isnan(values)]
    if present.size == 0:
        return math.nan
    digits = np.rint(present * 10).astype(np.int64) % 10
    counts = np.bincount(digits, minlength=10)
    expected = present.size / 10
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    return 100 * math.sqrt(chi2 / (present.size * 9))


def moments(z: FloatArray) -> tuple[float, float, float]:
    """SD (n-1), skewness and excess kurtosis (moment estimators)."""
    if z.size < 3:
        return math.nan, math.nan, math.nan
    centred = z - z.mean()
    squared = centred * centred
    m2 = float(squared.mean())
    if m2 == 0:
        return 0.0, math.nan, math.nan
    # sums, not np.dot: a BLAS dot may start threads, which costs more than it saves here
    m3 = float((squared * centred).sum()) / z.size
    m4 = float((squared * squared).sum()) / z.size
    return math.sqrt(m2 * z.size / (z.size - 1)), m3 / m2**1.5, m4 / m2**2 - 3


def smart_flags(z: FloatArray) -> npt.NDArray[np.bool_]:
    """True where a (WHO-unflagged) z-score lies further than 3 from the observed mean."""
    mean = np.nanmean(z) if np.isfinite(z).any() else np.nan
    with np.errstate(invalid="ignore"):
        return np.abs(z - mean) > SMART_FLAG_SD


def poisson_dispersion_p(cases_per_cluster: npt.NDArray[np.int64]) -> float:
    """p-value of the index of dispersion (variance/mean) of cases over clusters."""
    k = cases_per_cluster.size
    mean = cases_per_cluster.mean() if k else 0.0
    if k < 2 or mean == 0:
        return math.nan
    index = cases_per_cluster.var(ddof=1) / mean
    return float(stats.chi2.sf(index * (k - 1), k - 1))


def smart_check(
    *,
    whz: FloatArray,
    sex: npt.NDArray[np.int8],
    age_months: FloatArray,
    weight: FloatArray,
    height: FloatArray,
    cluster: npt.NDArray[np.object_] | None = None,
) -> SmartResult:
    """Score one dataset (or one group: a posyandu, a kader). ``whz`` has WHO flags removed."""
    present = ~np.isnan(whz)
    flags = smart_flags(whz)
    n_whz = int(present.sum())
    flagged = 100 * float(flags.sum()) / n_whz if n_whz else math.nan
    clean = whz[present & ~flags]
    sd, skew, kurt = moments(clean)
    boys, known_sex = int((sex == 1).sum()), int(((sex == 1) | (sex == 2)).sum())
    with np.errstate(invalid="ignore"):
        young = int(((age_months >= 6) & (age_months < 30)).sum())
        old = int(((age_months >= 30) & (age_months < 60)).sum())
    p_sex = proportion_test(boys, known_sex, EXPECTED_MALE_SHARE)
    p_age = proportion_test(young, young + old, EXPECTED_AGE_RATIO / (1 + EXPECTED_AGE_RATIO))
    dps_w, dps_h = digit_preference_score(weight), digit_preference_score(height)
    criteria = [
        Criterion(
            "flagged_whz_percent",
            flagged,
            0 if math.isnan(flagged) else _up_to(flagged, FLAGGED_BANDS),
        ),
        Criterion("sex_ratio_p", p_sex, 0 if math.isnan(p_sex) else _p_above(p_sex, RATIO_P_BANDS)),
        Criterion("age_ratio_p", p_age, 0 if math.isnan(p_age) else _p_above(p_age, RATIO_P_BANDS)),
        Criterion("dps_weight", dps_w, 0 if math.isnan(dps_w) else _up_to(round(dps_w), DPS_BANDS)),
        Criterion("dps_height", dps_h, 0 if math.isnan(dps_h) else _up_to(round(dps_h), DPS_BANDS)),
        Criterion("sd_whz", sd, _sd_points(sd)),
        Criterion("skewness_whz", skew, 0 if math.isnan(skew) else _up_to(abs(skew), SHAPE_BANDS)),
        Criterion("kurtosis_whz", kurt, 0 if math.isnan(kurt) else _up_to(abs(kurt), SHAPE_BANDS)),
        _poisson(whz, present & ~flags, cluster),
    ]
    return SmartResult(tuple(criteria))


def _sd_points(sd: float) -> int:
    if math.isnan(sd):
        return 0
    for (low, high), points in SD_BANDS:
        if low <= sd <= high:
            return points
    return SD_OUTSIDE_POINTS


def _poisson(
    whz: FloatArray, usable: npt.NDArray[np.bool_], cluster: npt.NDArray[np.object_] | None
) -> Criterion:
    if cluster is None:
        return Criterion("poisson_dispersion_p", None, 0, "no clusters given: not scored")
    _, codes = np.unique(cluster[usable].astype(str), return_inverse=True)
    cases = np.bincount(codes, weights=(whz[usable] <= -2).astype(np.float64)).astype(np.int64)
    p = poisson_dispersion_p(cases)
    if math.isnan(p):
        return Criterion("poisson_dispersion_p", None, 0, "too few clusters or no cases")
    return Criterion("poisson_dispersion_p", p, _p_above(p, POISSON_P_BANDS))
