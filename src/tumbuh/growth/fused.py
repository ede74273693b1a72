"""Compiled (numba) inner loops: one pass per indicator over a chunk of records.

Each loop does, per record, exactly what the numpy formulation in ``lms`` and ``rounding`` does
(the same operations in the same order, IEEE float64, no fast-math), but in one pass instead
of some twenty array sweeps. ``nogil`` lets the kernel's thread pool run chunks side by side.
The golden tests hold these loops to WHO's outputs row for row.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from tumbuh.growth.tables import FloatArray, IntArray

_jit = numba.njit(nogil=True, cache=True, error_model="numpy")
#: Half-way candidates closer than this (in units of the last digit) get R's exact treatment.
NEAR_TIE = 1e-6


@_jit
def lms_z(y: float, l: float, m: float, s: float) -> float:  # noqa: E741
    """z = ((y / M) ** L - 1) / (L * S). With L = 1, pow is the identity: skipped, same bits."""
    ratio = y / m
    if l != 1.0:
        ratio = ratio**l
    return (ratio - 1.0) / (s * l)


@_jit
def lms_sd(k: float, l: float, m: float, s: float) -> float:  # noqa: E741
    """The measurement at k SD: M * (1 + L * S * k) ** (1 / L)."""
    return m * (1.0 + l * s * k) ** (1.0 / l)


@_jit
def lms_z_restricted(y: float, l: float, m: float, s: float) -> float:  # noqa: E741
    """WHO's restricted z beyond +/-3 SD."""
    z = lms_z(y, l, m, s)
    if z > 3.0:
        sd3 = lms_sd(3.0, l, m, s)
        return 3.0 + (y - sd3) / (sd3 - lms_sd(2.0, l, m, s))
    if z < -3.0:
        sd3 = lms_sd(-3.0, l, m, s)
        return -3.0 + (y - sd3) / (lms_sd(-2.0, l, m, s) - sd3)
    return z


@_jit
def round_r2(x: float) -> float:
    """R's round(x, 2): nearest of floor/ceil candidates, ties to an even last digit."""
    x10 = x * 100.0
    nearest = np.rint(x10)
    if abs(x10 - nearest) <= 0.5 - NEAR_TIE:
        return nearest / 100.0
    sign = -1.0 if x < 0 else 1.0
    a = abs(x)
    a10 = 100.0 * a
    i10 = np.floor(a10)
    xd = i10 / 100.0
    xu = np.ceil(a10) / 100.0
    du = xu - a
    dd = a - xd
    if du < dd or (du == dd and i10 % 2.0 == 1.0):
        return sign * xu
    return sign * xd


@_jit
def _finish(
    z: float, low: float, high: float, i: int, z_out: FloatArray, f_out: FloatArray
) -> None:
    rounded = round_r2(z)
    z_out[i] = rounded
    f_out[i] = 1.0 if (rounded < low or rounded > high) else 0.0


@_jit
def score_interpolated(
    l: FloatArray,  # noqa: E741
    m: FloatArray,
    s: FloatArray,
    first_key: int,
    size: int,
    sex: np.ndarray,
    low_key: IntArray,
    upp_key: IntArray,
    diff: FloatArray,
    y: FloatArray,
    valid: np.ndarray,
    restricted: bool,
    low: float,
    high: float,
    z_out: FloatArray,
    f_out: FloatArray,
) -> None:
    """An indicator's z-scores and flags, written to ``z_out`` and ``f_out``.

    L, M and S come from the row at ``low_key`` and, where ``diff > 0``, are interpolated
    towards the row at ``upp_key`` (weight-for-length, the 2007 reference); with ``diff`` 0 it is
    a plain lookup (the 2006 age tables). Records that are not ``valid``, have no positive
    measurement, no known sex or no table row get NaN.
    """
    for i in range(y.size):
        z_out[i] = np.nan
        f_out[i] = np.nan
        lo = low_key[i] - first_key
        if not valid[i] or not y[i] > 0 or lo < 0 or lo >= size:
            continue
        if sex[i] != 1 and sex[i] != 2:
            continue
        base = (sex[i] - 1) * size
        lrow = base + lo
        if math.isnan(m[lrow]):
            continue
        li, mi, si = l[lrow], m[lrow], s[lrow]
        if diff[i] > 0:
            up = upp_key[i] - first_key
            if up < 0 or up >= size or math.isnan(m[base + up]):
                continue
            urow = base + up
            li = li + diff[i] * (l[urow] - li)
            mi = mi + diff[i] * (m[urow] - mi)
            si = si + diff[i] * (s[urow] - si)
        z = lms_z_restricted(y[i], li, mi, si) if restricted else lms_z(y[i], li, mi, si)
        _finish(z, low, high, i, z_out, f_out)
