"""The LMS method as numpy ufuncs: plain and WHO-restricted z-scores, SD curves.

These are vectorised views of the scalar functions in ``fused`` (the kernel's inner loops), so
the formula exists once. Use them for whole arrays outside the kernel (growth-chart curves, tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numba
import numpy as np

from tumbuh.growth import fused
from tumbuh.growth.tables import FloatArray

_SIGNATURE = ["float64(float64, float64, float64, float64)"]


def _ufunc(scalar: Any) -> Callable[..., FloatArray]:
    ufunc: Callable[..., FloatArray] = numba.vectorize(_SIGNATURE, cache=True)(scalar.py_func)
    return ufunc


_z_plain = _ufunc(fused.lms_z)
_z_restricted = _ufunc(fused.lms_z_restricted)
_sd = _ufunc(fused.lms_sd)


def z_plain(y: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """z = ((y / M) ** L - 1) / (L * S), WHO's formula (L is never 0 in WHO's tables)."""
    return np.asarray(_z_plain(y, l, m, s), dtype=np.float64)


def z_restricted(y: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """WHO's restricted z: beyond +/-3 SD, distance in units of the 2-to-3 SD band."""
    return np.asarray(_z_restricted(y, l, m, s), dtype=np.float64)


def sd_value(k: float, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """The measurement at k standard deviations: M * (1 + L * S * k) ** (1 / L)."""
    return np.asarray(_sd(np.float64(k), l, m, s), dtype=np.float64)
