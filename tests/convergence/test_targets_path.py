"""Targets by year on the national path."""

from __future__ import annotations

import pytest

from tumbuh.convergence.targets_path import progress, target_for


@pytest.mark.parametrize(
    ("year", "target"), [(2024, 18.8), (2025, 18.8), (2026, 17.65), (2027, 16.5), (2029, 14.2)]
)
def test_the_national_path_runs_straight_from_18_8_to_14_2(year: int, target: float) -> None:
    assert target_for(year) == target


def test_progress_reports_the_gap_and_whether_the_target_was_met() -> None:
    rows = progress({2025: 19.5, 2026: 17.0}, years=range(2025, 2028))
    assert [(r.met, r.gap_points) for r in rows] == [(False, 0.7), (True, -0.65), (None, None)]
    assert rows[0].baseline == 19.5


def test_a_region_may_set_its_own_path() -> None:
    assert target_for(2026, {2025: 12.0, 2027: 8.0}) == 10.0
