"""The WHO Growth Reference 2007 (5-19 years): zhfa, zwfa, zbfa with monthly interpolation."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tumbuh.growth import fused, rules
from tumbuh.growth.inputs import Int8Array
from tumbuh.growth.tables import FloatArray, Table, load

BoolArray = npt.NDArray[np.bool_]
Outputs = tuple[FloatArray, FloatArray]


def reference_2007(
    name: str,
    table: Table,
    y: FloatArray,
    *,
    sex: Int8Array,
    age_months: FloatArray,
    max_months: float,
    restricted: bool,
    out: Outputs,
) -> None:
    """One 2007 indicator: LMS interpolated between whole months, ages 60 to max_months."""
    z, f = out
    lo, _ = rules.AGE_RANGE_MONTHS_2007
    with np.errstate(invalid="ignore"):
        valid = (age_months >= lo) & (age_months <= max_months)
    if not valid.any():
        z.fill(np.nan)
        f.fill(np.nan)
        return
    known = np.where(valid, age_months, 0.0)
    low_key = np.trunc(known)
    diff = known - low_key
    upp_key = np.trunc(known + 1)
    lms = load(table)
    low, high = rules.FLAG_LIMITS[name]
    fused.score_interpolated(
        lms.l,
        lms.m,
        lms.s,
        lms.first_key,
        lms.size,
        sex,
        low_key.astype(np.intp),
        upp_key.astype(np.intp),
        diff,
        y,
        valid,
        restricted,
        low,
        high,
        z,
        f,
    )
