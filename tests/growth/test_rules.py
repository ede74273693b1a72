"""WHO's named rules, one test each."""

from __future__ import annotations

import numpy as np
import pytest

from tumbuh.growth import GrowthInputError, zscores
from tumbuh.growth.age2006 import age_key_days, round_half_up
from tumbuh.growth.lms import z_plain
from tumbuh.growth.rounding import round_r
from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.growth.tables import LmsTable, Table, load


def one(**kwargs: object) -> dict[str, float]:
    out = zscores(
        **{k: [v] for k, v in kwargs.items() if k != "age_in_months"},
        age_in_months=bool(kwargs.get("age_in_months", False)),
    )  # type: ignore[arg-type]
    return {name: float(values[0]) for name, values in out.items()}


def test_a_month_is_30_4375_days() -> None:
    assert DAYS_PER_MONTH == 30.4375


@pytest.mark.parametrize(("days", "key"), [(730.5, 731), (730.49, 730), (0.5, 1), (0.0, 0)])
def test_age_in_days_is_rounded_half_up(days: float, key: int) -> None:
    assert round_half_up(np.array([days]))[0] == key
    assert age_key_days(np.array([days]))[0] == key


def test_unknown_age_has_no_table_key() -> None:
    assert age_key_days(np.array([np.nan]))[0] == -1


def test_standing_height_below_731_days_gets_0_7_cm_added() -> None:
    assert one(sex=1, age=700, weight=10, lenhei=80, measure="h")["clenhei"] == pytest.approx(80.7)


def test_lying_length_from_731_days_gets_0_7_cm_taken_off() -> None:
    assert one(sex=1, age=731, weight=10, lenhei=80, measure="l")["clenhei"] == pytest.approx(79.3)


def test_the_adjustment_uses_the_rounded_age() -> None:
    assert one(sex=1, age=730.5, weight=10, lenhei=80, measure="l")["clenhei"] == pytest.approx(
        79.3
    )


def test_standing_before_9_months_is_flagged_and_not_adjusted() -> None:
    out = one(sex=2, age=8.9, age_in_months=True, weight=8, lenhei=70, measure="h")
    assert out["c9mo_flag"] == 1
    assert out["clenhei"] == 70


def test_no_2006_z_score_from_60_months() -> None:
    out = one(sex=1, age=60.0, age_in_months=True, weight=18, lenhei=110, measure="h")
    assert np.isnan(out["zlen"])
    assert np.isnan(out["zwei"])
    assert np.isnan(out["zwfl"])
    assert not np.isnan(out["zhfa"])
    assert not np.isnan(one(sex=1, age=59.99, age_in_months=True, weight=18, lenhei=110)["zlen"])


def test_1826_days_is_still_under_60_months_and_1827_is_not() -> None:
    assert not np.isnan(one(sex=1, age=1826, weight=18, lenhei=110)["zwei"])
    assert np.isnan(one(sex=1, age=1827, weight=18, lenhei=110)["zwei"])


def test_oedema_removes_weight_based_z_scores_and_their_flags() -> None:
    out = one(sex=1, age=400, weight=9, lenhei=75, oedema="y")
    for name in ("zwei", "fwei", "zwfl", "fwfl", "zbmi", "fbmi"):
        assert np.isnan(out[name]), name
    assert not np.isnan(out["zlen"])


def test_weight_for_length_without_age_uses_the_measure() -> None:
    lying = one(sex=1, age=np.nan, weight=12, lenhei=90, measure="l")
    standing = one(sex=1, age=np.nan, weight=12, lenhei=90, measure="h")
    assert lying["zwfl"] != standing["zwfl"]
    assert np.isnan(lying["zlen"])


def test_weight_for_length_copies_who_float_key_arithmetic() -> None:
    # 103.1 - 0.7 is 102.39999999999999 in float64; WHO lands on the 102.5 row (RULES.md).
    out = one(sex=1, age=800, weight=15.5, lenhei=103.1, measure="l")
    assert out["clenhei"] == 103.1 - 0.7
    table = load(Table.WEIGHT_FOR_HEIGHT)
    row_102_5, row_102_4 = np.array([1025 - 650]), np.array([1024 - 650])
    on_102_5 = round_r(z_plain(np.array([15.5]), *_lms(table, row_102_5)))[0]
    on_102_4 = round_r(z_plain(np.array([15.5]), *_lms(table, row_102_4)))[0]
    assert on_102_5 != on_102_4
    assert out["zwfl"] == on_102_5


def _lms(table: LmsTable, i: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return table.l[i], table.m[i], table.s[i]


@pytest.mark.parametrize(
    ("lenhei", "scored"), [(44.9, False), (45.0, True), (110.0, True), (110.1, False)]
)
def test_weight_for_length_range_is_45_to_110_cm(lenhei: float, scored: bool) -> None:
    out = one(sex=2, age=100, weight=lenhei / 10, lenhei=lenhei, measure="l")
    assert np.isnan(out["zwfl"]) != scored


def test_a_measurement_of_zero_is_missing() -> None:
    assert np.isnan(one(sex=1, age=300, weight=0, lenhei=70)["zwei"])


def test_arm_circumference_needs_91_days() -> None:
    assert np.isnan(one(sex=1, age=90, weight=5, lenhei=58, armc=11)["zac"])
    assert not np.isnan(one(sex=1, age=91, weight=5, lenhei=58, armc=11)["zac"])


@pytest.mark.parametrize("sex", ["x", "3", 0, "laki"])
def test_an_unknown_sex_code_is_refused_with_its_position(sex: object) -> None:
    with pytest.raises(GrowthInputError, match=r"sex: unknown value .* at position 1"):
        zscores(sex=[1, sex], age=[100, 100], weight=[5, 5], lenhei=[60, 60])


def test_a_negative_age_is_refused() -> None:
    with pytest.raises(GrowthInputError, match="age: negative"):
        zscores(sex=[1], age=[-1], weight=[5], lenhei=[60])


def test_inputs_of_different_lengths_are_refused() -> None:
    with pytest.raises(GrowthInputError, match="different lengths"):
        zscores(sex=[1, 2], age=[100, 200, 300], weight=[5, 6], lenhei=[60, 61])


def test_sex_accepts_who_spellings_and_missing_gives_no_score() -> None:
    out = zscores(sex=["M", "f", "1", None], age=[300] * 4, weight=[8] * 4, lenhei=[70] * 4)
    assert out["zwei"][0] == out["zwei"][2]
    assert not np.isnan(out["zwei"][1])
    assert np.isnan(out["zwei"][3])


def test_every_record_of_a_large_batch_is_scored_in_order() -> None:
    n = 300_000  # more than one chunk, so the thread pool is used
    ages = np.tile([100.0, 500.0, 1500.0], n // 3)
    out = zscores(sex=np.ones(n), age=ages, weight=np.full(n, 10.0), lenhei=np.full(n, 80.0))
    assert out["zwei"].shape == (n,)
    assert np.array_equal(out["zwei"][:3], out["zwei"][-3:])
