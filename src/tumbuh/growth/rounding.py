"""Rounding exactly as R (>= 4.0.0) does with ``round(x, digits)``.

R picks, of the two candidates ``floor(x * 10^d) / 10^d`` and ``ceil(x * 10^d) / 10^d``, the one
closer to ``x`` in double arithmetic, and on a tie the one with an even last digit. That differs
from Python's correctly-rounded ``round`` on values such as 0.155 (R: 0.16, Python: 0.15).
"""

from __future__ import annotations

import numpy as np

from tumbuh.growth.tables import FloatArray

#: Half-way candidates closer than this (in units of the last digit) get R's exact treatment.
_NEAR_TIE = 1e-6


def _round_r_exact(x: FloatArray, pow10: float) -> FloatArray:
    sign = np.sign(x)
    a = np.abs(x)
    x10 = pow10 * a
    i10 = np.floor(x10)
    xd = i10 / pow10
    xu = np.ceil(x10) / pow10
    du = xu - a
    dd = a - xd
    take_up = (du < dd) | ((du == dd) & (np.fmod(i10, 2.0) == 1.0))
    result: FloatArray = sign * np.where(take_up, xu, xd)
    return result


def round_r(x: FloatArray, digits: int = 2) -> FloatArray:
    """Round like R's ``round(x, digits)``; NaN stays NaN."""
    pow10 = 10.0**digits
    x10 = x * pow10
    result = np.rint(x10)
    frac = x10 - np.floor(x10)
    result /= pow10
    with np.errstate(invalid="ignore"):
        near_tie = np.flatnonzero(np.abs(frac - 0.5) < _NEAR_TIE)
    if near_tie.size:
        result[near_tie] = _round_r_exact(x[near_tie], pow10)
    return result


def round_r_scalar(x: float, digits: int = 2) -> float:
    """Round one value like R's ``round(x, digits)``."""
    return float(round_r(np.array([x], dtype=np.float64), digits)[0])
