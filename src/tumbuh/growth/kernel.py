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

from tumbuh.growth import fused, rules
from tumbuh.growth.inputs import MEASURE_LYING, MEASURE_STANDING, Int8Array
from tumbuh.growth.tables import FloatArray, IntArray, Table, load

BoolArray = npt.NDArray[np.bool_]

#: Records per chunk: large enough to amortise numpy's call overhead, small enough for cache.
CHUNK = 1 << 16

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
        result: BoolArray = (measure == MEASURE_STANDING) & (
            age_months < rules.MIN_STANDING_AGE_MONTHS
        )
    return result


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


@dataclass(frozen=True)
class AgeLookup:
    """A chunk's sex codes and rounded ages: the key into the 2006 age tables."""

    sex: Int8Array
    age_key: IntArray


Outputs = tuple[FloatArray, FloatArray]


def age_indicator(
    name: str,
    table: Table,
    y: FloatArray,
    lookup: AgeLookup,
    valid: BoolArray,
    *,
    restricted: bool,
    out: Outputs,
) -> None:
    """One 2006 age-based indicator (zlen, zwei, zbmi, zhc, zac, zts, zss), written to ``out``."""
    z, f = out
    if np.isnan(y).all():
        z.fill(np.nan)
        f.fill(np.nan)
        return
    lms = load(table)
    low, high = rules.FLAG_LIMITS[name]
    fused.score_at_key(
        lms.l,
        lms.m,
        lms.s,
        lms.first_key,
        lms.size,
        lookup.sex,
        lookup.age_key,
        y,
        valid,
        restricted,
        low,
        high,
        z,
        f,
    )


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


#: The 2006 age-based indicators: (z column, table, input field, weight-based, restricted).
AGE_INDICATORS_2006: tuple[tuple[str, Table, str, bool, bool], ...] = (
    ("zlen", Table.LENGTH_FOR_AGE, "clenhei", False, False),
    ("zwei", Table.WEIGHT_FOR_AGE, "weight", True, True),
    ("zbmi", Table.BMI_FOR_AGE, "cbmi", True, True),
    ("zhc", Table.HEAD_CIRCUMFERENCE_FOR_AGE, "headc", False, False),
    ("zac", Table.ARM_CIRCUMFERENCE_FOR_AGE, "armc", False, True),
    ("zts", Table.TRICEPS_SKINFOLD_FOR_AGE, "triskin", False, True),
    ("zss", Table.SUBSCAPULAR_SKINFOLD_FOR_AGE, "subskin", False, True),
)


def compute_chunk(data: CleanInput, out: dict[str, FloatArray], start: int) -> None:
    """Score one chunk, writing straight into ``out``'s rows from position ``start``."""
    stop = start + len(data)

    def into(z_name: str) -> Outputs:
        return out[z_name][start:stop], out["f" + z_name[1:]][start:stop]

    age_key = age_key_days(data.age_days)
    too_young = standing_too_young(data.measure, data.age_months)
    measure = np.where(too_young, 0, data.measure).astype(np.int8)
    clenhei = out["clenhei"][start:stop]
    clenhei[:] = adjust_lenhei(data.lenhei, measure, age_key)
    cbmi = out["cbmi"][start:stop]
    out["c9mo_flag"][start:stop] = too_young
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(data.weight, (clenhei / 100) ** 2, out=cbmi)
        under_60 = data.age_months < rules.MAX_AGE_MONTHS_2006
    under_60_no_oedema = under_60 & ~data.oedema
    lookup = AgeLookup(data.sex, age_key)
    inputs = {
        "clenhei": clenhei,
        "cbmi": cbmi,
        "weight": data.weight,
        "headc": data.headc,
        "armc": data.armc,
        "triskin": data.triskin,
        "subskin": data.subskin,
    }
    for name, table, field, weight_based, restricted in AGE_INDICATORS_2006:
        valid = under_60_no_oedema if weight_based else under_60
        age_indicator(
            name, table, inputs[field], lookup, valid, restricted=restricted, out=into(name)
        )
    weight_for_lenhei(
        weight=data.weight,
        clenhei=clenhei,
        measure=measure,
        sex=data.sex,
        age_key=age_key,
        age_months=data.age_months,
        oedema=data.oedema,
        out=into("zwfl"),
    )
    _, max_2007 = rules.AGE_RANGE_MONTHS_2007
    weight_2007 = np.where(data.oedema, np.nan, data.weight)
    with np.errstate(invalid="ignore", divide="ignore"):
        bmi_2007 = weight_2007 / (data.lenhei / 100) ** 2
    for name, table, y, max_months, restricted in (
        ("zhfa", Table.HEIGHT_FOR_AGE_2007, data.lenhei, max_2007, False),
        ("zwfa", Table.WEIGHT_FOR_AGE_2007, weight_2007, rules.MAX_AGE_MONTHS_WFA_2007, True),
        ("zbfa", Table.BMI_FOR_AGE_2007, bmi_2007, max_2007, True),
    ):
        reference_2007(
            name,
            table,
            y,
            sex=data.sex,
            age_months=data.age_months,
            max_months=max_months,
            restricted=restricted,
            out=into(name),
        )


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
