"""Code columns in every type callers pass give the same codes, numpy or Python objects."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tumbuh.growth import GrowthInputError, zscores
from tumbuh.growth.inputs import (
    MEASURE_LYING,
    MEASURE_MISSING,
    MEASURE_STANDING,
    SEX_FEMALE,
    SEX_MALE,
    as_measure,
    as_sex,
)

WRITTEN = ["l", "h", None, "", float("nan"), "L", "H", " h ", "l"]
EXPECTED = [
    MEASURE_LYING,
    MEASURE_STANDING,
    MEASURE_MISSING,
    MEASURE_MISSING,
    MEASURE_MISSING,
    MEASURE_LYING,
    MEASURE_STANDING,
    MEASURE_STANDING,
    MEASURE_LYING,
]


def test_an_object_column_as_pandas_gives_it_reads_every_spelling_and_blank() -> None:
    column = np.array(WRITTEN, dtype=object)
    assert as_measure(column, column.size).tolist() == EXPECTED


def test_a_list_of_python_values_reads_the_same_as_its_object_array() -> None:
    assert as_measure(WRITTEN, len(WRITTEN)).tolist() == EXPECTED


def test_strings_that_are_distinct_objects_are_read_by_value_not_identity() -> None:
    built = ["".join(["h"]) + "" for _ in range(3)] + [str("l".upper())]  # new objects
    column = np.array(built, dtype=object)
    assert as_measure(column, column.size).tolist() == [MEASURE_STANDING] * 3 + [MEASURE_LYING]


def test_sex_as_python_ints_floats_and_letters_in_one_object_column() -> None:
    column = np.array([1, 2.0, "m", "F", None, math.nan], dtype=object)
    codes = as_sex(column, column.size).tolist()
    assert codes == [SEX_MALE, SEX_FEMALE, SEX_MALE, SEX_FEMALE, 0, 0]


def test_numeric_and_narrow_text_columns_take_the_same_codes() -> None:
    assert as_sex(np.array([1, 2, 2]), 3).tolist() == [1, 2, 2]
    assert as_sex(np.array([1.0, np.nan, 2.0]), 3).tolist() == [1, 0, 2]
    assert as_sex(np.array([1, 2], dtype=np.int8), 2).tolist() == [1, 2]
    assert as_measure(np.array(["l", "h", ""]), 3).tolist() == [1, 2, 0]
    with pytest.raises(GrowthInputError, match="'lh' at position 0"):
        as_measure(np.array(["lh", "h"]), 2)


@pytest.mark.parametrize(
    ("column", "message"),
    [
        (np.array(["l", "x"], dtype=object), r"measure: unknown value 'x' at position 1"),
        (np.array(["l", "lying"]), r"measure: unknown value 'lying' at position 1"),
        (np.array(["l", 3], dtype=object), r"measure: unknown value .3. at position 1"),
    ],
)
def test_an_unknown_code_in_any_column_type_is_named_with_its_position(
    column: np.ndarray, message: str
) -> None:
    with pytest.raises(GrowthInputError, match=message):
        as_measure(column, column.size)


def test_a_column_of_many_distinct_objects_still_reads_right() -> None:
    spaced = ["".join(["h", " "]) for _ in range(100)]  # 100 objects, one value: "h "
    column = np.array(["l", *spaced], dtype=object)
    assert len({id(v) for v in column}) == 101
    assert as_measure(column, column.size).tolist() == [1] + [2] * 100


def test_zscores_are_the_same_whatever_the_column_types() -> None:
    rng = np.random.default_rng(7)
    n = 500
    sex = rng.integers(1, 3, n)
    age = rng.integers(0, 1826, n).astype(float)
    weight = np.round(rng.normal(10, 2, n), 1)
    lenhei = np.round(rng.normal(80, 10, n), 1)
    measure = np.where(age < 731, "l", "h")
    as_arrays = zscores(sex=sex, age=age, weight=weight, lenhei=lenhei, measure=measure)
    as_objects = zscores(
        sex=sex.astype(object),
        age=age,
        weight=weight,
        lenhei=lenhei,
        measure=measure.astype(object),
    )
    for name, values in as_arrays.items():
        np.testing.assert_array_equal(values, as_objects[name], err_msg=name)
