"""Turning caller input (arrays, sequences, codes in several spellings) into clean arrays.

Codes follow WHO's software: sex 1/2/m/f, measure l/h, oedema y/n/1/2. Unknown codes raise
``GrowthInputError`` naming the value and its position; missing values (None, NaN, empty) are
allowed and give missing z-scores where WHO gives them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from tumbuh.growth.errors import GrowthInputError
from tumbuh.growth.tables import FloatArray

Int8Array = npt.NDArray[np.int8]
ArrayLike = npt.ArrayLike | Sequence[Any] | None

SEX_MISSING, SEX_MALE, SEX_FEMALE = 0, 1, 2
MEASURE_MISSING, MEASURE_LYING, MEASURE_STANDING = 0, 1, 2

SEX_CODES: Mapping[str, int] = {"1": SEX_MALE, "m": SEX_MALE, "2": SEX_FEMALE, "f": SEX_FEMALE}
MEASURE_CODES: Mapping[str, int] = {"l": MEASURE_LYING, "h": MEASURE_STANDING}
OEDEMA_YES, OEDEMA_NO = 1, 2
OEDEMA_CODES: Mapping[str, int] = {"y": OEDEMA_YES, "1": OEDEMA_YES, "n": OEDEMA_NO, "2": OEDEMA_NO}
_MISSING_TEXT = frozenset({"", "nan", "na", "none"})


def length_of(*values: ArrayLike) -> int:
    """The common length of the inputs; scalars and None adapt to it, other lengths are refused."""
    lengths = {np.size(v) for v in values if v is not None and np.ndim(v) > 0}
    if len(lengths) > 1:
        raise GrowthInputError(f"inputs have different lengths: {sorted(lengths)}")
    return lengths.pop() if lengths else 1


def as_float(name: str, values: ArrayLike, n: int) -> FloatArray:
    """A float64 array of length n; None and NaN mean missing."""
    if values is None:
        return np.full(n, np.nan)
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise GrowthInputError(f"{name}: not numeric ({error})") from None
    if array.ndim == 0:
        return np.full(n, float(array))
    return array if array.flags.c_contiguous else np.ascontiguousarray(array)


def _exact_codes(values: npt.NDArray[Any], codes: Mapping[str, int]) -> Int8Array | None:
    """Fast path: every value is a code as written (or its upper case) or empty; else None."""
    if values.dtype.kind != "U":
        return None
    result = np.zeros(values.size, dtype=np.int8)
    known = values == ""
    for text, code in codes.items():
        for spelling in {text, text.upper()}:
            match = values == spelling
            result[match] = code
            known |= match
    return result if known.all() else None


def _text_codes(name: str, values: npt.NDArray[Any], codes: Mapping[str, int]) -> Int8Array:
    fast = _exact_codes(values, codes)
    if fast is not None:
        return fast
    uniques, inverse = np.unique(values.astype(str), return_inverse=True)
    mapped = np.zeros(uniques.size, dtype=np.int8)
    for i, raw in enumerate(uniques):
        text = raw.strip().lower()
        if text.endswith(".0"):  # numeric codes that passed through a float column
            text = text[:-2]
        if text in codes:
            mapped[i] = codes[text]
        elif text not in _MISSING_TEXT:
            position = int(np.flatnonzero(inverse == i)[0])
            raise GrowthInputError(f"{name}: unknown value {raw!r} at position {position}")
    return mapped[inverse.reshape(-1)]


def as_codes(name: str, values: ArrayLike, n: int, codes: Mapping[str, int]) -> Int8Array:
    """Small integer codes (0 = missing) from numbers or text in any of the accepted spellings."""
    if values is None:
        return np.zeros(n, dtype=np.int8)
    array = np.asarray(values)
    if array.ndim == 0:
        array = np.full(n, array.item(), dtype=array.dtype if array.dtype != object else object)
    if array.dtype.kind in "iuf":
        numbers = array.astype(np.float64)
        result = np.zeros(array.size, dtype=np.int8)
        for text, code in codes.items():
            if text.isdigit():
                result[numbers == int(text)] = code
        bad = ~np.isnan(numbers) & (result == 0)
        if bad.any():
            position = int(np.flatnonzero(bad)[0])
            raise GrowthInputError(
                f"{name}: unknown value {numbers[position]:g} at position {position}"
            )
        return result
    if array.dtype == object:
        array = np.where(
            np.array([v is None or (isinstance(v, float) and math.isnan(v)) for v in array]),
            "",
            array,
        )
    return _text_codes(name, array, codes)


def as_sex(values: ArrayLike, n: int) -> Int8Array:
    return as_codes("sex", values, n, SEX_CODES)


def as_measure(values: ArrayLike, n: int) -> Int8Array:
    return as_codes("measure", values, n, MEASURE_CODES)


def as_oedema(values: ArrayLike, n: int) -> npt.NDArray[np.bool_]:
    """True where oedema is present; missing counts as no oedema, as in WHO's software."""
    result: npt.NDArray[np.bool_] = as_codes("oedema", values, n, OEDEMA_CODES) == OEDEMA_YES
    return result
