"""Prevalence of WHO's cut-offs and mean z-scores, with 95 % confidence intervals, by group:
the method of WHO's ``anthro_prevalence`` (2006 standards) and ``anthroplus_prevalence`` (2007).

- Flagged z-scores are left out, indicator by indicator.
- Children with oedema count below -3 SD in the weight-based prevalences (a stand-in z of
  -3.1) and are left out of means and SDs.
- Proportions get the logit CI on the design degrees of freedom; 0 % gets [0, 0] and 100 %
  [100, 100] (WHO's anthro 1.1.0 also gave [1, 1] for exactly 1 % with weights: not copied).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from tumbuh.growth.rules import UNDER_FIVE_BELOW_DAYS, last_age_day_below
from tumbuh.survey import groups as g
from tumbuh.survey.design import Design
from tumbuh.survey.estimate import estimate_many, logit_bounds, t_quantile

FloatArray = npt.NDArray[np.float64]
#: WHO's stand-in z-score for a child with oedema in weight-based prevalences.
OEDEMA_Z: Final = -3.1
#: 2006 analyses keep children up to this rounded age in days (or of unknown age): under five.
MAX_AGE_DAYS_2006: Final = last_age_day_below(UNDER_FIVE_BELOW_DAYS)
#: Cut-offs: (WHO suffix, threshold, below?). Strict comparisons on rounded z-scores.
CUTOFFS: Final = (
    ("_3", -3.0, True),
    ("_2", -2.0, True),
    ("_1", -1.0, True),
    ("1", 1.0, False),
    ("2", 2.0, False),
    ("3", 3.0, False),
)


class Reference(StrEnum):
    WHO_2006 = "2006"  # Child Growth Standards, 0-59 months (anthro)
    WHO_2007 = "2007"  # Growth Reference, 5-19 years (anthroplus)


@dataclass(frozen=True)
class Indicator:
    label: str  # WHO's prefix: HA, WA, BMI, WH
    z: str  # z-score column
    weight_based: bool  # oedema counts below -3
    oedema_until_months: float | None = None  # anthroplus: weight-for-age only to 120 months


INDICATORS: Final = {
    Reference.WHO_2006: (
        Indicator("HA", "zlen", weight_based=False),
        Indicator("WA", "zwei", weight_based=True),
        Indicator("BMI", "zbmi", weight_based=True),
        Indicator("WH", "zwfl", weight_based=True),
    ),
    Reference.WHO_2007: (
        Indicator("HA", "zhfa", weight_based=False),
        Indicator("WA", "zwfa", weight_based=True, oedema_until_months=120.0),
        Indicator("BMI", "zbfa", weight_based=True),
    ),
}
#: Stunted and wasted; stunted and overweight (2006 only): (WHO prefix, wasting test).
COMBINED: Final = (("HA_2_WH_2", -2.0, True), ("HA_2_WH2", 2.0, False))


@dataclass(frozen=True)
class Children:
    """Scored children: WHO's z-score and flag columns, sex 1/2, oedema, exact age."""

    scores: Mapping[str, FloatArray]  # zlen, flen, zwei, fwei, ... (NaN missing)
    sex: npt.NDArray[np.int8]
    oedema: npt.NDArray[np.bool_]
    age_months: FloatArray  # exact (unrounded)
    age_days: FloatArray  # exact (unrounded)

    def __len__(self) -> int:
        return int(self.sex.size)

    def take(self, rows: npt.NDArray[np.intp]) -> Children:
        return Children(
            {k: v[rows] for k, v in self.scores.items()},
            self.sex[rows],
            self.oedema[rows],
            self.age_months[rows],
            self.age_days[rows],
        )


def analysis_rows(children: Children, reference: Reference) -> npt.NDArray[np.intp]:
    """The records WHO's analysis keeps for this reference."""
    months = children.age_months
    with np.errstate(invalid="ignore"):
        if reference is Reference.WHO_2006:
            rounded = np.floor(children.age_days + 0.5)
            keep = np.isnan(rounded) | (rounded <= MAX_AGE_DAYS_2006)
        else:
            keep = (months >= 60) & (months <= 228)
    return np.flatnonzero(keep)


def groupings(
    children: Children, reference: Reference, by: Mapping[str, npt.NDArray[np.object_]]
) -> list[g.Grouping]:
    n = len(children)
    sex = g.by_sex(children.sex)
    if reference is Reference.WHO_2006:
        age = g.by_breaks("Age group", children.age_months, g.AGE_BREAKS_2006, g.AGE_LABELS_2006)
        fixed = [g.everyone(n), age, sex, g.crossed("Age + sex", age, sex)]
    else:
        yearly = g.by_breaks(
            "Age Group 1", children.age_months, g.AGE_BREAKS_2007, g.AGE_LABELS_2007
        )
        wide = g.by_breaks(
            "Age Group 2", children.age_months, g.WIDE_BREAKS_2007, g.WIDE_LABELS_2007
        )
        fixed = [g.everyone(n), sex, yearly, wide, g.crossed("Age + Sex", sex, wide)]
    return fixed + [g.by_values(label, values) for label, values in by.items()]


def _variables(children: Children, reference: Reference) -> dict[tuple[str, str], FloatArray]:
    """(prefix, suffix) -> 0/1 prevalence variable or z-score, NaN where not counted."""
    variables: dict[tuple[str, str], FloatArray] = {}
    z_prev_of: dict[str, FloatArray] = {}
    for indicator in INDICATORS[reference]:
        z = children.scores[indicator.z].copy()
        flag = children.scores["f" + indicator.z[1:]]
        z[flag == 1] = np.nan
        z_prev = z.copy()
        if indicator.weight_based:
            oedema = children.oedema.copy()
            if indicator.oedema_until_months is not None:
                with np.errstate(invalid="ignore"):
                    oedema &= children.age_months <= indicator.oedema_until_months
            z_prev[oedema] = OEDEMA_Z
        z_prev_of[indicator.label] = z_prev
        for suffix, cut, below in CUTOFFS:
            with np.errstate(invalid="ignore"):
                hit = (z_prev < cut) if below else (z_prev > cut)
            variables[(indicator.label, suffix)] = np.where(np.isnan(z_prev), np.nan, hit)
        variables[(indicator.label, "")] = z
    if reference is Reference.WHO_2006:
        stunted = z_prev_of["HA"]
        wasting = z_prev_of["WH"]
        for prefix, cut, below in COMBINED:
            with np.errstate(invalid="ignore"):
                hit = (stunted < -2) & ((wasting < cut) if below else (wasting > cut))
            missing = np.isnan(stunted) | np.isnan(wasting)
            variables[(prefix, "combined")] = np.where(missing, np.nan, hit)
    return variables


#: The statistics of the tidy table that are percentages in a prevalence row (0-100)...
PERCENT_STATISTICS = ("r", "se", "ll", "ul")
#: ... a row with a cut-off (the mean z's rows, cut-off "", hold z-scores).
PREVALENCE_ROWS = pl.col("cutoff") != ""


def prevalence_table(
    children: Children,
    *,
    reference: Reference = Reference.WHO_2006,
    weights: Sequence[float] | FloatArray | None = None,
    cluster: Sequence[object] | npt.NDArray[np.object_] | None = None,
    strata: Sequence[object] | npt.NDArray[np.object_] | None = None,
    by: Mapping[str, Sequence[object] | npt.NDArray[np.object_]] | None = None,
) -> pl.DataFrame:
    """One row per group, indicator and statistic (tidy): prevalence per cut-off and mean z.

    Columns: ``Group`` (WHO's label), ``grouping``, ``indicator`` (HA, WA, BMI, WH or a
    combined one), ``cutoff`` ("_3" ... "3", "" for the mean, "combined"), ``pop``,
    ``unwpop``, ``r``, ``se``, ``ll``, ``ul`` (percent for prevalences), ``stdev`` (means).
    """
    rows = analysis_rows(children, reference)
    kept = children.take(rows)

    def pick(
        values: Sequence[object] | npt.NDArray[np.object_] | None,
    ) -> npt.NDArray[np.object_] | None:
        return None if values is None else np.asarray(values, dtype=object)[rows]

    design = Design.build(
        len(kept),
        weights=None if weights is None else np.asarray(weights, dtype=np.float64)[rows],
        cluster=pick(cluster),
        strata=pick(strata),
    )
    t = t_quantile(design.df)
    variables = _variables(kept, reference)
    keys = list(variables)
    matrix = np.column_stack([variables[k] for k in keys])
    by_rows = {
        label: np.asarray(values, dtype=object)[rows] for label, values in (by or {}).items()
    }
    frames: list[dict[str, object]] = []
    all_groupings = groupings(kept, reference, by_rows)
    estimates = estimate_many(
        design,
        [(grouping.codes, len(grouping.names)) for grouping in all_groupings],
        matrix,
        sd_counts_missing=cluster is not None or strata is not None,
    )
    for grouping, est in zip(all_groupings, estimates, strict=True):
        labels = grouping.group_labels()
        for j, (prefix, suffix) in enumerate(keys):
            is_mean = suffix == ""
            r, se = est.r[:, j], est.se[:, j]
            if is_mean:
                ll, ul, scale = r - t * se, r + t * se, 1.0
            else:
                ll, ul = logit_bounds(r, se, t)
                scale = 100.0
            size = len(labels)
            frames.append(
                {
                    "Group": labels,
                    "grouping": [grouping.label] * size,
                    "indicator": [prefix] * size,
                    "cutoff": [suffix] * size,
                    "pop": est.pop[:, j],
                    "unwpop": est.n[:, j],
                    "r": r * scale,
                    "se": se * scale,
                    "ll": ll * scale,
                    "ul": ul * scale,
                    "stdev": est.sd[:, j] if is_mean else np.full(size, np.nan),
                }
            )
    columns = {name: np.concatenate([np.asarray(f[name]) for f in frames]) for name in frames[0]}
    return pl.DataFrame(columns, nan_to_null=True)
