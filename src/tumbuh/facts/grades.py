"""The SMART data-quality grade of every area in a month, from plain arrays (no Django).

SMART flags a child's WHZ against the observed mean of the area, so a grade cannot be summed
from counts: it is computed from each child's latest measurement up to the month's end within a
year (``LATEST_WITHIN_DAYS``), counted at the posyandu where it was taken, the rule of the
monthly figures. Areas are posyandu (``p<id>``) and the kelurahan, kecamatan and kab/kota their
kelurahan code lies in (its first 13, 8 and 5 characters).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

from tumbuh.facts.compute import child_day_keys, latest_within_year, month_end
from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.survey.smart import smart_check

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Fewer children than this in an area: no grade (SMART is meant for samples).
MIN_CHILDREN_FOR_GRADE: Final = 30
#: Lengths of the region codes graded: kab/kota, kecamatan, kelurahan.
CODE_WIDTHS: Final = (5, 8, 13)


@dataclass(frozen=True)
class GradeInputs:
    """Measurements, one entry each: whose, when, where, and what SMART looks at."""

    child: IntArray
    day: IntArray  # proleptic Gregorian ordinal
    posyandu: IntArray
    sex: npt.NDArray[np.int8]
    age_days: FloatArray
    weight: FloatArray
    lenhei: FloatArray
    whz: FloatArray  # NaN where missing or flagged by WHO


@dataclass(frozen=True)
class AreaGrade:
    area: str  # a region code, or "p<posyandu id>"
    month: date
    children: int
    grade: str  # excellent / good / acceptable / problematic; "" for too few children
    score: int | None
    reasons: tuple[str, ...]  # names of the SMART criteria that cost points


def posyandu_area(posyandu_id: int) -> str:
    """The area key of a posyandu."""
    return f"p{posyandu_id}"


def _grade(inputs: GradeInputs, rows: IntArray, area: str, month: date) -> AreaGrade:
    if rows.size < MIN_CHILDREN_FOR_GRADE:
        return AreaGrade(area, month, int(rows.size), "", None, ())
    result = smart_check(
        whz=inputs.whz[rows],
        sex=inputs.sex[rows],
        age_months=inputs.age_days[rows] / DAYS_PER_MONTH,
        weight=inputs.weight[rows],
        height=inputs.lenhei[rows],
    )
    reasons = tuple(c.name for c in result.criteria if c.points > 0)
    return AreaGrade(area, month, int(rows.size), result.grade.value, result.score, reasons)


def area_grades(
    inputs: GradeInputs,
    *,
    kelurahan_of: Mapping[int, str],
    starts: Sequence[date],
    today: date,
    only: Collection[str] | None = None,
) -> list[AreaGrade]:
    """The grade of every area with children in every month beginning on ``starts`` (a month
    taken to its end, or to ``today`` while it runs), for the posyandu of ``kelurahan_of`` (a
    measurement taken elsewhere counts nowhere) and their regions; ``only`` limits the areas."""
    places = np.array(sorted(kelurahan_of), dtype=np.int64)
    if places.size == 0 or inputs.child.size == 0:
        return []
    codes = [kelurahan_of[int(p)] for p in places]
    levels = [[posyandu_area(int(p)) for p in places]]
    levels += [[code[:width] for code in codes] for width in CODE_WIDTHS]
    grouped = [np.unique(np.array(level, dtype=object), return_inverse=True) for level in levels]
    order = np.argsort(child_day_keys(inputs.child, inputs.day), kind="stable")
    child, day = inputs.child[order], inputs.day[order]
    keys = child_day_keys(child, day)
    children = np.unique(child)
    at = np.clip(np.searchsorted(places, inputs.posyandu[order]), 0, places.size - 1)
    place = np.where(places[at] == inputs.posyandu[order], at, -1)
    result = []
    for start in starts:
        end = min(month_end(start), today).toordinal()
        last = latest_within_year(keys, child, day, children, end)
        last = last[place[last] >= 0]
        for names, code_of_place in grouped:
            group = code_of_place[place[last]]
            sort = np.argsort(group, kind="stable")
            bounds = np.searchsorted(group[sort], np.arange(len(names) + 1))
            for code, name in enumerate(names):
                if bounds[code] == bounds[code + 1] or (only is not None and name not in only):
                    continue
                rows = order[last[sort[bounds[code] : bounds[code + 1]]]]
                result.append(_grade(inputs, rows, str(name), start))
    return result
