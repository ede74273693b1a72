"""The vectorised z-score kernel: WHO's algorithm on whole arrays, in cache-sized chunks.

``compute`` takes clean arrays (see ``inputs``) and fills one output array per WHO column.
Chunks of ``CHUNK`` records are scored on a small thread pool: numpy releases the GIL in its
ufuncs, so both cores of a small server work, and each chunk's temporaries stay in cache.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from tumbuh.growth import rules
from tumbuh.growth.inputs import MEASURE_LYING, MEASURE_STANDING, Int8Array
from tumbuh.growth.lms import z_plain, z_restricted
from tumbuh.growth.rounding import round_r
from tumbuh.growth.tables import FloatArray, IntArray, LmsTable, Table, load

BoolArray = npt.NDArray[np.bool_]

#: Records per chunk: large enough to amortise numpy's call overhead, small enough for cache.
CHUNK = 1 << 17

#: WHO's output columns, in the order WHO's software writes them.
Z_COLUMNS_2006 = ("zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "zts", "zss")
Z_COLUMNS_2007 = ("zhfa", "zwfa", "zbfa")
OUTPUT_COLUMNS = (
    "clenhei",
    "cbmi",
    "c9mo_flag",
    *(name for z in (*Z_COLUMNS_2006, *Z_COLUMNS_2007) for name in (z, "f" + z[1:])),
)


@dataclass(frozen=True)
class CleanInput:
    """Clean, equal-length input arrays (see ``tumbuh.growth.inputs``)."""

    sex: Int8Array
    age_days: FloatArray  # exact age in days, NaN if unknown
    age_months: FloatArray  # exact age in months, NaN if unknown
    weight: FloatArray
    lenhei: FloatArray
    measure: Int8Array
    oedema: BoolArray
    headc: FloatArray
    armc: FloatArray
    triskin: FloatArray
    subskin: FloatArray

    def __len__(self) -> int:
        return int(self.sex.size)

    def slice(self, start: int, stop: int) -> CleanInput:
        return CleanInput(**{f.name: getattr(self, f.name)[start:stop] for f in fields(self)})


def round_half_up(x: FloatArray) -> FloatArray:
    """WHO's day rounding: fraction >= 0.5 goes up (730.5 -> 731, 730.49 -> 730)."""
    down = np.floor(x)
    return down + (x - down >= 0.5)


def age_key_days(age_days: FloatArray) -> IntArray:
    """Table key for the 2006 age tables: rounded age in days, -1 where unknown or negative."""
    rounded = round_half_up(age_days)
    known = ~np.isnan(rounded) & (rounded >= 0)
    return np.where(known, rounded, -1).astype(np.intp)


def standing_too_young(measure: Int8Array, age_months: FloatArray) -> BoolArray:
    """Standing height before 9 months is implausible: WHO drops the measure (c9mo_flag)."""
    with np.errstate(invalid="ignore"):
        return (measure == MEASURE_STANDING) & (age_months < rules.MIN_STANDING_AGE_MONTHS)


def adjust_lenhei(lenhei: FloatArray, measure: Int8Array, age_key: IntArray) -> FloatArray:
    """clenhei: +0.7 cm for standing below 731 days, -0.7 cm for lying from 731 days."""
    known = age_key >= 0
    length_based = known & (age_key < rules.HEIGHT_FROM_AGE_DAYS)
    height_based = known & (age_key >= rules.HEIGHT_FROM_AGE_DAYS)
    adjusted = lenhei.copy()
    add = length_based & (measure == MEASURE_STANDING)
    sub = height_based & (measure == MEASURE_LYING)
    adjusted[add] += rules.LENGTH_HEIGHT_ADJUSTMENT_CM
    adjusted[sub] -= rules.LENGTH_HEIGHT_ADJUSTMENT_CM
    return adjusted


def _finish(z: FloatArray, valid: BoolArray, name: str) -> tuple[FloatArray, FloatArray]:
    """Round like R, blank the invalid, and flag by WHO's limits (flag NaN where z is NaN)."""
    z = round_r(z, rules.Z_DECIMALS)
    z[~valid] = np.nan
    low, high = rules.FLAG_LIMITS[name]
    with np.errstate(invalid="ignore"):
        flag = ((z < low) | (z > high)).astype(np.float64)
    flag[np.isnan(z)] = np.nan
    return z, flag


def _lms_at(table: LmsTable, index: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    return table.l[index], table.m[index], table.s[index]


class AgeLookup:
    """Row indices of one chunk's (sex, rounded age) in the 2006 age tables.

    Tables with the same key range share one index, so it is computed once per range.
    """

    def __init__(self, sex: Int8Array, age_key: IntArray) -> None:
        self.sex = sex
        self.age_key = age_key
        self._cache: dict[tuple[int, int], tuple[IntArray, BoolArray]] = {}

    def rows(self, lms: LmsTable) -> tuple[IntArray, BoolArray]:
        key = (lms.first_key, lms.size)
        if key not in self._cache:
            self._cache[key] = lms.flat_index(self.sex, self.age_key)
        return self._cache[key]


def age_indicator(
    name: str,
    table: Table,
    y: FloatArray,
    lookup: AgeLookup,
    valid: BoolArray,
    *,
    restricted: bool,
) -> tuple[FloatArray, FloatArray]:
    """One 2006 age-based indicator (zlen, zwei, zbmi, zhc, zac, zts, zss)."""
    with np.errstate(invalid="ignore"):
        valid = valid & (y > 0)
    if not valid.any():
        nothing = np.full(y.size, np.nan)
        return nothing, nothing.copy()
    lms = load(table)
    index, exists = lookup.rows(lms)
    valid &= exists
    l, m, s = _lms_at(lms, index)  # noqa: E741
    with np.errstate(invalid="ignore", divide="ignore"):
        z = z_restricted(y, l, m, s) if restricted else z_plain(y, l, m, s)
    return _finish(z, valid, name)


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


def _interpolated_lms(
    table: LmsTable, sex: Int8Array, low_key: IntArray, upp_key: IntArray, diff: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    low_index, low_exists = table.flat_index(sex, low_key)
    upp_index, upp_exists = table.flat_index(sex, upp_key)
    with np.errstate(invalid="ignore"):
        interpolate = diff > 0
    exists = low_exists & (upp_exists | ~interpolate)
    result = []
    for column in (table.l, table.m, table.s):
        low, upp = column[low_index], column[upp_index]
        result.append(np.where(interpolate, low + diff * (upp - low), low))
    return result[0], result[1], result[2], exists


def weight_for_lenhei(
    weight: FloatArray,
    clenhei: FloatArray,
    measure: Int8Array,
    sex: Int8Array,
    age_key: IntArray,
    age_months: FloatArray,
    oedema: BoolArray,
) -> tuple[FloatArray, FloatArray]:
    """zwfl: weight-for-length below 731 days, weight-for-height from 731 days (or by measure)."""
    on_length, on_height = weight_for_lenhei_table(clenhei, measure, age_key)
    low_key, upp_key, diff = _wfl_keys(clenhei)
    z = np.full(weight.size, np.nan)
    valid = np.zeros(weight.size, dtype=bool)
    with np.errstate(invalid="ignore"):
        age_ok = (age_key < 0) | ((age_key <= rules.MAX_AGE_DAYS_2006) & (age_months < 60))
        base = age_ok & ~oedema & (weight > 0)
    for table, chosen, (lo, hi) in (
        (Table.WEIGHT_FOR_LENGTH, on_length, rules.WFL_LENGTH_RANGE_CM),
        (Table.WEIGHT_FOR_HEIGHT, on_height, rules.WFH_HEIGHT_RANGE_CM),
    ):
        with np.errstate(invalid="ignore"):
            rows = np.flatnonzero(chosen & base & (clenhei >= lo) & (clenhei <= hi))
        if rows.size == 0:
            continue
        l, m, s, exists = _interpolated_lms(  # noqa: E741
            load(table), sex[rows], low_key[rows], upp_key[rows], diff[rows]
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            z[rows] = z_restricted(weight[rows], l, m, s)
        valid[rows] = exists
    return _finish(z, valid, "zwfl")


def reference_2007(
    name: str,
    table: Table,
    y: FloatArray,
    sex: Int8Array,
    age_months: FloatArray,
    max_months: float,
    *,
    restricted: bool,
) -> tuple[FloatArray, FloatArray]:
    """One 2007 indicator: LMS interpolated between whole months, ages 60 to max_months."""
    lo, _ = rules.AGE_RANGE_MONTHS_2007
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero((age_months >= lo) & (age_months <= max_months) & (y > 0))
    z = np.full(y.size, np.nan)
    valid = np.zeros(y.size, dtype=bool)
    if rows.size:
        a = age_months[rows]
        low = np.trunc(a)
        diff = a - low
        low_key = low.astype(np.intp)
        upp_key = np.trunc(a + 1).astype(np.intp)
        l, m, s, exists = _interpolated_lms(load(table), sex[rows], low_key, upp_key, diff)  # noqa: E741
        with np.errstate(invalid="ignore", divide="ignore"):
            z[rows] = z_restricted(y[rows], l, m, s) if restricted else z_plain(y[rows], l, m, s)
        valid[rows] = exists
    return _finish(z, valid, name)


def compute_chunk(data: CleanInput, out: dict[str, FloatArray], start: int) -> None:
    """Score one chunk and write its columns into ``out`` from position ``start``."""
    stop = start + len(data)
    age_key = age_key_days(data.age_days)
    too_young = standing_too_young(data.measure, data.age_months)
    measure = np.where(too_young, 0, data.measure).astype(np.int8)
    clenhei = adjust_lenhei(data.lenhei, measure, age_key)
    with np.errstate(invalid="ignore", divide="ignore"):
        cbmi = data.weight / (clenhei / 100) ** 2
        under_60 = data.age_months < rules.MAX_AGE_MONTHS_2006
    not_oedema = ~data.oedema
    lookup = AgeLookup(data.sex, age_key)
    results = {
        "zlen": age_indicator(
            "zlen", Table.LENGTH_FOR_AGE, clenhei, lookup, under_60, restricted=False
        ),
        "zwei": age_indicator(
            "zwei",
            Table.WEIGHT_FOR_AGE,
            data.weight,
            lookup,
            under_60 & not_oedema,
            restricted=True,
        ),
        "zwfl": weight_for_lenhei(
            data.weight, clenhei, measure, data.sex, age_key, data.age_months, data.oedema
        ),
        "zbmi": age_indicator(
            "zbmi", Table.BMI_FOR_AGE, cbmi, lookup, under_60 & not_oedema,
            restricted=True,
        ),
        "zhc": age_indicator(
            "zhc", Table.HEAD_CIRCUMFERENCE_FOR_AGE, data.headc, lookup, under_60,
            restricted=False,
        ),
        "zac": age_indicator(
            "zac", Table.ARM_CIRCUMFERENCE_FOR_AGE, data.armc, lookup, under_60,
            restricted=True,
        ),
        "zts": age_indicator(
            "zts", Table.TRICEPS_SKINFOLD_FOR_AGE, data.triskin, lookup, under_60,
            restricted=True,
        ),
        "zss": age_indicator(
            "zss", Table.SUBSCAPULAR_SKINFOLD_FOR_AGE, data.subskin, lookup, under_60,
            restricted=True,
        ),
    }
    _, max_2007 = rules.AGE_RANGE_MONTHS_2007
    with np.errstate(invalid="ignore", divide="ignore"):
        bmi_2007 = data.weight / (data.lenhei / 100) ** 2
    weight_2007 = np.where(data.oedema, np.nan, data.weight)
    results["zhfa"] = reference_2007(
        "zhfa", Table.HEIGHT_FOR_AGE_2007, data.lenhei, data.sex, data.age_months, max_2007,
        restricted=False,
    )
    results["zwfa"] = reference_2007(
        "zwfa", Table.WEIGHT_FOR_AGE_2007, weight_2007, data.sex, data.age_months,
        rules.MAX_AGE_MONTHS_WFA_2007, restricted=True,
    )
    results["zbfa"] = reference_2007(
        "zbfa", Table.BMI_FOR_AGE_2007, np.where(data.oedema, np.nan, bmi_2007), data.sex,
        data.age_months, max_2007, restricted=True,
    )
    out["clenhei"][start:stop] = clenhei
    out["cbmi"][start:stop] = cbmi
    out["c9mo_flag"][start:stop] = too_young
    for name, (z, flag) in results.items():
        out[name][start:stop] = z
        out["f" + name[1:]][start:stop] = flag


def compute(data: CleanInput, *, workers: int | None = None) -> dict[str, FloatArray]:
    """Score every record; returns WHO's columns (flags as 0.0/1.0, NaN where missing)."""
    n = len(data)
    out: dict[str, FloatArray] = {name: np.empty(n) for name in OUTPUT_COLUMNS}
    starts = range(0, n, CHUNK)
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers == 1 or n <= CHUNK:
        for start in starts:
            compute_chunk(data.slice(start, start + CHUNK), out, start)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(
                pool.map(
                    lambda start: compute_chunk(data.slice(start, start + CHUNK), out, start),
                    starts,
                )
            )
    return out
