"""Turning caller input (arrays, sequences, codes in several spellings) into clean arrays.

Codes follow WHO's software: sex 1/2/m/f, measure l/h, oedema y/n/1/2. Unknown codes raise
``GrowthInputError`` naming the value and its position; missing values (None, NaN, empty) are
allowed and give missing z-scores where WHO gives them.
"""

from __future__ import annotations

import ctypes
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
    """A float64 array of length n; None and NaN mean missing. A column not given is one
    read-only NaN broadcast to length n (no memory is written for it)."""
    if values is None:
        return np.broadcast_to(np.float64(np.nan), (n,))
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


#: More distinct values than this in a column and sorting them (the careful path) is as fast.
_DISTINCT_MAX = 64


def _object_addresses(values: npt.NDArray[Any]) -> npt.NDArray[np.intp]:
    """The address of each element's object, read in place (``values`` must stay alive)."""
    buffer = (ctypes.c_ssize_t * values.size).from_address(values.ctypes.data)
    return np.frombuffer(memoryview(buffer), dtype=np.intp)


def _keys(values: npt.NDArray[Any]) -> npt.NDArray[Any] | None:
    """Integers equal where the values are the same, read without a Python call per element.

    Numbers compare by their bits, one- and two-letter text by its code points, objects (as pandas
    gives text columns: "l", "h", None, NaN) by address: CPython shares one object per one-letter
    string and per None, so such a column holds few distinct objects. None for wider text.
    """
    kind, size = values.dtype.kind, values.dtype.itemsize
    if kind in "iub":
        return values
    if kind == "f" and size in (4, 8):
        return values.view(f"i{size}")
    if kind == "U" and size in (4, 8):
        return values.view(f"u{size}")
    if kind == "O":
        return _object_addresses(values)
    return None


def _code_of(raw: object, codes: Mapping[str, int]) -> int | None:
    """One value's code (0 = missing) by the spelling rules of text columns; None if unknown."""
    text = str(raw).strip().lower()
    if text.endswith(".0"):  # numeric codes that passed through a float column
        text = text[:-2]
    if text in codes:
        return codes[text]
    return 0 if text in _MISSING_TEXT else None


def _distinct_codes(values: npt.NDArray[Any], codes: Mapping[str, int]) -> Int8Array | None:
    """Fast path: look each distinct value up once and spread its code with one comparison.

    A code column holds a handful of distinct values, so this is a few numpy passes whatever the
    column's type. Returns None (the careful path then names the bad value and its position) when
    a value is unknown, the column holds too many distinct values, or its type has no cheap key.
    """
    if values.size == 0:
        return np.zeros(0, dtype=np.int8)
    values = np.ascontiguousarray(values)
    keys = _keys(values)
    if keys is None:
        return None
    result = np.zeros(values.size, dtype=np.int8)
    pending = np.ones(values.size, dtype=np.bool_)
    for _ in range(_DISTINCT_MAX):
        first = int(np.argmax(pending))
        if not pending[first]:
            return result
        code = _code_of(values[first], codes)
        if code is None:
            return None
        same = keys == keys[first]
        if code:  # masks of distinct values never overlap: adding is assigning, and branch-free
            result += same.view(np.int8) * np.int8(code)
        pending ^= same  # every element equal to a value first seen now is still pending
    return result if not pending.any() else None


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
            raise GrowthInputError(f"{name}: unknown value {str(raw)!r} at position {position}")
    return mapped[inverse.reshape(-1)]


def as_codes(name: str, values: ArrayLike, n: int, codes: Mapping[str, int]) -> Int8Array:
    """Small integer codes (0 = missing) from numbers or text in any of the accepted spellings."""
    if values is None:
        return np.zeros(n, dtype=np.int8)
    array = np.asarray(values)
    if array.ndim == 0:
        array = np.full(n, array.item(), dtype=array.dtype if array.dtype != object else object)
    fast = _distinct_codes(array, codes)
    if fast is not None:
        return fast
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
