"""One analysis of a scored dataset: prevalence (2006 and/or 2007 reference) and quality."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from tumbuh.growth.kernel import CleanInput
from tumbuh.survey.prevalence import Children, Reference, prevalence_table
from tumbuh.survey.quality import Measurements, quality_table

FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]


@dataclass(frozen=True)
class Analysis:
    prevalence: pl.DataFrame  # tidy, with a ``reference`` column ("2006" / "2007")
    quality: pl.DataFrame
    children: Children
    measurements: Measurements
    design: str  # in words

    def references(self) -> list[Reference]:
        return [Reference(r) for r in self.prevalence["reference"].unique(maintain_order=True)]


def _describe_design(weights: object, cluster: object, strata: object) -> str:
    parts = [
        name
        for name, given in (
            ("sampling weights", weights),
            ("clusters", cluster),
            ("strata", strata),
        )
        if given is not None
    ]
    return "complex design: " + ", ".join(parts) if parts else "simple random sample"


def analyse(
    data: CleanInput,
    scores: Mapping[str, FloatArray],
    *,
    weights: FloatArray | None = None,
    cluster: ObjectArray | None = None,
    strata: ObjectArray | None = None,
    by: Mapping[str, ObjectArray] | None = None,
    language: str = "id",
) -> Analysis:
    children = Children(dict(scores), data.sex, data.oedema, data.age_months, data.age_days)
    tables = []
    with np.errstate(invalid="ignore"):
        has = {
            Reference.WHO_2006: bool(((data.age_months < 60) | np.isnan(data.age_months)).any()),
            Reference.WHO_2007: bool(((data.age_months >= 60) & (data.age_months <= 228)).any()),
        }
    for reference, present in has.items():
        if not present:
            continue
        table = prevalence_table(
            children,
            reference=reference,
            weights=weights,
            cluster=cluster,
            strata=strata,
            by=by or {},
        )
        tables.append(table.with_columns(reference=pl.lit(reference.value)))
    measurements = Measurements(
        dict(scores), data.sex, data.age_months, data.weight, data.lenhei, data.measure
    )
    under_five = np.flatnonzero(~(data.age_months >= 60))
    quality = quality_table(
        _subset(measurements, under_five),
        by={k: v[under_five] for k, v in (by or {}).items()},
        cluster=None if cluster is None else cluster[under_five],
        language=language,
    )
    return Analysis(
        pl.concat(tables, how="vertical") if tables else pl.DataFrame(),
        quality,
        children,
        measurements,
        _describe_design(weights, cluster, strata),
    )


def _subset(m: Measurements, rows: npt.NDArray[np.intp]) -> Measurements:
    return Measurements(
        {k: v[rows] for k, v in m.scores.items()},
        m.sex[rows],
        m.age_months[rows],
        m.weight[rows],
        m.lenhei[rows],
        m.measure[rows],
    )


def concat_inputs(parts: Sequence[CleanInput]) -> CleanInput:
    fields = CleanInput.__dataclass_fields__
    return CleanInput(
        **{name: np.concatenate([getattr(p, name) for p in parts]) for name in fields}
    )
