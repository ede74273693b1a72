"""The LMS method: plain and WHO-restricted z-scores, vectorised."""

from __future__ import annotations

import numpy as np

from tumbuh.growth.rules import RESTRICTED_Z_LIMIT
from tumbuh.growth.tables import FloatArray


def z_plain(y: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """z = ((y / M) ** L - 1) / (L * S), WHO's formula (L is never 0 in WHO's tables)."""
    z = np.divide(y, m)
    np.power(z, l, out=z)
    z -= 1.0
    z /= s * l
    return z


def sd_value(k: float, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """The measurement at k standard deviations: M * (1 + L * S * k) ** (1 / L)."""
    result: FloatArray = m * ((1 + l * s * k) ** (1 / l))
    return result


def z_restricted(y: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """WHO's restricted z: beyond +/-3 SD, distance in units of the 2-to-3 SD band.

    Only the few records beyond +/-3 pay for the extra powers.
    """
    z = z_plain(y, l, m, s)
    with np.errstate(invalid="ignore"):
        beyond = np.flatnonzero(np.abs(z) > RESTRICTED_Z_LIMIT)
    if beyond.size == 0:
        return z
    yb, lb, mb, sb = y[beyond], l[beyond], m[beyond], s[beyond]
    upper = z[beyond] > 0
    sd3 = np.where(upper, sd_value(3.0, lb, mb, sb), sd_value(-3.0, lb, mb, sb))
    sd2 = np.where(upper, sd_value(2.0, lb, mb, sb), sd_value(-2.0, lb, mb, sb))
    band = np.where(upper, sd3 - sd2, sd2 - sd3)
    z[beyond] = np.where(upper, 3.0, -3.0) + (yb - sd3) / band
    return z
