"""The public vectorised API: ``zscores(...)`` (contract, see the growth issue)."""

from __future__ import annotations

import numpy as np

from tumbuh.growth import rules
from tumbuh.growth.errors import GrowthInputError
from tumbuh.growth.inputs import (
    ArrayLike,
    as_float,
    as_measure,
    as_oedema,
    as_sex,
    length_of,
)
from tumbuh.growth.kernel import CleanInput, compute
from tumbuh.growth.tables import FloatArray


def clean_input(
    *,
    sex: ArrayLike,
    age: ArrayLike,
    weight: ArrayLike,
    lenhei: ArrayLike,
    measure: ArrayLike = None,
    oedema: ArrayLike = None,
    headc: ArrayLike = None,
    armc: ArrayLike = None,
    triskin: ArrayLike = None,
    subskin: ArrayLike = None,
    age_in_months: bool = False,
) -> CleanInput:
    """Validate and convert the caller's inputs; unknown codes and negative ages raise."""
    n = length_of(sex, age, weight, lenhei, measure, oedema, headc, armc, triskin, subskin)
    age_values = as_float("age", age, n)
    with np.errstate(invalid="ignore"):
        negative = np.flatnonzero(age_values < 0)
    if negative.size:
        position = int(negative[0])
        raise GrowthInputError(f"age: negative value {age_values[position]:g} at position {position}")
    if age_in_months:
        age_days, age_months = age_values * rules.DAYS_PER_MONTH, age_values
    else:
        age_days, age_months = age_values, age_values / rules.DAYS_PER_MONTH
    return CleanInput(
        sex=as_sex(sex, n),
        age_days=age_days,
        age_months=age_months,
        weight=as_float("weight", weight, n),
        lenhei=as_float("lenhei", lenhei, n),
        measure=as_measure(measure, n),
        oedema=as_oedema(oedema, n),
        headc=as_float("headc", headc, n),
        armc=as_float("armc", armc, n),
        triskin=as_float("triskin", triskin, n),
        subskin=as_float("subskin", subskin, n),
    )


def zscores(
    *,
    sex: ArrayLike,
    age: ArrayLike,
    weight: ArrayLike,
    lenhei: ArrayLike,
    measure: ArrayLike = None,
    oedema: ArrayLike = None,
    headc: ArrayLike = None,
    armc: ArrayLike = None,
    triskin: ArrayLike = None,
    subskin: ArrayLike = None,
    age_in_months: bool = False,
) -> dict[str, FloatArray]:
    """WHO z-scores and flags for every record, exactly as WHO's R packages compute them.

    Inputs are arrays or sequences of one length (scalars and None are broadcast): sex 1/2/m/f;
    age in days (or months with ``age_in_months=True``); weight kg; lenhei cm; measure l/h;
    oedema y/n/1/2; headc and armc cm; triskin and subskin mm. Missing values are NaN or None.

    Returns a dict from WHO's output names to float64 arrays of the input's length: ``clenhei``,
    ``cbmi``, ``c9mo_flag``, the 2006 z-scores ``zlen zwei zwfl zbmi zhc zac zts zss`` (age below
    60 months) and the 2007 ones ``zhfa zwfa zbfa`` (60-228 months, zwfa to 120), each with its
    flag ``f...`` (1.0 implausible, 0.0 plausible). Missing z-scores and their flags are NaN.

    Raises ``GrowthInputError`` for an unknown code, a negative age or unequal lengths.
    """
    data = clean_input(
        sex=sex,
        age=age,
        weight=weight,
        lenhei=lenhei,
        measure=measure,
        oedema=oedema,
        headc=headc,
        armc=armc,
        triskin=triskin,
        subskin=subskin,
        age_in_months=age_in_months,
    )
    return compute(data)
