"""Data-quality indicators against small hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from tumbuh.survey.quality import Measurements, quality_table


def _measurements() -> Measurements:
    n = 4
    nan = np.nan
    scores = {name: np.zeros(n) for name in ("zlen", "zwei", "zwfl", "zbmi")}
    scores |= {"f" + k[1:]: np.zeros(n) for k in list(scores)}
    scores["zlen"] = np.array([-1.0, 0.0, 1.0, 7.0])
    scores["flen"] = np.array([0.0, 0.0, 0.0, 1.0])
    return Measurements(
        scores=scores,
        sex=np.array([1, 1, 2, 0], dtype=np.int8),
        age_months=np.array([6.0, 13.5, 30.0, nan]),
        weight=np.array([7.0, 9.5, 12.0, nan]),
        lenhei=np.array([65.1, 75.0, 90.2, 88.0]),
        measure=np.array([2, 1, 1, 0], dtype=np.int8),
    )


def test_it_counts_completeness_sex_ratio_flags_and_position_mismatch() -> None:
    row = quality_table(_measurements()).row(0, named=True)
    assert row["children"] == 4
    assert row["complete_sex_percent"] == 75.0
    assert row["complete_weight_percent"] == 75.0
    assert row["boys_per_100_girls"] == 200.0
    assert row["haz_flagged_percent"] == 25.0
    assert row["haz_sd"] == pytest.approx(1.0)  # -1, 0, 1 once the flagged 7 is left out
    assert row["standing_under_24m_percent"] == 50.0  # one of two under 24 months stood
    assert row["lying_from_24m_percent"] == 100.0
    assert row["age_heaping_index"] == pytest.approx(400.0)  # 2 of 3 at multiples of 6: 4x


def test_it_reports_every_group_of_a_grouping_column() -> None:
    table = quality_table(
        _measurements(), by={"posyandu": np.array(["A", "A", "B", "B"], dtype=object)}
    )
    assert table["Group"].to_list() == ["All", "posyandu: A", "posyandu: B"]
    assert table["children"].to_list() == [4, 2, 2]


def test_coverage_against_a_target_population() -> None:
    table = quality_table(_measurements(), targets={"All": 8})
    assert table["coverage_percent"][0] == 50.0
