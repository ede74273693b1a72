"""Prevalence with 95 % CIs and the SMART grade of a campaign, by the survey engine.

One call of ``tumbuh.survey`` per campaign: everyone, each kecamatan and each kelurahan, from the
latest measurement per child in the period (a simple random sample, as ``tumbuh analyse`` with
``--by kelurahan`` treats a file).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from tumbuh.dashboard.statistics import LatestColumns, survey_columns
from tumbuh.facts.grades import MIN_CHILDREN_FOR_GRADE
from tumbuh.survey.prevalence import prevalence_table
from tumbuh.survey.quality import quality_table

#: Group keys: everyone, and the two groupings of the engine's ``by``.
EVERYONE = ""
KECAMATAN = "kecamatan"
KELURAHAN = "kelurahan"
KECAMATAN_CODE_WIDTH = 8  # 71.72.01 of 71.72.01.1001


@dataclass(frozen=True)
class Estimate:
    """A prevalence in percent with its 95 % CI; None where nobody was measured."""

    percent: float | None = None
    low: float | None = None
    high: float | None = None
    n: int = 0  # children in the denominator (measured, value not flagged)


NO_ESTIMATE = Estimate()


@dataclass(frozen=True)
class Estimates:
    stunting: Estimate = NO_ESTIMATE
    wasting: Estimate = NO_ESTIMATE
    underweight: Estimate = NO_ESTIMATE
    grade: str | None = None  # excellent / good / acceptable / problematic; None: too few
    reasons: str = ""


NO_ESTIMATES = Estimates()


def _rounded(value: object) -> float | None:
    return None if value is None else round(float(value), 1)  # type: ignore[arg-type]


def _estimates_by_group(prevalence: pl.DataFrame) -> dict[tuple[str, str], Estimate]:
    """(group label, indicator) -> the prevalence below -2 SD with its CI."""
    below_two = prevalence.filter(pl.col("cutoff") == "_2")
    return {
        (group, indicator): Estimate(_rounded(r), _rounded(low), _rounded(high), int(n or 0))
        for group, indicator, r, low, high, n in below_two.select(
            "Group", "indicator", "r", "ll", "ul", "unwpop"
        ).iter_rows()
    }


def _key(group: str) -> tuple[str, str]:
    """("kelurahan", "71.72.01.1001") from the engine's label "kelurahan: 71.72.01.1001"."""
    if group == "All":
        return (EVERYONE, EVERYONE)
    grouping, _colon, value = group.partition(": ")
    return (grouping, value)


def campaign_estimates(
    latest: LatestColumns, *, language: str, by_area: bool = True, kecamatan: bool = True
) -> dict[tuple[str, str], Estimates]:
    """Estimates keyed by (grouping, region code); ``area`` is each child's kelurahan code.
    Without ``by_area``, for everyone only; without ``kecamatan``, for everyone and each
    kelurahan."""
    if not len(latest):
        return {}
    children, measurements, areas = survey_columns(latest)
    by = {}
    if by_area and kecamatan:
        by[KECAMATAN] = np.array([a[:KECAMATAN_CODE_WIDTH] for a in areas], dtype=object)
    if by_area:
        by[KELURAHAN] = areas
    prevalence = prevalence_table(children, by=by)
    quality = quality_table(measurements, by=by, language=language)
    estimates = _estimates_by_group(prevalence)
    result = {}
    for record in quality.iter_rows(named=True):
        group = record["Group"]
        graded = record["children"] >= MIN_CHILDREN_FOR_GRADE
        result[_key(group)] = Estimates(
            stunting=estimates.get((group, "HA"), NO_ESTIMATE),
            wasting=estimates.get((group, "WH"), NO_ESTIMATE),
            underweight=estimates.get((group, "WA"), NO_ESTIMATE),
            grade=record["smart_grade"] if graded else None,
            reasons=(record["smart_reasons"] or "") if graded else "",
        )
    return result
