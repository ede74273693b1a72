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

from tumbuh.growth import rules
from tumbuh.growth.age2006 import (
    AgeLookup,
    Outputs,
    adjust_lenhei,
    age_indicator,
    age_key_days,
    standing_too_young,
)
from tumbuh.growth.inputs import Int8Array
from tumbuh.growth.reference2007 import reference_2007
from tumbuh.growth.tables import FloatArray, Table
from tumbuh.growth.weight_for_length import BoolArray, weight_for_lenhei

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
