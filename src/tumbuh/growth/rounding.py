"""Rounding exactly as R (>= 4.0.0) does with ``round(x, 2)``, which WHO's packages use.

R picks, of the two candidates ``floor(x * 100) / 100`` and ``ceil(x * 100) / 100``, the one
closer to ``x`` in double arithmetic, and on a tie the one with an even last digit. That differs
from Python's correctly-rounded ``round`` on values such as 0.155 (R: 0.16, Python: 0.15).
The scalar rule lives in ``fused.round_r2``; this module offers it for arrays and single values.
"""

from __future__ import annotations

from collections.abc import Callable

import numba
import numpy as np

from tumbuh.growth import fused
from tumbuh.growth.tables import FloatArray

_round: Callable[..., FloatArray] = numba.vectorize(["float64(float64)"], cache=True)(
    fused.round_r2.py_func
)


def round_r(x: FloatArray) -> FloatArray:
    """Round every value like R's ``round(x, 2)``; NaN stays NaN."""
    with np.errstate(invalid="ignore"):
        return np.asarray(_round(x), dtype=np.float64)


def round_r_scalar(x: float) -> float:
    """Round one value like R's ``round(x, 2)``."""
    return float(fused.round_r2(x))
