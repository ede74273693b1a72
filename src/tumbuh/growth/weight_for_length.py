"""Weight-for-length/height (zwfl): table choice, WHO's key arithmetic, interpolation."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tumbuh.growth import fused, rules
from tumbuh.growth.inputs import MEASURE_LYING, MEASURE_STANDING, Int8Array
from tumbuh.growth.tables import FloatArray, IntArray, Table, load

BoolArray = npt.NDArray[np.bool_]
Outputs = tuple[FloatArray, FloatArray]


def weight_for_lenhei_table(
    clenhei: FloatArray, measure: Int8Array, age_key: IntArray
) -> tuple[BoolArray, BoolArray]:
    """Which table each record uses: (length table, height table); neither if undecidable."""
    known_age = age_key >= 0
    unknown_age = ~known_age
    no_measure = measure == 0
    with np.errstate(invalid="ignore"):
        short = clenhei < rules.LENGTH_TABLE_BELOW_CM
        tall = clenhei >= rules.LENGTH_TABLE_BELOW_CM
    on_length = (known_age & (age_key < rules.HEIGHT_FROM_AGE_DAYS)) | (
        unknown_age & ((measure == MEASURE_LYING) | (no_measure & short))
    )
    on_height = (known_age & (age_key >= rules.HEIGHT_FROM_AGE_DAYS)) | (
        unknown_age & ((measure == MEASURE_STANDING) | (no_measure & tall))
    )
    return on_length, on_height & ~on_length


def _wfl_keys(x: FloatArray) -> tuple[IntArray, IntArray, FloatArray]:
    """WHO's float64 key arithmetic for weight-for-length/height, copied exactly.

    low = trunc(10x)/10, upp = trunc(10x + 1)/10, diff = (x - low)/0.1. Where 10x falls just
    below an integer, WHO lands on the row after next (see RULES.md); so do we.
    """
    with np.errstate(invalid="ignore"):
        low_key = np.trunc(x * 10)
        upp_key = np.trunc(x * 10 + 1)
        diff = (x - low_key / 10) / 0.1
    known = ~np.isnan(x)
    return (
        np.where(known, low_key, -1).astype(np.intp),
        np.where(known, upp_key, -1).astype(np.intp),
        diff,
    )


def weight_for_lenhei(
    *,
    weight: FloatArray,
    clenhei: FloatArray,
    measure: Int8Array,
    sex: Int8Array,
    age_key: IntArray,
    age_months: FloatArray,
    oedema: BoolArray,
    out: Outputs,
) -> None:
    """zwfl: weight-for-length below 731 days, weight-for-height from 731 days (or by measure)."""
    on_length, on_height = weight_for_lenhei_table(clenhei, measure, age_key)
    low_key, upp_key, diff = _wfl_keys(clenhei)
    with np.errstate(invalid="ignore"):
        age_ok = (age_key < 0) | ((age_key <= rules.MAX_AGE_DAYS_2006) & (age_months < 60))
    base = age_ok & ~oedema
    low, high = rules.FLAG_LIMITS["zwfl"]
    results = []
    for table, chosen, (lo, hi) in (
        (Table.WEIGHT_FOR_LENGTH, on_length, rules.WFL_LENGTH_RANGE_CM),
        (Table.WEIGHT_FOR_HEIGHT, on_height, rules.WFH_HEIGHT_RANGE_CM),
    ):
        with np.errstate(invalid="ignore"):
            valid = chosen & base & (clenhei >= lo) & (clenhei <= hi)
        z, f = np.empty(weight.size), np.empty(weight.size)
        lms = load(table)
        fused.score_interpolated(
            lms.l,
            lms.m,
            lms.s,
            lms.first_key,
            lms.size,
            sex,
            low_key,
            upp_key,
            diff,
            weight,
            valid,
            True,
            low,
            high,
            z,
            f,
        )
        results.append((z, f))
    (z_length, f_length), (z_height, f_height) = results
    np.copyto(out[0], z_height)
    np.copyto(out[0], z_length, where=on_length)
    np.copyto(out[1], f_height)
    np.copyto(out[1], f_length, where=on_length)
