"""Confidence intervals and data quality for the dashboard, with the survey engine's rules.

Each child's latest measurement is taken as a simple random sample: the prevalence's 95 % logit
CI (WHO's method) comes from the counts of the monthly facts (``logit_interval``), the SMART
grade with its reasons from the grades table (computed apart: it needs every child's values).
The survey inputs of latest-measurement rows (``LatestRow``) serve the campaigns' figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from django.utils.translation import get_language

from tumbuh.facts.models import AreaGrade
from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.survey.estimate import logit_interval
from tumbuh.survey.prevalence import Children
from tumbuh.survey.quality import Measurements, reasons_text

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
    computed_at: datetime | None = None  # when the grade was computed

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


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class LatestColumns:
    """``LatestRow`` values as columns, one entry per child: NaN where a value is missing."""

    area: npt.NDArray[np.object_]
    sex: npt.NDArray[np.int8]
    age_days: npt.NDArray[np.float64]
    weight: npt.NDArray[np.float64]
    lenhei: npt.NDArray[np.float64]
    position: npt.NDArray[np.object_]
    oedema: npt.NDArray[np.bool_]
    z: Mapping[str, npt.NDArray[np.float64]]  # by name of ``Z_NAMES``
    flagged: Mapping[str, npt.NDArray[np.bool_]]  # the z-score's name is in the flags

    def __len__(self) -> int:
        return int(self.sex.size)


def floats(values: Sequence[Any]) -> npt.NDArray[np.float64]:
    """A float column, NaN for None."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def flagged_columns(flags: Sequence[str]) -> dict[str, npt.NDArray[np.bool_]]:
    """Per z-score name: whether each row's flags name it."""
    result = {name: np.zeros(len(flags), dtype=bool) for name in Z_NAMES}
    for row, text in enumerate(flags):
        if text:  # most rows have no flag
            for name in text.split():
                if name in result:
                    result[name][row] = True
    return result


def latest_columns(rows: Sequence[LatestRow]) -> LatestColumns:
    n = len(rows)
    return LatestColumns(
        area=np.array([r.area for r in rows], dtype=object).reshape(n),
        sex=np.array([r.sex for r in rows], dtype=np.int8).reshape(n),
        age_days=np.array([r.age_days for r in rows], dtype=np.float64).reshape(n),
        weight=floats([r.weight for r in rows]),
        lenhei=floats([r.lenhei for r in rows]),
        position=np.array([r.position for r in rows], dtype=object).reshape(n),
        oedema=np.array([r.oedema for r in rows], dtype=bool).reshape(n),
        z={name: floats([r.z[i] for r in rows]) for i, name in enumerate(Z_NAMES)},
        flagged=flagged_columns([r.flags for r in rows]),
    )


def survey_columns(latest: LatestColumns) -> tuple[Children, Measurements, np.ndarray]:
    """The survey engine's inputs for these children, and each child's area key."""
    scores: dict[str, np.ndarray] = {}
    for name in Z_NAMES:
        scores[name] = latest.z[name]
        scores["f" + name[1:]] = latest.flagged[name].astype(np.float64)
        scores["f" + name[1:]][np.isnan(scores[name])] = np.nan
    measure = np.zeros(len(latest), dtype=np.int8)
    measure[latest.position == "l"] = 1
    measure[latest.position == "h"] = 2
    children = Children(
        scores, latest.sex, latest.oedema, latest.age_days / DAYS_PER_MONTH, latest.age_days
    )
    measurements = Measurements(
        scores,
        latest.sex,
        latest.age_days / DAYS_PER_MONTH,
        latest.weight,
        latest.lenhei,
        measure,
    )
    return children, measurements, latest.area


def survey_inputs(rows: Sequence[LatestRow]) -> tuple[Children, Measurements, np.ndarray]:
    """The survey engine's inputs for these rows, and each row's area key."""
    return survey_columns(latest_columns(rows))


def _interval(cases: int, n: int, records: int) -> Interval:
    bounds = logit_interval(cases, n, records=records)
    if bounds is None or any(math.isnan(b) for b in bounds):
        return Interval(None, None)
    return Interval(round(bounds[0], 1), round(bounds[1], 1))


def area_statistics(counts: Mapping[str, int], grade: AreaGrade | None) -> AreaStatistics:
    """An area's CIs from its summed monthly counts (``AreaMonth``: each child's latest
    measurement, a simple random sample of the children measured) and its stored grade."""
    records = counts["latest"]
    language = "en" if (get_language() or "id").startswith("en") else "id"
    graded = grade is not None and grade.grade != ""
    return AreaStatistics(
        stunting=_interval(counts["stunted"], counts["latest_len"], records),
        wasting=_interval(counts["wasted"], counts["latest_wfl"], records),
        underweight=_interval(counts["underweight"], counts["latest_wei"], records),
        overweight=_interval(counts["overweight"], counts["latest_wfl"], records),
        grade=grade.grade if graded and grade else None,
        score=grade.score if graded and grade else None,
        reasons=reasons_text(grade.reasons.split(), language=language) if grade else "",
        computed_at=grade.computed_at if grade else None,
    )
