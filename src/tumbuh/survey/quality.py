"""Data-quality indicators (WHO/UNICEF 2019 recommendations) and the SMART grade, for a whole
dataset and for every group (kecamatan, kelurahan, posyandu, kader), with reasons in words."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from tumbuh.survey import groups as g
from tumbuh.survey.smart import digit_preference_score, moments, smart_check

FloatArray = npt.NDArray[np.float64]

#: WHO/UNICEF 2019: more than 1 % flagged z-scores is a warning.
FLAGGED_WARNING_PERCENT: Final = 1.0
#: Rule of thumb for z-score distributions (WHO/UNICEF 2019): |skewness| above this ...
SKEWNESS_WARNING: Final = 0.5
#: ... or kurtosis (not excess) outside these bounds.
KURTOSIS_RANGE: Final = (2.0, 4.0)
#: Children below this age (months) should be measured lying, from it standing.
STANDING_FROM_MONTHS: Final = 24.0
#: Age heaping: share of ages (completed months) at multiples of 6, relative to 1/6.
HEAPING_EVERY_MONTHS: Final = 6

#: Plain-language explanations of SMART criteria (Indonesian, English).
REASONS: Final = {
    "flagged_whz_percent": ("banyak nilai BB/TB tidak masuk akal", "many implausible WHZ values"),
    "sex_ratio_p": ("rasio laki-laki/perempuan tidak wajar", "unusual sex ratio"),
    "age_ratio_p": ("sebaran umur tidak wajar (6-29 vs 30-59 bulan)", "unusual age ratio"),
    "dps_weight": ("preferensi angka akhir pada berat badan", "digit preference in weight"),
    "dps_height": ("preferensi angka akhir pada panjang/tinggi", "digit preference in height"),
    "sd_whz": ("sebaran z-score BB/TB terlalu lebar/sempit", "WHZ spread too wide or narrow"),
    "skewness_whz": ("distribusi BB/TB miring", "skewed WHZ distribution"),
    "kurtosis_whz": ("distribusi BB/TB runcing/datar", "WHZ kurtosis"),
    "poisson_dispersion_p": ("kasus gizi kurang mengelompok", "wasting cases clustered"),
}


@dataclass(frozen=True)
class Measurements:
    """What the quality indicators look at, one entry per child."""

    scores: Mapping[str, FloatArray]  # WHO z-scores and flags
    sex: npt.NDArray[np.int8]
    age_months: FloatArray
    weight: FloatArray
    lenhei: FloatArray
    measure: npt.NDArray[np.int8]  # 0 unknown, 1 lying, 2 standing


def reasons_text(names: Iterable[str], *, language: str) -> str:
    """The SMART criteria that cost points (``Criterion.name``), in words ("id" or "en")."""
    index = 0 if language == "id" else 1
    return "; ".join(REASONS[name][index] for name in names)


def _percent(part: float, whole: float) -> float:
    return 100 * part / whole if whole else math.nan


def group_quality(
    m: Measurements,
    rows: npt.NDArray[np.intp],
    *,
    cluster: npt.NDArray[np.object_] | None,
    target: float | None,
    language: str,
) -> dict[str, object]:
    """Every indicator for the children at ``rows``."""
    n = rows.size
    sex, age = m.sex[rows], m.age_months[rows]
    weight, lenhei, measure = m.weight[rows], m.lenhei[rows], m.measure[rows]
    boys, girls = int((sex == 1).sum()), int((sex == 2).sum())
    whole_months = np.floor(age[~np.isnan(age)])
    heaping = (
        _percent(
            float((whole_months % HEAPING_EVERY_MONTHS == 0).sum()) * HEAPING_EVERY_MONTHS,
            float(whole_months.size),
        )
        if whole_months.size
        else math.nan
    )
    row: dict[str, object] = {
        "children": n,
        "complete_sex_percent": _percent(boys + girls, n),
        "complete_age_percent": _percent(float((~np.isnan(age)).sum()), n),
        "complete_weight_percent": _percent(float((~np.isnan(weight)).sum()), n),
        "complete_lenhei_percent": _percent(float((~np.isnan(lenhei)).sum()), n),
        "boys_per_100_girls": 100 * boys / girls if girls else math.nan,
        "age_heaping_index": heaping,
        "dps_weight": digit_preference_score(weight),
        "dps_lenhei": digit_preference_score(lenhei),
    }
    for year in range(5):
        with np.errstate(invalid="ignore"):
            row[f"age_{year}y_percent"] = _percent(
                float(((age >= 12 * year) & (age < 12 * year + 12)).sum()), n
            )
    with np.errstate(invalid="ignore"):
        young, older = age < STANDING_FROM_MONTHS, age >= STANDING_FROM_MONTHS
    row["standing_under_24m_percent"] = _percent(
        float((young & (measure == 2)).sum()), float((young & (measure > 0)).sum())
    )
    row["lying_from_24m_percent"] = _percent(
        float((older & (measure == 1)).sum()), float((older & (measure > 0)).sum())
    )
    for label, name in (("haz", "zlen"), ("waz", "zwei"), ("whz", "zwfl"), ("baz", "zbmi")):
        z, flag = m.scores[name][rows], m.scores["f" + name[1:]][rows]
        scored = ~np.isnan(z)
        row[f"{label}_flagged_percent"] = _percent(float((flag == 1).sum()), float(scored.sum()))
        sd, skew, kurt = moments(z[scored & (flag != 1)])
        row[f"{label}_sd"], row[f"{label}_skewness"], row[f"{label}_kurtosis"] = sd, skew, kurt + 3
    if target:
        row["coverage_percent"] = _percent(n, target)
    whz = m.scores["zwfl"][rows].copy()
    whz[m.scores["fwfl"][rows] == 1] = np.nan
    smart = smart_check(
        whz=whz, sex=sex, age_months=age, weight=weight, height=lenhei, cluster=cluster
    )
    row["smart_score"] = smart.score
    row["smart_grade"] = smart.grade.value
    row["smart_reasons"] = reasons_text(
        [c.name for c in smart.criteria if c.points > 0], language=language
    )
    for criterion in smart.criteria:
        row[f"smart_{criterion.name}"] = criterion.value
        row[f"smart_{criterion.name}_points"] = criterion.points
    return row


def quality_table(
    m: Measurements,
    *,
    by: Mapping[str, npt.NDArray[np.object_]] | None = None,
    cluster: npt.NDArray[np.object_] | None = None,
    targets: Mapping[str, float] | None = None,
    language: str = "id",
) -> pl.DataFrame:
    """One row for everyone, then one per group of each grouping column."""
    n = m.sex.size
    groupings = [g.everyone(n)] + [
        g.by_values(label, values) for label, values in (by or {}).items()
    ]
    records = []
    for grouping in groupings:
        order = np.argsort(grouping.codes, kind="stable")
        bounds = np.searchsorted(grouping.codes[order], np.arange(len(grouping.names) + 1))
        for code, label in enumerate(grouping.group_labels()):
            rows = order[bounds[code] : bounds[code + 1]]
            sub_cluster = None if cluster is None else cluster[rows]
            target = (targets or {}).get(label)
            record: dict[str, object] = {"Group": label, "grouping": grouping.label}
            record.update(
                group_quality(m, rows, cluster=sub_cluster, target=target, language=language)
            )
            records.append(record)
    return pl.DataFrame(records, nan_to_null=True, infer_schema_length=None)
