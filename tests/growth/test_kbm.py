"""Gain status by the KBM rule (Buku KIA / KMS): N/T/O/B for every age of the table."""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date
from importlib.resources import files

import numpy as np
import pytest

from tumbuh.growth.kbm import (
    GainStatus,
    completed_months,
    gain_statuses,
    is_two_t,
    kbm_grams,
    kbm_table,
)
from tumbuh.growth.rules import DAYS_PER_MONTH

#: The table as the project's domain notes print it (DOMAIN.md §9), independent of the file.
PRINTED = {1: 800, 2: 900, 3: 800, 4: 600, 5: 500, 6: 400, 7: 400, 8: 300, 9: 300, 10: 300}
PRINTED |= dict.fromkeys(range(11, 61), 200)
LAST_MONTH, THIS_MONTH = date(2026, 2, 10), date(2026, 3, 10)


def _kbm(months: int) -> int:
    return PRINTED[max(months, 1)]  # before one completed month: the 1-month row


def _first_day_of(months: int) -> int:
    return math.ceil(months * DAYS_PER_MONTH)


def _two_weighings(months: int, gain_g: int) -> list[str]:
    age = _first_day_of(months)
    statuses = gain_statuses(
        child=[7, 7],
        measured_on=[LAST_MONTH, THIS_MONTH],
        weight_kg=[8.0, 8.0 + gain_g / 1000],
        age_days=[max(age - 28, 0), age],
    )
    return [str(s) for s in statuses]


def test_the_bundled_table_is_the_printed_table() -> None:
    assert kbm_table().tolist() == [_kbm(month) for month in range(61)]


def test_the_bundled_table_matches_the_checksum_in_its_source_note() -> None:
    data = files("tumbuh.growth").joinpath("data")
    digest = re.search(r"^([0-9a-f]{64})  kbm\.csv$", data.joinpath("SOURCE.md").read_text(), re.M)
    assert digest is not None
    assert hashlib.sha256(data.joinpath("kbm.csv").read_bytes()).hexdigest() == digest.group(1)


@pytest.mark.parametrize("months", range(61))
def test_a_gain_equal_to_the_kbm_is_n(months: int) -> None:
    assert _two_weighings(months, _kbm(months)) == ["B", "N"]


@pytest.mark.parametrize("months", range(61))
def test_a_gain_one_gram_below_the_kbm_is_t(months: int) -> None:
    assert _two_weighings(months, _kbm(months) - 1) == ["B", "T"]


@pytest.mark.parametrize("months", range(61))
def test_the_age_is_in_completed_months_at_the_current_weighing(months: int) -> None:
    age = _first_day_of(months)
    assert completed_months([max(age - 1, 0), age]).tolist() == [max(months - 1, 0), months]
    assert kbm_grams([age]).tolist() == [_kbm(months)]


def test_a_loss_is_t_and_ages_beyond_the_table_take_its_last_row() -> None:
    assert _two_weighings(3, -100) == ["B", "T"]
    assert kbm_grams([_first_day_of(72)]).tolist() == [200]


def test_a_child_not_weighed_last_month_is_o_whatever_the_gain() -> None:
    statuses = gain_statuses(
        child=[1, 1],
        measured_on=[date(2026, 1, 10), THIS_MONTH],
        weight_kg=[8.0, 9.5],
        age_days=[300, 359],
    )
    assert statuses.tolist() == ["B", "O"]


def test_calendar_months_count_not_days_between_weighings() -> None:
    statuses = gain_statuses(
        child=[1, 1, 2, 2],
        measured_on=[date(2026, 1, 31), date(2026, 2, 1), date(2026, 1, 1), date(2026, 2, 28)],
        weight_kg=[8.0, 8.2, 8.0, 8.2],
        age_days=[400, 401, 400, 458],
    )
    assert statuses.tolist() == ["B", "N", "B", "N"]


def test_the_gain_is_measured_from_the_last_weighing_of_the_previous_month() -> None:
    statuses = gain_statuses(
        child=[1, 1, 1, 1],
        measured_on=[date(2026, 2, 1), date(2026, 2, 25), date(2026, 3, 5), date(2026, 3, 20)],
        weight_kg=[8.0, 8.5, 8.7, 8.75],
        age_days=[400, 424, 432, 447],
    )
    # February 25 has no weighing in January (O); both March weighings are compared with
    # February 25: +200 g and +250 g (N), not +50 g from March 5
    assert statuses.tolist() == ["B", "O", "N", "N"]


def test_the_first_weighing_is_b_even_after_a_visit_without_weight() -> None:
    statuses = gain_statuses(
        child=[1, 1, 1],
        measured_on=[date(2026, 1, 10), LAST_MONTH, THIS_MONTH],
        weight_kg=[np.nan, 8.0, 8.0],
        age_days=[300, 331, 359],
    )
    assert statuses.tolist() == ["O", "B", "T"]


def test_a_visit_without_weight_is_never_the_reference() -> None:
    statuses = gain_statuses(
        child=[1, 1, 1],
        measured_on=[date(2026, 1, 10), LAST_MONTH, THIS_MONTH],
        weight_kg=[8.0, np.nan, 9.0],
        age_days=[300, 331, 359],
    )
    assert statuses.tolist() == ["B", "O", "O"]


def test_each_child_is_judged_on_its_own_visits_in_any_input_order() -> None:
    statuses = gain_statuses(
        child=[2, 1, 2, 1],
        measured_on=[THIS_MONTH, THIS_MONTH, LAST_MONTH, LAST_MONTH],
        weight_kg=[8.0, 8.3, 8.0, 8.0],
        age_days=[400, 400, 372, 372],
    )
    assert statuses.tolist() == ["T", "N", "B", "B"]


def test_no_visits_give_no_statuses() -> None:
    assert gain_statuses(child=[], measured_on=[], weight_kg=[], age_days=[]).size == 0


def test_two_t_is_t_at_this_weighing_and_the_one_before() -> None:
    assert is_two_t(GainStatus.TIDAK_NAIK, "T")
    assert not is_two_t("T", "N")
    assert not is_two_t("T", "O")
    assert not is_two_t("N", "T")
    assert not is_two_t("T", None)
