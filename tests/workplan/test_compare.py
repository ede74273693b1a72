"""Routine, campaign and survey figures side by side, and why they disagree."""

from __future__ import annotations

from tumbuh.workplan.compare import (
    COVERAGE_REPRESENTATIVE,
    Measured,
    Survey,
    compare,
)


def _codes(rows: list, year: int) -> list[str]:  # type: ignore[type-arg]
    return [f.code for row in rows if row.year == year for f in row.findings]


def test_low_routine_coverage_explains_a_routine_figure_far_below_the_survey() -> None:
    # Bitung-like: half the children measured, routine far below the survey.
    rows = compare(
        years=range(2024, 2025),
        surveys={2024: Survey(21.0, "SSGI")},
        own={},
        routine={2024: Measured(3.0, coverage=49.7)},
        campaigns={},
    )
    assert "routine_low_coverage" in _codes(rows, 2024)
    finding = next(f for f in rows[0].findings if f.code == "routine_low_coverage")
    assert finding.params["points"] == 18.0
    assert finding.params["threshold"] == COVERAGE_REPRESENTATIVE


def test_full_coverage_and_a_remaining_difference_point_at_technique() -> None:
    # Bontang-like: door-to-door weighing of 99.9 % gave 12 % against SKI 27.4 %.
    rows = compare(
        years=range(2023, 2024),
        surveys={2023: Survey(27.4, "SKI")},
        own={},
        routine={},
        campaigns={2023: Measured(12.0, coverage=99.9, low=11.0, high=13.0)},
    )
    assert _codes(rows, 2023)[0] == "campaign_technique"


def test_a_figure_inside_the_survey_ci_agrees_with_it() -> None:
    rows = compare(
        years=range(2022, 2023),
        surveys={2022: Survey(21.0, "SSGI", low=17.0, high=25.0)},
        own={},
        routine={2022: Measured(17.5, coverage=90.0)},
        campaigns={},
    )
    assert "routine_agrees" in _codes(rows, 2022)


def test_the_regions_own_target_binds_before_the_national_path() -> None:
    rows = compare(
        years=range(2026, 2027),
        surveys={2026: Survey(17.0, "SSGI")},
        own={2026: {"RPJMD": 16.5, "RKPD": 16.0}},
        routine={},
        campaigns={},
    )
    row = rows[0]
    assert row.national == 17.65
    assert row.target == 16.0
    above = next(f for f in row.findings if f.code == "above_target")
    assert above.params["points"] == 1.0


def test_years_before_the_rpjmn_have_no_national_target_and_no_target_finding() -> None:
    rows = compare(
        years=range(2021, 2023),
        surveys={2021: Survey(26.3, "SSGI"), 2022: Survey(21.0, "SSGI")},
        own={},
        routine={},
        campaigns={},
    )
    assert [r.national for r in rows] == [None, None]
    assert _codes(rows, 2021) == []


def test_without_a_survey_low_coverage_alone_is_said() -> None:
    rows = compare(
        years=range(2026, 2027),
        surveys={},
        own={},
        routine={2026: Measured(8.0, coverage=40.0)},
        campaigns={},
    )
    assert _codes(rows, 2026) == ["routine_not_representative"]


def test_a_year_without_a_survey_is_read_against_the_latest_one_before_it() -> None:
    rows = compare(
        years=range(2025, 2027),
        surveys={2025: Survey(23.5, "SSGI", low=19.8, high=27.6)},
        own={},
        routine={2026: Measured(12.0, coverage=45.0)},
        campaigns={},
    )
    finding = rows[1].findings[0]
    assert finding.code == "routine_low_coverage"
    assert finding.params["source"] == "SSGI 2025"
    assert rows[1].survey is None
