"""SMART grades of every area and month from plain arrays: the survey engine's grade of each
child's latest measurement."""

from __future__ import annotations

from datetime import date

import numpy as np

from tumbuh.facts.grades import GradeInputs, area_grades
from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.survey.quality import Measurements, quality_table, reasons_text

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)
END = date(2026, 4, 30)
#: posyandu 1 and 2 in one kelurahan, 3 in another of the same kecamatan
KELURAHAN = {1: "71.72.01.1001", 2: "71.72.01.1001", 3: "71.72.01.1002"}


def _inputs(rows: list[tuple[int, date, int]], seed: int = 7) -> GradeInputs:
    """Measurements (child, day, posyandu) with random plausible values."""
    rng = np.random.default_rng(seed)
    n = len(rows)
    child = np.array([r[0] for r in rows], dtype=np.int64)
    return GradeInputs(
        child=child,
        day=np.array([r[1].toordinal() for r in rows], dtype=np.int64),
        posyandu=np.array([r[2] for r in rows], dtype=np.int64),
        sex=(child % 2 + 1).astype(np.int8),
        age_days=rng.uniform(200, 1800, n),
        weight=np.round(rng.uniform(6, 18, n), 1),
        lenhei=np.round(rng.uniform(60, 110, n), 1),
        whz=rng.normal(-0.4, 1.3, n),
    )


def _survey_grades(inputs: GradeInputs, end: date) -> dict[str, tuple[str, int, str]]:
    """The survey engine's grade of each area (posyandu and regions), from each child's latest
    measurement up to ``end`` picked one by one."""
    latest: dict[int, int] = {}
    for i in np.argsort(inputs.day, kind="stable"):
        if 0 < end.toordinal() - inputs.day[i] + 1 <= 365:
            latest[int(inputs.child[i])] = int(i)
    rows = np.array(sorted(latest.values()), dtype=np.intp)
    kelurahan = np.array([KELURAHAN[int(p)] for p in inputs.posyandu[rows]], dtype=object)
    scores = {"zwfl": inputs.whz[rows], "fwfl": np.zeros(rows.size)}
    measurements = Measurements(
        scores
        | {name: np.full(rows.size, np.nan) for name in ("zlen", "zwei", "zbmi")}
        | {name: np.full(rows.size, np.nan) for name in ("flen", "fwei", "fbmi")},
        inputs.sex[rows],
        inputs.age_days[rows] / DAYS_PER_MONTH,
        inputs.weight[rows],
        inputs.lenhei[rows],
        np.zeros(rows.size, dtype=np.int8),
    )
    by = {
        "posyandu": np.array([f"p{p}" for p in inputs.posyandu[rows]], dtype=object),
        "kelurahan": kelurahan,
        "kecamatan": np.array([k[:8] for k in kelurahan], dtype=object),
    }
    table = quality_table(measurements, by=by)
    return {
        record["Group"].split(": ")[1]: (
            record["smart_grade"],
            record["smart_score"],
            record["smart_reasons"] or "",
        )
        for record in table.iter_rows(named=True)
        if record["Group"] != "All"
    }


def test_every_area_gets_the_survey_engines_grade_of_its_childrens_latest_measurement() -> None:
    rows = [(c, date(2026, 3, 1 + c % 28), 1 + c % 3) for c in range(150)]
    rows += [(c, date(2026, 4, 2 + c % 20), 1 + (c + 1) % 3) for c in range(0, 150, 2)]
    inputs = _inputs(rows)
    grades = area_grades(inputs, kelurahan_of=KELURAHAN, starts=[MARCH, APRIL], today=END)
    for month in (MARCH, APRIL):
        expected = _survey_grades(inputs, END if month == APRIL else date(2026, 3, 31))
        got = {
            g.area: (g.grade, g.score, reasons_text(g.reasons, language="id"))
            for g in grades
            if g.month == month and g.area != "71.72"
        }
        assert got == expected
    assert {g.area for g in grades} == {"p1", "p2", "p3", *KELURAHAN.values(), "71.72.01", "71.72"}


def test_an_area_of_fewer_than_thirty_children_has_no_grade() -> None:
    inputs = _inputs([(c, date(2026, 3, 10), 1 if c < 29 else 3) for c in range(60)])
    grades = {
        g.area: g for g in area_grades(inputs, kelurahan_of=KELURAHAN, starts=[MARCH], today=END)
    }
    assert (grades["p1"].children, grades["p1"].grade, grades["p1"].score) == (29, "", None)
    assert grades["p3"].children == 31
    assert grades["p3"].grade != ""
    assert grades["71.72.01"].children == 60


def test_a_measurement_elsewhere_or_older_than_a_year_takes_a_child_out_of_an_area() -> None:
    rows = [(c, date(2026, 3, 10), 1) for c in range(40)]
    rows += [(c, date(2026, 3, 20), 99) for c in range(10)]  # a posyandu not asked for
    rows += [(100 + c, date(2025, 3, 31), 1) for c in range(5)]  # a year and a day before
    grades = {
        g.area: g
        for g in area_grades(_inputs(rows), kelurahan_of=KELURAHAN, starts=[MARCH], today=END)
    }
    assert grades["p1"].children == 30
    assert grades["71.72"].children == 30
