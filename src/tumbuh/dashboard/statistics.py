"""Confidence intervals and data quality for the dashboard, from the survey engine.

The dashboard's latest measurement per child goes through ``tumbuh.survey`` as a simple random
sample: prevalence with its 95 % logit CI (WHO's method) and the SMART grade with its reasons,
for the whole area and for each sub-area (kecamatan, kelurahan or posyandu).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from django.utils.translation import get_language

from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.survey.prevalence import Children, prevalence_table
from tumbuh.survey.quality import Measurements, quality_table

#: Fewer children than this in an area: no quality grade (SMART is meant for samples).
MIN_CHILDREN_FOR_GRADE = 30
Z_NAMES = ("zlen", "zwei", "zwfl", "zbmi")


@dataclass(frozen=True)
class Interval:
    low: float | None
    high: float | None


@dataclass(frozen=True)
class AreaStatistics:
    stunting: Interval
    wasting: Interval
    underweight: Interval
    overweight: Interval
    grade: str | None  # excellent / good / acceptable / problematic; None: too few children
    score: int | None
    reasons: str

    @property
    def problematic(self) -> bool:
        return self.grade == "problematic"


@dataclass(frozen=True)
class LatestRow:
    """What the statistics need of one child's latest measurement."""

    area: str
    sex: int
    age_days: int
    weight: float | None
    lenhei: float | None
    position: str
    oedema: bool
    z: tuple[float | None, float | None, float | None, float | None]  # zlen zwei zwfl zbmi
    flags: str


def _arrays(rows: Sequence[LatestRow]) -> tuple[Children, Measurements, np.ndarray]:
    n = len(rows)

    def column(values: Sequence[Any]) -> np.ndarray:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)

    scores: dict[str, np.ndarray] = {}
    for i, name in enumerate(Z_NAMES):
        scores[name] = column([r.z[i] for r in rows])
        scores["f" + name[1:]] = np.array([1.0 if name in r.flags.split() else 0.0 for r in rows])
        scores["f" + name[1:]][np.isnan(scores[name])] = np.nan
    sex = np.array([r.sex for r in rows], dtype=np.int8).reshape(n)
    age_days = np.array([r.age_days for r in rows], dtype=np.float64).reshape(n)
    measure = np.array(
        [1 if r.position == "l" else 2 if r.position == "h" else 0 for r in rows], dtype=np.int8
    ).reshape(n)
    children = Children(
        scores,
        sex,
        np.array([r.oedema for r in rows], dtype=bool).reshape(n),
        age_days / DAYS_PER_MONTH,
        age_days,
    )
    measurements = Measurements(
        scores,
        sex,
        age_days / DAYS_PER_MONTH,
        column([r.weight for r in rows]),
        column([r.lenhei for r in rows]),
        measure,
    )
    return children, measurements, np.array([r.area for r in rows], dtype=object).reshape(n)


def survey_inputs(rows: Sequence[LatestRow]) -> tuple[Children, Measurements, np.ndarray]:
    """The survey engine's inputs for these rows, and each row's area key."""
    return _arrays(rows)


def _interval(prevalence: pl.DataFrame, group: str, indicator: str, cutoff: str) -> Interval:
    row = prevalence.filter(
        (pl.col("Group") == group)
        & (pl.col("indicator") == indicator)
        & (pl.col("cutoff") == cutoff)
    )
    if row.height == 0:
        return Interval(None, None)
    low, high = row["ll"][0], row["ul"][0]
    return Interval(
        None if low is None else round(low, 1), None if high is None else round(high, 1)
    )


def area_statistics(rows: Sequence[LatestRow]) -> dict[str, AreaStatistics]:
    """Statistics by area key, and for everyone under the key ``""``."""
    if not rows:
        return {}
    children, measurements, areas = _arrays(rows)
    language = "en" if (get_language() or "id").startswith("en") else "id"
    prevalence = prevalence_table(children, by={"area": areas})
    quality = quality_table(measurements, by={"area": areas}, language=language)
    result = {}
    for record in quality.iter_rows(named=True):
        group = record["Group"]
        key = "" if group == "All" else group.removeprefix("area: ")
        graded = record["children"] >= MIN_CHILDREN_FOR_GRADE
        result[key] = AreaStatistics(
            stunting=_interval(prevalence, group, "HA", "_2"),
            wasting=_interval(prevalence, group, "WH", "_2"),
            underweight=_interval(prevalence, group, "WA", "_2"),
            overweight=_interval(prevalence, group, "WH", "2"),
            grade=record["smart_grade"] if graded else None,
            score=record["smart_score"] if graded else None,
            reasons=record["smart_reasons"] or "",
        )
    return result
