"""The 2006 standards' age rules and the age-based indicators (zlen, zwei, zbmi, zhc, zac, ...)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tumbuh.growth import fused, rules
from tumbuh.growth.inputs import MEASURE_LYING, MEASURE_STANDING, Int8Array
from tumbuh.growth.tables import FloatArray, IntArray, Table, load

BoolArray = npt.NDArray[np.bool_]
Outputs = tuple[FloatArray, FloatArray]


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
    no_interpolation = np.zeros(y.size)
    fused.score_interpolated(
        lms.l,
        lms.m,
        lms.s,
        lms.first_key,
        lms.size,
        lookup.sex,
        lookup.age_key,
        lookup.age_key,
        no_interpolation,
        y,
        valid,
        restricted,
        low,
        high,
        z,
        f,
    )
