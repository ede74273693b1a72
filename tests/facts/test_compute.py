"""Monthly figures per posyandu from plain arrays: the counts a dashboard sums."""

from __future__ import annotations

from datetime import date

import numpy as np

from tumbuh.facts.compute import MeasurementArrays, RegisteredArrays, area_months, month_starts

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


def _measurements(rows: list[tuple[int, date, int, float, str]]) -> MeasurementArrays:
    """(child, day, posyandu, zlen, gain) rows; zwei and zwfl are 0."""
    n = len(rows)
    return MeasurementArrays(
        child=np.array([r[0] for r in rows], dtype=np.int64),
        day=np.array([r[1].toordinal() for r in rows], dtype=np.int64),
        posyandu=np.array([r[2] for r in rows], dtype=np.int64),
        zlen=np.array([r[3] for r in rows], dtype=np.float64),
        zwei=np.zeros(n),
        zwfl=np.zeros(n),
        gain=np.array([r[4] for r in rows]),
    )


def _registered(rows: list[tuple[int, date]]) -> RegisteredArrays:
    return RegisteredArrays(
        posyandu=np.array([p for p, _b in rows], dtype=np.int64),
        birth_day=np.array([b.toordinal() for _p, b in rows], dtype=np.int64),
    )


def test_each_child_counts_once_a_month_at_the_posyandu_of_its_latest_measurement() -> None:
    measurements = _measurements(
        [
            (1, date(2026, 3, 5), 10, -2.5, "B"),
            (1, date(2026, 4, 5), 20, -1.0, "N"),  # moved to posyandu 20 in April
            (2, date(2026, 3, 6), 10, -1.0, "B"),
            (2, date(2026, 3, 20), 10, -1.1, "T"),  # twice in March: SKDN counts the last
        ]
    )
    registered = _registered(
        [(10, date(2025, 1, 1)), (10, date(2025, 2, 1)), (20, date(2022, 1, 1))]
    )
    counts = area_months(
        measurements, registered, posyandu=[10, 20], starts=[MARCH, APRIL], today=date(2026, 4, 30)
    )
    assert counts["registered"].tolist() == [[2, 2], [1, 1]]
    assert counts["weighed"].tolist() == [[2, 0], [0, 1]]
    assert counts["tidak_naik"].tolist() == [[1, 0], [0, 0]]
    assert counts["new"].tolist() == [[1, 0], [0, 0]]
    assert counts["naik"].tolist() == [[0, 0], [0, 1]]
    assert counts["latest"].tolist() == [[2, 1], [0, 1]]
    assert counts["stunted"].tolist() == [[1, 0], [0, 0]]  # child 1 is no longer stunted in April
    assert counts["month_len"].tolist() == [[3, 0], [0, 1]]  # the trend counts every measurement


def test_a_measurement_older_than_a_year_no_longer_counts_as_the_latest() -> None:
    measurements = _measurements([(1, date(2025, 3, 15), 10, -3.0, "B")])
    starts = month_starts(date(2026, 2, 1), date(2026, 4, 1))
    counts = area_months(
        measurements, _registered([]), posyandu=[10], starts=starts, today=date(2026, 4, 30)
    )
    # 15 March 2025 is within the year before 28 February 2026, not before 31 March 2026
    assert counts["latest"].tolist() == [[1, 0, 0]]
    assert counts["stunted"].tolist() == [[1, 0, 0]]


def test_a_running_month_is_taken_to_today_and_a_child_turning_five_leaves_the_register() -> None:
    measurements = _measurements([(1, date(2026, 4, 20), 10, 0.0, "B")])
    registered = _registered([(10, date(2021, 4, 10))])  # five years old on 10 April 2026
    counts = area_months(
        measurements, registered, posyandu=[10], starts=[MARCH, APRIL], today=date(2026, 4, 12)
    )
    assert counts["weighed"].tolist() == [[0, 0]]  # the 20th is after today
    assert counts["registered"].tolist() == [[1, 0]]


def test_posyandu_not_asked_for_are_left_out() -> None:
    measurements = _measurements([(1, date(2026, 3, 5), 99, -3.0, "B")])
    counts = area_months(measurements, _registered([]), posyandu=[10], starts=[MARCH], today=APRIL)
    assert all(matrix.sum() == 0 for matrix in counts.values())
